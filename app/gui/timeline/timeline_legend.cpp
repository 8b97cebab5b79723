// SPDX-License-Identifier: MIT
#include "timeline/timeline_legend.h"

#include "timeline/timeline_colors.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

namespace lambdadesk::gui {
namespace {

constexpr int kSwatch = 12;
constexpr int kGap = 14;
constexpr int kRowGap = 3;

}  // namespace

TimelineLegend::TimelineLegend(QWidget* parent) : QWidget(parent)
{
    using namespace timeline_colors;
    setObjectName(QStringLiteral("timelineLegend"));
    m_entries = {
        {Glyph::Box, kInit, tr("INIT (cold start)"), tr("An environment starting: spawn to its first /next")},
        {Glyph::Box, kColdInvoke, tr("first invoke"), tr("The invocation that waited for the cold start")},
        {Glyph::Box, kWarm, tr("warm invoke"), tr("An invocation on an environment that was already initialized")},
        {Glyph::Box, kError, tr("error"), tr("The function failed (handled or unhandled error, crash)")},
        {Glyph::Box, kDebugStopped, tr("stopped in debugger"),
         tr("Time the process sat on a breakpoint: counted in the duration, not in the timeout")},
        {Glyph::Box, kTimeout, tr("timeout"), tr("Sandbox.Timedout: the function ran past its timeout")},
        {Glyph::Hatch, kFault, tr("fault"),
         tr("An invocation a fault experiment changed (delayed, failed, crashed, timed out, started cold); hover it "
            "for the effect and the experiment")},
        {Glyph::Box, kFaultWindow, tr("fault window"),
         tr("On a function's row, and faintly behind its lanes: while an experiment's action acted on the function, "
            "from its start to its end (or now while it runs); hover it for the experiment, the action and its "
            "status")},
        {Glyph::Idle, kIdle, tr("idle"), tr("The environment is alive and waiting for work")},
        {Glyph::Tick, kThrottle, tr("throttle"), tr("On a function's row: TooManyRequestsException")},
        {Glyph::Caret, kInit, tr("retry"), tr("On a function's row: an async event will be tried again")},
        {Glyph::Cross, kError, tr("failed batch"), tr("On a function's row: an event source batch failed")},
        {Glyph::Square, palette().text().color(), tr("DLQ / on-failure"),
         tr("On a function's row: an event went to a dead-letter queue or failure destination")},
        {Glyph::Reload, kReload, tr("reload"), tr("On a function's row: its code or configuration was reloaded")},
        {Glyph::HourGlass, kHostWait, tr("waiting for host"),
         tr("On a function's row: a cold start held back because this machine already runs its share of INITs "
            "(a local deviation from AWS; see Host capacity in the user guide)")},
    };
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
}

std::vector<QRect> TimelineLegend::layoutFor(int width) const
{
    std::vector<QRect> rects;
    const int rowHeight = std::max(kSwatch, fontMetrics().height());
    int x = 0;
    int y = 0;
    for (const Entry& entry : m_entries) {
        const int entryWidth = kSwatch + 4 + fontMetrics().horizontalAdvance(entry.label);
        if (x > 0 && x + entryWidth > width) {
            x = 0;
            y += rowHeight + kRowGap;
        }
        rects.emplace_back(x, y, entryWidth, rowHeight);
        x += entryWidth + kGap;
    }
    return rects;
}

int TimelineLegend::heightForWidth(int width) const
{
    const auto rects = layoutFor(width);
    return rects.empty() ? 0 : rects.back().bottom() + 1;
}

QSize TimelineLegend::sizeHint() const
{
    const auto rects = layoutFor(QWIDGETSIZE_MAX);
    return rects.empty() ? QSize() : QSize(rects.back().right() + 1, rects.back().bottom() + 1);
}

QSize TimelineLegend::minimumSizeHint() const
{
    return {kSwatch * 8, heightForWidth(kSwatch * 8)};
}

void TimelineLegend::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const auto rects = layoutFor(width());
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const Entry& entry = m_entries[i];
        const QRect& rect = rects[i];
        const QRect swatch(rect.left(), rect.center().y() - kSwatch / 2, kSwatch, kSwatch);
        painter.setPen(QPen(entry.color, 2));
        switch (entry.glyph) {
        case Glyph::Box: painter.fillRect(swatch, entry.color); break;
        case Glyph::Idle: painter.fillRect(swatch.adjusted(0, kSwatch / 3, 0, -kSwatch / 3), entry.color); break;
        case Glyph::Tick: painter.drawLine(swatch.center().x(), swatch.top(), swatch.center().x(), swatch.bottom()); break;
        case Glyph::Caret:
            painter.drawLine(swatch.center().x(), swatch.top(), swatch.left() + 2, swatch.bottom());
            painter.drawLine(swatch.center().x(), swatch.top(), swatch.right() - 2, swatch.bottom());
            break;
        case Glyph::Cross:
            painter.drawLine(swatch.topLeft() + QPoint(2, 2), swatch.bottomRight() - QPoint(2, 2));
            painter.drawLine(swatch.topRight() + QPoint(-2, 2), swatch.bottomLeft() + QPoint(2, -2));
            break;
        case Glyph::Square: painter.fillRect(swatch.adjusted(3, 1, -3, -1), entry.color); break;
        case Glyph::HourGlass:
            painter.drawLine(swatch.topLeft(), swatch.topRight());
            painter.drawLine(swatch.bottomLeft(), swatch.bottomRight());
            painter.drawLine(swatch.topLeft(), swatch.bottomRight());
            painter.drawLine(swatch.topRight(), swatch.bottomLeft());
            break;
        case Glyph::Reload:
            painter.drawLine(swatch.center().x(), swatch.top(), swatch.center().x(), swatch.bottom());
            painter.fillRect(QRect(swatch.center().x() - 3, swatch.top(), 7, 4), entry.color);
            break;
        case Glyph::Hatch:  // as on a lane: a hatched warm invoke with a dark top edge
            painter.fillRect(swatch, timeline_colors::kWarm);
            painter.fillRect(swatch, QBrush(entry.color, Qt::BDiagPattern));
            painter.fillRect(QRect(swatch.left(), swatch.top(), swatch.width(), 2), entry.color);
            break;
        }
        painter.setPen(palette().text().color());
        painter.drawText(rect.adjusted(kSwatch + 4, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, entry.label);
    }
}

bool TimelineLegend::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const auto rects = layoutFor(width());
        for (std::size_t i = 0; i < rects.size(); ++i) {
            if (rects[i].contains(help->pos())) {
                QToolTip::showText(help->globalPos(), m_entries[i].toolTip, this);
                return true;
            }
        }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

}  // namespace lambdadesk::gui
