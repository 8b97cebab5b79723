// SPDX-License-Identifier: MIT
#include "timeline/timeline_view.h"

#include "core_controller.h"
#include "functions/function_list_model.h"
#include "timeline/timeline_axis.h"
#include "timeline/timeline_colors.h"
#include "timeline/timeline_hit.h"
#include "timeline/timeline_model.h"

#include <QKeyEvent>
#include <QMap>
#include <QTimer>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QStaticText>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>

namespace lambdadesk::gui {
namespace {

constexpr int kLabelWidth = 130;
constexpr int kHoverSlackPx = 4;  // a 1-pixel invocation is hard to hit: the nearest within this many pixels
constexpr int kAxisHeight = 22;
constexpr int kFunctionRowHeight = 20;
constexpr int kLaneHeight = 14;

using namespace timeline_colors;

QString milliseconds(double value)
{
    return QString::number(value, 'f', value < 10 ? 2 : 1) + QStringLiteral(" ms");
}

}  // namespace

TimelineView::TimelineView(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_model(controller->timeline()), m_scroll(new QScrollBar(Qt::Vertical, this))
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(400, 160);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex& parent) {
        if (!parent.isValid())
            m_rowsDirty = true;
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex& parent) {
        if (!parent.isValid())
            m_rowsDirty = true;
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_rowsDirty = true; });
    // A window may name a function that has no row yet.
    connect(m_model, &TimelineModel::faultWindowsChanged, this, [this] {
        m_rowsDirty = true;
        update();
    });
    // The function list sets the order of the groups.
    connect(controller->functions(), &QAbstractItemModel::modelReset, this, [this] { m_rowsDirty = true; });
    // Repaint after each applied batch (≤ 60 Hz), and keep moving in follow mode when idle.
    connect(controller, &CoreController::batchApplied, this, qOverload<>(&QWidget::update));
    auto* ticker = new QTimer(this);
    ticker->setInterval(33);
    connect(ticker, &QTimer::timeout, this, [this] {
        if (m_following)
            update();
    });
    ticker->start();
    connect(m_scroll, &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
}

int TimelineView::timelineLeft() const
{
    return kLabelWidth;
}

void TimelineView::setFollowing(bool following)
{
    if (m_following == following)
        return;
    m_following = following;
    Q_EMIT followingChanged(following);
    update();
}

void TimelineView::setCollapsed(const QString& function, bool collapsed)
{
    if (collapsed == m_collapsed.contains(function))
        return;
    if (collapsed)
        m_collapsed.insert(function);
    else
        m_collapsed.remove(function);
    m_rowsDirty = true;
    update();
}

void TimelineView::setSpanNs(qint64 spanNs)
{
    m_geometry.setSpanNs(spanNs);
    update();
}

bool TimelineView::revealRequest(const QString& requestId)
{
    int laneRow = -1;
    const TimelineSegment* segment = m_model->findRequest(requestId, &laneRow);
    if (!segment)
        return false;
    setFollowing(false);
    m_highlight = requestId;
    const qint64 end = segment->endNs < 0 ? m_controller->nowNs() : segment->endNs;
    m_geometry.viewStartNs = (segment->startNs + end) / 2 - m_geometry.viewSpanNs() / 2;
    if (m_rowsDirty)
        rebuildRows();
    for (const Row& row : m_rows) {
        if (row.lane == laneRow)
            m_scroll->setValue(row.y - (height() - kAxisHeight) / 2);
    }
    update();
    return true;
}

void TimelineView::resizeEvent(QResizeEvent*)
{
    const int scrollWidth = m_scroll->sizeHint().width();
    m_scroll->setGeometry(width() - scrollWidth, kAxisHeight, scrollWidth, height() - kAxisHeight);
    const qint64 span = m_geometry.viewSpanNs();
    m_geometry.widthPx = std::max(1, width() - timelineLeft() - scrollWidth);
    m_geometry.setSpanNs(span);
    updateScrollRange();
}

void TimelineView::rebuildRows()
{
    // Lanes grouped under their function, functions in the function list's (the template's) order, so
    // every view shows one order and a reload does not shuffle it; functions it does not know follow.
    QMap<QString, int> order;
    std::vector<std::pair<QString, std::vector<int>>> groups;
    const FunctionListModel* functions = m_controller->functions();
    for (int row = 0; row < functions->rowCount(); ++row) {
        const QString name = QString::fromStdString(functions->row(row).config.name);
        order.insert(name, static_cast<int>(groups.size()));
        groups.push_back({name, {}});
    }
    for (int lane = 0; lane < m_model->laneCount(); ++lane) {
        const QString& function = m_model->lane(lane).function;
        auto found = order.find(function);
        if (found == order.end()) {
            found = order.insert(function, static_cast<int>(groups.size()));
            groups.push_back({function, {}});
        }
        groups[static_cast<std::size_t>(*found)].second.push_back(lane);
    }
    for (auto it = m_model->throttles().constBegin(); it != m_model->throttles().constEnd(); ++it) {
        if (!order.contains(it.key())) {
            order.insert(it.key(), static_cast<int>(groups.size()));
            groups.push_back({it.key(), {}});
        }
    }
    // An experiment acting on a function that has not run yet still shows: its row carries the window.
    QSet<QString> targeted;
    for (const FaultWindow& window : m_model->faultWindows()) {
        for (const QString& function : window.functions) {
            targeted.insert(function);
            if (!order.contains(function)) {
                order.insert(function, static_cast<int>(groups.size()));
                groups.push_back({function, {}});
            }
        }
    }
    m_rows.clear();
    int y = 0;
    for (const auto& [function, lanes] : groups) {
        if (lanes.empty() && !m_model->throttles().contains(function) && !targeted.contains(function))
            continue;  // nothing happened to it yet
        m_rows.push_back({function, -1, y, kFunctionRowHeight, static_cast<int>(lanes.size())});
        y += kFunctionRowHeight;
        if (m_collapsed.contains(function))
            continue;
        for (const int lane : lanes) {
            m_rows.push_back({function, lane, y, kLaneHeight});
            y += kLaneHeight;
        }
    }
    m_rowsDirty = false;
    updateScrollRange();
}

void TimelineView::updateScrollRange()
{
    const int content = m_rows.empty() ? 0 : m_rows.back().y + m_rows.back().height;
    const int visible = height() - kAxisHeight;
    m_scroll->setRange(0, std::max(0, content - visible));
    m_scroll->setPageStep(visible);
    m_scroll->setVisible(content > visible);
}

const TimelineView::Row* TimelineView::rowAt(int y) const
{
    const int contentY = y - kAxisHeight + m_scroll->value();
    const auto found = std::partition_point(m_rows.begin(), m_rows.end(),
                                            [contentY](const Row& row) { return row.y + row.height <= contentY; });
    return found != m_rows.end() && found->y <= contentY ? &*found : nullptr;
}

const TimelineSegment* TimelineView::segmentAt(const Row& row, qint64 timeNs) const
{
    if (row.lane < 0 || row.lane >= m_model->laneCount())
        return nullptr;
    return nearestSegment(m_model->lane(row.lane).segments, timeNs, m_controller->nowNs(),
                          static_cast<qint64>(kHoverSlackPx * m_geometry.nsPerPixel));
}

void TimelineView::paintEvent(QPaintEvent*)
{
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
    painter.restore();

    if (m_rows.empty()) {
        painter.setPen(palette().placeholderText().color());
        painter.drawText(rect().adjusted(20, kAxisHeight, -20, 0), Qt::AlignCenter | Qt::TextWordWrap,
                         m_controller->running()
                             ? tr("Nothing has run yet.\nInvoke a function (Ctrl+I) or start traffic (Ctrl+T): every "
                                  "execution environment gets a lane here, with its cold start and invocations.")
                             : tr("The engine is stopped.\nRun the project (F5), then invoke a function (Ctrl+I) or "
                                  "start traffic (Ctrl+T)."));
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
    for (const AxisTick& tick : axisTicks(m_geometry, wallAtZeroMs)) {
        const int x = timelineLeft() + static_cast<int>(m_geometry.xForTime(tick.timeNs));
        if (x < timelineLeft())
            continue;
        painter.drawLine(x, kAxisHeight - 5, x, kAxisHeight);
        painter.drawText(x + 3, kAxisHeight - 7, tick.label);
    }
    painter.restore();
}

void TimelineView::paintLane(QPainter& painter, const Row& row, const TimelineLane& lane)
{
    const int left = timelineLeft();
    painter.setPen(lane.endNs >= 0 ? palette().placeholderText().color() : palette().text().color());
    // Labels are laid out once and reused: text shaping would otherwise dominate a repaint.
    const QString label = QStringLiteral("  ") + (lane.provisioned ? QStringLiteral("P ") : QString()) +
                          lane.environmentId.left(8) + (lane.endNs >= 0 ? tr(" (stopped)") : QString());
    auto cached = m_labels.find(label);
    if (cached == m_labels.end()) {
        if (m_labels.size() > 4096)
            m_labels.clear();
        cached = m_labels.insert(label, QStaticText(label));
        cached->prepare(QTransform(), font());
    }
    painter.drawStaticText(6, row.y + (row.height - fontMetrics().height()) / 2, *cached);

    const qint64 now = m_controller->nowNs();
    const qint64 viewStart = m_geometry.viewStartNs;
    const int boxTop = row.y + 2;
    const int boxHeight = row.height - 4;
    // The environment's whole life, drawn as idle; segments go on top.
    const auto [lifeLeft, lifeRight] = m_geometry.pixelSpan(lane.startNs, lane.endNs < 0 ? now : lane.endNs);
    if (lifeLeft < lifeRight)
        painter.fillRect(left + std::max(lifeLeft, 0), boxTop + boxHeight / 3,
                         std::min(lifeRight, m_geometry.widthPx) - std::max(lifeLeft, 0), boxHeight / 3, kIdle);

    const auto& segments = lane.segments;
    auto it = std::partition_point(segments.begin(), segments.end(),
                                   [viewStart](const TimelineSegment& segment) { return segment.startNs < viewStart; });
    if (it != segments.begin())
        --it;
    int lastRight = -2;
    const qint64 viewEnd = m_geometry.viewEndNs();
    for (; it != segments.end() && it->startNs <= viewEnd;) {
        auto [x0, x1] = m_geometry.pixelSpan(it->startNs, it->endNs < 0 ? now : it->endNs);
        x0 = std::max(x0, lastRight);  // skip what lands on pixels already drawn
        if (x0 >= x1) {
            ++it;
            continue;
        }
        QColor color = it->kind == TimelineSegment::Kind::Init ? kInit : it->cold ? kColdInvoke : kWarm;
        if (it->timeout)
            color = kTimeout;
        else if (it->error)
            color = kError;
        x0 = std::max(x0, 0);
        x1 = std::min(x1, m_geometry.widthPx);
        if (x0 < x1)
            painter.fillRect(left + x0, boxTop, x1 - x0, boxHeight, color);
        if (it->faulted && x0 < x1) {
            // An experiment's doing: hatched over whatever colour the outcome has, and a dark top edge that
            // still shows when the invocation is a pixel or two wide.
            painter.fillRect(left + x0, boxTop, x1 - x0, boxHeight, QBrush(kFault, Qt::BDiagPattern));
            painter.fillRect(left + x0, boxTop, x1 - x0, 2, kFault);
        }
        if (it->stops) {
            // Time on a breakpoint, over the segment: it counts in the duration, not in the timeout.
            for (const auto& [stopStart, stopEnd] : it->stops->spans) {
                auto [s0, s1] = m_geometry.pixelSpan(stopStart, stopEnd < 0 ? now : stopEnd);
                s0 = std::max(s0, 0);
                s1 = std::min(std::max(s1, s0 + 1), m_geometry.widthPx);
                if (s0 < s1)
                    painter.fillRect(left + s0, boxTop + boxHeight / 4, s1 - s0, boxHeight / 2, kDebugStopped);
            }
        }
        if (!m_highlight.isEmpty() && it->requestId == m_highlight) {
            painter.setPen(QPen(palette().text().color(), 2));
            painter.drawRect(left + x0 - 3, boxTop - 2, std::max(x1 - x0, 1) + 5, boxHeight + 3);
        }
        lastRight = x1;
        // Segments ending on pixels already drawn add nothing: jump past them by binary search (an
        // environment's segments end in order), so a repaint costs per pixel, not per invocation — at
        // 5,000/s a zoomed-out lane holds thousands of segments per pixel column.
        const qint64 drawnUntil = m_geometry.timeForX(lastRight);
        it = std::partition_point(std::next(it), segments.end(), [drawnUntil](const TimelineSegment& segment) {
            return segment.endNs >= 0 && segment.endNs < drawnUntil;
        });
    }
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
    for (; it != throttles.end() && it->timeNs <= m_geometry.viewEndNs();) {
        const int column = static_cast<int>(m_geometry.xForTime(it->timeNs));
        const int x = timelineLeft() + column;
        // Markers on the column just drawn add nothing: jump to the next column by binary search (hundreds
        // of throttles a second land on one column when zoomed out).
        const qint64 nextColumn = m_geometry.timeForX(column + 1);
        const auto current = it;
        it = std::partition_point(std::next(it), throttles.end(),
                                  [nextColumn](const ThrottleMarker& marker) { return marker.timeNs < nextColumn; });
        if (x == lastX)
            continue;
        switch (current->kind) {
        case ThrottleMarker::Kind::Throttle:
            painter.setPen(kThrottle);
            painter.drawLine(x, row.y + 3, x, row.y + row.height - 3);
            break;
        case ThrottleMarker::Kind::Retry:  // a small amber triangle: "will be tried again"
            painter.setPen(kInit);
            painter.drawLine(x, row.y + 4, x + 3, row.y + row.height - 4);
            painter.drawLine(x, row.y + 4, x - 3, row.y + row.height - 4);
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
            painter.setPen(kHostWait);
            painter.drawLine(x - 3, row.y + 3, x + 3, row.y + 3);
            painter.drawLine(x - 3, row.y + row.height - 3, x + 3, row.y + row.height - 3);
            painter.drawLine(x - 3, row.y + 3, x + 3, row.y + row.height - 3);
            painter.drawLine(x + 3, row.y + 3, x - 3, row.y + row.height - 3);
            break;
        case ThrottleMarker::Kind::FailedBatch:
            painter.setPen(kError);
            painter.drawLine(x - 2, row.y + 4, x + 2, row.y + row.height - 4);
            painter.drawLine(x + 2, row.y + 4, x - 2, row.y + row.height - 4);
            break;
        }
        lastX = x;
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

QString TimelineView::faultWindowToolTip(const Row& row, qint64 timeNs) const
{
    const qint64 slack = static_cast<qint64>(kHoverSlackPx * m_geometry.nsPerPixel);
    const qint64 now = m_controller->nowNs();
    const auto wallClock = [this](qint64 ns) {
        return wallClockLabel(m_controller->wallAtZeroMs() + static_cast<double>(ns) / 1e6, 1'000'000);
    };
    QStringList lines;
    for (const FaultWindow& window : m_model->faultWindows()) {
        const qint64 end = window.endNs < 0 ? now : window.endNs;
        if (timeNs < window.startNs - slack || timeNs > end + slack || !window.functions.contains(row.function))
            continue;
        // Rich text like the segments' tooltips: names come from the user's template, so they are escaped.
        lines << tr("<b>%1 / %2</b> (%3): %4, %5–%6")
                     .arg(window.experimentId.toHtmlEscaped(), window.actionName.toHtmlEscaped(),
                          window.actionId.toHtmlEscaped(), window.status.toHtmlEscaped(), wallClock(window.startNs),
                          window.endNs < 0 ? tr("now") : wallClock(window.endNs));
    }
    return lines.join(QStringLiteral("<br>"));
}

void TimelineView::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ShiftModifier) {
        m_scroll->setValue(m_scroll->value() - event->angleDelta().y() / 2);
        return;
    }
    setFollowing(false);
    const double x = event->position().x() - timelineLeft();
    m_geometry.zoomAround(x, event->angleDelta().y() > 0 ? 1.25 : 0.8);
    Q_EMIT spanChanged(m_geometry.viewSpanNs());
    update();
}

void TimelineView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    m_dragging = true;
    m_dragStart = event->pos();
    m_dragViewStart = m_geometry.viewStartNs;
}

void TimelineView::mouseMoveEvent(QMouseEvent* event)
{
    if (m_dragging && (event->pos() - m_dragStart).manhattanLength() > 3) {
        setFollowing(false);
        m_geometry.viewStartNs = m_dragViewStart;
        m_geometry.panByPixels(event->pos().x() - m_dragStart.x());
        update();
        return;
    }
    const QString text = toolTipAt(event->pos());
    if (text.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

QString TimelineView::toolTipAt(const QPoint& position)
{
    if (m_rowsDirty)
        rebuildRows();
    const Row* row = rowAt(position.y());
    if (!row || position.x() < timelineLeft())
        return {};
    const qint64 timeNs = m_geometry.timeForX(position.x() - timelineLeft());
    const TimelineSegment* segment = segmentAt(*row, timeNs);
    if (!segment)
        return faultWindowToolTip(*row, timeNs);  // a function's row, or a lane between its invocations
    const TimelineLane& lane = m_model->lane(row->lane);
    const QString at = tr("<br>at %1").arg(wallClockLabel(m_controller->wallAtZeroMs() + static_cast<double>(segment->startNs) / 1e6,
                                                          1'000'000));
    QString text;
    if (segment->kind == TimelineSegment::Kind::Init) {
        text = tr("<b>INIT</b> (cold start) of %1<br>environment %2<br>%3")
                   .arg(lane.function, lane.environmentId,
                        segment->endNs < 0 ? tr("in progress") : milliseconds(segment->initDurationMs));
        if (segment->error)
            text += tr("<br><font color='#d03535'>%1</font>").arg(segment->errorType);
        if (segment->stops)
            text += tr("<br>stopped in the debugger %1 (last at %2)")
                        .arg(milliseconds(segment->stops->stoppedMs(m_controller->nowNs())),
                             segment->stops->lastLocation.toHtmlEscaped());
        text += at;
    } else {
        text = tr("<b>%1</b> %2<br>request %3<br>environment %4")
                   .arg(lane.function, segment->cold ? tr("cold") : tr("warm"), segment->requestId, lane.environmentId);
        if (segment->endNs >= 0) {
            text += tr("<br>duration %1, billed %2 ms, max memory %3 MB<br>cost $%4")
                        .arg(milliseconds(segment->durationMs))
                        .arg(segment->billedMs)
                        .arg(segment->maxMemoryMb)
                        .arg(segment->costUsd, 0, 'f', 10);
            if (segment->cold)
                text += tr("<br>init %1").arg(milliseconds(segment->initDurationMs));
            if (segment->error)
                text += tr("<br><font color='#d03535'>%1</font>").arg(segment->errorType);
        } else {
            text += tr("<br>running");
        }
        if (segment->faulted)
            text += tr("<br>fault: %1").arg(segment->faultEffect.toHtmlEscaped());
        if (segment->stops)
            text += tr("<br>stopped in the debugger %1 (last at %2)")
                        .arg(milliseconds(segment->stops->stoppedMs(m_controller->nowNs())),
                             segment->stops->lastLocation.toHtmlEscaped());
        text += at;
    }
    return text;
}

QStringList TimelineView::functionOrder()
{
    if (m_rowsDirty)
        rebuildRows();
    QStringList order;
    for (const Row& row : m_rows) {
        if (row.lane < 0)
            order << row.function;
    }
    return order;
}

void TimelineView::mouseReleaseEvent(QMouseEvent* event)
{
    const bool click = m_dragging && (event->pos() - m_dragStart).manhattanLength() <= 3;
    m_dragging = false;
    if (!click)
        return;
    const Row* row = rowAt(event->pos().y());
    if (row && row->lane < 0 && event->pos().x() < timelineLeft()) {
        setCollapsed(row->function, !m_collapsed.contains(row->function));
        return;
    }
    if (!row || event->pos().x() < timelineLeft())
        return;
    if (const auto* segment = segmentAt(*row, m_geometry.timeForX(event->pos().x() - timelineLeft()));
        segment && !segment->requestId.isEmpty())
        Q_EMIT requestActivated(segment->requestId);
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent*)
{
    m_highlight.clear();
    setFollowing(true);
}

void TimelineView::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_F:
        m_highlight.clear();
        setFollowing(!m_following);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        m_geometry.zoomAround(m_geometry.widthPx / 2.0, 1.5);
        Q_EMIT spanChanged(m_geometry.viewSpanNs());
        break;
    case Qt::Key_Minus:
        m_geometry.zoomAround(m_geometry.widthPx / 2.0, 1 / 1.5);
        Q_EMIT spanChanged(m_geometry.viewSpanNs());
        break;
    default: QWidget::keyPressEvent(event); return;
    }
    update();
}

}  // namespace lambdadesk::gui
