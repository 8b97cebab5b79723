// SPDX-License-Identifier: MIT
#include "window_layout.h"

#include <QDockWidget>
#include <QMainWindow>

#include <algorithm>

namespace lambdadesk::gui {

DefaultDockSizes defaultDockSizes(QSize size)
{
    // The side columns take about a fifth of the width each, within what their tables and forms need;
    // the bottom row a little under a quarter of the height. On 1366×768 the timeline keeps ~760×430 px, on 1920×1080
    // ~1100×700.
    DefaultDockSizes sizes;
    sizes.leftWidth = std::clamp(size.width() * 20 / 100, 260, 440);
    sizes.rightWidth = std::clamp(size.width() * 20 / 100, 270, 440);
    sizes.bottomHeight = std::clamp(size.height() * 23 / 100, 160, 300);
    sizes.functionsHeight = std::max(size.height() * 45 / 100, 150);
    return sizes;
}

void applyDefaultLayout(QMainWindow* window, const WindowDocks& docks)
{
    const QList<QDockWidget*> all{docks.functions, docks.queues,  docks.theory, docks.invoke,
                                  docks.traffic,   docks.editor,  docks.logs,   docks.metrics,
                                  docks.debug,     docks.experiments, docks.console};
    for (QDockWidget* dock : all) {
        dock->setFloating(false);  // before removal: a removed dock keeps its floating state
        window->removeDockWidget(dock);
    }
    // The side columns run the full height; the bottom row sits under the timeline only.
    window->setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    window->setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    window->setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    window->setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    window->addDockWidget(Qt::LeftDockWidgetArea, docks.functions);
    window->addDockWidget(Qt::LeftDockWidgetArea, docks.queues);
    window->tabifyDockWidget(docks.queues, docks.theory);
    window->addDockWidget(Qt::RightDockWidgetArea, docks.invoke);
    window->tabifyDockWidget(docks.invoke, docks.traffic);
    window->tabifyDockWidget(docks.traffic, docks.experiments);  // faults beside the load they act on
    window->tabifyDockWidget(docks.experiments, docks.console);
    window->addDockWidget(Qt::BottomDockWidgetArea, docks.editor);
    window->addDockWidget(Qt::BottomDockWidgetArea, docks.logs);
    window->splitDockWidget(docks.editor, docks.logs, Qt::Horizontal);
    window->tabifyDockWidget(docks.logs, docks.metrics);
    window->tabifyDockWidget(docks.metrics, docks.debug);  // raised when a debugged function stops
    for (QDockWidget* dock : all)
        dock->show();
    docks.queues->raise();
    docks.invoke->raise();
    docks.logs->raise();

    const DefaultDockSizes sizes = defaultDockSizes(window->size());
    window->resizeDocks({docks.functions, docks.invoke}, {sizes.leftWidth, sizes.rightWidth}, Qt::Horizontal);
    window->resizeDocks({docks.editor}, {sizes.bottomHeight}, Qt::Vertical);
    window->resizeDocks({docks.functions}, {sizes.functionsHeight}, Qt::Vertical);
    const int bottomWidth = window->width() - sizes.leftWidth - sizes.rightWidth;
    window->resizeDocks({docks.editor, docks.logs}, {bottomWidth / 2, bottomWidth / 2}, Qt::Horizontal);
}

}  // namespace lambdadesk::gui
