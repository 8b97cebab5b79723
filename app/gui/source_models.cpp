// SPDX-License-Identifier: MIT
#include "source_models.h"

#include <algorithm>
#include <functional>

namespace lambdadesk::gui {
namespace {

// Applies a new list to a model keyed by `key`: removals, in-place updates, then appends, each
// announced as such (no reset for live data).
struct RowNotifications {
    std::function<void(int first, int last)> beginRemove;
    std::function<void()> endRemove;
    std::function<void(int first, int last)> beginInsert;
    std::function<void()> endInsert;
};

template <typename Model, typename Row, typename Key>
void mergeRows(Model& model, std::vector<Row>& current, std::vector<Row> incoming, Key key,
               const RowNotifications& notify, int columns)
{
    for (int row = static_cast<int>(current.size()) - 1; row >= 0; --row) {
        const auto found = std::find_if(incoming.begin(), incoming.end(),
                                        [&](const Row& item) { return key(item) == key(current[static_cast<std::size_t>(row)]); });
        if (found == incoming.end()) {
            notify.beginRemove(row, row);
            current.erase(current.begin() + row);
            notify.endRemove();
        }
    }
    std::vector<Row> appended;
    for (auto& item : incoming) {
        const auto found =
            std::find_if(current.begin(), current.end(), [&](const Row& existing) { return key(existing) == key(item); });
        if (found != current.end())
            *found = std::move(item);
        else
            appended.push_back(std::move(item));
    }
    if (!current.empty())
        Q_EMIT model.dataChanged(model.index(0, 0), model.index(static_cast<int>(current.size()) - 1, columns - 1));
    if (!appended.empty()) {
        const int first = static_cast<int>(current.size());
        notify.beginInsert(first, first + static_cast<int>(appended.size()) - 1);
        for (auto& item : appended)
            current.push_back(std::move(item));
        notify.endInsert();
    }
}

}  // namespace

QueueListModel::QueueListModel(QObject* parent) : QAbstractTableModel(parent) {}

void QueueListModel::update(std::vector<Row> rows)
{
    mergeRows<QueueListModel, Row>(
        *this, m_rows, std::move(rows), [](const Row& row) { return row.name; },
        {[this](int first, int last) { beginRemoveRows({}, first, last); }, [this] { endRemoveRows(); },
         [this](int first, int last) { beginInsertRows({}, first, last); }, [this] { endInsertRows(); }},
        ColumnCount);
    Q_EMIT refreshed();
}

int QueueListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int QueueListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueueListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || role != Qt::DisplayRole)
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    switch (index.column()) {
    case NameColumn: return row.name;
    case VisibleColumn: return static_cast<qlonglong>(row.stats.visible);
    case InFlightColumn: return static_cast<qlonglong>(row.stats.inFlight);
    case DelayedColumn: return static_cast<qlonglong>(row.stats.delayed);
    case OldestColumn:
        return row.stats.oldestAgeMs > 0 ? QString::number(static_cast<double>(row.stats.oldestAgeMs) / 1000.0, 'f', 1) +
                                               QStringLiteral(" s")
                                         : QString();
    }
    return {};
}

QVariant QueueListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Queue");
    case VisibleColumn: return tr("Visible");
    case InFlightColumn: return tr("In flight");
    case DelayedColumn: return tr("Delayed");
    case OldestColumn: return tr("Oldest");
    }
    return {};
}

MappingListModel::MappingListModel(QObject* parent) : QAbstractTableModel(parent) {}

void MappingListModel::update(std::vector<core::MappingStatus> mappings)
{
    mergeRows<MappingListModel, core::MappingStatus>(
        *this, m_rows, std::move(mappings), [](const core::MappingStatus& row) { return row.config.uuid; },
        {[this](int first, int last) { beginRemoveRows({}, first, last); }, [this] { endRemoveRows(); },
         [this](int first, int last) { beginInsertRows({}, first, last); }, [this] { endInsertRows(); }},
        ColumnCount);
}

int MappingListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int MappingListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MappingListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || role != Qt::DisplayRole)
        return {};
    const auto& row = m_rows[static_cast<std::size_t>(index.row())];
    const auto& metrics = row.metrics;
    switch (index.column()) {
    case FunctionColumn: return QString::fromStdString(row.config.functionName);
    case SourceColumn: {
        const auto& arn = row.config.eventSourceArn;
        return QString::fromStdString(arn.substr(arn.find_last_of(":/") + 1));
    }
    case StateColumn: return QString::fromStdString(row.state);
    case BatchesColumn: return static_cast<qulonglong>(metrics.batches);
    case RecordsColumn: return static_cast<qulonglong>(metrics.recordsIn);
    case FilteredColumn: return static_cast<qulonglong>(metrics.filteredOut);
    case FailedColumn: return static_cast<qulonglong>(metrics.failedRecords);
    case RetriedColumn: return static_cast<qulonglong>(metrics.retriedRecords);
    case DeadLetterColumn: return static_cast<qulonglong>(metrics.sentToDeadLetter);
    case InFlightColumn: return metrics.concurrency;
    case OldestColumn:
        return metrics.oldestRecordAgeMs > 0
                   ? QString::number(static_cast<double>(metrics.oldestRecordAgeMs) / 1000.0, 'f', 1) + QStringLiteral(" s")
                   : QString();
    }
    return {};
}

QVariant MappingListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FunctionColumn: return tr("Function");
    case SourceColumn: return tr("Source");
    case StateColumn: return tr("State");
    case BatchesColumn: return tr("Batches");
    case RecordsColumn: return tr("Records");
    case FilteredColumn: return tr("Filtered out");
    case FailedColumn: return tr("Failed");
    case RetriedColumn: return tr("Retried");
    case DeadLetterColumn: return tr("To DLQ / destination");
    case InFlightColumn: return tr("In flight");
    case OldestColumn: return tr("Oldest waiting");
    }
    return {};
}

}  // namespace lambdadesk::gui
