// SPDX-License-Identifier: MIT
#pragma once

#include "metrics/init_duration_histogram.h"
#include "telemetry/events.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QString>

#include <deque>
#include <set>
#include <string>
#include <vector>

namespace lambdadesk::gui {

/// Per-second figures of one function (or all of them), as a bounded table: one row per second,
/// newest last. Rows are appended as seconds complete; the window keeps the last ten minutes. Faulted
/// invocations (FaultApplied with a request id: downstream-call faults name no invocation) have a column too.
class MetricsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns {
        SecondColumn,
        InvocationsColumn,
        ErrorsColumn,
        ThrottlesColumn,
        InitsColumn,
        DurationP50Column,
        DurationP99Column,
        ConcurrencyColumn,
        InitP50Column,
        HostWaitingColumn,
        FaultedColumn,  ///< invocations a fault experiment changed (FaultApplied), each counted once
        ColumnCount
    };

    struct Bucket {
        qint64 second = 0;  ///< seconds since the controller started
        int invocations = 0;
        int errors = 0;
        int throttles = 0;
        /// INITs that ended in the second, whatever they were for (a cold invocation, provisioned, or started
        /// ahead and then serving a waiting call warm): the timeline's INIT bars, counted the same way.
        int inits = 0;
        int concurrency = 0;  ///< highest in-flight count during the second
        int hostWaiting = 0;  ///< highest number of invocations waiting for the host-capacity governor
        double durationP50 = 0;
        double durationP99 = 0;
        double initP50 = 0;
        int faulted = 0;  ///< invocations a fault experiment changed during the second
    };

    explicit MetricsModel(QObject* parent = nullptr);

    void apply(const std::vector<core::Event>& events, core::Clock::time_point epoch);
    /// Closes every second up to `nowNs` (so quiet seconds appear as zeros).
    void advanceTo(qint64 nowNs);
    /// "" = all functions together.
    void setFunction(const QString& function);
    [[nodiscard]] const QString& function() const { return m_function; }
    void clear();
    [[nodiscard]] const Bucket& bucket(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    /// Init durations of the INITs of the selected function (or all) that finished in the seconds from
    /// `firstSecond` to `lastSecond`, both included; the last ten minutes are kept.
    [[nodiscard]] InitDurationHistogram::Counts initDurations(qint64 firstSecond, qint64 lastSecond) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Accumulator {
        Bucket bucket;
        std::vector<double> durations;
        std::vector<double> inits;
        std::set<std::string> faultedRequests;  ///< an invocation with a delay and an error counts once
        int running = 0;
        int hostWaiting = 0;
    };
    struct Series {
        qint64 openSecond = -1;
        Accumulator current;
        std::deque<Bucket> closed;
        InitDurationHistogram initDurations;
    };
    void closeUpTo(Series& series, qint64 second, bool visible);
    Series& seriesFor(const QString& function);
    void rebuildRows();

    QHash<QString, Series> m_series;  ///< per function, plus "" for all
    QString m_function;
    std::deque<Bucket> m_rows;        ///< what the model shows (a copy of the selected series)
    int m_windowSeconds = 600;
};

}  // namespace lambdadesk::gui
