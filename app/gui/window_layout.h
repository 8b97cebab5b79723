// SPDX-License-Identifier: MIT
#pragma once

#include <QSize>

class QDockWidget;
class QMainWindow;

namespace lambdadesk::gui {

/// How much of the window the docks around the timeline take by default; the timeline gets the rest.
struct DefaultDockSizes {
    int leftWidth = 0;        ///< functions above queues / queue theory
    int rightWidth = 0;       ///< invoke, traffic and experiments
    int bottomHeight = 0;     ///< editor beside logs / metrics, under the timeline only
    int functionsHeight = 0;  ///< the functions table's share of the left column
};

/// The default sizes for a window of `size` (1366×768 and 1920×1080 are the cases designed for). Pure.
DefaultDockSizes defaultDockSizes(QSize size);

/// The docks the default layout places.
struct WindowDocks {
    QDockWidget* functions = nullptr;
    QDockWidget* queues = nullptr;
    QDockWidget* theory = nullptr;
    QDockWidget* invoke = nullptr;
    QDockWidget* traffic = nullptr;
    QDockWidget* editor = nullptr;
    QDockWidget* logs = nullptr;
    QDockWidget* metrics = nullptr;
    QDockWidget* debug = nullptr;
    QDockWidget* experiments = nullptr;
    QDockWidget* console = nullptr;
};

/// Puts every dock where the default layout has it, visible, and sizes the areas for the window's
/// current size (View → Reset Layout does this too).
void applyDefaultLayout(QMainWindow* window, const WindowDocks& docks);

}  // namespace lambdadesk::gui
