// SPDX-License-Identifier: MIT
#include "timeline/timeline_hit.h"

#include <algorithm>
#include <limits>

namespace lambdadesk::gui {

const TimelineSegment* nearestSegment(const std::deque<TimelineSegment>& segments, qint64 timeNs, qint64 nowNs,
                                      qint64 slackNs)
{
    // Segments of a lane are in time order and do not overlap: only the last one starting at or before the
    // time and the first two after it can be nearest. Two, because a cold start's INIT may be zero pixels
    // wide and start where its invocation starts; on a tie the later segment (the invocation) wins.
    const auto after = std::partition_point(segments.begin(), segments.end(),
                                            [timeNs](const TimelineSegment& segment) { return segment.startNs <= timeNs; });
    const TimelineSegment* best = nullptr;
    qint64 bestDistance = std::numeric_limits<qint64>::max();
    auto consider = [&](const TimelineSegment& segment) {
        const qint64 end = segment.endNs < 0 ? nowNs : segment.endNs;
        const qint64 distance = timeNs < segment.startNs ? segment.startNs - timeNs
                                : timeNs > end           ? timeNs - end
                                                         : 0;
        if (distance <= slackNs && distance <= bestDistance) {
            best = &segment;
            bestDistance = distance;
        }
    };
    if (after != segments.begin())
        consider(*std::prev(after));
    for (auto next = after; next != segments.end() && next - after < 2; ++next)
        consider(*next);
    return best;
}

}  // namespace lambdadesk::gui
