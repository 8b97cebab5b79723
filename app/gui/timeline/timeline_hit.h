// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timeline_model.h"

#include <deque>

namespace lambdadesk::gui {

/// The segment of a lane nearest to `timeNs`, if one lies within `slackNs` of it (0 when the time falls
/// inside a segment). A 1-pixel invocation can be hovered from a few pixels away; between two close
/// segments the nearer one wins. Open segments end at `nowNs`. Pure: tested without a window.
const TimelineSegment* nearestSegment(const std::deque<TimelineSegment>& segments, qint64 timeNs, qint64 nowNs,
                                      qint64 slackNs);

}  // namespace lambdadesk::gui
