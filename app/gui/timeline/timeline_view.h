// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/axis_labels.h"
#include "timeline/lane_cache.h"
#include "timeline/segment_boxes.h"
#include "timeline/timeline_geometry.h"

#include <QElapsedTimer>
#include <QRect>
#include <QSet>
#include <QStaticText>
#include <QWidget>

#include <vector>

class QScrollBar;

namespace lambdadesk::gui {

class CoreController;
class TimelineModel;
struct TimelineLane;
struct TimelineSegment;

/// The timeline: one lane per execution environment, grouped under its function's row (where
/// throttles are marked, and fault experiments' action windows drawn as bands); INIT, INVOKE and idle
/// segments; errors and timeouts marked. Wheel zooms
/// around the cursor, dragging pans, F or a double click returns to live follow mode; hovering
/// shows a request's figures and a click opens it.
class TimelineView : public QWidget {
    Q_OBJECT

public:
    explicit TimelineView(CoreController* controller, QWidget* parent = nullptr);

    [[nodiscard]] bool following() const { return m_following; }
    void setFollowing(bool following);
    [[nodiscard]] const TimelineGeometry& geometry() const { return m_geometry; }
    /// Sets the visible time span (e.g. from a window selector).
    void setSpanNs(qint64 spanNs);
    /// Folds a function's lanes into its header row (a click on the function's name does the same).
    void setCollapsed(const QString& function, bool collapsed);
    [[nodiscard]] bool collapsed(const QString& function) const { return m_collapsed.contains(function); }
    /// The functions in the order the rows show them (for tests and the legend of reloads).
    [[nodiscard]] QStringList functionOrder();
    /// The lanes' vertical scroll bar. It starts as the view's child; a panel may lay it out beside the view
    /// instead (TimelinePanel does), so that repainting the view after every batch does not repaint the scroll
    /// bar as well: a child is repainted with its parent, and Fusion's scroll bar costs about as much to draw
    /// as a busy lane.
    [[nodiscard]] QScrollBar* verticalScrollBar() const { return m_scroll; }
    /// The height of the time axis above the lanes (where a scroll bar laid out beside the view starts).
    [[nodiscard]] static int axisHeight() { return kAxisHeight; }
    /// Where the plot starts: left of it are the lane labels.
    [[nodiscard]] int timelineLeft() const;
    /// What the timeline says while it has no row (what to do first, engine stopped or running); "" once it has.
    [[nodiscard]] QString placeholderText();
    /// What a hover at this point shows, or "" (for tests: the same text the tooltip gets).
    [[nodiscard]] QString toolTipAt(const QPoint& position);
    /// Stops following, centres the view on a request's invocation and outlines it; false when the
    /// request is no longer in the timeline's history.
    bool revealRequest(const QString& requestId);
    /// Off: every lane is painted segment by segment, as before LaneRuns (for tests comparing the two pictures).
    void setLaneRunsEnabled(bool enabled);

Q_SIGNALS:
    void requestActivated(const QString& requestId);
    void followingChanged(bool following);
    /// The visible span changed by zooming (wheel, + / -), so a window selector can follow.
    void spanChanged(qint64 spanNs);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    static constexpr int kLabelWidth = 130;
    static constexpr int kHoverSlackPx = 4;  ///< a 1-pixel invocation is hard to hit: the nearest within this many
    static constexpr int kAxisHeight = 22;
    static constexpr int kFunctionRowHeight = 20;
    static constexpr int kLaneHeight = 14;

    /// A row on screen: a function header (lane = -1) or an environment lane.
    struct Row {
        QString function;
        int lane = -1;
        int y = 0;
        int height = 0;
        int environments = 0;  ///< on a function's row: its lanes, shown when they are folded
    };

    void rebuildRows();
    void updateScrollRange();
    const Row* rowAt(int y) const;
    const TimelineSegment* segmentAt(const Row& row, qint64 timeNs) const;
    void paintAxis(class QPainter& painter);
    void paintLane(QPainter& painter, const Row& row, const TimelineLane& lane);
    /// What goes over the segments' boxes once they are filled (see m_overlays).
    void paintOverlays(QPainter& painter);
    void paintThrottles(QPainter& painter, const Row& row);
    /// Bands of the fault windows on a function's row (and fainter behind its lanes), under everything else.
    void paintFaultWindows(QPainter& painter, const Row& row);
    /// The fault windows of the row's function around `timeNs`, one line each; "" when none.
    QString faultWindowToolTip(const Row& row, qint64 timeNs) const;

    CoreController* m_controller;
    TimelineModel* m_model;
    TimelineGeometry m_geometry;
    QScrollBar* m_scroll;
    std::vector<Row> m_rows;
    bool m_rowsDirty = true;
    QString m_highlight;  ///< request outlined after revealRequest
    AxisLabels m_axisLabels;  ///< the time axis's labels on screen, laid out
    LaneCache m_lanes;  ///< per lane: runs of closed segments and the laid-out label
    bool m_laneRunsEnabled = true;
    SegmentBoxes m_boxes;  ///< one repaint's segment boxes, filled by colour after the rows
    /// A segment drawn with more than its box (hatched by an experiment, stopped in the debugger, outlined),
    /// drawn after the boxes are filled; few per repaint.
    struct Overlay {
        const TimelineSegment* segment = nullptr;
        int x = 0;
        int width = 0;
        int top = 0;
        int height = 0;
    };
    std::vector<Overlay> m_overlays;
    std::vector<QRect> m_throttleBars;  ///< one function row's throttle markers, drawn with one drawRects()
    /// One function row's retry, host-wait and failed-batch markers, each kind drawn with one drawLines().
    struct MarkerStrokes {
        std::vector<QLine> retries;
        std::vector<QLine> hostWaits;
        std::vector<QLine> failedBatches;
    } m_markerStrokes;
    QSet<QString> m_collapsed;
    bool m_following = true;
    QElapsedTimer m_sincePaint;  ///< since the last paintEvent (the follow ticker leaves the view alone if recent)
    bool m_dragging = false;
    QPoint m_dragStart;
    qint64 m_dragViewStart = 0;
};

}  // namespace lambdadesk::gui
