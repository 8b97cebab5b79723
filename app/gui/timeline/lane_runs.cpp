// SPDX-License-Identifier: MIT
#include "timeline/lane_runs.h"

#include "timeline/timeline_colors.h"
#include "timeline/timeline_model.h"

#include <algorithm>

namespace lambdadesk::gui {

using namespace timeline_colors;

QRgb segmentColour(const TimelineSegment& segment)
{
    if (segment.timeout)
        return kTimeout.rgba();
    if (segment.error)
        return kError.rgba();
    if (segment.kind == TimelineSegment::Kind::Init)
        return kInit.rgba();
    return segment.cold ? kColdInvoke.rgba() : kWarm.rgba();
}

void LaneRuns::clear()
{
    m_runs.clear();
    m_taken = m_removed;
}

void LaneRuns::update(const TimelineLane& lane, qint64 gapNs, const QString& highlight)
{
    if (gapNs != m_gapNs || highlight != m_highlight) {
        clear();
        m_gapNs = gapNs;
        m_highlight = highlight;
    }
    const auto& segments = lane.segments;
    for (auto index = static_cast<std::size_t>(m_taken - m_removed); index < segments.size(); ++index, ++m_taken) {
        const TimelineSegment& segment = segments[index];
        if (segment.endNs < 0)
            return;  // still open: it and what follows are painted one by one until it closes
        const bool overlay =
            segment.faulted || segment.stops || (!highlight.isEmpty() && segment.requestId == highlight);
        const QRgb colour = segmentColour(segment);
        if (!m_runs.empty() && !overlay) {
            LaneRun& last = m_runs.back();
            // Touching (a gap under a pixel) and ending later: one box. An overlap or an end out of order starts a
            // run of its own, so the runs keep the order the painting's jumps rely on.
            if (!last.overlay && last.colour == colour && segment.startNs >= last.endNs &&
                segment.startNs - last.endNs <= gapNs && segment.endNs >= last.endNs) {
                last.lastStartNs = segment.startNs;
                last.endNs = segment.endNs;
                ++last.count;
                continue;
            }
        }
        m_runs.push_back({segment.startNs, segment.startNs, segment.endNs, colour, m_taken, 1, overlay});
    }
}

void LaneRuns::segmentsRemoved(int first, int last, const TimelineLane& lane)
{
    if (first != 0) {
        // Not what the model does (it trims from the front); counted from the front no more: start again.
        m_removed = 0;
        m_taken = 0;
        m_runs.clear();
        return;
    }
    m_removed += static_cast<quint64>(last + 1);
    while (!m_runs.empty() && m_runs.front().first + static_cast<quint64>(m_runs.front().count) <= m_removed)
        m_runs.pop_front();
    if (m_taken < m_removed) {
        m_taken = m_removed;
        m_runs.clear();
        return;
    }
    if (!m_runs.empty() && m_runs.front().first < m_removed) {
        // The lane's oldest run lost its first segments: it now starts where the lane does.
        LaneRun& front = m_runs.front();
        front.count -= static_cast<int>(m_removed - front.first);
        front.first = m_removed;
        front.startNs = lane.segments.empty() ? front.lastStartNs : lane.segments.front().startNs;
    }
}

void LaneRuns::segmentsChanged(int row)
{
    const quint64 changed = m_removed + static_cast<quint64>(std::max(row, 0));
    if (changed >= m_taken)
        return;  // not taken yet: read when it is
    while (!m_runs.empty() && m_runs.back().first + static_cast<quint64>(m_runs.back().count) > changed)
        m_runs.pop_back();
    m_taken = m_runs.empty() ? m_removed : m_runs.back().first + static_cast<quint64>(m_runs.back().count);
}

}  // namespace lambdadesk::gui
