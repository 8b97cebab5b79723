// SPDX-License-Identifier: MIT
#pragma once

#include "window_layout.h"

#include <QMainWindow>
#include <QStringList>

class QLabel;
class QMenu;
class QProgressBar;

namespace lambdadesk::gui {

class CoreController;
class DebugActions;
class DebugController;
class DebugDock;
class EditorLink;
class EditorPanel;
class ExperimentsDock;
class ConsolePanel;
class FunctionsPanel;
class InvokePanel;
class LogsPanel;
class MainActions;
class MetricsPanel;
class QueuesPanel;
class TemplateBanner;
class TimelinePanel;
class TimelineView;
class TrafficPanel;

/// The desktop app's window: the timeline in the centre, taking most of it; functions, queues, invoke,
/// traffic, fault experiments, editor, logs, metrics and the debugger as docks around it; a toolbar and
/// menus sharing MainActions; a banner while the template is broken; a status bar with the engine's
/// state. Layout and recent projects persist in QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(CoreController* controller, QWidget* parent = nullptr);

    /// Opens a project, reporting errors in a dialog unless `quiet`.
    bool openProject(const QString& path, bool quiet = false);
    [[nodiscard]] TimelineView* timelineView() const;
    [[nodiscard]] InvokePanel* invokePanel() const { return m_invoke; }
    [[nodiscard]] TemplateBanner* templateBanner() const { return m_banner; }
    [[nodiscard]] MainActions* actions() const { return m_actions; }
    [[nodiscard]] DebugActions* debugActions() const { return m_debugActions; }
    [[nodiscard]] const WindowDocks& docks() const { return m_docks; }

    /// Restores the window layout the user left (QSettings), or the default one.
    void restoreLayout();
    /// Uses the default layout and never saves it (screenshots, tests).
    void useFreshLayout();
    /// View → Reset Layout: every dock back in its default place, sized for the window.
    void resetLayout();
    /// Opens a function's handler source in the editor (and shows the editor).
    void openCode(const QString& function);
    /// Debug mode for a function: its next environments start under its debugger (LLDB, debugpy or the Node inspector).
    void setDebugMode(const QString& function, bool on);
    /// Invokes `function` with `event` (and the caller's client context, base64) under the debugger, from the Invoke
    /// panel (so its response shows there): "Debug" in the Invoke panel (a null `event`: the panel's own) and
    /// "Debug This Invocation" on an invocation.
    void debugInvocation(const QString& function, const QString& event, const QString& clientContext = {});
    /// Debug → Start Debugging (F5 while nothing is stopped): the function the editor shows (or, when its file is
    /// no function's, the Invoke dock's) in debug mode, invoked with the Invoke dock's event.
    void startDebugging();
    /// The function Start Debugging would debug; empty when there is none.
    [[nodiscard]] QString functionToDebug() const;
    /// The running environments of native functions, to attach the debugger to one (Debug > Attach).
    void offerEnvironmentsToAttach();
    /// Debug → Accept Editors: on asks for the port and starts the app's DAP server; off stops it.
    void acceptEditors(bool on);
    /// Adds a breakpoint to the project's set (FILE matches by path suffix).
    void addBreakpoint(const QString& file, int line);
    /// Loads a fault experiment template (FIS JSON) into the Experiments dock and starts it; false with `error`
    /// set when the file cannot be read, the project is stopped, or the template or the start is refused.
    bool startExperiment(const QString& file, QString* error);

    /// Where the bundled demo project is (built next to the app).
    static QString demoProjectPath();
    /// Copies the bundled demo without its state (.lambdadesk: queues, history) into `folder` and returns the
    /// copy's path, or "" when it could not: for tests and benchmarks that must not see earlier runs.
    static QString copyDemoProject(const QString& folder);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createDocks();
    void createMenus();
    void connectActions();
    void updateStatus();
    void updateRecentMenu();
    void rememberProject(const QString& path);
    void showInvocation(const QString& requestId);
    void projectReloaded(bool ok, const QString& message, const QStringList& changedFunctions);
    void confirmResetState();
    void showDock(QDockWidget* dock);
    void createDebugger();
    void createEditorLink();
    /// The functions an attached editor debugs now (empty: none): their debug marks and the dock's note.
    void editorChanged(const QStringList& functions);

    CoreController* m_controller;
    MainActions* m_actions;
    TimelinePanel* m_timeline;
    TemplateBanner* m_banner;
    FunctionsPanel* m_functions;
    InvokePanel* m_invoke;
    TrafficPanel* m_traffic;
    LogsPanel* m_logs;
    MetricsPanel* m_metrics;
    QueuesPanel* m_queues;
    EditorPanel* m_editor;
    DebugController* m_debug = nullptr;
    DebugActions* m_debugActions = nullptr;
    DebugDock* m_debugDock = nullptr;
    EditorLink* m_editorLink = nullptr;
    QAction* m_acceptEditors = nullptr;
    QStringList m_editorFunctions;
    ExperimentsDock* m_experiments = nullptr;
    ConsolePanel* m_console = nullptr;
    WindowDocks m_docks;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_engineState;
    QLabel* m_environments;
    QLabel* m_rate;
    QLabel* m_endpoint;
    QLabel* m_batch;
    QProgressBar* m_progress = nullptr;  ///< a long operation under way (CoreController::progress)
    qint64 m_lastBatchNs = 0;
    bool m_freshLayout = false;
};

}  // namespace lambdadesk::gui
