// SPDX-License-Identifier: MIT
#pragma once

#include <QMainWindow>

class QAction;
class QComboBox;
class QLabel;
class QMenu;
class QProgressBar;

namespace lambdadesk::gui {

class CoreController;
class EditorPanel;
class FunctionsPanel;
class InvokePanel;
class LogsPanel;
class MetricsPanel;
class QueuesPanel;
class TimelineView;
class TrafficPanel;

/// The desktop app's window: the timeline in the middle, dockable panels around it, menus with
/// IDE shortcuts, a status bar with the engine's state; layout and recent projects in QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(CoreController* controller, QWidget* parent = nullptr);

    /// Opens a project, reporting errors in a dialog unless `quiet`.
    bool openProject(const QString& path, bool quiet = false);
    [[nodiscard]] TimelineView* timelineView() const { return m_timeline; }
    [[nodiscard]] InvokePanel* invokePanel() const { return m_invoke; }

    /// Restores the window layout the user left (QSettings).
    void restoreLayout();
    /// Uses the default layout and never saves it (screenshots, tests).
    void useFreshLayout();

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
    void updateStatus();
    void updateRecentMenu();
    void rememberProject(const QString& path);
    void openCode(const QString& function);
    void showInvocation(const QString& requestId);

    CoreController* m_controller;
    TimelineView* m_timeline;
    FunctionsPanel* m_functions;
    InvokePanel* m_invoke;
    TrafficPanel* m_traffic;
    LogsPanel* m_logs;
    MetricsPanel* m_metrics;
    QueuesPanel* m_queues;
    EditorPanel* m_editor;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_stopAction = nullptr;
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
