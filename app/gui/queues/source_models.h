// SPDX-License-Identifier: MIT
#pragma once

#include "mappings/event_sources.h"
#include "queues/queue_types.h"
#include "streams/stream_types.h"
#include "queues/live_rows_model.h"

#include <QString>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lambdadesk::gui {

/// Live queue figures: visible, in flight, delayed, age of the oldest message.
struct QueueRow {
    QString name;
    core::QueueStats stats;
    QString region{};   ///< the queue's region (empty in rows made without one)
    /// What queue operations take: the name in the default region, the ARN in another (it names the region).
    QString address{};  ///< empty = the name
};

class QueueListModel : public LiveRowsModel<QueueRow> {
    Q_OBJECT

public:
    enum Columns { NameColumn, VisibleColumn, InFlightColumn, DelayedColumn, OldestColumn, RegionColumn, ColumnCount };
    using Row = QueueRow;

    explicit QueueListModel(QObject* parent = nullptr);
    /// Replaces the figures: rows that stay are updated in place, new queues appended, gone ones removed.
    void update(std::vector<Row> rows);
    [[nodiscard]] QString name(int row) const { return m_rows[static_cast<std::size_t>(row)].name; }
    [[nodiscard]] QString region(int row) const { return m_rows[static_cast<std::size_t>(row)].region; }
    /// The queue as operations take it: its name, or its ARN when it lives outside the default region.
    [[nodiscard]] QString address(int row) const
    {
        const auto& item = m_rows[static_cast<std::size_t>(row)];
        return item.address.isEmpty() ? item.name : item.address;
    }
    [[nodiscard]] const core::QueueStats& stats(int row) const { return m_rows[static_cast<std::size_t>(row)].stats; }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// After each update(), changed or not: one tick of the sources refresh (the depth chart samples on it).
    void refreshed();
};

/// Live Kinesis stream figures: shards, records retained and the age of the oldest, and how far behind the
/// event source mappings reading it are (the largest of their IteratorAge figures).
struct StreamRow {
    QString name;
    core::StreamStats stats;
    int consumers = 0;               ///< Kinesis event source mappings reading the stream
    std::int64_t iteratorAgeMs = 0;  ///< the largest IteratorAge among them; 0 when none has invoked yet
    QString region{};                ///< the stream's region (empty in rows made without one)
};

class StreamListModel : public LiveRowsModel<StreamRow> {
    Q_OBJECT

public:
    enum Columns { NameColumn, ShardsColumn, RecordsColumn, OldestColumn, ConsumersColumn, IteratorAgeColumn,
                   RegionColumn, ColumnCount };
    using Row = StreamRow;

    explicit StreamListModel(QObject* parent = nullptr);
    /// One row per stream, with its consumers and iterator age taken from the mappings whose source it is.
    /// `region` is the streams' region: a mapping counts when its ARN names that region (an ARN without one counts
    /// as `defaultRegion`); with no `region`, every mapping on a stream of that name counts.
    static std::vector<Row> rowsFor(std::vector<std::pair<std::string, core::StreamStats>> streams,
                                    const std::vector<core::MappingStatus>& mappings, const QString& region = {},
                                    const std::string& defaultRegion = {});
    /// Replaces the figures as QueueListModel::update does.
    void update(std::vector<Row> rows);
    [[nodiscard]] const Row& row(int index) const { return m_rows[static_cast<std::size_t>(index)]; }

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

/// Event source mappings with their state and CloudWatch-style figures.
class MappingListModel : public LiveRowsModel<core::MappingStatus> {
    Q_OBJECT

public:
    enum Columns { FunctionColumn, SourceColumn, StateColumn, BatchesColumn, RecordsColumn, FilteredColumn,
                   FailedColumn, RetriedColumn, DeadLetterColumn, InFlightColumn, OldestColumn, ColumnCount };

    explicit MappingListModel(QObject* parent = nullptr);
    void update(std::vector<core::MappingStatus> mappings);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

}  // namespace lambdadesk::gui
