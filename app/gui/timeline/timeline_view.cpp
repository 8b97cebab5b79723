// SPDX-License-Identifier: MIT
// TimelineView: its rows (lanes grouped under their functions), zoom and pan, hover and clicks. The painting is in
// timeline_view_paint.cpp.
#include "timeline/timeline_view.h"

#include "core_controller.h"
#include "functions/function_list_model.h"
#include "timeline/timeline_axis.h"
#include "timeline/timeline_hit.h"
#include "timeline/timeline_model.h"

#include <QKeyEvent>
#include <QMap>
#include <QMouseEvent>
#include <QTimer>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>

namespace lambdadesk::gui {
namespace {

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
    m_lanes.connectTo(m_model, this);
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
        // Only when no batch repainted meanwhile: under traffic the batches keep the view moving, and a
        // tick on top of them would paint the whole timeline half as often again.
        if (m_following && (!m_sincePaint.isValid() || m_sincePaint.elapsed() >= 30))
            update();
    });
    ticker->start();
    connect(m_scroll, &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
}

int TimelineView::timelineLeft() const
{
    return kLabelWidth;
}

QString TimelineView::placeholderText()
{
    if (m_rowsDirty)
        rebuildRows();
    if (!m_rows.empty())
        return {};
    return m_controller->running()
               ? tr("Nothing has run yet.\nInvoke a function (Ctrl+I) or start traffic (Ctrl+T): every execution "
                    "environment gets a lane here, with its cold start and invocations.")
               : tr("The engine is stopped.\nRun the project (F5), then invoke a function (Ctrl+I) or start traffic "
                    "(Ctrl+T).");
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
    // Inside the view the scroll bar takes the right edge of the plot; laid out beside it, nothing.
    const bool inside = m_scroll->parentWidget() == this;
    const int scrollWidth = inside ? m_scroll->sizeHint().width() : 0;
    if (inside)
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
    if (m_scroll->parentWidget() == this)
        m_scroll->setVisible(content > visible);
    else
        m_scroll->setEnabled(content > visible);  // beside the view: shown or hidden, it would resize the plot
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

void TimelineView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::FontChange) {
        m_lanes.clearLabels();
        m_axisLabels.clear();
    }
    QWidget::changeEvent(event);
}

void TimelineView::setLaneRunsEnabled(bool enabled)
{
    m_laneRunsEnabled = enabled;
    update();
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
