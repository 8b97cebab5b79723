// SPDX-License-Identifier: MIT
// The window's part of debugging: the Debug dock and its controller, the Debug menu and keys, the engine's
// launcher, and what follows a stop (the dock raised, the editor at the stopped line).
#include "main_window.h"

#include "core_controller.h"
#include "debug/breakpoint_marks.h"
#include "debug/debug_actions.h"
#include "debug/debug_controller.h"
#include "debug/debug_dock.h"
#include "debug_launcher.h"
#include "editor/editor_panel.h"
#include "functions/functions_panel.h"
#include "invoke/invoke_panel.h"
#include "main_actions.h"
#include "timeline/timeline_model.h"

#include <QAction>
#include <QCursor>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

namespace lambdadesk::gui {

void MainWindow::createDebugger()
{
    m_debug = new DebugController(this);
    // Every engine this window starts launches through the debugger's launcher; only functions in debug
    // mode are launched under LLDB, the rest spawn as before.
    m_controller->setLauncher(m_debug->launcher());
    m_debugActions = new DebugActions(m_debug, this);
    m_debugActions->shareShortcutsWith({m_actions->run, m_actions->stop});  // F5 / Shift+F5 while debugging
    m_debugDock = new DebugDock(m_debug, m_debugActions, this);
    m_debugDock->followLog(m_controller->logs());

    // The gutter draws the controller's breakpoints (the book joined with what LLDB made of each) and asks the
    // controller to toggle; the editor keeps none of its own.
    m_editor->setBreakpointMarkSource(
        [this](const QString& path) { return breakpointMarks(*m_debug->breakpoints(), path); });
    connect(m_editor, &EditorPanel::breakpointToggleRequested, m_debug, &DebugController::toggleBreakpoint);
    connect(m_debug, &DebugController::breakpointsChanged, m_editor, &EditorPanel::refreshBreakpointMarks);
    connect(m_debug, &DebugController::frameSelected, m_editor, &EditorPanel::setExecutionLine);
    connect(m_debug, &DebugController::stateChanged, m_editor, [this] {
        m_editor->setRunToLineEnabled(m_debug->isStopped());
        if (!m_debug->isStopped())
            m_editor->setExecutionLine({}, 0);
    });
    connect(m_editor, &EditorPanel::runToLineRequested, m_debug, &DebugController::runToLine);
    connect(m_debugActions->attach, &QAction::triggered, this, &MainWindow::offerEnvironmentsToAttach);
    connect(m_debugActions->startDebugging, &QAction::triggered, this, &MainWindow::startDebugging);
    connect(m_debugActions->toggleBreakpoint, &QAction::triggered, this, [this] {
        if (m_editor->currentFile().isEmpty())
            statusBar()->showMessage(tr("Toggle Breakpoint: open a file and put the cursor on a line first"), 8000);
        else
            m_debug->toggleBreakpoint(m_editor->currentFile(), m_editor->currentLine());
    });
    // Start Debugging follows the engine and the function the editor shows (the status timer catches the rest).
    const auto updateStart = [this] {
        m_debugActions->setStartAvailable(m_controller->running() && !functionToDebug().isEmpty());
    };
    connect(m_controller, &CoreController::runningChanged, this, updateStart);
    connect(m_editor, &EditorPanel::currentFileChanged, this, updateStart);
    connect(m_debugActions->runToCursor, &QAction::triggered, this, [this] {
        if (m_editor->currentFile().isEmpty())
            statusBar()->showMessage(tr("Run to Cursor: open the file and put the cursor on a line first"), 8000);
        else
            m_debug->runToLine(m_editor->currentFile(), m_editor->currentLine());
    });
    connect(m_debug, &DebugController::stopped, this,
            [this](const QString& file, int line, const QString& function, const QString& reason) {
                showDock(m_docks.debug);
                statusBar()->showMessage(tr("%1 stopped (%2) at line %3").arg(function, reason).arg(line), 8000);
                if (!file.isEmpty() && m_editor->openFile(file)) {
                    showDock(m_docks.editor);
                    m_editor->goToLine(line);
                }
            });
    connect(m_debugDock, &DebugDock::openSourceRequested, this, [this](const QString& file, int line) {
        if (m_editor->openFile(file)) {
            m_editor->goToLine(line);
            showDock(m_docks.editor);
        }
    });
    connect(m_debug, &DebugController::errorOccurred, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    connect(m_controller, &CoreController::projectOpened, this, [this] {
        if (const auto* project = m_controller->project()) {
            const auto state = project->rootDir / ".lambdadesk";
            m_debug->loadBreakpoints(QString::fromStdString((state / "breakpoints.json").string()));
            m_debug->loadWatches(QString::fromStdString((state / "watches.json").string()));
        }
    });
    connect(m_functions, &FunctionsPanel::debugModeRequested, this, &MainWindow::setDebugMode);
    connect(m_functions, &FunctionsPanel::debugRequested, this, [this](const QString& function) {
        if (!m_debug->isDebugged(function))
            setDebugMode(function, true);
        m_invoke->setFunction(function);
        showDock(m_docks.invoke);
    });
    connect(m_invoke, &InvokePanel::debugRequested, this, [this](const QString& function) {
        debugInvocation(function, QString());  // the panel's own event
    });
}

void MainWindow::setDebugMode(const QString& function, bool on)
{
    m_debug->setDebugged(function, on);
    m_functions->setDebugged(function, on);
    // Only new environments start under (or without) the debugger: a reload retires the idle ones and restarts
    // provisioned ones, so the next invocation runs in a process launched the new way.
    m_controller->reloadFunction(function);
    statusBar()->showMessage(on ? tr("%1 in debug mode: its next environments start under its debugger (LLDB, debugpy or the Node inspector)").arg(function)
                                : tr("%1 left debug mode").arg(function),
                             8000);
}

void MainWindow::debugInvocation(const QString& function, const QString& event, const QString& clientContext)
{
    if (!m_debug->isDebugged(function)) {
        setDebugMode(function, true);
        if (!m_debug->isDebugged(function))
            return;  // refused; setDebugMode said why
    }
    m_invoke->setFunction(function);
    if (!event.isNull()) {
        m_invoke->setEventText(event);
        m_invoke->setClientContext(clientContext);
    }
    showDock(m_docks.invoke);
    m_invoke->invoke();
}

QString MainWindow::functionToDebug() const
{
    const QString function = m_editor->currentFunction();
    return function.isEmpty() ? m_invoke->currentFunction() : function;
}

void MainWindow::startDebugging()
{
    const QString function = functionToDebug();
    if (!m_controller->running() || function.isEmpty()) {
        statusBar()->showMessage(tr("Start Debugging: run the project (F5) and open a function's code first"), 8000);
        return;
    }
    debugInvocation(function, QString());  // the Invoke dock's event
}

void MainWindow::offerEnvironmentsToAttach()
{
    // The timeline knows every environment and its process; only live native ones can take LLDB.
    QMenu menu(this);
    const TimelineModel* timeline = m_controller->timeline();
    const auto* project = m_controller->project();
    for (int row = 0; row < timeline->laneCount(); ++row) {
        const TimelineLane& lane = timeline->lane(row);
        const auto* config = project ? project->findFunction(lane.function.toStdString()) : nullptr;
        if (lane.endNs >= 0 || lane.pid <= 0 || !config || config->runtime.rfind("provided", 0) != 0)
            continue;
        const int pid = lane.pid;
        menu.addAction(tr("%1 · %2 · pid %3").arg(lane.function, lane.environmentId).arg(pid), this,
                       [this, pid] { m_debug->attach(pid); });
    }
    if (menu.isEmpty())
        menu.addAction(tr("No running environment of a native function"))->setEnabled(false);
    menu.exec(QCursor::pos());
}

void MainWindow::addBreakpoint(const QString& file, int line)
{
    m_debug->addBreakpoint(file, line);
}

}  // namespace lambdadesk::gui
