// SPDX-License-Identifier: MIT
#include "timeline/timeline_model.h"

#include <QThread>

#include <map>

namespace lambdadesk::gui {
namespace {

constexpr std::size_t kThrottleCap = 20'000;
constexpr std::size_t kPendingFaultCap = 1'000;

qint64 toNs(core::Clock::time_point time, core::Clock::time_point epoch)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(time - epoch).count();
}

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

/// Adds one fault's effect to what a segment (or a pending request) already carries.
void addFault(QString& effects, const QString& effect)
{
    effects = effects.isEmpty() ? effect : effects + QStringLiteral("; ") + effect;
}

}  // namespace

TimelineModel::TimelineModel(QObject* parent) : QAbstractItemModel(parent) {}

void TimelineModel::clear()
{
    beginResetModel();
    m_lanes.clear();
    m_laneIds.clear();
    m_segmentOrder.clear();
    m_throttles.clear();
    m_pendingFaults.clear();
    m_pendingFaultOrder.clear();
    m_firstLaneId = 0;
    m_latestNs = 0;
    const bool hadWindows = !m_faultWindows.empty();
    m_faultWindows.clear();
    endResetModel();
    if (hadWindows)
        Q_EMIT faultWindowsChanged();
}

void TimelineModel::setFaultWindows(std::vector<FaultWindow> windows)
{
    Q_ASSERT(QThread::currentThread() == thread());
    // Refreshed twice a second while experiments run, and mostly unchanged (an open window grows with the view's
    // "now", not in the model): no repaint or row rebuild for an equal set.
    if (windows == m_faultWindows)
        return;
    m_faultWindows = std::move(windows);
    Q_EMIT faultWindowsChanged();
}

int TimelineModel::laneRow(const std::string& environmentId) const
{
    const auto found = m_laneIds.constFind(qs(environmentId));
    if (found == m_laneIds.constEnd() || *found < m_firstLaneId)
        return -1;
    return static_cast<int>(*found - m_firstLaneId);
}

double DebugStops::stoppedMs(qint64 nowNs) const
{
    qint64 total = 0;
    for (const auto& [start, end] : spans)
        total += (end < 0 ? nowNs : end) - start;
    return static_cast<double>(total) / 1e6;
}

int TimelineModel::openSegment(int row, TimelineSegment::Kind kind, const std::string& requestId)
{
    // The open segment is one of the last few: an environment runs one invocation at a time.
    const auto& segments = m_lanes[static_cast<std::size_t>(row)].segments;
    const QString id = qs(requestId);
    const int size = static_cast<int>(segments.size());
    for (int child = size - 1; child >= 0 && child >= size - 4; --child) {
        const auto& segment = segments[static_cast<std::size_t>(child)];
        if (segment.kind == kind && segment.endNs < 0 && (requestId.empty() || segment.requestId == id))
            return child;
    }
    return -1;
}

void TimelineModel::addSegment(int row, TimelineSegment segment)
{
    // Inserts are announced once per lane per batch: rows appended to a lane are contiguous.
    m_batch.emplace_back(row, std::move(segment));
}

void TimelineModel::apply(const std::vector<core::Event>& events, core::Clock::time_point epoch)
{
    m_batch.clear();
    std::map<int, std::pair<int, int>> changed;  // lane row → first/last changed existing child row
    const auto touch = [&](int row, int child) {
        auto [it, inserted] = changed.emplace(row, std::make_pair(child, child));
        if (!inserted) {
            it->second.first = std::min(it->second.first, child);
            it->second.second = std::max(it->second.second, child);
        }
    };
    // Segments of this batch are kept aside until the end, so they can still be completed in place.
    const auto batchSegment = [&](int row, TimelineSegment::Kind kind, const QString& requestId) -> TimelineSegment* {
        for (auto it = m_batch.rbegin(); it != m_batch.rend(); ++it) {
            if (it->first == row && it->second.kind == kind && it->second.endNs < 0 &&
                (requestId.isEmpty() || it->second.requestId == requestId))
                return &it->second;
        }
        return nullptr;
    };

    for (const auto& event : events) {
        const qint64 now = toNs(event.time, epoch);
        m_latestNs = std::max(m_latestNs, now);
        std::visit(
            [&](const auto& payload) {
                using T = std::decay_t<decltype(payload)>;
                if constexpr (std::is_same_v<T, core::EnvironmentStarted>) {
                    const int row = static_cast<int>(m_lanes.size());
                    beginInsertRows({}, row, row);
                    TimelineLane lane;
                    lane.function = qs(payload.functionName);
                    lane.environmentId = qs(payload.environmentId);
                    lane.pid = payload.pid;
                    lane.provisioned = payload.initType == core::InitializationType::Provisioned;
                    lane.startNs = now;
                    m_lanes.push_back(std::move(lane));
                    m_laneIds.insert(qs(payload.environmentId), m_firstLaneId + static_cast<quint64>(row));
                    endInsertRows();
                    TimelineSegment init;
                    init.kind = TimelineSegment::Kind::Init;
                    init.startNs = now;
                    addSegment(row, std::move(init));
                } else if constexpr (std::is_same_v<T, core::InitDone>) {
                    const int row = laneRow(payload.environmentId);
                    if (row < 0)
                        return;
                    auto* init = batchSegment(row, TimelineSegment::Kind::Init, {});
                    const int child = init ? -1 : openSegment(row, TimelineSegment::Kind::Init, {});
                    if (child >= 0)
                        init = &m_lanes[static_cast<std::size_t>(row)].segments[static_cast<std::size_t>(child)];
                    if (!init)
                        return;
                    init->endNs = now;
                    init->error = !payload.ok;
                    init->errorType = qs(payload.errorType);
                    init->initDurationMs = static_cast<float>(payload.initDurationMs);
                    if (child >= 0)
                        touch(row, child);
                } else if constexpr (std::is_same_v<T, core::InvokeStarted>) {
                    const int row = laneRow(payload.environmentId);
                    if (row < 0)
                        return;
                    TimelineSegment invoke;
                    invoke.startNs = now;
                    invoke.cold = payload.cold;
                    invoke.requestId = qs(payload.requestId);
                    if (!m_pendingFaults.isEmpty()) {
                        if (const auto found = m_pendingFaults.constFind(invoke.requestId);
                            found != m_pendingFaults.constEnd()) {
                            invoke.faulted = true;
                            invoke.faultEffect = *found;
                            m_pendingFaults.erase(found);
                        }
                    }
                    addSegment(row, std::move(invoke));
                } else if constexpr (std::is_same_v<T, core::InvokeFinished>) {
                    const int row = laneRow(payload.environmentId);
                    if (row < 0)
                        return;
                    const QString id = qs(payload.requestId);
                    auto* invoke = batchSegment(row, TimelineSegment::Kind::Invoke, id);
                    const int child = invoke ? -1 : openSegment(row, TimelineSegment::Kind::Invoke, payload.requestId);
                    if (child >= 0)
                        invoke = &m_lanes[static_cast<std::size_t>(row)].segments[static_cast<std::size_t>(child)];
                    if (!invoke)
                        return;  // failed during INIT: the INIT segment carries the error
                    invoke->endNs = now;
                    invoke->error = !payload.ok;
                    invoke->timeout = payload.errorType == "Sandbox.Timedout";
                    invoke->errorType = qs(payload.errorType);
                    invoke->durationMs = static_cast<float>(payload.durationMs);
                    invoke->initDurationMs = static_cast<float>(payload.initDurationMs);
                    invoke->billedMs = static_cast<qint32>(payload.billedDurationMs);
                    invoke->maxMemoryMb = payload.maxMemoryUsedMb;
                    invoke->costUsd = payload.costUsd;
                    if (child >= 0)
                        touch(row, child);
                } else if constexpr (std::is_same_v<T, core::DebugStateChanged>) {
                    const int row = laneRow(payload.environmentId);
                    if (row < 0)
                        return;
                    // Stopped in INIT (no request yet) or in an invocation: the open segment carries the spans.
                    const auto kind = payload.requestId.empty() ? TimelineSegment::Kind::Init : TimelineSegment::Kind::Invoke;
                    auto* segment = batchSegment(row, kind, qs(payload.requestId));
                    const int child = segment ? -1 : openSegment(row, kind, payload.requestId);
                    if (child >= 0)
                        segment = &m_lanes[static_cast<std::size_t>(row)].segments[static_cast<std::size_t>(child)];
                    if (!segment)
                        return;
                    if (!segment->stops)
                        segment->stops = std::make_shared<DebugStops>();
                    auto& spans = segment->stops->spans;
                    if (payload.stopped) {
                        spans.emplace_back(now, -1);
                        segment->stops->lastLocation = qs(payload.location);
                    } else if (!spans.empty() && spans.back().second < 0) {
                        spans.back().second = now;
                    }
                    if (child >= 0)
                        touch(row, child);
                } else if constexpr (std::is_same_v<T, core::FaultApplied>) {
                    if (payload.requestId.empty())
                        return;  // a downstream call through the endpoint, not an invocation on a lane
                    const QString id = qs(payload.requestId);
                    const QString effect =
                        QStringLiteral("%1 (%2/%3)")
                            .arg(qs(payload.effect), qs(payload.experimentId), qs(payload.actionName));
                    // Invocation faults follow their InvokeStarted at once: the segment is in this batch, or the
                    // newest of its lane when the batch split them. Placement faults come before it: kept aside.
                    TimelineSegment* segment = nullptr;
                    for (auto it = m_batch.rbegin(); it != m_batch.rend() && !segment; ++it) {
                        if (it->second.kind == TimelineSegment::Kind::Invoke && it->second.requestId == id)
                            segment = &it->second;
                    }
                    int row = -1;
                    int child = -1;
                    for (int lane = laneCount() - 1; lane >= 0 && !segment; --lane) {
                        auto& segments = m_lanes[static_cast<std::size_t>(lane)].segments;
                        if (m_lanes[static_cast<std::size_t>(lane)].endNs >= 0)
                            continue;
                        const int size = static_cast<int>(segments.size());
                        for (int index = size - 1; index >= 0 && index >= size - 4; --index) {
                            const auto& candidate = segments[static_cast<std::size_t>(index)];
                            if (candidate.endNs < 0 && candidate.requestId == id) {
                                segment = &segments[static_cast<std::size_t>(index)];
                                row = lane;
                                child = index;
                                break;
                            }
                        }
                    }
                    if (!segment) {
                        if (!m_pendingFaults.contains(id)) {
                            m_pendingFaultOrder.push_back(id);
                            if (m_pendingFaultOrder.size() > kPendingFaultCap) {
                                m_pendingFaults.remove(m_pendingFaultOrder.front());
                                m_pendingFaultOrder.pop_front();
                            }
                        }
                        addFault(m_pendingFaults[id], effect);
                        return;
                    }
                    segment->faulted = true;
                    addFault(segment->faultEffect, effect);
                    if (child >= 0)
                        touch(row, child);
                } else if constexpr (std::is_same_v<T, core::Throttled>) {
                    const QString function = qs(payload.functionName);
                    auto& markers = m_throttles[function];
                    // A throttle an experiment caused (a lowered concurrency) says so on its marker.
                    const QString fault =
                        m_pendingFaults.isEmpty() ? QString() : m_pendingFaults.take(qs(payload.requestId));
                    const QString reason = qs(payload.reason);
                    markers.push_back(
                        {function, now, fault.isEmpty() ? reason : reason + QStringLiteral(" (fault: %1)").arg(fault)});
                    if (markers.size() > kThrottleCap)
                        markers.pop_front();
                } else if constexpr (std::is_same_v<T, core::AsyncRetryScheduled>) {
                    const QString function = qs(payload.functionName);
                    auto& markers = m_throttles[function];
                    markers.push_back({function, now, qs(payload.reason), ThrottleMarker::Kind::Retry});
                    if (markers.size() > kThrottleCap)
                        markers.pop_front();
                } else if constexpr (std::is_same_v<T, core::AsyncEventFinished>) {
                    if (payload.condition == "Success")
                        return;
                    const QString function = qs(payload.functionName);
                    auto& markers = m_throttles[function];
                    markers.push_back({function, now,
                                       qs(payload.condition + (payload.target.empty() ? "" : " → " + payload.target)),
                                       ThrottleMarker::Kind::DeadLetter});
                    if (markers.size() > kThrottleCap)
                        markers.pop_front();
                } else if constexpr (std::is_same_v<T, core::BatchDelivered>) {
                    if (payload.failedRecords == 0)
                        return;
                    const QString function = qs(payload.functionName);
                    auto& markers = m_throttles[function];
                    markers.push_back({function, now,
                                       QStringLiteral("%1 of %2 records failed").arg(payload.failedRecords).arg(payload.records),
                                       ThrottleMarker::Kind::FailedBatch});
                    if (markers.size() > kThrottleCap)
                        markers.pop_front();
                } else if constexpr (std::is_same_v<T, core::HostWait>) {
                    if (payload.phase != core::HostWait::Phase::Began)
                        return;
                    const QString function = qs(payload.functionName);
                    auto& markers = m_throttles[function];
                    markers.push_back({function, now, QStringLiteral("waiting for host"), ThrottleMarker::Kind::HostWait});
                    if (markers.size() > kThrottleCap)
                        markers.pop_front();
                } else if constexpr (std::is_same_v<T, core::FunctionReloaded>) {
                    const QString function = qs(payload.functionName);
                    auto& markers = m_throttles[function];
                    markers.push_back({function, now, QStringLiteral("reloaded (generation %1)").arg(payload.generation),
                                       ThrottleMarker::Kind::Reload});
                    if (markers.size() > kThrottleCap)
                        markers.pop_front();
                } else if constexpr (std::is_same_v<T, core::EnvironmentStopped>) {
                    const int row = laneRow(payload.environmentId);
                    if (row < 0)
                        return;
                    auto& lane = m_lanes[static_cast<std::size_t>(row)];
                    lane.endNs = now;
                    lane.stopReason = qs(payload.reason);
                    // A segment still open when the process went away ends here.
                    for (auto& [batchRow, segment] : m_batch) {
                        if (batchRow == row && segment.endNs < 0)
                            segment.endNs = now;
                    }
                    for (auto& segment : lane.segments) {
                        if (segment.endNs < 0)
                            segment.endNs = now;
                    }
                    const QModelIndex laneIndex = index(row, 0);
                    Q_EMIT dataChanged(laneIndex, index(row, ColumnCount - 1));
                }
            },
            event.payload);
    }

    for (const auto& [row, range] : changed) {
        const QModelIndex parentIndex = index(row, 0);
        Q_EMIT dataChanged(index(range.first, 0, parentIndex), index(range.second, ColumnCount - 1, parentIndex));
    }
    // Append the batch's segments: one insert notification per lane.
    std::map<int, std::vector<TimelineSegment>> perLane;
    for (auto& [row, segment] : m_batch)
        perLane[row].push_back(std::move(segment));
    m_batch.clear();
    for (auto& [row, segments] : perLane) {
        auto& lane = m_lanes[static_cast<std::size_t>(row)];
        const int first = static_cast<int>(lane.segments.size());
        beginInsertRows(index(row, 0), first, first + static_cast<int>(segments.size()) - 1);
        for (auto& segment : segments) {
            lane.segments.push_back(std::move(segment));
            m_segmentOrder.push_back(m_firstLaneId + static_cast<quint64>(row));
        }
        endInsertRows();
    }
    trim();
}

void TimelineModel::trim()
{
    if (static_cast<int>(m_segmentOrder.size()) > m_segmentCap) {
        std::map<int, int> removals;  // lane row → segments to drop from its front
        while (static_cast<int>(m_segmentOrder.size()) > m_segmentCap) {
            const quint64 laneId = m_segmentOrder.front();
            m_segmentOrder.pop_front();
            if (laneId >= m_firstLaneId)
                ++removals[static_cast<int>(laneId - m_firstLaneId)];
        }
        for (const auto& [row, count] : removals) {
            auto& segments = m_lanes[static_cast<std::size_t>(row)].segments;
            const int drop = std::min(count, static_cast<int>(segments.size()));
            if (drop <= 0)
                continue;
            beginRemoveRows(index(row, 0), 0, drop - 1);
            segments.erase(segments.begin(), segments.begin() + drop);
            endRemoveRows();
        }
    }
    // Stopped lanes with nothing left to show leave from the front, keeping row = id − first id.
    int emptyFront = 0;
    while (emptyFront < static_cast<int>(m_lanes.size()) && m_lanes[static_cast<std::size_t>(emptyFront)].endNs >= 0 &&
           m_lanes[static_cast<std::size_t>(emptyFront)].segments.empty())
        ++emptyFront;
    if (emptyFront > 0) {
        beginRemoveRows({}, 0, emptyFront - 1);
        for (int i = 0; i < emptyFront; ++i) {
            m_laneIds.remove(m_lanes.front().environmentId);
            m_lanes.pop_front();
            ++m_firstLaneId;
        }
        endRemoveRows();
    }
}

const TimelineSegment* TimelineModel::findRequest(const QString& requestId, int* laneRow) const
{
    for (int row = laneCount() - 1; row >= 0; --row) {
        const auto& segments = m_lanes[static_cast<std::size_t>(row)].segments;
        for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
            if (it->requestId == requestId) {
                if (laneRow)
                    *laneRow = row;
                return &*it;
            }
        }
    }
    return nullptr;
}

QModelIndex TimelineModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < laneCount() ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.row() >= laneCount())
        return {};
    const auto& lane = m_lanes[static_cast<std::size_t>(parent.row())];
    if (row >= static_cast<int>(lane.segments.size()))
        return {};
    // Children carry their lane's stable id + 1 (0 marks a lane).
    return createIndex(row, column, quintptr(m_firstLaneId + static_cast<quint64>(parent.row()) + 1));
}

QModelIndex TimelineModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    const quint64 laneId = child.internalId() - 1;
    if (laneId < m_firstLaneId || laneId - m_firstLaneId >= static_cast<quint64>(laneCount()))
        return {};
    return createIndex(static_cast<int>(laneId - m_firstLaneId), 0, quintptr(0));
}

int TimelineModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return laneCount();
    if (parent.internalId() != 0 || parent.column() != 0 || parent.row() >= laneCount())
        return 0;
    return static_cast<int>(m_lanes[static_cast<std::size_t>(parent.row())].segments.size());
}

int TimelineModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == 0)
        return laneData(m_lanes[static_cast<std::size_t>(index.row())], index.column(), role);
    const auto parentIndex = parent(index);
    if (!parentIndex.isValid())
        return {};
    const auto& lane = m_lanes[static_cast<std::size_t>(parentIndex.row())];
    return segmentData(lane, lane.segments[static_cast<std::size_t>(index.row())], index.column(), role);
}

QVariant TimelineModel::laneData(const TimelineLane& lane, int column, int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case LabelColumn: return QString(lane.function + QLatin1Char(' ') + lane.environmentId.left(8));
        case StartColumn: return lane.startNs;
        case EndColumn: return lane.endNs;
        case DetailColumn: return lane.stopReason;
        }
        return {};
    case FunctionRole: return lane.function;
    case EnvironmentIdRole: return lane.environmentId;
    case StartNsRole: return lane.startNs;
    case EndNsRole: return lane.endNs;
    }
    return {};
}

QVariant TimelineModel::segmentData(const TimelineLane& lane, const TimelineSegment& segment, int column,
                                    int role) const
{
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case LabelColumn:
            return segment.kind == TimelineSegment::Kind::Init ? QStringLiteral("INIT") : segment.requestId;
        case StartColumn: return segment.startNs;
        case EndColumn: return segment.endNs;
        case DetailColumn: return segment.errorType;
        }
        return {};
    case KindRole: return static_cast<int>(segment.kind);
    case StartNsRole: return segment.startNs;
    case EndNsRole: return segment.endNs;
    case ColdRole: return segment.cold;
    case ErrorRole: return segment.error;
    case RequestIdRole: return segment.requestId;
    case FunctionRole: return lane.function;
    case EnvironmentIdRole: return lane.environmentId;
    case DurationMsRole: return segment.durationMs;
    case FaultedRole: return segment.faulted;
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LabelColumn: return tr("Environment / request");
    case StartColumn: return tr("Start (ns)");
    case EndColumn: return tr("End (ns)");
    case DetailColumn: return tr("Detail");
    }
    return {};
}

}  // namespace lambdadesk::gui
