// SPDX-License-Identifier: MIT
#include "debug/breakpoints_model.h"

#include <QBrush>
#include <QColor>
#include <QFileInfo>

#include <algorithm>

namespace lambdadesk::gui {

BreakpointsModel::BreakpointsModel(std::shared_ptr<debugger::BreakpointBook> book, QObject* parent)
    : QAbstractTableModel(parent), m_book(std::move(book))
{
    refresh();
}

void BreakpointsModel::refresh()
{
    auto specs = m_book->all();
    const bool sameRows = std::equal(specs.begin(), specs.end(), m_specs.begin(), m_specs.end(),
                                     [](const auto& a, const auto& b) { return a.id == b.id; });
    if (sameRows) {
        // Edits keep the rows (and the view's selection and editor).
        m_specs = std::move(specs);
        if (!m_specs.empty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    // Added or removed: a handful of rows at the user's pace, so a reset costs nothing worth saving.
    beginResetModel();
    m_specs = std::move(specs);
    endResetModel();
}

void BreakpointsModel::setStates(const std::vector<debugger::BreakpointState>& states)
{
    for (const auto& state : states)
        m_states.insert(state.specId, state);
    if (!m_specs.empty())
        Q_EMIT dataChanged(index(0, HitsColumn), index(rowCount() - 1, StatusColumn));
}

void BreakpointsModel::clearStates()
{
    m_states.clear();
    if (!m_specs.empty())
        Q_EMIT dataChanged(index(0, HitsColumn), index(rowCount() - 1, StatusColumn));
}

int BreakpointsModel::rowOf(int specId) const
{
    for (std::size_t row = 0; row < m_specs.size(); ++row) {
        if (m_specs[row].id == specId)
            return static_cast<int>(row);
    }
    return -1;
}

const debugger::BreakpointState* BreakpointsModel::state(int specId) const
{
    const auto found = m_states.constFind(specId);
    return found == m_states.cend() ? nullptr : &*found;
}

int BreakpointsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_specs.size());
}

int BreakpointsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BreakpointsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto& spec = m_specs[static_cast<std::size_t>(index.row())];
    const auto state = m_states.constFind(spec.id);
    const bool known = state != m_states.cend();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case LocationColumn:
            return spec.file.empty() ? QString::fromStdString(spec.function)
                                     : QStringLiteral("%1:%2")
                                           .arg(QFileInfo(QString::fromStdString(spec.file)).fileName())
                                           .arg(spec.line);
        case ConditionColumn: return QString::fromStdString(spec.condition);
        case HitCountColumn:
            // 0 and 1 both mean every hit; the editor shows the number, the table a word for it.
            if (role == Qt::EditRole)
                return std::max(spec.hitCount, 1);
            return spec.hitCount > 1 ? tr("from hit %1").arg(spec.hitCount) : tr("every hit");
        case HitsColumn: return known ? QVariant(state->hits) : QVariant();
        case StatusColumn:
            if (!known)
                return QString();
            return state->verified ? tr("verified") : tr("not resolved");
        }
        return {};
    case Qt::CheckStateRole:
        if (index.column() == LocationColumn)
            return spec.enabled ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ToolTipRole: {
        QString tip = QString::fromStdString(spec.label());
        if (known && state->verified)
            tip += QLatin1Char('\n') + tr("Resolved at %1:%2 (%n location(s))", nullptr, state->locations)
                                           .arg(QString::fromStdString(state->resolvedFile))
                                           .arg(state->resolvedLine);
        else if (known)
            tip += QLatin1Char('\n') + QString::fromStdString(state->message);
        else
            tip += QLatin1Char('\n') + tr("Not checked yet: no debugged process has loaded it");
        return tip;
    }
    case Qt::ForegroundRole:
        // An unresolved or disabled breakpoint will not stop anything: shown greyed.
        if (!spec.enabled || (known && !state->verified))
            return QBrush(QColor(0x90, 0x90, 0x90));
        return {};
    case SpecIdRole: return spec.id;
    case FileRole: return QString::fromStdString(spec.file);
    case LineRole: return spec.line;
    case VerifiedRole: return known && state->verified;
    }
    return {};
}

bool BreakpointsModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || index.row() >= rowCount())
        return false;
    auto spec = m_specs[static_cast<std::size_t>(index.row())];
    if (index.column() == LocationColumn && role == Qt::CheckStateRole) {
        spec.enabled = value.toInt() == Qt::Checked;
    } else if (index.column() == ConditionColumn && role == Qt::EditRole) {
        spec.condition = value.toString().trimmed().toStdString();
    } else if (index.column() == HitCountColumn && role == Qt::EditRole) {
        bool ok = false;
        const int hitCount = value.toInt(&ok);
        if (!ok || hitCount < 0)
            return false;
        spec.hitCount = hitCount <= 1 ? 0 : hitCount;
    } else {
        return false;
    }
    if (spec == m_specs[static_cast<std::size_t>(index.row())])
        return true;
    if (!m_book->update(spec))
        return false;  // removed meanwhile; the owner's refresh follows
    m_specs[static_cast<std::size_t>(index.row())] = spec;
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    Q_EMIT breakpointEdited(spec.id);
    return true;
}

Qt::ItemFlags BreakpointsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == LocationColumn)
        flags |= Qt::ItemIsUserCheckable;
    if (index.column() == ConditionColumn || index.column() == HitCountColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant BreakpointsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ConditionColumn: return tr("Stop only when this expression (in the function's language) is true");
        case HitCountColumn: return tr("Stop from this hit on; earlier hits run through");
        case HitsColumn: return tr("Times hit in the latest debugged process");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LocationColumn: return tr("Breakpoint");
    case ConditionColumn: return tr("Condition");
    case HitCountColumn: return tr("Stop at");
    case HitsColumn: return tr("Hits");
    case StatusColumn: return tr("Status");
    }
    return {};
}

}  // namespace lambdadesk::gui
