// SPDX-License-Identifier: MIT
#pragma once

#include "telemetry/events.h"
#include "timeline/fault_windows.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QString>

#include <deque>
#include <memory>
#include <vector>

namespace lambdadesk::gui {

/// Time a segment's process spent stopped in the debugger: rare, so kept out of line (a pointer per segment).
struct DebugStops {
    std::vector<std::pair<qint64, qint64>> spans;  ///< start/end ns; end -1 while stopped
    QString lastLocation;                         ///< "handler.c:21 in sum_items"
    [[nodiscard]] double stoppedMs(qint64 nowNs) const;
};

/// One stretch of an environment's life on the timeline.
struct TimelineSegment {
    enum class Kind { Init, Invoke };
    Kind kind = Kind::Invoke;
    qint64 startNs = 0;
    qint64 endNs = -1;  ///< -1 while open
    bool cold = false;
    bool error = false;
    bool timeout = false;
    bool faulted = false;  ///< an experiment's action changed this invocation
    QString requestId;
    QString errorType;
    float durationMs = 0;
    float initDurationMs = 0;
    qint32 billedMs = 0;
    qint32 maxMemoryMb = 0;
    double costUsd = 0;
    /// What the faults did, "delay 500 ms (EXP…/slowCalls)"; several are joined by "; ". Empty unless faulted.
    QString faultEffect;
    std::shared_ptr<DebugStops> stops;  ///< null unless debugged and stopped at least once
};

/// One execution environment: a lane of the timeline.
struct TimelineLane {
    QString function;
    QString environmentId;
    int pid = 0;  ///< the function process (for attaching the debugger)
    bool provisioned = false;
    qint64 startNs = 0;
    qint64 endNs = -1;  ///< -1 while alive
    QString stopReason;
    std::deque<TimelineSegment> segments;
};

/// Something on a function's row rather than an environment's lane: a throttle (no environment was
/// involved), an async retry being scheduled, an event or batch sent to a dead-letter queue or failure
/// destination, a failed event-source batch, a hot reload of the function's code or configuration.
struct ThrottleMarker {
    enum class Kind { Throttle, Retry, DeadLetter, FailedBatch, Reload, HostWait };
    QString function;
    qint64 timeNs = 0;
    QString reason;
    Kind kind = Kind::Throttle;
};

/// Lanes (top-level rows, one per execution environment) and their INIT/INVOKE segments (child
/// rows), fed by batches of engine events with appends only; history is bounded by a segment cap,
/// the oldest segments (and then empty, stopped lanes) leaving first.
class TimelineModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Columns { LabelColumn, StartColumn, EndColumn, DetailColumn, ColumnCount };
    enum Roles {
        KindRole = Qt::UserRole + 1,
        StartNsRole,
        EndNsRole,
        ColdRole,
        ErrorRole,
        RequestIdRole,
        FunctionRole,
        EnvironmentIdRole,
        DurationMsRole,
        FaultedRole,
    };

    explicit TimelineModel(QObject* parent = nullptr);

    /// Applies a batch of events. `epoch` turns their monotonic times into the model's nanoseconds.
    void apply(const std::vector<core::Event>& events, core::Clock::time_point epoch);
    void clear();
    void setSegmentCap(int cap) { m_segmentCap = cap; }

    [[nodiscard]] int laneCount() const { return static_cast<int>(m_lanes.size()); }
    [[nodiscard]] const TimelineLane& lane(int row) const { return m_lanes[static_cast<std::size_t>(row)]; }
    /// Function-row markers (throttles, retries, DLQ moves, failed batches) per function, oldest first, bounded.
    [[nodiscard]] const QHash<QString, std::deque<ThrottleMarker>>& throttles() const { return m_throttles; }
    /// Replaces the experiments' action windows (CoreController refreshes them from the runner); emits
    /// faultWindowsChanged() when they differ from the ones held. GUI thread only.
    void setFaultWindows(std::vector<FaultWindow> windows);
    [[nodiscard]] const std::vector<FaultWindow>& faultWindows() const { return m_faultWindows; }
    [[nodiscard]] qint64 latestNs() const { return m_latestNs; }
    [[nodiscard]] int segmentCount() const { return static_cast<int>(m_segmentOrder.size()); }
    /// Finds the segment of a request (most recent first); nullptr when it left the history.
    [[nodiscard]] const TimelineSegment* findRequest(const QString& requestId, int* laneRow = nullptr) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// The fault windows changed (not the lanes: they are not rows of the model).
    void faultWindowsChanged();

private:
    int laneRow(const std::string& environmentId) const;
    int openSegment(int row, TimelineSegment::Kind kind, const std::string& requestId);
    void addSegment(int row, TimelineSegment segment);
    void trim();
    QVariant laneData(const TimelineLane& lane, int column, int role) const;
    QVariant segmentData(const TimelineLane& lane, const TimelineSegment& segment, int column, int role) const;

    std::deque<TimelineLane> m_lanes;
    quint64 m_firstLaneId = 0;                 ///< stable id of m_lanes.front(); row = id − this
    QHash<QString, quint64> m_laneIds;         ///< environment id → stable lane id
    std::deque<quint64> m_segmentOrder;        ///< lane id of every segment, oldest first (for trimming)
    QHash<QString, std::deque<ThrottleMarker>> m_throttles;
    std::vector<FaultWindow> m_faultWindows;
    qint64 m_latestNs = 0;
    /// 100,000 segments (about 25 MB): 20 s of history at 5,000 invocations/s, half an hour at 50/s. Memory
    /// levels off once it is reached (bench_gui).
    int m_segmentCap = 100'000;
    std::vector<std::pair<int, TimelineSegment>> m_batch;  ///< segments added in the current batch
    /// Faults applied before their invocation had a segment (a forced cold start, a placement throttle), by
    /// request id, until its InvokeStarted (or Throttled) arrives; bounded, oldest first out.
    QHash<QString, QString> m_pendingFaults;
    std::deque<QString> m_pendingFaultOrder;
};

}  // namespace lambdadesk::gui
