// SPDX-License-Identifier: MIT
#pragma once

#include "telemetry/events.h"

#include <QAbstractTableModel>
#include <QString>

class QTimer;

#include <deque>
#include <vector>

namespace lambdadesk::gui {

/// All function output and platform lines (START/END/REPORT), newest last, bounded.
class LogModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns { TimeColumn, FunctionColumn, RequestColumn, StreamColumn, TextColumn, ColumnCount };
    enum Roles { TimeNsRole = Qt::UserRole + 1, RequestIdRole, FunctionRole, StreamRole };

    struct Entry {
        qint64 timeNs = 0;
        QString function;
        QString requestId;
        core::LogLine::Stream stream = core::LogLine::Stream::Stdout;
        QString text;
    };

    explicit LogModel(QObject* parent = nullptr);

    /// Takes in a batch's lines. With a publish interval they wait (unseen) until the next publish(); without
    /// one (the default) they are rows when this returns.
    void apply(const std::vector<core::Event>& events, core::Clock::time_point epoch);
    void clear();
    void setCapacity(int lines) { m_capacity = lines; }
    /// Makes lines rows at most every `ms` milliseconds (0: at once). Every change of rows lays out and repaints
    /// the Logs table, and under load lines come with every batch (60 a second); a reader sees no difference
    /// in a tenth of a second, the GUI thread does. GUI thread only.
    void setPublishInterval(int ms);
    /// Makes the waiting lines rows now: the oldest rows that no longer fit go in one notification, the new
    /// ones come in another.
    void publish();
    /// Lines taken in but not yet rows.
    [[nodiscard]] int pendingLines() const { return static_cast<int>(m_pending.size()); }
    [[nodiscard]] const Entry& entry(int row) const { return m_entries[static_cast<std::size_t>(row)]; }
    /// Every line gets a sequence number, counting from the first line ever kept: row 0 holds this one.
    /// Rows shift as the oldest lines go; sequence numbers do not.
    [[nodiscard]] qint64 firstSequence() const { return m_firstSequence; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::deque<Entry> m_entries;
    std::vector<Entry> m_pending;  ///< taken in, not yet rows (see setPublishInterval)
    QTimer* m_publishTimer = nullptr;  ///< single shot, started by the first line waiting; null without an interval
    qint64 m_firstSequence = 0;
    int m_capacity = 50'000;
};

/// Filters the log by function, request id, level (stream) and text.
///
/// Purpose-built rather than a QSortFilterProxyModel: at 5,000 invocations/s the log drops its oldest lines
/// on every batch, and a generic proxy remaps every row it holds on each removal (measured: two thirds of the
/// GUI thread's time applying a batch). This one keeps the sequence numbers of the accepted lines in order,
/// so a batch costs what it adds and drops.
class LogFilterModel : public QAbstractTableModel {
    Q_OBJECT

public:
    explicit LogFilterModel(QObject* parent = nullptr);
    void setSourceModel(LogModel* logs);
    [[nodiscard]] LogModel* sourceModel() const { return m_logs; }
    /// The source's row for a row of this model.
    [[nodiscard]] int sourceRow(int row) const;

    void setFunction(const QString& function);
    void setRequestId(const QString& requestId);
    void setText(const QString& text);
    /// "", "stdout", "stderr" or "platform".
    void setStream(const QString& stream);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    [[nodiscard]] bool accepts(int sourceRow) const;
    void rebuild();
    void sourceRowsAboutToBeRemoved(int first, int last);
    void sourceRowsInserted(int first, int last);

    LogModel* m_logs = nullptr;
    std::deque<qint64> m_sequences;  ///< the accepted lines' sequence numbers, ascending
    bool m_resetting = false;        ///< inside a reset around an unexpected removal
    QString m_function;
    QString m_requestId;
    QString m_text;
    QString m_stream;
};

}  // namespace lambdadesk::gui
