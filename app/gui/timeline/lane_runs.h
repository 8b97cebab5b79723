// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QString>

#include <deque>

namespace lambdadesk::gui {

struct TimelineLane;
struct TimelineSegment;

/// The colour a segment's box is filled with (the view and its runs agree on it through this one function).
[[nodiscard]] QRgb segmentColour(const TimelineSegment& segment);

/// Consecutive closed segments of a lane that draw as one box: the same colour, each starting within `gapNs` of
/// the previous one's end. With `gapNs` under a pixel's time such segments cover every column between the first
/// one's start and the last one's end, so the run draws exactly what its segments would.
struct LaneRun {
    qint64 startNs = 0;      ///< the first segment's start
    qint64 lastStartNs = 0;  ///< the last segment's start: a box is at least a pixel wide from there
    qint64 endNs = 0;        ///< the last segment's end (ends come in order within a run)
    QRgb colour = 0;
    quint64 first = 0;  ///< the first segment, counted from the lane's first segment ever (see LaneRuns)
    int count = 0;
    /// Faulted, stopped in the debugger, or outlined: drawn with more than its box, so always a run of its own.
    bool overlay = false;
};

/// The runs of one lane's closed segments, kept between repaints. Closed segments do not change (the model only
/// completes open ones), so a repaint takes in the segments closed since the last one and visits runs instead of
/// every pixel column of a busy lane: at 5,000 invocations/s a lane is a handful of runs, not 1,450 columns.
/// The model's changes reach it through segmentsRemoved() (its trim drops a lane's oldest segments) and
/// segmentsChanged() (dataChanged of segments already taken).
class LaneRuns {
public:
    /// Takes in the lane's segments after those already taken, up to its first open one. `gapNs` is the largest
    /// gap merged (the view passes under half a pixel's time; another value forgets the runs and starts again);
    /// a segment of request `highlight` stays a run of its own, like a faulted or stopped one.
    void update(const TimelineLane& lane, qint64 gapNs, const QString& highlight);
    /// The lane's segments [first, last] (rows of the model) left; `lane` is the lane after the removal.
    void segmentsRemoved(int first, int last, const TimelineLane& lane);
    /// Segments from `row` on changed: the runs holding them are taken again on the next update().
    void segmentsChanged(int row);
    /// Forgets everything (a model reset, a new highlight).
    void clear();

    [[nodiscard]] const std::deque<LaneRun>& runs() const { return m_runs; }
    /// How many of the lane's segments (from its front) are in runs; the rest are painted one by one.
    [[nodiscard]] int taken() const { return static_cast<int>(m_taken - m_removed); }
    /// The segment a run starts with, as a row of the lane.
    [[nodiscard]] int row(const LaneRun& run) const { return static_cast<int>(run.first - m_removed); }

private:
    std::deque<LaneRun> m_runs;
    quint64 m_removed = 0;  ///< segments the lane lost from its front since the runs started counting
    quint64 m_taken = 0;    ///< the first segment not in a run (same count as LaneRun::first)
    qint64 m_gapNs = -1;
    QString m_highlight;
};

}  // namespace lambdadesk::gui
