// SPDX-License-Identifier: MIT
// TimelineView's painting: the axis, function rows with their markers and fault windows, lanes with their
// segments, and the empty state. Rows, input and tooltips are in timeline_view.cpp.
#include "timeline/timeline_view.h"

#include "core_controller.h"
#include "timeline/lane_runs.h"
#include "timeline/timeline_axis.h"
#include "timeline/timeline_colors.h"
#include "timeline/timeline_model.h"

#include <QPainter>
#include <QScrollBar>
#include <QStaticText>

#include <algorithm>

namespace lambdadesk::gui {

using namespace timeline_colors;

namespace {

/// std::partition_point searched from the front by galloping (1, 2, 4, … ahead, then a binary search in the
/// last step): the answer is usually a few elements ahead when the view is zoomed in, and a binary search over
/// the whole rest of a lane per box drawn would cost more than the box.
template <typename It, typename Pred>
It gallopPartitionPoint(It low, It end, Pred pred)
{
    std::ptrdiff_t step = 1;
    while (low != end && pred(*low)) {
        if (step >= end - low)
            return std::partition_point(low, end, pred);
        const It probe = low + step;
        if (!pred(*probe))
            return std::partition_point(low, probe, pred);
        low = probe;
        step *= 2;
    }
    return low;
}

}  // namespace

void TimelineView::paintEvent(QPaintEvent*)
{
    m_sincePaint.start();
    if (m_rowsDirty)
        rebuildRows();
    if (m_following)
        m_geometry.follow(m_controller->nowNs());
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    painter.setRenderHint(QPainter::Antialiasing, false);  // boxes: crisp and cheap
    paintAxis(painter);

    painter.save();
    painter.setClipRect(0, kAxisHeight, width(), height() - kAxisHeight);
    painter.translate(0, kAxisHeight - m_scroll->value());
    const int top = m_scroll->value();
    const int bottom = top + height() - kAxisHeight;
    auto first = std::partition_point(m_rows.begin(), m_rows.end(),
                                      [top](const Row& row) { return row.y + row.height <= top; });
    for (auto it = first; it != m_rows.end() && it->y < bottom; ++it) {
        if (it->lane < 0) {
            painter.fillRect(0, it->y, width(), it->height, palette().alternateBase());
            paintFaultWindows(painter, *it);
            painter.setPen(palette().text().color());
            QFont bold = font();
            bold.setBold(true);
            painter.setFont(bold);
            const bool collapsed = m_collapsed.contains(it->function);
            const QString arrow = collapsed ? QStringLiteral("\u25B8 ") : QStringLiteral("\u25BE ");
            const QString header = fontMetrics().elidedText(arrow + it->function, Qt::ElideRight, kLabelWidth - 8);
            painter.drawText(QRect(6, it->y, kLabelWidth - 8, it->height), Qt::AlignVCenter, header);
            if (collapsed && it->environments > 0) {
                painter.setFont(font());
                painter.setPen(palette().placeholderText().color());
                painter.drawText(QRect(kLabelWidth, it->y, width() - kLabelWidth, it->height), Qt::AlignVCenter,
                                 tr("  %n environment(s) hidden — click the name to show", nullptr, it->environments));
            }
            painter.setFont(font());
            paintThrottles(painter, *it);
        } else if (it->lane < m_model->laneCount()) {
            paintFaultWindows(painter, *it);
            paintLane(painter, *it, m_model->lane(it->lane));
        }
    }
    // The segments' boxes, then what goes over them (experiments' hatching, breakpoint stops, the outline).
    m_boxes.fill(painter);
    paintOverlays(painter);
    painter.restore();

    if (const QString placeholder = placeholderText(); !placeholder.isEmpty()) {
        painter.setPen(palette().placeholderText().color());
        painter.drawText(rect().adjusted(20, kAxisHeight, -20, 0), Qt::AlignCenter | Qt::TextWordWrap, placeholder);
    }
}

void TimelineView::paintAxis(QPainter& painter)
{
    painter.save();
    painter.fillRect(0, 0, width(), kAxisHeight, palette().window());
    painter.setPen(palette().text().color());
    painter.drawText(QRect(6, 0, kLabelWidth, kAxisHeight), Qt::AlignVCenter,
                     m_following ? tr("● live") : tr("paused — F to follow"));
    // Wall-clock labels at round steps that leave room for each label.
    const double wallAtZeroMs = m_controller->wallAtZeroMs();
    const qint64 step = axisStepNs(m_geometry);
    // Labels laid out once while on screen; drawn with their baseline where drawText(x, y) would put it.
    const int labelTop = kAxisHeight - 7 - fontMetrics().ascent();
    for (const AxisTick& tick : axisTickTimes(m_geometry, wallAtZeroMs)) {
        const int x = timelineLeft() + static_cast<int>(m_geometry.xForTime(tick.timeNs));
        if (x < timelineLeft())
            continue;
        painter.drawLine(x, kAxisHeight - 5, x, kAxisHeight);
        painter.drawStaticText(x + 3, labelTop, m_axisLabels.label(tick.wallNs, step, font()));
    }
    m_axisLabels.endPaint();
    painter.restore();
}

void TimelineView::paintLane(QPainter& painter, const Row& row, const TimelineLane& lane)
{
    const int left = timelineLeft();
    painter.setPen(lane.endNs >= 0 ? palette().placeholderText().color() : palette().text().color());
    painter.drawStaticText(6, row.y + (row.height - fontMetrics().height()) / 2, m_lanes.label(row.lane, font()));

    const qint64 now = m_controller->nowNs();
    const qint64 viewStart = m_geometry.viewStartNs;
    const qint64 viewEnd = m_geometry.viewEndNs();
    const int boxTop = row.y + 2;
    const int boxHeight = row.height - 4;
    // The environment's whole life, drawn as idle; segments go on top.
    const auto [lifeLeft, lifeRight] = m_geometry.pixelSpan(lane.startNs, lane.endNs < 0 ? now : lane.endNs);
    if (lifeLeft < lifeRight)
        painter.fillRect(left + std::max(lifeLeft, 0), boxTop + boxHeight / 3,
                         std::min(lifeRight, m_geometry.widthPx) - std::max(lifeLeft, 0), boxHeight / 3, kIdle);

    // Boxes left to right, each clipped to start where the last one drawn ended: what lands on pixels already
    // drawn adds nothing. Returns false when the box had no pixel left to draw.
    int lastRight = -2;
    const auto drawBox = [&](std::pair<int, int> span, QRgb colour, const TimelineSegment* overlay) {
        auto [x0, x1] = span;
        x0 = std::max(x0, lastRight);
        if (x0 >= x1)
            return false;
        x0 = std::max(x0, 0);
        x1 = std::min(x1, m_geometry.widthPx);
        if (x0 < x1) {
            m_boxes.add(QColor::fromRgba(colour), QRect(left + x0, boxTop, x1 - x0, boxHeight));
            if (overlay)
                m_overlays.push_back({overlay, left + x0, x1 - x0, boxTop, boxHeight});
        }
        lastRight = x1;
        return true;
    };

    const auto& segments = lane.segments;
    auto it = segments.begin();
    if (m_laneRunsEnabled) {
        // Closed segments as runs that draw as one box each: a busy lane is a handful of runs where it would
        // otherwise be one visit per pixel column (a gap under half a pixel is always covered on screen).
        LaneRuns& laneRuns = m_lanes.runs(row.lane);
        laneRuns.update(lane, static_cast<qint64>(m_geometry.nsPerPixel / 2), m_highlight);
        const auto& runs = laneRuns.runs();
        auto run = std::partition_point(runs.begin(), runs.end(),
                                        [viewStart](const LaneRun& candidate) { return candidate.startNs < viewStart; });
        if (run != runs.begin())
            --run;
        for (; run != runs.end() && run->startNs <= viewEnd;) {
            auto span = m_geometry.pixelSpan(run->startNs, run->endNs);
            if (span.first < span.second && run->lastStartNs != run->startNs)  // the last segment's minimum pixel
                span.second = std::max(span.second, m_geometry.pixelSpan(run->lastStartNs, run->endNs).second);
            const TimelineSegment* overlay =
                run->overlay ? &segments[static_cast<std::size_t>(laneRuns.row(*run))] : nullptr;
            if (!drawBox(span, run->colour, overlay)) {
                ++run;
                continue;
            }
            const qint64 drawnUntil = m_geometry.timeForX(lastRight);
            run = gallopPartitionPoint(std::next(run), runs.end(),
                                       [drawnUntil](const LaneRun& candidate) { return candidate.endNs < drawnUntil; });
        }
        if (run != runs.end())
            return;  // the runs went past the view's end, and the segments not in runs come after them
        it += laneRuns.taken();
    }

    // The segments not in runs (the open one and what follows it, or all of them without runs), one by one.
    const auto firstInView = std::partition_point(
        it, segments.end(), [viewStart](const TimelineSegment& segment) { return segment.startNs < viewStart; });
    it = firstInView != it ? std::prev(firstInView) : it;  // the one before may reach into the view
    for (; it != segments.end() && it->startNs <= viewEnd;) {
        const bool overlay = it->faulted || it->stops || (!m_highlight.isEmpty() && it->requestId == m_highlight);
        if (!drawBox(m_geometry.pixelSpan(it->startNs, it->endNs < 0 ? now : it->endNs), segmentColour(*it),
                     overlay ? &*it : nullptr)) {
            ++it;
            continue;
        }
        // Segments ending on pixels already drawn add nothing: jump past them (an environment's segments end
        // in order), so a repaint costs per pixel, not per invocation — at 5,000/s a zoomed-out lane holds
        // thousands of segments per pixel column.
        const qint64 drawnUntil = m_geometry.timeForX(lastRight);
        it = gallopPartitionPoint(std::next(it), segments.end(), [drawnUntil](const TimelineSegment& segment) {
            return segment.endNs >= 0 && segment.endNs < drawnUntil;
        });
    }
}

void TimelineView::paintOverlays(QPainter& painter)
{
    const qint64 now = m_controller->nowNs();
    const int left = timelineLeft();
    for (const Overlay& overlay : m_overlays) {
        const TimelineSegment& segment = *overlay.segment;
        if (segment.faulted) {
            // An experiment's doing: hatched over whatever colour the outcome has, and a dark top edge that
            // still shows when the invocation is a pixel or two wide.
            painter.fillRect(overlay.x, overlay.top, overlay.width, overlay.height, QBrush(kFault, Qt::BDiagPattern));
            painter.fillRect(overlay.x, overlay.top, overlay.width, 2, kFault);
        }
        if (segment.stops) {
            // Time on a breakpoint, over the segment: it counts in the duration, not in the timeout.
            for (const auto& [stopStart, stopEnd] : segment.stops->spans) {
                auto [s0, s1] = m_geometry.pixelSpan(stopStart, stopEnd < 0 ? now : stopEnd);
                s0 = std::max(s0, 0);
                s1 = std::min(std::max(s1, s0 + 1), m_geometry.widthPx);
                if (s0 < s1)
                    painter.fillRect(left + s0, overlay.top + overlay.height / 4, s1 - s0, overlay.height / 2,
                                     kDebugStopped);
            }
        }
        if (!m_highlight.isEmpty() && segment.requestId == m_highlight) {
            painter.setPen(QPen(palette().text().color(), 2));
            painter.drawRect(overlay.x - 3, overlay.top - 2, std::max(overlay.width, 1) + 5, overlay.height + 3);
        }
    }
    m_overlays.clear();
}

void TimelineView::paintThrottles(QPainter& painter, const Row& row)
{
    const auto found = m_model->throttles().constFind(row.function);
    if (found == m_model->throttles().constEnd())
        return;
    const auto& throttles = *found;
    const qint64 viewStart = m_geometry.viewStartNs;
    auto it = std::partition_point(throttles.begin(), throttles.end(),
                                   [viewStart](const ThrottleMarker& marker) { return marker.timeNs < viewStart; });
    int lastX = -1;
    std::vector<QRect>& throttleBars = m_throttleBars;
    throttleBars.clear();
    // Under load a row carries hundreds of markers; the frequent kinds are stroked together after the loop
    // (one pen change and one drawLines() per kind instead of a pen change and two to four drawLine()s each).
    auto& strokes = m_markerStrokes;
    strokes.retries.clear();
    strokes.hostWaits.clear();
    strokes.failedBatches.clear();
    for (; it != throttles.end() && it->timeNs <= m_geometry.viewEndNs();) {
        const int column = static_cast<int>(m_geometry.xForTime(it->timeNs));
        const int x = timelineLeft() + column;
        // Markers on the column just drawn add nothing: jump to the next column by binary search (hundreds
        // of throttles a second land on one column when zoomed out).
        const qint64 nextColumn = m_geometry.timeForX(column + 1);
        const auto current = it;
        it = gallopPartitionPoint(std::next(it), throttles.end(),
                                  [nextColumn](const ThrottleMarker& marker) { return marker.timeNs < nextColumn; });
        if (x == lastX)
            continue;
        switch (current->kind) {
        case ThrottleMarker::Kind::Throttle:  // hundreds a second under load: drawn together below
            // A one-pixel bar, the pixels a line from row.y + 3 to row.y + row.height - 3 covers; under load the
            // markers take neighbouring columns, and one wider bar replaces many lines.
            if (!throttleBars.empty() && throttleBars.back().x() + throttleBars.back().width() == x)
                throttleBars.back().setWidth(throttleBars.back().width() + 1);
            else
                throttleBars.emplace_back(x, row.y + 3, 1, row.height - 5);
            break;
        case ThrottleMarker::Kind::Retry:  // a small amber triangle: "will be tried again"
            strokes.retries.emplace_back(x, row.y + 4, x + 3, row.y + row.height - 4);
            strokes.retries.emplace_back(x, row.y + 4, x - 3, row.y + row.height - 4);
            break;
        case ThrottleMarker::Kind::DeadLetter:  // a black box: "left for the DLQ / failure destination"
            painter.fillRect(x - 2, row.y + 4, 5, row.height - 8, palette().text());
            break;
        case ThrottleMarker::Kind::Reload:  // a green flag: "new code or configuration from here on"
            painter.setPen(QPen(kReload, 2));
            painter.drawLine(x, row.y + 2, x, row.y + row.height - 2);
            painter.fillRect(x, row.y + 2, 6, 5, kReload);
            break;
        case ThrottleMarker::Kind::HostWait:  // a grey hourglass: "held back by this machine, not by AWS"
            strokes.hostWaits.emplace_back(x - 3, row.y + 3, x + 3, row.y + 3);
            strokes.hostWaits.emplace_back(x - 3, row.y + row.height - 3, x + 3, row.y + row.height - 3);
            strokes.hostWaits.emplace_back(x - 3, row.y + 3, x + 3, row.y + row.height - 3);
            strokes.hostWaits.emplace_back(x + 3, row.y + 3, x - 3, row.y + row.height - 3);
            break;
        case ThrottleMarker::Kind::FailedBatch:
            strokes.failedBatches.emplace_back(x - 2, row.y + 4, x + 2, row.y + row.height - 4);
            strokes.failedBatches.emplace_back(x + 2, row.y + 4, x - 2, row.y + row.height - 4);
            break;
        }
        lastX = x;
    }
    for (const auto& [lines, colour] : {std::pair{&strokes.retries, kInit}, std::pair{&strokes.hostWaits, kHostWait},
                                        std::pair{&strokes.failedBatches, kError}}) {
        if (lines->empty())
            continue;
        painter.setPen(colour);
        painter.drawLines(lines->data(), static_cast<int>(lines->size()));
    }
    if (!throttleBars.empty()) {
        painter.save();
        painter.setPen(Qt::NoPen);
        painter.setBrush(kThrottle);
        painter.drawRects(throttleBars.data(), static_cast<int>(throttleBars.size()));
        painter.restore();
    }
}

void TimelineView::paintFaultWindows(QPainter& painter, const Row& row)
{
    const auto& windows = m_model->faultWindows();
    if (windows.empty())
        return;
    // Strong on the function's row, where the window is read; faint behind the lanes, so segments keep their colours.
    QColor color = kFaultWindow;
    if (row.lane >= 0)
        color.setAlpha(kFaultWindow.alpha() / 3);
    const qint64 now = m_controller->nowNs();
    for (const FaultWindow& window : windows) {
        if (window.startNs > m_geometry.viewEndNs() || !window.functions.contains(row.function))
            continue;
        auto [x0, x1] = m_geometry.pixelSpan(window.startNs, window.endNs < 0 ? now : window.endNs);
        x0 = std::max(x0, 0);
        x1 = std::min(x1, m_geometry.widthPx);
        // Overlapping windows add up: two actions at once on a function read darker.
        if (x0 < x1)
            painter.fillRect(timelineLeft() + x0, row.y, x1 - x0, row.height, color);
    }
}

}  // namespace lambdadesk::gui
