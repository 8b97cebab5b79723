// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <utility>

namespace lambdadesk::gui {

/// All time↔pixel math of the timeline, in a plain struct so it is tested without a GUI.
/// Times are nanoseconds on the controller's monotonic clock.
struct TimelineGeometry {
    static constexpr double kMinNsPerPixel = 1'000;           ///< 1 µs per pixel
    static constexpr double kMaxNsPerPixel = 10'000'000'000;  ///< 10 s per pixel

    qint64 viewStartNs = 0;      ///< the time at x = 0
    double nsPerPixel = 10'000'000;  ///< 10 ms per pixel: 8 s across 800 px
    int widthPx = 800;

    [[nodiscard]] double xForTime(qint64 ns) const { return static_cast<double>(ns - viewStartNs) / nsPerPixel; }
    [[nodiscard]] qint64 timeForX(double x) const { return viewStartNs + static_cast<qint64>(x * nsPerPixel); }
    [[nodiscard]] qint64 viewEndNs() const { return timeForX(widthPx); }
    [[nodiscard]] qint64 viewSpanNs() const { return viewEndNs() - viewStartNs; }

    /// Zooms by `factor` (>1 zooms in) keeping the time under pixel `x` where it is.
    void zoomAround(double x, double factor);
    /// Moves the view by a mouse drag of `dx` pixels (dragging right shows earlier times).
    void panByPixels(double dx);
    /// Follow mode: puts `nowNs` at the right edge.
    void follow(qint64 nowNs) { viewStartNs = nowNs - viewSpanNs(); }
    /// Sets the visible span, keeping the right edge.
    void setSpanNs(qint64 spanNs);

    /// The pixel columns [left, right) a time range covers, clamped to the view (plus one pixel each
    /// side, so clipped boxes keep their edges off-screen); at least one pixel wide so nothing
    /// visible disappears. Empty (left >= right) when the range is outside the view.
    /// Inline: a repaint calls it once per box drawn, thousands of times.
    [[nodiscard]] std::pair<int, int> pixelSpan(qint64 startNs, qint64 endNs) const
    {
        if (endNs < viewStartNs || startNs > viewEndNs())
            return {0, 0};
        const double left = std::max(xForTime(startNs), -1.0);
        const double right = std::min(xForTime(endNs), static_cast<double>(widthPx) + 1.0);
        const int leftPx = static_cast<int>(std::floor(left));
        const int rightPx = std::max(static_cast<int>(std::ceil(right)), leftPx + 1);
        return {leftPx, rightPx};
    }
};

}  // namespace lambdadesk::gui
