// SPDX-License-Identifier: MIT
#include "debug/watch_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QHash>

namespace lambdadesk::gui {

WatchModel::WatchModel(QObject* parent) : QAbstractTableModel(parent) {}

void WatchModel::addExpression(const QString& expression)
{
    const QString trimmed = expression.trimmed();
    if (trimmed.isEmpty())
        return;
    const int row = static_cast<int>(m_watches.size());
    beginInsertRows({}, row, row);
    m_watches.push_back({trimmed, {}, {}, false, false});
    endInsertRows();
    Q_EMIT expressionsChanged();
}

void WatchModel::removeExpression(int row)
{
    if (row < 0 || row >= static_cast<int>(m_watches.size()))
        return;
    beginRemoveRows({}, row, row);
    m_watches.erase(m_watches.begin() + row);
    endRemoveRows();
    Q_EMIT expressionsChanged();
}

QStringList WatchModel::expressions() const
{
    QStringList list;
    for (const auto& watch : m_watches)
        list << watch.expression;
    return list;
}

void WatchModel::setResults(const QStringList& expressions, const std::vector<debugger::EvalResult>& results)
{
    QHash<QString, const debugger::EvalResult*> byExpression;
    for (qsizetype i = 0; i < expressions.size() && i < static_cast<qsizetype>(results.size()); ++i)
        byExpression.insert(expressions[i], &results[static_cast<std::size_t>(i)]);
    for (auto& watch : m_watches) {
        const auto* result = byExpression.value(watch.expression);
        if (!result)
            continue;
        watch.value = QString::fromStdString(result->value);
        watch.type = QString::fromStdString(result->type);
        watch.failed = !result->ok;
        watch.evaluated = true;
    }
    m_stale = false;
    if (!m_watches.empty())
        Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(m_watches.size()) - 1, ColumnCount - 1));
}

void WatchModel::setStale(bool stale)
{
    if (stale == m_stale)
        return;
    m_stale = stale;
    if (!m_watches.empty())
        Q_EMIT dataChanged(index(0, ValueColumn), index(static_cast<int>(m_watches.size()) - 1, TypeColumn));
}

void WatchModel::clearValues()
{
    for (auto& watch : m_watches)
        watch = {watch.expression, {}, {}, false, false};
    if (!m_watches.empty())
        Q_EMIT dataChanged(index(0, ValueColumn), index(static_cast<int>(m_watches.size()) - 1, TypeColumn));
}

int WatchModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_watches.size()) + 1;
}

int WatchModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WatchModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    if (isPlaceholder(index.row())) {
        switch (role) {
        case Qt::DisplayRole:
            return index.column() == ExpressionColumn ? tr("Add expression…") : QVariant();
        case Qt::EditRole: return QString();
        case Qt::ForegroundRole: return QBrush(QColor(0x90, 0x90, 0x90));
        case Qt::FontRole: {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        case PlaceholderRole: return true;
        }
        return {};
    }
    const auto& watch = m_watches[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case ExpressionColumn: return watch.expression;
        case ValueColumn: return watch.value;
        case TypeColumn: return watch.type;
        }
        return {};
    case Qt::ToolTipRole:
        if (!watch.evaluated)
            return tr("Evaluated when a debugged process stops");
        return watch.value;
    case Qt::ForegroundRole:
        if (index.column() == ExpressionColumn)
            return {};
        if (m_stale)
            return QBrush(QColor(0x90, 0x90, 0x90));
        if (watch.failed)
            return QBrush(QColor(0xc0, 0x39, 0x2b));
        return {};
    case PlaceholderRole: return false;
    case FailedRole: return watch.failed;
    }
    return {};
}

bool WatchModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || index.column() != ExpressionColumn)
        return false;
    const QString expression = value.toString().trimmed();
    if (isPlaceholder(index.row())) {
        addExpression(expression);
        return !expression.isEmpty();
    }
    if (expression.isEmpty()) {
        removeExpression(index.row());
        return true;
    }
    auto& watch = m_watches[static_cast<std::size_t>(index.row())];
    if (watch.expression == expression)
        return true;
    watch = {expression, {}, {}, false, false};
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    Q_EMIT expressionsChanged();
    return true;
}

Qt::ItemFlags WatchModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == ExpressionColumn)
        flags |= Qt::ItemIsEditable;
    return flags;
}

QVariant WatchModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ExpressionColumn: return tr("Expression");
    case ValueColumn: return tr("Value");
    case TypeColumn: return tr("Type");
    }
    return {};
}

}  // namespace lambdadesk::gui
