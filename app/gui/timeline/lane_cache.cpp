// SPDX-License-Identifier: MIT
#include "timeline/lane_cache.h"

#include "timeline/timeline_model.h"

#include <QCoreApplication>
#include <QFont>

namespace lambdadesk::gui {

void LaneCache::connectTo(const TimelineModel* model, QObject* context)
{
    m_model = model;
    clear();
    QObject::connect(model, &QAbstractItemModel::rowsInserted, context, [this](const QModelIndex& parent, int first, int last) {
        if (parent.isValid())
            return;  // a lane's new segments: taken by the next update
        if (first > static_cast<int>(m_entries.size())) {
            clear();
            return;
        }
        m_entries.insert(m_entries.begin() + first, static_cast<std::size_t>(last - first + 1), Entry{});
    });
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, context, [this](const QModelIndex& parent, int first, int last) {
        if (!parent.isValid()) {
            if (last >= static_cast<int>(m_entries.size())) {
                clear();
                return;
            }
            m_entries.erase(m_entries.begin() + first, m_entries.begin() + last + 1);
            return;
        }
        if (parent.row() < static_cast<int>(m_entries.size()))
            m_entries[static_cast<std::size_t>(parent.row())].runs.segmentsRemoved(first, last, m_model->lane(parent.row()));
    });
    QObject::connect(model, &QAbstractItemModel::dataChanged, context, [this](const QModelIndex& topLeft) {
        const QModelIndex parent = topLeft.parent();
        if (parent.isValid() && parent.row() < static_cast<int>(m_entries.size()))
            m_entries[static_cast<std::size_t>(parent.row())].runs.segmentsChanged(topLeft.row());
        // A lane's own change (stopped) shows in its label, which checks the lane's state when drawn.
    });
    QObject::connect(model, &QAbstractItemModel::modelReset, context, [this] { clear(); });
    QObject::connect(model, &QAbstractItemModel::layoutChanged, context, [this] { clear(); });
    QObject::connect(model, &QAbstractItemModel::rowsMoved, context, [this] { clear(); });
}

void LaneCache::clear()
{
    m_entries.clear();
    if (m_model)
        m_entries.resize(static_cast<std::size_t>(m_model->laneCount()));
}

void LaneCache::clearLabels()
{
    for (Entry& entry : m_entries)
        entry.labelState = -1;
}

LaneCache::Entry& LaneCache::entry(int row)
{
    // In step with the model through its signals; should a change have gone unannounced, start again.
    if (static_cast<int>(m_entries.size()) != m_model->laneCount())
        clear();
    return m_entries[static_cast<std::size_t>(row)];
}

LaneRuns& LaneCache::runs(int row)
{
    return entry(row).runs;
}

const QStaticText& LaneCache::label(int row, const QFont& font)
{
    Entry& cached = entry(row);
    const TimelineLane& lane = m_model->lane(row);
    const int state = lane.endNs >= 0 ? 2 : 1;
    if (cached.labelState != state) {
        // Laid out once per lane and state: shaping the text on every repaint would dominate it.
        const QString text = QStringLiteral("  ") + (lane.provisioned ? QStringLiteral("P ") : QString()) +
                             lane.environmentId.left(8) +
                             (state == 2 ? QCoreApplication::translate("lambdadesk::gui::TimelineView", " (stopped)")
                                         : QString());
        cached.label = QStaticText(text);
        cached.label.prepare(QTransform(), font);
        cached.labelState = state;
    }
    return cached.label;
}

}  // namespace lambdadesk::gui
