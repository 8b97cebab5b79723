// SPDX-License-Identifier: MIT
#include "timeline/timeline_panel.h"

#include "timeline/timeline_legend.h"
#include "timeline/timeline_view.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace lambdadesk::gui {
namespace {

constexpr int kCustomSpanIndex = 0;  // the selector's first entry shows a span reached by zooming

QString spanLabel(double seconds)
{
    if (seconds >= 60)
        return QObject::tr("%1 min").arg(seconds / 60, 0, 'g', 3);
    if (seconds >= 1)
        return QObject::tr("%1 s").arg(seconds, 0, 'g', 3);
    return QObject::tr("%1 ms").arg(seconds * 1e3, 0, 'g', 3);
}

}  // namespace

TimelinePanel::TimelinePanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_view(new TimelineView(controller, this)), m_legend(new TimelineLegend(this)),
      m_span(new QComboBox(this)), m_follow(new QAction(tr("Follow Live"), this))
{
    m_span->setObjectName(QStringLiteral("timelineSpan"));
    m_span->addItem(QString(), 0.0);  // custom: filled when zooming lands between the entries
    for (const double seconds : {1.0, 5.0, 10.0, 30.0, 60.0, 300.0})
        m_span->addItem(spanLabel(seconds), seconds);
    m_span->setCurrentIndex(3);
    if (auto* list = qobject_cast<QListView*>(m_span->view()))
        list->setRowHidden(kCustomSpanIndex, true);  // offered only while it shows a zoomed span
    m_span->setToolTip(tr("How much time the timeline shows; the mouse wheel zooms around the cursor"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setShortcut(Qt::Key_F);
    m_follow->setToolTip(tr("Keep the newest time at the right edge (F; a double click on the timeline too)"));

    auto* followButton = new QToolButton(this);
    followButton->setDefaultAction(m_follow);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_legend, 1);
    bar->addWidget(new QLabel(tr("Window:"), this));
    bar->addWidget(m_span);
    bar->addWidget(followButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addLayout(bar);
    // The lanes' scroll bar beside the view rather than inside it: repainting the view after every batch
    // then leaves the scroll bar alone (see TimelineView::verticalScrollBar).
    auto* plot = new QHBoxLayout;
    plot->setContentsMargins(0, 0, 0, 0);
    plot->setSpacing(0);
    plot->addWidget(m_view, 1);
    auto* scrollColumn = new QVBoxLayout;
    scrollColumn->setContentsMargins(0, TimelineView::axisHeight(), 0, 0);
    scrollColumn->addWidget(m_view->verticalScrollBar());
    plot->addLayout(scrollColumn);
    layout->addLayout(plot, 1);

    connect(m_span, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index != kCustomSpanIndex)
            m_view->setSpanNs(static_cast<qint64>(m_span->itemData(index).toDouble() * 1e9));
    });
    m_view->setSpanNs(10'000'000'000);
    connect(m_view, &TimelineView::spanChanged, this, &TimelinePanel::showSpan);
    connect(m_follow, &QAction::toggled, m_view, &TimelineView::setFollowing);
    connect(m_view, &TimelineView::followingChanged, m_follow, &QAction::setChecked);
}

void TimelinePanel::showSpan(qint64 spanNs)
{
    const double seconds = static_cast<double>(spanNs) / 1e9;
    const QSignalBlocker blocker(m_span);  // showing the span must not set it again
    for (int index = 1; index < m_span->count(); ++index) {
        const double entry = m_span->itemData(index).toDouble();
        if (std::abs(entry - seconds) <= entry * 0.02) {
            m_span->setCurrentIndex(index);
            return;
        }
    }
    m_span->setItemText(kCustomSpanIndex, spanLabel(seconds));
    m_span->setItemData(kCustomSpanIndex, seconds);
    m_span->setCurrentIndex(kCustomSpanIndex);
}

}  // namespace lambdadesk::gui
