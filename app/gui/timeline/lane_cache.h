// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/lane_runs.h"

#include <QStaticText>

#include <deque>

class QObject;
class QFont;

namespace lambdadesk::gui {

class TimelineModel;

/// What the timeline view keeps per lane between repaints: the lane's runs of closed segments and its laid-out
/// label. Kept row for row in step with the model through its signals: lanes come and go, a lane's oldest
/// segments leave, segments already taken change.
class LaneCache {
public:
    /// Follows `model`'s changes for as long as `context` lives.
    void connectTo(const TimelineModel* model, QObject* context);
    /// The runs of lane `row` (the painter brings them up to date with LaneRuns::update, knowing the zoom).
    LaneRuns& runs(int row);
    /// Lane `row`'s label ("  P 1a2b3c4d (stopped)"), laid out in `font` once per change of the lane's state.
    const QStaticText& label(int row, const QFont& font);
    /// Forgets the labels (the font changed).
    void clearLabels();
    /// Forgets everything.
    void clear();

private:
    struct Entry {
        LaneRuns runs;
        QStaticText label;
        int labelState = -1;  ///< -1 not laid out, else 1 while alive, 2 once stopped
    };
    Entry& entry(int row);

    const TimelineModel* m_model = nullptr;
    std::deque<Entry> m_entries;  ///< one per lane, in the model's row order
};

}  // namespace lambdadesk::gui
