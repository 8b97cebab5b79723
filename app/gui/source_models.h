// SPDX-License-Identifier: MIT
#pragma once

#include "sources/event_sources.h"
#include "sources/queue_types.h"

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace lambdadesk::gui {

/// Live queue figures: visible, in flight, delayed, age of the oldest message.
class QueueListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns { NameColumn, VisibleColumn, InFlightColumn, DelayedColumn, OldestColumn, ColumnCount };
    struct Row {
        QString name;
        core::QueueStats stats;
    };

    explicit QueueListModel(QObject* parent = nullptr);
    /// Replaces the figures: rows that stay are updated in place, new queues appended, gone ones removed.
    void update(std::vector<Row> rows);
    [[nodiscard]] QString name(int row) const { return m_rows[static_cast<std::size_t>(row)].name; }
    [[nodiscard]] const core::QueueStats& stats(int row) const { return m_rows[static_cast<std::size_t>(row)].stats; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// After each update(), changed or not: one tick of the sources refresh (the depth chart samples on it).
    void refreshed();

private:
    std::vector<Row> m_rows;
};

/// Event source mappings with their state and CloudWatch-style figures.
class MappingListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns { FunctionColumn, SourceColumn, StateColumn, BatchesColumn, RecordsColumn, FilteredColumn,
                   FailedColumn, RetriedColumn, DeadLetterColumn, InFlightColumn, OldestColumn, ColumnCount };

    explicit MappingListModel(QObject* parent = nullptr);
    void update(std::vector<core::MappingStatus> mappings);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<core::MappingStatus> m_rows;
};

}  // namespace lambdadesk::gui
