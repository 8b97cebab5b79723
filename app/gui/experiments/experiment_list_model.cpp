// SPDX-License-Identifier: MIT
#include "experiments/experiment_list_model.h"

#include "experiments/experiment_countdown.h"

#include <QColor>
#include <QDateTime>
#include <QStringList>

#include <unordered_map>
#include <unordered_set>

namespace lambdadesk::gui {
namespace {

using faults::ExperimentStatus;

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

QString clockTime(std::chrono::system_clock::time_point time)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss"));
}

bool underWay(ExperimentStatus status)
{
    return status == ExperimentStatus::Pending || status == ExperimentStatus::Initiating ||
           status == ExperimentStatus::Running;
}

/// Whether a refresh changed anything a row shows (the countdown of a running one aside: it always moves).
bool sameState(const faults::Experiment& a, const faults::Experiment& b)
{
    if (a.status != b.status || a.reason != b.reason || a.endTime != b.endTime || a.actions.size() != b.actions.size())
        return false;
    for (std::size_t i = 0; i < a.actions.size(); ++i) {
        const auto& x = a.actions[i];
        const auto& y = b.actions[i];
        if (x.status != y.status || x.hits != y.hits || x.considered != y.considered || x.startTime != y.startTime)
            return false;
    }
    return true;
}

}  // namespace

AffectedCounts affectedCounts(const faults::Experiment& experiment)
{
    AffectedCounts counts;
    for (const auto& action : experiment.actions) {
        counts.hits += action.hits;
        counts.considered += action.considered;
    }
    return counts;
}

ExperimentListModel::ExperimentListModel(QObject* parent) : QAbstractTableModel(parent) {}

void ExperimentListModel::update(const std::vector<faults::Experiment>& experiments,
                                 std::chrono::system_clock::time_point now)
{
    m_now = now;
    std::unordered_set<std::string> incoming;
    for (const auto& experiment : experiments)
        incoming.insert(experiment.id);
    // Rows the runner no longer has leave first, so the rows below keep their meaning while updating.
    for (int row = rowCount() - 1; row >= 0; --row) {
        if (incoming.count(m_rows[static_cast<std::size_t>(row)].id) == 0) {
            beginRemoveRows({}, row, row);
            m_rows.erase(m_rows.begin() + row);
            endRemoveRows();
        }
    }
    std::unordered_map<std::string, std::size_t> rows;
    for (std::size_t row = 0; row < m_rows.size(); ++row)
        rows.emplace(m_rows[row].id, row);
    std::vector<const faults::Experiment*> added;  // oldest first, as the runner lists them
    for (const auto& experiment : experiments) {
        const auto found = rows.find(experiment.id);
        if (found == rows.end()) {
            added.push_back(&experiment);
            continue;
        }
        auto& shown = m_rows[found->second];
        const bool changed = !sameState(shown, experiment) || underWay(experiment.status);
        shown = experiment;
        if (changed) {
            const int row = static_cast<int>(found->second);
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    if (added.empty())
        return;
    beginInsertRows({}, 0, static_cast<int>(added.size()) - 1);
    std::vector<faults::Experiment> top;
    top.reserve(added.size());
    for (auto it = added.rbegin(); it != added.rend(); ++it)
        top.push_back(**it);
    m_rows.insert(m_rows.begin(), std::make_move_iterator(top.begin()), std::make_move_iterator(top.end()));
    endInsertRows();
}

void ExperimentListModel::clear()
{
    if (m_rows.empty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int ExperimentListModel::findRow(const QString& id) const
{
    const std::string wanted = id.toStdString();
    for (std::size_t row = 0; row < m_rows.size(); ++row) {
        if (m_rows[row].id == wanted)
            return static_cast<int>(row);
    }
    return -1;
}

int ExperimentListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ExperimentListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ExperimentListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& experiment = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole: return display(experiment, index.column());
    case Qt::ToolTipRole: return toolTip(experiment, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == CountdownColumn || index.column() == AffectedColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() != StatusColumn)
            return {};
        switch (experiment.status) {
        case ExperimentStatus::Running: return QColor(0x1e, 0x8e, 0x3e);
        case ExperimentStatus::Failed: return QColor(0xd0, 0x35, 0x35);
        case ExperimentStatus::Stopping:
        case ExperimentStatus::Stopped:
        case ExperimentStatus::Cancelled: return QColor(0xb0, 0x60, 0x00);
        default: return {};
        }
    case IdRole: return qs(experiment.id);
    case StatusRole: return static_cast<int>(experiment.status);
    case UnderWayRole: return underWay(experiment.status);
    case AffectedRole: return QVariant::fromValue(static_cast<qulonglong>(affectedCounts(experiment).hits));
    }
    return {};
}

QVariant ExperimentListModel::display(const faults::Experiment& experiment, int column) const
{
    switch (column) {
    case IdColumn: return qs(experiment.id);
    case DescriptionColumn: return qs(experiment.spec.description);
    case StatusColumn: return qs(faults::toString(experiment.status));
    case CountdownColumn:
        if (experiment.status == ExperimentStatus::Running) {
            if (const auto left = timeLeft(experiment, m_now))
                return tr("%1 left").arg(formatCountdown(*left));
        }
        if (experiment.status == ExperimentStatus::Pending || experiment.status == ExperimentStatus::Initiating)
            return tr("starting");
        if (experiment.status == ExperimentStatus::Stopping)
            return tr("stopping");
        if (const auto ran = ranFor(experiment))
            return tr("ran %1").arg(formatCountdown(*ran));
        return {};
    case AffectedColumn: {
        const auto counts = affectedCounts(experiment);
        return counts.considered == 0 ? QString::number(counts.hits)
                                      : tr("%1 of %2").arg(counts.hits).arg(counts.considered);
    }
    }
    return {};
}

QString ExperimentListModel::toolTip(const faults::Experiment& experiment, int column) const
{
    switch (column) {
    case IdColumn:
    case DescriptionColumn: {
        QStringList lines{qs(experiment.spec.description),
                          tr("template %1, seed %2").arg(qs(experiment.templateId)).arg(experiment.seed)};
        for (const auto& [target, functions] : experiment.resolvedTargets) {
            QStringList names;
            for (const auto& function : functions)
                names << qs(function);
            lines << tr("%1 → %2").arg(qs(target),
                                       names.isEmpty() ? tr("no function") : names.join(QStringLiteral(", ")));
        }
        return lines.join(QLatin1Char('\n'));
    }
    case StatusColumn:
        return experiment.reason.empty() ? qs(faults::toString(experiment.status)) : qs(experiment.reason);
    case CountdownColumn: {
        QStringList lines;
        if (experiment.startTime)
            lines << tr("started %1").arg(clockTime(*experiment.startTime));
        if (experiment.endTime)
            lines << tr("ended %1").arg(clockTime(*experiment.endTime));
        else if (const auto end = plannedEnd(experiment))
            lines << tr("planned to end %1").arg(clockTime(*end));
        return lines.join(QLatin1Char('\n'));
    }
    case AffectedColumn: {
        QStringList lines;
        for (const auto& action : experiment.actions) {
            lines << tr("%1 (%2): %3 of %4, %5")
                         .arg(qs(action.name), qs(action.spec.actionId))
                         .arg(action.hits)
                         .arg(action.considered)
                         .arg(qs(faults::toString(action.status)));
        }
        return lines.join(QLatin1Char('\n'));
    }
    }
    return {};
}

QVariant ExperimentListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == AffectedColumn)
        return tr("Invocations or calls the actions changed, of those they saw while running");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn: return tr("Experiment");
    case DescriptionColumn: return tr("Description");
    case StatusColumn: return tr("Status");
    case CountdownColumn: return tr("Time");
    case AffectedColumn: return tr("Affected");
    }
    return {};
}

}  // namespace lambdadesk::gui
