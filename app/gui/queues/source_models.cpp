// SPDX-License-Identifier: MIT
#include "queues/source_models.h"

#include <QStringList>

#include <regions/region_names.h>

#include <algorithm>
#include <string_view>

namespace lambdadesk::gui {
namespace {

/// An age in seconds with one decimal ("3.2 s"); empty for none.
QString secondsText(std::int64_t milliseconds)
{
    return milliseconds > 0 ? QString::number(static_cast<double>(milliseconds) / 1000.0, 'f', 1) + QStringLiteral(" s")
                            : QString();
}

/// The stream name in a Kinesis stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME[/consumer/…]); empty
/// for any other ARN.
std::string kinesisStreamName(const std::string& arn)
{
    constexpr std::string_view kMarker = ":stream/";
    if (arn.find(":kinesis:") == std::string::npos)
        return {};
    const auto start = arn.find(kMarker);
    if (start == std::string::npos)
        return {};
    const auto name = arn.substr(start + kMarker.size());
    return name.substr(0, name.find('/'));
}

}  // namespace

QueueListModel::QueueListModel(QObject* parent) : LiveRowsModel(ColumnCount, parent) {}

void QueueListModel::update(std::vector<Row> rows)
{
    merge(std::move(rows), [](const Row& row) { return row.address.isEmpty() ? row.name : row.address; });
    Q_EMIT refreshed();
}

QVariant QueueListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || role != Qt::DisplayRole)
        return {};
    const Row& row = rowAt(index);
    switch (index.column()) {
    case NameColumn: return row.name;
    case VisibleColumn: return static_cast<qlonglong>(row.stats.visible);
    case InFlightColumn: return static_cast<qlonglong>(row.stats.inFlight);
    case DelayedColumn: return static_cast<qlonglong>(row.stats.delayed);
    case OldestColumn: return secondsText(row.stats.oldestAgeMs);
    case RegionColumn: return row.region;
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
    case RegionColumn: return tr("Region");
    }
    return {};
}

StreamListModel::StreamListModel(QObject* parent) : LiveRowsModel(ColumnCount, parent) {}

std::vector<StreamListModel::Row> StreamListModel::rowsFor(std::vector<std::pair<std::string, core::StreamStats>> streams,
                                                           const std::vector<core::MappingStatus>& mappings,
                                                           const QString& region, const std::string& defaultRegion)
{
    const std::string streamsRegion = region.toStdString();
    std::vector<Row> rows;
    rows.reserve(streams.size());
    for (auto& [name, stats] : streams) {
        Row row{QString::fromStdString(name), std::move(stats)};
        row.region = region;
        for (const auto& mapping : mappings) {
            if (kinesisStreamName(mapping.config.eventSourceArn) != name ||
                (!region.isEmpty() &&
                 core::regionOfQueueArgument(mapping.config.eventSourceArn, defaultRegion) != streamsRegion))
                continue;
            ++row.consumers;
            row.iteratorAgeMs = std::max(row.iteratorAgeMs, mapping.metrics.oldestRecordAgeMs);
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

void StreamListModel::update(std::vector<Row> rows)
{
    merge(std::move(rows), [](const Row& row) -> QString { return row.region + QLatin1Char('/') + row.name; });
}

QVariant StreamListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row& row = rowAt(index);
    if (role == Qt::ToolTipRole && index.column() == RecordsColumn) {
        QStringList perShard;
        for (const auto& shard : row.stats.shards)
            perShard << (shard.open ? QStringLiteral("%1: %2") : QStringLiteral("%1 (closed): %2"))
                            .arg(QString::fromStdString(shard.shardId))
                            .arg(shard.records);
        return perShard.join(QLatin1Char('\n'));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn: return row.name;
    case ShardsColumn:  // open shards, as OpenShardCount counts them; closed ones show in the tooltip
        return static_cast<int>(std::count_if(row.stats.shards.begin(), row.stats.shards.end(),
                                              [](const auto& shard) { return shard.open; }));
    case RecordsColumn: return static_cast<qlonglong>(row.stats.records);
    case OldestColumn: return secondsText(row.stats.oldestAgeMs);
    case ConsumersColumn: return row.consumers;
    case IteratorAgeColumn:
        if (row.consumers == 0)
            return tr("no consumer");
        return row.iteratorAgeMs > 0 ? secondsText(row.iteratorAgeMs) : QStringLiteral("0.0 s");
    case RegionColumn: return row.region;
    }
    return {};
}

QVariant StreamListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case RecordsColumn: return tr("Records retained (not yet past the retention period)");
        case OldestColumn: return tr("Age of the oldest retained record");
        case ConsumersColumn: return tr("Event source mappings reading the stream");
        case IteratorAgeColumn:
            return tr("IteratorAge: how old the newest record of the last batch was when the function got it "
                      "(the largest among the stream's mappings)");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Stream");
    case ShardsColumn: return tr("Shards");
    case RecordsColumn: return tr("Records");
    case OldestColumn: return tr("Oldest");
    case ConsumersColumn: return tr("Consumers");
    case IteratorAgeColumn: return tr("Iterator age");
    case RegionColumn: return tr("Region");
    }
    return {};
}

MappingListModel::MappingListModel(QObject* parent) : LiveRowsModel(ColumnCount, parent) {}

void MappingListModel::update(std::vector<core::MappingStatus> mappings)
{
    merge(std::move(mappings), [](const core::MappingStatus& row) { return row.config.uuid; });
}

QVariant MappingListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || role != Qt::DisplayRole)
        return {};
    const auto& row = rowAt(index);
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
    case OldestColumn: return secondsText(metrics.oldestRecordAgeMs);
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
