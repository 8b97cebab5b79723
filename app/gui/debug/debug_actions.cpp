// SPDX-License-Identifier: MIT
#include "debug/debug_actions.h"

#include "debug/debug_controller.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
#include <QIcon>
#include <QStyle>
#include <QToolBar>
#include <QWidget>

#include <algorithm>

namespace lambdadesk::gui {
namespace {

QAction* makeAction(QWidget* window, const QString& text, const char* themeIcon, QStyle::StandardPixmap fallback,
                    const QKeySequence& shortcut, const QString& toolTip)
{
    auto* action = new QAction(text, window);
    action->setIcon(QIcon::fromTheme(QLatin1String(themeIcon), window->style()->standardIcon(fallback)));
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    action->setToolTip(shortcut.isEmpty()
                           ? toolTip
                           : QStringLiteral("%1 (%2)").arg(toolTip, shortcut.toString(QKeySequence::NativeText)));
    window->addAction(action);
    return action;
}

}  // namespace

DebugActions::DebugActions(DebugController* controller, QWidget* window) : QObject(window), m_controller(controller)
{
    startDebugging = makeAction(window, tr("Start &Debugging"), "debug-run", QStyle::SP_MediaPlay,
                                QKeySequence(Qt::Key_F5),
                                tr("Debug the editor's function (or the Invoke dock's): debug mode on, then invoke it with "
                                   "the Invoke dock's event"));
    continueRun = makeAction(window, tr("&Continue"), "debug-run", QStyle::SP_MediaPlay, QKeySequence(Qt::Key_F5),
                             tr("Continue the stopped function"));
    pause = makeAction(window, tr("&Pause"), "media-playback-pause", QStyle::SP_MediaPause, {},
                       tr("Stop the debugged function where it runs now"));
    stop = makeAction(window, tr("S&top Debugging"), "process-stop", QStyle::SP_BrowserStop,
                      QKeySequence(Qt::SHIFT | Qt::Key_F5),
                      tr("Kill the debugged process; its invocation fails as a crashed environment's does"));
    stepOver = makeAction(window, tr("Step &Over"), "debug-step-over", QStyle::SP_ArrowDown, QKeySequence(Qt::Key_F10),
                          tr("Run to the next line of this function"));
    stepInto = makeAction(window, tr("Step &Into"), "debug-step-into", QStyle::SP_ArrowRight,
                          QKeySequence(Qt::Key_F11), tr("Run into the function called on this line"));
    stepOut = makeAction(window, tr("Step O&ut"), "debug-step-out", QStyle::SP_ArrowUp,
                         QKeySequence(Qt::SHIFT | Qt::Key_F11), tr("Run until this function returns"));
    runToCursor = makeAction(window, tr("Run to &Cursor"), "debug-run-cursor", QStyle::SP_MediaSeekForward,
                             QKeySequence(Qt::CTRL | Qt::Key_F10), tr("Run until the line the editor's cursor is on"));
    toggleBreakpoint = makeAction(window, tr("Toggle &Breakpoint"), "debug-breakpoint", QStyle::SP_DialogApplyButton,
                                  QKeySequence(Qt::Key_F9), tr("Set or remove a breakpoint on the editor's current line"));
    attach = makeAction(window, tr("&Attach to Environment…"), "debug-attach", QStyle::SP_DialogOpenButton, {},
                        tr("Attach the debugger to a running environment of a native function (no restart)"));

    auto* exceptions = new QActionGroup(this);
    const auto exceptionChoice = [&](const QString& text, debugger::ExceptionStops stops) {
        auto* action = exceptions->addAction(text);
        action->setCheckable(true);
        connect(action, &QAction::triggered, controller, [controller, stops] { controller->setExceptionStops(stops); });
        return action;
    };
    exceptionsUncaught = exceptionChoice(tr("&Uncaught (leaving your code)"), debugger::ExceptionStops::Uncaught);
    exceptionsRaised = exceptionChoice(tr("&Raised in your code"), debugger::ExceptionStops::Raised);
    exceptionsNever = exceptionChoice(tr("&Never"), debugger::ExceptionStops::None);
    exceptionsUncaught->setChecked(true);  // the launcher's default
    for (QAction* action : exceptions->actions())
        action->setToolTip(tr("Python and Node functions: when the debugger stops on an exception (native functions "
                              "always stop on a crash); applies to environments that start from now on"));

    connect(continueRun, &QAction::triggered, controller, &DebugController::continueRun);
    connect(pause, &QAction::triggered, controller, &DebugController::pause);
    connect(stop, &QAction::triggered, controller, &DebugController::stopSession);
    connect(stepOver, &QAction::triggered, controller, &DebugController::stepOver);
    connect(stepInto, &QAction::triggered, controller, &DebugController::stepInto);
    connect(stepOut, &QAction::triggered, controller, &DebugController::stepOut);
    connect(controller, &DebugController::stateChanged, this, &DebugActions::update);
    update();
}

QList<QAction*> DebugActions::all() const
{
    return {startDebugging, continueRun, pause, stop, stepOver, stepInto, stepOut, runToCursor, toggleBreakpoint, attach};
}

QToolBar* DebugActions::createToolBar(QWidget* parent) const
{
    auto* bar = new QToolBar(tr("Debug"), parent);
    bar->setObjectName(QStringLiteral("debugToolbar"));  // for saveState/restoreState
    bar->addAction(continueRun);
    bar->addAction(pause);
    bar->addAction(stop);
    bar->addSeparator();
    bar->addAction(stepOver);
    bar->addAction(stepInto);
    bar->addAction(stepOut);
    bar->addAction(runToCursor);
    bar->addAction(toggleBreakpoint);
    bar->addSeparator();
    bar->addAction(attach);
    return bar;
}

QMenu* DebugActions::createExceptionsMenu(QWidget* parent) const
{
    auto* menu = new QMenu(tr("Stop on &Exceptions"), parent);
    menu->addActions({exceptionsUncaught, exceptionsRaised, exceptionsNever});
    return menu;
}

void DebugActions::shareShortcutsWith(const QList<QAction*>& others)
{
    for (QAction* other : others) {
        const bool known =
            std::any_of(m_shared.begin(), m_shared.end(), [&](const auto& shared) { return shared.first == other; });
        if (other && !known)
            m_shared.emplace_back(other, other->shortcut());
    }
    update();
}

void DebugActions::setStartAvailable(bool available)
{
    if (available == m_startAvailable)
        return;
    m_startAvailable = available;
    update();
}

void DebugActions::update()
{
    const bool stopped = m_controller->isStopped();
    const bool alive = m_controller->hasSession();
    // Continue and Start Debugging share F5: never enabled together, or Qt would trigger neither.
    startDebugging->setEnabled(m_startAvailable && !stopped);
    for (QAction* action : {continueRun, stepOver, stepInto, stepOut, runToCursor})
        action->setEnabled(stopped);
    pause->setEnabled(alive && !stopped);
    stop->setEnabled(alive);

    for (const auto& [other, key] : m_shared) {
        if (!other)
            continue;
        const auto mine = all();
        const bool taken = !key.isEmpty() && std::any_of(mine.begin(), mine.end(), [&](const QAction* action) {
            return action->isEnabled() && action->shortcut() == key;
        });
        other->setShortcut(taken ? QKeySequence() : key);
    }
}

}  // namespace lambdadesk::gui
