// SPDX-License-Identifier: MIT
#include "timeline/timeline_geometry.h"

#include <algorithm>
#include <cmath>

namespace lambdadesk::gui {

void TimelineGeometry::zoomAround(double x, double factor)
{
    if (factor <= 0)
        return;
    const qint64 anchor = timeForX(x);
    nsPerPixel = std::clamp(nsPerPixel / factor, kMinNsPerPixel, kMaxNsPerPixel);
    viewStartNs = anchor - static_cast<qint64>(x * nsPerPixel);
}

void TimelineGeometry::panByPixels(double dx)
{
    viewStartNs -= static_cast<qint64>(dx * nsPerPixel);
}

void TimelineGeometry::setSpanNs(qint64 spanNs)
{
    const qint64 end = viewEndNs();
    nsPerPixel = std::clamp(static_cast<double>(spanNs) / std::max(widthPx, 1), kMinNsPerPixel, kMaxNsPerPixel);
    viewStartNs = end - static_cast<qint64>(widthPx * nsPerPixel);
}

}  // namespace lambdadesk::gui
