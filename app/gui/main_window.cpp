// SPDX-License-Identifier: MIT
#include "main_window.h"

#include "core_controller.h"
#include "editor/editor_panel.h"
#include "functions/function_list_model.h"
#include "functions/functions_panel.h"
#include "timeline/invocation_details.h"
#include "invoke/invoke_panel.h"
#include "logs/logs_panel.h"
#include "metrics/metrics_model.h"
#include "metrics/metrics_panel.h"
#include "theory/queue_theory_panel.h"
#include "queues/queues_panel.h"
#include "timeline/timeline_model.h"
#include "timeline/timeline_view.h"
#include "traffic/traffic_panel.h"

#include <filesystem>

#include <QClipboard>
#include <QGuiApplication>
#include <QActionGroup>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace lambdadesk::gui {
namespace {

constexpr int kRecentProjects = 8;

QDockWidget* dock(QMainWindow* window, const QString& title, const QString& name, QWidget* content)
{
    auto* widget = new QDockWidget(title, window);
    widget->setObjectName(name);  // for saveState/restoreState
    widget->setWidget(content);
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
    : QMainWindow(parent), m_controller(controller), m_timeline(new TimelineView(controller, this)),
      m_functions(new FunctionsPanel(controller, this)), m_invoke(new InvokePanel(controller, this)),
      m_traffic(new TrafficPanel(controller, this)), m_logs(new LogsPanel(controller, this)),
      m_metrics(new MetricsPanel(controller, this)), m_queues(new QueuesPanel(controller, this)),
      m_editor(new EditorPanel(this)), m_engineState(new QLabel(this)), m_environments(new QLabel(this)),
      m_rate(new QLabel(this)), m_endpoint(new QLabel(tr("Endpoint: starting"), this)), m_batch(new QLabel(this))
{
    setWindowTitle(tr("LambdaDesk"));
    resize(1500, 920);
    setDockNestingEnabled(true);

    // Centre: the timeline with its window selector.
    auto* centre = new QWidget(this);
    auto* span = new QComboBox(centre);
    for (const auto& [label, seconds] : std::vector<std::pair<QString, double>>{
             {tr("1 s"), 1}, {tr("5 s"), 5}, {tr("10 s"), 10}, {tr("30 s"), 30}, {tr("1 min"), 60}, {tr("5 min"), 300}})
        span->addItem(label, seconds);
    span->setCurrentIndex(2);
    auto* follow = new QAction(tr("Follow live"), this);
    follow->setCheckable(true);
    follow->setChecked(true);
    follow->setShortcut(Qt::Key_F);
    auto* bar = new QHBoxLayout;
    auto* legend = new QLabel(tr("<b>Timeline</b> — lanes are execution environments; orange INIT (cold start), "
                                 "blue INVOKE (dark: first after INIT), red errors, purple timeouts; on a "
                                 "function's row: red ticks throttles, amber ^ retries, red × failed batches, black "
                                 "boxes DLQ / failure destination"),
                              centre);
    legend->setWordWrap(true);
    bar->addWidget(legend, 1);
    bar->addStretch();
    bar->addWidget(new QLabel(tr("Window:"), centre));
    bar->addWidget(span);
    auto* layout = new QVBoxLayout(centre);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addLayout(bar);
    layout->addWidget(m_timeline, 1);
    setCentralWidget(centre);
    connect(span, &QComboBox::currentIndexChanged, this, [this, span] {
        m_timeline->setSpanNs(static_cast<qint64>(span->currentData().toDouble() * 1e9));
    });
    m_timeline->setSpanNs(10'000'000'000);
    connect(follow, &QAction::toggled, m_timeline, &TimelineView::setFollowing);
    connect(m_timeline, &TimelineView::followingChanged, follow, &QAction::setChecked);
    addAction(follow);

    createDocks();
    createMenus();
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(follow);

    statusBar()->addWidget(m_engineState);
    statusBar()->addWidget(m_environments);
    statusBar()->addWidget(m_rate);
    statusBar()->addWidget(m_endpoint);
    connect(controller, &CoreController::endpointChanged, this, [this](const QString& url, const QString& note) {
        m_endpoint->setText(url.isEmpty() ? (note.isEmpty() ? tr("Endpoint: stopped") : note)
                                          : tr("AWS endpoint %1").arg(url));
        m_endpoint->setToolTip(tr("Point SDKs and the AWS CLI here: aws --endpoint-url %1 …%2")
                                   .arg(url, note.isEmpty() ? QString() : QStringLiteral("\n") + note));
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
    connect(controller, &CoreController::projectReloaded, this, [this](bool ok, const QString& message) {
        statusBar()->showMessage(ok ? tr("Project reloaded from disk") : tr("Template has errors; still running the previous version: %1").arg(message.left(200)), 8000);
    });
    connect(m_timeline, &TimelineView::requestActivated, this, &MainWindow::showInvocation);
    connect(m_logs, &LogsPanel::requestActivated, this, [this](const QString& requestId) {
        // From the logs: show where it ran on the timeline, then its details.
        m_timeline->revealRequest(requestId);
        showInvocation(requestId);
    });
    connect(m_functions, &FunctionsPanel::invokeRequested, this, [this](const QString& function) {
        m_invoke->setFunction(function);
        m_invoke->parentWidget()->show();
        m_invoke->parentWidget()->raise();
    });
    connect(m_functions, &FunctionsPanel::openCodeRequested, this, &MainWindow::openCode);

    updateStatus();
}

void MainWindow::createDocks()
{
    auto* functions = dock(this, tr("Functions"), QStringLiteral("functions"), m_functions);
    auto* queues = dock(this, tr("Queues and streams"), QStringLiteral("queues"), m_queues);
    auto* invoke = dock(this, tr("Invoke"), QStringLiteral("invoke"), m_invoke);
    auto* traffic = dock(this, tr("Traffic generator"), QStringLiteral("traffic"), m_traffic);
    auto* editor = dock(this, tr("Editor"), QStringLiteral("editor"), m_editor);
    auto* metrics = dock(this, tr("Metrics"), QStringLiteral("metrics"), m_metrics);
    auto* logs = dock(this, tr("Logs"), QStringLiteral("logs"), m_logs);
    auto* theory = dock(this, tr("Queue Theory"), QStringLiteral("theory"), new QueueTheoryPanel(m_controller, this));
    addDockWidget(Qt::TopDockWidgetArea, functions);
    tabifyDockWidget(functions, queues);
    functions->raise();
    addDockWidget(Qt::RightDockWidgetArea, invoke);
    addDockWidget(Qt::RightDockWidgetArea, traffic);
    tabifyDockWidget(invoke, editor);
    invoke->raise();
    addDockWidget(Qt::LeftDockWidgetArea, theory);
    addDockWidget(Qt::BottomDockWidgetArea, metrics);
    addDockWidget(Qt::BottomDockWidgetArea, logs);
    splitDockWidget(metrics, logs, Qt::Horizontal);
    // Sizes apply once the window has its geometry (a saved layout, when there is one, wins).
    QTimer::singleShot(0, this, [this, functions, invoke, metrics, theory] {
        if (!QSettings().contains(QStringLiteral("window/state")) || m_freshLayout) {
            resizeDocks({functions}, {170}, Qt::Vertical);
            resizeDocks({theory}, {500}, Qt::Horizontal);
            resizeDocks({invoke}, {400}, Qt::Horizontal);
            resizeDocks({metrics}, {270}, Qt::Vertical);
        }
    });
    m_viewMenu = new QMenu(tr("&View"), this);
    for (auto* widget : {functions, queues, invoke, traffic, editor, metrics, logs, theory})
        m_viewMenu->addAction(widget->toggleViewAction());
}

void MainWindow::createMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Project…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open SAM project"), QString(),
                                                          tr("SAM templates (template.yaml template.yml template.json *.yaml *.yml *.json)"));
        if (!path.isEmpty())
            openProject(path);
    });
    file->addAction(tr("Open &Demo Project"), this, [this] { openProject(demoProjectPath()); });
    m_recentMenu = file->addMenu(tr("Recent Projects"));
    updateRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Save"), QKeySequence::Save, this, [this] {
        QString error;
        if (!m_editor->saveCurrent(&error))
            QMessageBox::warning(this, tr("Save"), error);
        else if (!m_editor->currentFile().isEmpty())
            statusBar()->showMessage(tr("Saved %1 — the function reloads on its next invoke").arg(m_editor->currentFile()), 5000);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    auto* run = menuBar()->addMenu(tr("&Run"));
    m_runAction = run->addAction(tr("&Run Project"), QKeySequence(Qt::Key_F5), this, [this] { m_controller->run(); });
    m_stopAction = run->addAction(tr("&Stop Project"), QKeySequence(Qt::SHIFT | Qt::Key_F5), this,
                                  [this] { m_controller->stop(); });
    // Time scale: AWS's minutes-long retry delays and windows, shrunk so they can be watched.
    auto* scale = run->addMenu(tr("Time &Scale"));
    auto* scales = new QActionGroup(this);
    for (const auto& [label, factor] : std::vector<std::pair<QString, double>>{
             {tr("1× (real time)"), 1.0}, {tr("0.1× (a 1-minute retry takes 6 s)"), 0.1},
             {tr("0.01× (a 1-minute retry takes 0.6 s)"), 0.01}}) {
        QAction* action = scale->addAction(label, this, [this, factor] { m_controller->setTimeScale(factor); });
        action->setCheckable(true);
        action->setChecked(factor == m_controller->timeScale());
        scales->addAction(action);
    }
    run->addSeparator();
    run->addAction(tr("&Invoke"), QKeySequence(Qt::CTRL | Qt::Key_I), m_invoke, &InvokePanel::invoke);
    run->addAction(tr("Start &Traffic"), QKeySequence(Qt::CTRL | Qt::Key_T), m_traffic, &TrafficPanel::start);
    run->addAction(tr("Stop Traffic"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), m_traffic, &TrafficPanel::stop);
    run->addSeparator();
    run->addAction(tr("Copy AWS &Endpoint Address"), this, [this] {
        const auto url = m_controller->endpointUrl();
        if (url.isEmpty()) {
            statusBar()->showMessage(tr("The endpoint runs while the project runs (F5)"), 5000);
            return;
        }
        QGuiApplication::clipboard()->setText(url);
        statusBar()->showMessage(tr("Copied %1 — e.g. aws --endpoint-url %1 lambda list-functions").arg(url), 5000);
    });
    run->addAction(tr("Recycle Idle Environments of Selected Function"), this, [this] {
        if (!m_functions->currentFunction().isEmpty())
            m_controller->recycleEnvironments(m_functions->currentFunction());
    });

    menuBar()->addMenu(m_viewMenu);
    auto* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About LambdaDesk"), this, [this] {
        QMessageBox::about(this, tr("About LambdaDesk"),
                           tr("<b>LambdaDesk</b><br>Runs AWS Lambda functions on this machine with the service's "
                              "behaviour — cold starts, warm reuse, concurrency, timeouts — and shows it live."));
    });
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::useFreshLayout()
{
    m_freshLayout = true;
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
    const int row = m_controller->functions()->findRow(function);
    if (row < 0)
        return;
    const auto& config = m_controller->functions()->row(row).config;
    // The handler's file: module path for Python/Node, bootstrap (or main.cpp) for native code.
    QString module = QString::fromStdString(config.handler).section(QLatin1Char('.'), 0, -2);
    QStringList candidates;
    for (const char* suffix : {".py", ".js", ".mjs", ".cjs", ".ts"})
        candidates << module + QLatin1String(suffix);
    candidates << QStringLiteral("main.cpp") << QStringLiteral("bootstrap");
    const QString dir = QString::fromStdString(config.codeDir.string());
    for (const QString& candidate : candidates) {
        if (QFileInfo::exists(dir + QLatin1Char('/') + candidate)) {
            QString error;
            if (!m_editor->openFile(dir + QLatin1Char('/') + candidate, &error))
                QMessageBox::warning(this, tr("Open code"), error);
            m_editor->parentWidget()->show();
            m_editor->parentWidget()->raise();
            return;
        }
    }
    QMessageBox::information(this, tr("Open code"), tr("No source file for handler %1 in %2")
                                                        .arg(QString::fromStdString(config.handler), dir));
}

void MainWindow::showInvocation(const QString& requestId)
{
    auto* details = new InvocationDetails(m_controller, requestId, this);
    details->setAttribute(Qt::WA_DeleteOnClose);
    details->show();
}

void MainWindow::updateStatus()
{
    m_engineState->setText(m_controller->running()
                               ? (m_controller->timeScale() == 1.0
                                      ? tr("● engine running")
                                      : tr("● engine running, time × %1").arg(m_controller->timeScale()))
                               : tr("○ engine stopped"));
    m_runAction->setEnabled(!m_controller->running());
    m_stopAction->setEnabled(m_controller->running());
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
    settings.setValue(QStringLiteral("window/state"), saveState());
    event->accept();
}

}  // namespace lambdadesk::gui
