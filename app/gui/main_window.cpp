// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "core_controller.h"
#include "debug/debug_actions.h"
#include "debug/debug_dock.h"
#include "editor/editor_panel.h"
#include "console/console_panel.h"
#include "experiments/experiments_dock.h"
#include "functions/function_list_model.h"
#include "functions/functions_panel.h"
#include "invoke/invoke_panel.h"
#include "logs/logs_panel.h"
#include "main_actions.h"
#include "metrics/metrics_model.h"
#include "metrics/metrics_panel.h"
#include "queues/queues_panel.h"
#include "template_banner.h"
#include "theory/queue_theory_panel.h"
#include "timeline/invocation_details.h"
#include "timeline/timeline_panel.h"
#include "timeline/timeline_view.h"
#include "traffic/traffic_panel.h"

#include <filesystem>

#include <QActionGroup>
#include <QClipboard>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace lambdadesk::gui {
namespace {

constexpr int kRecentProjects = 8;
// Bumped when the docks change place, so a layout saved by an older version is not restored over them.
constexpr int kLayoutVersion = 4;

/// A dock whose content scrolls when the dock is smaller than the content's minimum size: forms never
/// force the window's minimum size up (item views scroll by themselves and go in directly).
QDockWidget* dock(QMainWindow* window, const QString& title, const QString& name, QWidget* content, bool scrolls)
{
    auto* widget = new QDockWidget(title, window);
    widget->setObjectName(name);  // for saveState/restoreState
    if (scrolls) {
        auto* area = new QScrollArea(widget);
        area->setWidgetResizable(true);
        area->setFrameShape(QFrame::NoFrame);
        area->setWidget(content);
        widget->setWidget(area);
    } else {
        widget->setWidget(content);
    }
    return widget;
}

}  // namespace

QString MainWindow::demoProjectPath()
{
    return QStringLiteral(LAMBDADESK_DEMO_DIR);
}

QString MainWindow::copyDemoProject(const QString& folder)
{
    namespace fs = std::filesystem;
    const fs::path target = fs::path(folder.toStdString()) / "demo";
    std::error_code error;
    fs::copy(demoProjectPath().toStdString(), target, fs::copy_options::recursive, error);
    if (error)
        return {};
    fs::remove_all(target / ".lambdadesk", error);
    return QString::fromStdString(target.string());
}

MainWindow::MainWindow(CoreController* controller, QWidget* parent)
    : QMainWindow(parent), m_controller(controller), m_actions(new MainActions(this)),
      m_timeline(new TimelinePanel(controller, this)), m_banner(new TemplateBanner(this)),
      m_functions(new FunctionsPanel(controller, this)), m_invoke(new InvokePanel(controller, this)),
      m_traffic(new TrafficPanel(controller, this)), m_logs(new LogsPanel(controller, this)),
      m_metrics(new MetricsPanel(controller, this)), m_queues(new QueuesPanel(controller, this)),
      m_editor(new EditorPanel(controller, this)), m_engineState(new QLabel(this)), m_environments(new QLabel(this)),
      m_rate(new QLabel(this)), m_endpoint(new QLabel(tr("Endpoint: starting"), this)), m_batch(new QLabel(this))
{
    setWindowTitle(tr("LambdaDesk"));
    // As large as the screen allows, up to what the layout was designed for.
    const QSize available = screen() ? screen()->availableSize() : QSize(1920, 1080);
    resize(std::min(1600, available.width()), std::min(1000, available.height()));
    setDockNestingEnabled(true);

    // Centre: the timeline, with the banner above it while the template is broken.
    auto* centre = new QWidget(this);
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_timeline, 1);
    setCentralWidget(centre);

    createDebugger();
    addToolBar(Qt::TopToolBarArea, m_actions->createToolBar(this, m_debugActions->startDebugging));
    createEditorLink();
    m_timeline->followAction()->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    createDocks();
    createMenus();
    auto* debugMenu = menuBar()->addMenu(tr("&Debug"));
    debugMenu->addActions(m_debugActions->all());
    debugMenu->addSeparator();
    debugMenu->addMenu(m_debugActions->createExceptionsMenu(debugMenu));
    debugMenu->addAction(m_acceptEditors);
    connectActions();

    statusBar()->addWidget(m_engineState);
    statusBar()->addWidget(m_environments);
    statusBar()->addWidget(m_rate);
    statusBar()->addWidget(m_endpoint);
    connect(controller, &CoreController::endpointChanged, this, [this](const QString& url, const QString& note) {
        const QString region = QString::fromStdString(m_controller->defaultRegion());
        m_endpoint->setText(url.isEmpty() ? (note.isEmpty() ? tr("Endpoint: stopped") : note)
                                          : tr("AWS endpoint %1 · %2").arg(url, region));
        m_endpoint->setToolTip(tr("Point SDKs and the AWS CLI here: aws --endpoint-url %1 --region %2 …\n"
                                  "The project runs in %2; other regions have their own queues and streams.%3")
                                   .arg(url, region, note.isEmpty() ? QString() : QStringLiteral("\n") + note));
        if (!note.isEmpty())
            statusBar()->showMessage(note, 8000);
    });
    statusBar()->addPermanentWidget(m_batch);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("operationProgress"));
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(true);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_progress);
    auto* status = new QTimer(this);
    connect(status, &QTimer::timeout, this, &MainWindow::updateStatus);
    status->start(500);
    connect(controller, &CoreController::batchApplied, this, [this](int, qint64 ns, qint64) { m_lastBatchNs = ns; });
    connect(controller, &CoreController::runningChanged, this, &MainWindow::updateStatus);
    connect(controller, &CoreController::projectReloaded, this, &MainWindow::projectReloaded);
    // Traffic is for watching: starting it brings the timeline back to the present.
    connect(controller, &CoreController::trafficStarted, this, [this] { timelineView()->setFollowing(true); });
    connect(m_banner, &TemplateBanner::openRequested, this, [this](const QString& file, int line, int column) {
        QString error;
        if (!m_editor->openFile(file, &error)) {
            QMessageBox::warning(this, tr("Open template"), error);
            return;
        }
        showDock(m_docks.editor);
        m_editor->goToLine(line, column);
    });
    connect(timelineView(), &TimelineView::requestActivated, this, &MainWindow::showInvocation);
    connect(m_logs, &LogsPanel::requestActivated, this, [this](const QString& requestId) {
        // From the logs: show where it ran on the timeline, then its details.
        timelineView()->revealRequest(requestId);
        showInvocation(requestId);
    });
    connect(m_functions, &FunctionsPanel::invokeRequested, this, [this](const QString& function) {
        m_invoke->setFunction(function);
        showDock(m_docks.invoke);
    });
    connect(m_functions, &FunctionsPanel::openCodeRequested, this, &MainWindow::openCode);
    connect(m_editor, &EditorPanel::openFunctionRequested, this, [this] { showDock(m_docks.editor); });

    updateStatus();
}

TimelineView* MainWindow::timelineView() const
{
    return m_timeline->view();
}

void MainWindow::showDock(QDockWidget* dock)
{
    dock->show();
    dock->raise();
}

void MainWindow::createDocks()
{
    m_docks.functions = dock(this, tr("Functions"), QStringLiteral("functions"), m_functions, false);
    m_docks.queues = dock(this, tr("Queues and streams"), QStringLiteral("queues"), m_queues, true);
    m_docks.theory = dock(this, tr("Queue Theory"), QStringLiteral("theory"), new QueueTheoryPanel(m_controller, this),
                          true);
    m_docks.invoke = dock(this, tr("Invoke"), QStringLiteral("invoke"), m_invoke, true);
    m_docks.traffic = dock(this, tr("Traffic generator"), QStringLiteral("traffic"), m_traffic, true);
    m_docks.editor = dock(this, tr("Editor"), QStringLiteral("editor"), m_editor, false);
    m_docks.logs = dock(this, tr("Logs"), QStringLiteral("logs"), m_logs, false);
    m_docks.metrics = dock(this, tr("Metrics"), QStringLiteral("metrics"), m_metrics, true);
    m_docks.debug = dock(this, tr("Debug"), QStringLiteral("debug"), m_debugDock, true);
    m_experiments = new ExperimentsDock(m_controller, this);
    m_docks.experiments = dock(this, tr("Experiments"), QStringLiteral("experiments"), m_experiments, true);
    m_console = new ConsolePanel(this);
    m_docks.console = dock(this, tr("Console"), QStringLiteral("console"), m_console, true);
    applyDefaultLayout(this, m_docks);
    m_viewMenu = new QMenu(tr("&View"), this);
    for (auto* widget : {m_docks.functions, m_docks.queues, m_docks.theory, m_docks.invoke, m_docks.traffic,
                         m_docks.experiments, m_docks.console, m_docks.editor, m_docks.logs, m_docks.metrics,
                         m_docks.debug})
        m_viewMenu->addAction(widget->toggleViewAction());
}

void MainWindow::resetLayout()
{
    applyDefaultLayout(this, m_docks);
    // Sizes settle once the docks are laid out in their new places.
    QTimer::singleShot(0, this, [this] { applyDefaultLayout(this, m_docks); });
}

void MainWindow::createMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_actions->openProject);
    file->addAction(m_actions->openDemo);
    m_recentMenu = file->addMenu(tr("Recent Projects"));
    updateRecentMenu();
    file->addSeparator();
    file->addAction(m_actions->save);
    file->addSeparator();
    file->addAction(m_actions->newFunction);
    file->addAction(m_actions->exportProject);
    file->addSeparator();
    file->addAction(m_actions->resetState);
    file->addSeparator();
    file->addAction(m_actions->quit);

    auto* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_actions->run);
    run->addAction(m_actions->stop);
    // Time scale: AWS's minutes-long retry delays and windows, shrunk so they can be watched. Changing it
    // restarts the engine, so it says so.
    auto* scale = run->addMenu(tr("Time &Scale (restarts the engine)"));
    auto* scales = new QActionGroup(this);
    for (const auto& [label, factor] : std::vector<std::pair<QString, double>>{
             {tr("1× (real time)"), 1.0}, {tr("0.1× (a 1-minute retry takes 6 s)"), 0.1},
             {tr("0.01× (a 1-minute retry takes 0.6 s)"), 0.01}}) {
        QAction* action = scale->addAction(label, this, [this, factor] {
            m_controller->setTimeScale(factor);
            statusBar()->showMessage(tr("Time scale %1×: the engine restarted").arg(factor), 5000);
        });
        action->setCheckable(true);
        action->setChecked(factor == m_controller->timeScale());
        scales->addAction(action);
    }
    run->addSeparator();
    run->addAction(m_actions->invoke);
    run->addAction(m_actions->startTraffic);
    run->addAction(m_actions->stopTraffic);
    run->addAction(m_actions->experiments);
    run->addSeparator();
    run->addAction(m_actions->copyEndpoint);

    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_timeline->followAction());
    m_viewMenu->addAction(m_actions->resetLayout);
    menuBar()->addMenu(m_viewMenu);
    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_actions->about);
}

void MainWindow::connectActions()
{
    connect(m_actions->openProject, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open SAM project"), QString(),
                                                          tr("SAM templates (template.yaml template.yml template.json *.yaml *.yml *.json)"));
        if (!path.isEmpty())
            openProject(path);
    });
    connect(m_actions->openDemo, &QAction::triggered, this, [this] { openProject(demoProjectPath()); });
    connect(m_actions->save, &QAction::triggered, this, [this] {
        QString error;
        if (!m_editor->saveCurrent(&error))
            QMessageBox::warning(this, tr("Save"), error);
        else if (!m_editor->currentFile().isEmpty())
            statusBar()->showMessage(tr("Saved %1 — the function reloads on its next invoke").arg(m_editor->currentFile()), 5000);
    });
    connect(m_actions->resetState, &QAction::triggered, this, &MainWindow::confirmResetState);
    connect(m_actions->quit, &QAction::triggered, this, &QWidget::close);
    connect(m_actions->run, &QAction::triggered, this, [this] { m_controller->run(); });
    connect(m_actions->stop, &QAction::triggered, this, [this] { m_controller->stop(); });
    connect(m_actions->invoke, &QAction::triggered, this, [this] {
        showDock(m_docks.invoke);
        m_invoke->invoke();
    });
    connect(m_actions->startTraffic, &QAction::triggered, this, [this] {
        showDock(m_docks.traffic);
        m_traffic->start();
    });
    connect(m_actions->stopTraffic, &QAction::triggered, m_traffic, &TrafficPanel::stop);
    connect(m_actions->experiments, &QAction::triggered, this, [this] { showDock(m_docks.experiments); });
    connect(m_actions->newFunction, &QAction::triggered, this, [this] {
        showDock(m_docks.console);
        m_console->selectFunction({});
    });
    connect(m_actions->exportProject, &QAction::triggered, this, [this] {
        showDock(m_docks.console);
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Export as SAM project into (a new or empty folder, or an earlier export)"));
        if (!folder.isEmpty())
            m_console->exportTo(folder);
    });
    connect(m_console, &ConsolePanel::functionCreated, this, &MainWindow::openCode);
    connect(m_console, &ConsolePanel::exportFinished, this, [this](bool ok, const QString& message) {
        statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), ok ? 8000 : 0);
    });
    connect(m_actions->copyEndpoint, &QAction::triggered, this, [this] {
        const auto url = m_controller->endpointUrl();
        if (url.isEmpty()) {
            statusBar()->showMessage(tr("The endpoint runs while the project runs (F5)"), 5000);
            return;
        }
        QGuiApplication::clipboard()->setText(url);
        statusBar()->showMessage(tr("Copied %1 — e.g. aws --endpoint-url %1 lambda list-functions").arg(url), 5000);
    });
    connect(m_actions->resetLayout, &QAction::triggered, this, &MainWindow::resetLayout);
    connect(m_actions->about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About LambdaDesk"),
                           tr("<b>LambdaDesk</b><br>Runs AWS Lambda functions on this machine with the service's "
                              "behaviour — cold starts, warm reuse, concurrency, timeouts — and shows it live."));
    });
}

void MainWindow::confirmResetState()
{
    const auto answer = QMessageBox::question(
        this, tr("Reset project state"),
        tr("Delete this project's queues, streams, async events, checkpoints and invocation history?\n\n"
           "Messages waiting in queues are lost. The template and your code are not touched."),
        QMessageBox::Reset | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Reset)
        return;
    m_controller->resetProjectState([this](bool ok, const QString& message) {
        if (ok)
            statusBar()->showMessage(message, 8000);
        else
            QMessageBox::warning(this, tr("Reset project state"), message);
    });
}

void MainWindow::projectReloaded(bool ok, const QString& message, const QStringList& changedFunctions)
{
    if (!ok) {
        m_banner->showProblem(message, m_controller->projectPath());
        return;
    }
    m_banner->hide();
    m_console->setProject(m_controller->projectPath());
    // The timeline marks each reloaded function's row; the status bar names them.
    statusBar()->showMessage(changedFunctions.isEmpty()
                                 ? tr("Template reloaded from disk; no function changed")
                                 : tr("Reloaded %1: the next invoke starts a new environment")
                                       .arg(changedFunctions.join(QStringLiteral(", "))),
                             8000);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), kLayoutVersion))
        QTimer::singleShot(0, this, [this] { applyDefaultLayout(this, m_docks); });
}

void MainWindow::useFreshLayout()
{
    m_freshLayout = true;
    QTimer::singleShot(0, this, [this] { applyDefaultLayout(this, m_docks); });
}

bool MainWindow::openProject(const QString& path, bool quiet)
{
    QString error;
    if (!m_controller->openProject(path, &error)) {
        if (!quiet)
            QMessageBox::critical(this, tr("Cannot open project"),
                                  tr("%1 could not be loaded:\n\n%2").arg(path, error));
        return false;
    }
    rememberProject(m_controller->projectPath());
    m_console->setProject(m_controller->projectPath());
    setWindowTitle(tr("LambdaDesk — %1").arg(m_controller->projectPath()));
    if (!m_controller->warnings().isEmpty())
        statusBar()->showMessage(tr("%n warning(s) while reading the template; see Logs", nullptr,
                                    static_cast<int>(m_controller->warnings().size())),
                                 8000);
    return true;
}

void MainWindow::rememberProject(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("projects/recent")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kRecentProjects)
        recent.removeLast();
    settings.setValue(QStringLiteral("projects/recent"), recent);
    settings.setValue(QStringLiteral("projects/last"), path);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("projects/recent")).toStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openProject(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::openCode(const QString& function)
{
    QString error;
    if (!m_editor->openFunction(function, &error)) {
        QMessageBox::information(this, tr("Open code"), error);
        return;
    }
    showDock(m_docks.editor);
}

bool MainWindow::startExperiment(const QString& file, QString* error)
{
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("cannot read %1: %2").arg(file, input.errorString());
        return false;
    }
    m_experiments->setTemplateText(QString::fromUtf8(input.readAll()));
    showDock(m_docks.experiments);
    QString why;
    if (!m_experiments->start(&why)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(file, why);
        return false;
    }
    return true;
}

void MainWindow::showInvocation(const QString& requestId)
{
    auto* details = new InvocationDetails(m_controller, requestId, this);
    details->setAttribute(Qt::WA_DeleteOnClose);
    connect(details, &InvocationDetails::debugRequested, this, &MainWindow::debugInvocation);
    details->show();
}

void MainWindow::updateStatus()
{
    m_engineState->setText(m_controller->running()
                               ? (m_controller->timeScale() == 1.0
                                      ? tr("● engine running")
                                      : tr("● engine running, time × %1").arg(m_controller->timeScale()))
                               : tr("○ engine stopped"));
    m_actions->run->setEnabled(!m_controller->running());
    m_actions->stop->setEnabled(m_controller->running());
    m_debugActions->setStartAvailable(m_controller->running() && !functionToDebug().isEmpty());
    int environments = 0;
    const auto* functions = m_controller->functions();
    for (int row = 0; row < functions->rowCount(); ++row)
        environments += functions->row(row).environments;
    m_environments->setText(tr("%1 environment(s) alive").arg(environments));
    const auto* metrics = m_controller->metrics();
    const int rows = metrics->rowCount();
    m_rate->setText(tr("%1 invocations/s").arg(rows > 0 ? metrics->bucket(rows - 1).invocations : 0));
    m_batch->setText(tr("last GUI batch %1 ms").arg(static_cast<double>(m_lastBatchNs) / 1e6, 0, 'f', 2));
    // Long operations show progress: a filling bar when their length is known, a busy one otherwise.
    const auto progress = m_controller->progress();
    m_progress->setVisible(progress.has_value());
    if (progress) {
        m_progress->setRange(0, progress->fraction ? 100 : 0);
        m_progress->setValue(progress->fraction ? static_cast<int>(*progress->fraction * 100) : 0);
        m_progress->setFormat(progress->fraction ? progress->label + QStringLiteral(" %p%") : progress->label);
        m_progress->setToolTip(progress->label);
    }
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_freshLayout)
        return event->accept();  // screenshots and tests do not overwrite the user's layout
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(kLayoutVersion));
    event->accept();
}

}  // namespace lambdadesk::gui
