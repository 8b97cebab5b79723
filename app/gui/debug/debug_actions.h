// SPDX-License-Identifier: MIT
#pragma once

#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QPointer>

#include <utility>
#include <vector>

class QAction;
class QMenu;
class QToolBar;
class QWidget;

namespace lambdadesk::gui {

class DebugController;

/// The debugger's run controls, one QAction each with the shortcuts IDEs use (Start Debugging and Continue F5,
/// Stop Shift+F5, Step Over F10, Step Into F11, Step Out Shift+F11, Run to Cursor Ctrl+F10, Toggle Breakpoint F9);
/// the Debug dock's toolbar and the main window's menus share them. They trigger the controller's slots and are
/// enabled from its state: the steps and Continue while the current process is stopped, Pause while it runs, Stop
/// while a debugged process is alive, Start Debugging while nothing is stopped and the window has a function to
/// debug (setStartAvailable), so F5 starts or continues, never both.
class DebugActions : public QObject {
    Q_OBJECT

public:
    /// The actions are added to `window`, so their shortcuts work while any of its widgets has focus.
    DebugActions(DebugController* controller, QWidget* window);

    /// F5 while nothing is stopped: the window puts its function in debug mode and invokes it (it connects this).
    QAction* startDebugging;
    QAction* continueRun;
    QAction* pause;
    QAction* stop;
    QAction* stepOver;
    QAction* stepInto;
    QAction* stepOut;
    /// Needs to know where the cursor is, which the controller does not: the window connects it.
    QAction* runToCursor;
    /// F9: a breakpoint on the editor's current line, or off it; the window connects it (it knows the editor).
    QAction* toggleBreakpoint;
    /// "Attach to Environment…": the window offers the running environments to choose from.
    QAction* attach;
    /// Python and Node: when the debugger stops on an exception; one of the three is checked.
    QAction* exceptionsUncaught;
    QAction* exceptionsRaised;
    QAction* exceptionsNever;

    [[nodiscard]] QList<QAction*> all() const;
    QToolBar* createToolBar(QWidget* parent) const;
    /// "Stop on Exceptions" with its three choices, for the Debug menu.
    QMenu* createExceptionsMenu(QWidget* parent) const;

    /// Other actions of the window with the same keys (MainActions' Run is F5, its Stop Shift+F5). Two enabled
    /// actions on one key make Qt trigger neither, so while a debug action is enabled it takes the key and the
    /// other action loses it; the other gets its key back when the debug action is disabled. The keys the others
    /// have now are the ones given back.
    void shareShortcutsWith(const QList<QAction*>& others);

    /// Whether Start Debugging has something to start (the engine runs and the window names a function).
    void setStartAvailable(bool available);

private:
    void update();

    DebugController* m_controller;
    bool m_startAvailable = false;
    std::vector<std::pair<QPointer<QAction>, QKeySequence>> m_shared;  ///< another action and its own key
};

}  // namespace lambdadesk::gui
