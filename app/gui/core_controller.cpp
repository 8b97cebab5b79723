// SPDX-License-Identifier: MIT
#include "core_controller.h"

#include "functions/function_list_model.h"
#include "logs/log_model.h"
#include "theory/queue_theory_model.h"
#include "queues/source_models.h"
#include "mappings/event_sources.h"
#include "queues/queue_service.h"
#include "streams/stream_service.h"
#include "metrics/metrics_model.h"
#include "model/function_name.h"
#include "project/template_loader.h"
#include "timeline/timeline_model.h"

#include <endpoint/endpoint.h>
#include <run/experiment_runner.h>

#include <algorithm>
#include <filesystem>

#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QThreadPool>

#include <time.h>
#include <QThread>

namespace lambdadesk::gui {

CoreController::CoreController(QObject* parent)
    : QObject(parent), m_epoch(core::Clock::now()), m_functions(new FunctionListModel(this)),
      m_timeline(new TimelineModel(this)), m_logs(new LogModel(this)), m_metrics(new MetricsModel(this)),
      m_queues(new QueueListModel(this)), m_mappings(new MappingListModel(this)),
      m_streams(new StreamListModel(this)),
      m_theory(new QueueTheoryModel(this))
{
    m_wallAtZeroMs = static_cast<double>(std::chrono::duration_cast<std::chrono::microseconds>(
                                             std::chrono::system_clock::now().time_since_epoch())
                                             .count()) /
                     1e3;
    // Log lines become rows at most 10 times a second: each change of rows repaints the Logs table, and under
    // load lines come with every batch.
    m_logs->setPublishInterval(100);
    m_drainTimer.setInterval(16);  // ≤ 60 Hz
    connect(&m_drainTimer, &QTimer::timeout, this, &CoreController::drain);
    m_drainTimer.start();
    m_sourcesTimer.setInterval(500);
    connect(&m_sourcesTimer, &QTimer::timeout, this, &CoreController::refreshSources);
    // Independent of the Experiments dock: the timeline shows the windows with the dock closed too.
    connect(&m_sourcesTimer, &QTimer::timeout, this, &CoreController::refreshFaultWindows);
    m_sourcesTimer.start();
}

CoreController::~CoreController()
{
    m_drainTimer.stop();
    blockSignals(true);  // views may already be gone
    stopTraffic();
    retireEngine();
    // Closing the app is the one moment waiting is right: every environment must be gone.
    for (auto& thread : m_retiring)
        thread.join();
}

qint64 CoreController::nowNs() const
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(core::Clock::now() - m_epoch).count();
}

bool CoreController::openProject(const QString& templateOrFolder, QString* error)
{
    Q_ASSERT(QThread::currentThread() == thread());
    core::LoadOptions options;
    options.region = m_defaultRegion;
    auto loaded = core::loadProject(templateOrFolder.toStdString(), options);
    if (!loaded.ok()) {
        if (error)
            *error = QString::fromStdString(loaded.errorText());
        return false;
    }
    stopTraffic();
    retireEngine();
    m_project = std::move(loaded.project);
    m_projectPath = QString::fromStdString(m_project->templatePath.string());
    m_warnings.clear();
    for (const auto& diagnostic : m_project->warnings)
        m_warnings << QString::fromStdString(diagnostic.toString());
    m_functions->setFunctions(m_project->functions);
    startEngine();
    Q_EMIT projectOpened();
    return true;
}

int CoreController::backgroundNice()
{
    // The engine's threads and the functions they start run 10 nicer than the GUI thread: on a machine the
    // functions saturate, the GUI thread then gets a core promptly (docs/performance.md, bench_gui).
    // LAMBDADESK_ENGINE_NICE changes it; 0 runs everything at the same priority.
    bool ok = false;
    const int configured = qEnvironmentVariableIntValue("LAMBDADESK_ENGINE_NICE", &ok);
    return ok ? std::clamp(configured, 0, 19) : 10;
}

void CoreController::startEngine()
{
    if (!m_project || m_engine)
        return;
    core::EngineOptions options;
    options.region = m_project->region;
    options.accountId = m_project->accountId;
    options.stateDir = m_project->rootDir / ".lambdadesk";
    options.timeScale = m_timeScale;
    options.backgroundNice = backgroundNice();
    options.launcher = m_launcher;
    m_engine = std::make_shared<core::Engine>(options);
    // Before the endpoint: Endpoint::start finds this runner installed in the engine and serves FIS from it, so
    // experiments started from the dock, the AWS CLI and boto3 are the same ones.
    faults::ExperimentRunner::Options experimentOptions;
    experimentOptions.region = m_project->region;
    experimentOptions.accountId = m_project->accountId;
    m_experiments = faults::ExperimentRunner::create(*m_engine, std::move(experimentOptions));
    // One sink for every engine this controller runs: an engine being retired still reports its environments
    // stopping through it, so no view keeps an environment the process table no longer has.
    m_engine->events().subscribe(m_sink);
    m_engine->loadProject(*m_project);
    m_engine->watchProject(m_project->templatePath);
    startEndpoint();
    Q_EMIT runningChanged(true);
}

void CoreController::startEndpoint()
{
    // LocalStack's port, so awslocal-style setups work; LAMBDADESK_ENDPOINT_PORT overrides (0 = any free port).
    bridge::EndpointOptions options;
    options.port = 4566;
    if (const auto fromEnvironment = qEnvironmentVariable("LAMBDADESK_ENDPOINT_PORT"); !fromEnvironment.isEmpty())
        options.port = static_cast<std::uint16_t>(fromEnvironment.toUInt());
    options.workspaceDir = (m_project->rootDir / ".lambdadesk" / "functions").string();
    options.experiments = m_experiments;  // the FIS API and the Experiments dock drive one runner
    QString note;
    auto endpoint = bridge::Endpoint::start(*m_engine, options);
    if (!endpoint && options.port != 0) {
        // Usually a LocalStack already on 4566: serve beside it on a free port rather than not at all.
        note = tr("port %1 is taken (LocalStack?), so the endpoint took a free port").arg(options.port);
        options.port = 0;
        endpoint = bridge::Endpoint::start(*m_engine, options);
    }
    if (!endpoint) {
        m_endpointUrl.clear();
        Q_EMIT endpointChanged({}, tr("AWS endpoint not started: %1").arg(QString::fromStdString(endpoint.error().message)));
        return;
    }
    m_endpoint = std::shared_ptr<bridge::Endpoint>(std::move(*endpoint));
    m_endpointUrl = QString::fromStdString(m_endpoint->url());
    Q_EMIT endpointChanged(m_endpointUrl, note);
}

void CoreController::retireEngine()
{
    stopTraffic();
    m_traffic.clear();  // generators hold a reference to the engine
    if (!m_engine)
        return;
    do
        drain();
    while (m_backlogAt > 0);  // everything the engine reported, before its models are reset
    retireFaultWindows();
    // Engine shutdown waits up to the shutdown grace for environments to stop: not on this thread.
    // The endpoint goes first: its handlers call into the engine. Then the experiments, which the engine must
    // outlive (shutdown() ends them and removes their policy from the engine).
    ++m_enginesStopping;
    m_retiring.emplace_back([this, engine = std::move(m_engine), endpoint = std::move(m_endpoint),
                             experiments = std::move(m_experiments)]() mutable {
        endpoint.reset();
        if (experiments)
            experiments->shutdown();
        experiments.reset();
        engine.reset();
        // Safe while the controller lives: its destructor joins this thread before QObject drops posted calls.
        QMetaObject::invokeMethod(this, [this] { --m_enginesStopping; }, Qt::QueuedConnection);
    });
    m_engine.reset();
    m_endpoint.reset();
    m_experiments.reset();
    m_endpointUrl.clear();
    Q_EMIT endpointChanged({}, {});
    m_queues->update({});
    m_mappings->update({});
    m_streams->update({});
    m_theory->clear();
    Q_EMIT runningChanged(false);
}

void CoreController::retireFaultWindows()
{
    if (!m_experiments)
        return;
    auto windows = faultWindowsOf(m_experiments->experiments(), m_wallAtZeroMs);
    const qint64 now = nowNs();
    for (auto& window : windows) {
        if (window.endNs < 0) {
            window.endNs = std::max(window.startNs, now);
            window.status = QStringLiteral("stopped");  // what shutdown() makes of a running action
        }
    }
    m_retiredFaultWindows.insert(m_retiredFaultWindows.end(), std::make_move_iterator(windows.begin()),
                                 std::make_move_iterator(windows.end()));
    // Bounded like the rest of the timeline's history: the oldest go first.
    constexpr std::size_t kRetiredFaultWindowCap = 1'000;
    if (m_retiredFaultWindows.size() > kRetiredFaultWindowCap)
        m_retiredFaultWindows.erase(m_retiredFaultWindows.begin(),
                                    m_retiredFaultWindows.end() - static_cast<std::ptrdiff_t>(kRetiredFaultWindowCap));
    m_faultWindowsStale = true;
}

void CoreController::refreshFaultWindows()
{
    Q_ASSERT(QThread::currentThread() == thread());
    std::vector<faults::Experiment> experiments;
    if (m_experiments)
        experiments = m_experiments->experiments();
    // Windows of experiments that ended a while ago no longer change: with nothing running or just ended and no
    // new experiment, the timeline already has them all. (Ended recently: the runner may still be closing them.)
    static constexpr auto kStillChanging = std::chrono::minutes(10);
    const auto wallNow = std::chrono::system_clock::now();
    const bool changing = std::any_of(experiments.begin(), experiments.end(), [wallNow](const faults::Experiment& run) {
        return !faults::isFinal(run.status) || !run.endTime || wallNow - *run.endTime < kStillChanging;
    });
    if (!changing && !m_faultWindowsStale && experiments.size() == m_faultWindowExperiments)
        return;
    m_faultWindowsStale = false;
    m_faultWindowExperiments = experiments.size();
    std::vector<FaultWindow> windows = m_retiredFaultWindows;
    auto current = faultWindowsOf(experiments, m_wallAtZeroMs);
    windows.insert(windows.end(), std::make_move_iterator(current.begin()), std::make_move_iterator(current.end()));
    m_timeline->setFaultWindows(std::move(windows));
}

void CoreController::setTimeScale(double timeScale)
{
    if (timeScale <= 0 || timeScale == m_timeScale)
        return;
    m_timeScale = timeScale;
    if (m_engine) {
        stop();
        run();
    }
}

void CoreController::stop()
{
    stopTraffic();
    retireEngine();
}

void CoreController::resetProjectState(std::function<void(bool ok, const QString& message)> done)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_project) {
        done(false, tr("No project is open"));
        return;
    }
    const bool restart = running();
    retireEngine();
    finishReset(restart, done);
}

void CoreController::finishReset(bool restart, const std::function<void(bool, const QString&)>& done)
{
    if (m_enginesStopping > 0) {  // the retiring engine still has state.db open: look again shortly
        QTimer::singleShot(50, this, [this, restart, done] { finishReset(restart, done); });
        return;
    }
    const std::filesystem::path state = m_project->rootDir / ".lambdadesk";
    std::error_code error;
    std::filesystem::remove_all(state, error);
    m_timeline->clear();
    m_retiredFaultWindows.clear();
    m_faultWindowsStale = true;
    m_logs->clear();
    m_metrics->clear();
    m_records.clear();
    m_functions->setFunctions({});
    m_functions->setFunctions(m_project->functions);  // counters start again from zero
    if (restart)
        startEngine();
    done(!error, error ? tr("Could not delete %1: %2").arg(QString::fromStdString(state.string()),
                                                            QString::fromStdString(error.message()))
                       : tr("Project state deleted: queues, streams, async events and history start empty"));
}

void CoreController::run()
{
    startEngine();
}

void CoreController::invoke(const QString& function, const QByteArray& payload, bool logTail, InvokeHandler done)
{
    invoke(InvokeCall{function, payload, QString(), logTail}, std::move(done));
}

void CoreController::invoke(const InvokeCall& call, InvokeHandler done)
{
    core::InvokeRequest request;
    request.function = call.function.toStdString();
    request.payload = call.payload.toStdString();
    request.clientContext = call.clientContext.toStdString();
    request.logTail = call.logTail;
    QPointer<CoreController> self(this);
    if (!m_engine) {
        core::InvokeResult result;
        result.status = core::InvokeStatus::ServiceError;
        result.errorType = "EngineStopped";
        result.payload = R"({"errorMessage":"the project is stopped; press Run (F5) first"})";
        done(result);
        return;
    }
    ++m_invocationsWaiting;
    m_engine->invokeAsync(std::move(request), [self, done = std::move(done), call](core::InvokeResult result) {
        // Back to the GUI thread; dropped if the controller is gone by then.
        QMetaObject::invokeMethod(
            self.data(), [self, done, result = std::move(result), call] {
                if (!self)
                    return;
                --self->m_invocationsWaiting;
                self->remember(QString::fromStdString(result.requestId),
                               {call.function, QString::fromUtf8(call.payload), QString::fromStdString(result.payload),
                                call.clientContext});
                done(result);
            },
            Qt::QueuedConnection);
    });
}

void CoreController::remember(const QString& requestId, InvocationRecord record)
{
    constexpr std::size_t kRecords = 500;
    m_records.insert(requestId, std::move(record));
    m_recordOrder.push_back(requestId);
    if (m_recordOrder.size() > kRecords) {
        m_records.remove(m_recordOrder.front());
        m_recordOrder.pop_front();
    }
}

CoreController::InvocationRecord CoreController::invocationRecord(const QString& requestId) const
{
    if (const auto mine = m_records.constFind(requestId); mine != m_records.cend())
        return *mine;
    // Any other caller's (endpoint, queues, traffic): the engine keeps the latest events, not the responses.
    const auto kept = m_engine ? m_engine->recentEvent(requestId.toStdString()) : std::nullopt;
    return kept ? InvocationRecord{QString::fromStdString(core::functionNameFromIdentifier(kept->function)),
                                   QString::fromStdString(kept->payload), QString(),
                                   QString::fromStdString(kept->clientContext)}
                : InvocationRecord{};
}

void CoreController::invokeEvent(const QString& function, const QByteArray& payload, DoneHandler done)
{
    if (!m_engine) {
        done(false, tr("the project is stopped; press Run (F5) first"));
        return;
    }
    QPointer<CoreController> self(this);
    QThreadPool::globalInstance()->start(
        [self, engine = m_engine, function = function.toStdString(), payload = payload.toStdString(), done] {
            auto accepted = engine->invokeEvent(function, payload);
            const bool ok = accepted.ok();
            const QString message = QString::fromStdString(ok ? *accepted : accepted.error().message);
            QMetaObject::invokeMethod(
                self.data(),
                [self, done, ok, message] {
                    if (self)
                        done(ok, message);
                },
                Qt::QueuedConnection);
        });
}

void CoreController::reloadFunction(const QString& function)
{
    if (m_engine)
        m_engine->reloadFunction(function.toStdString());
}

void CoreController::recycleEnvironments(const QString& function)
{
    if (m_engine)
        m_engine->recycleEnvironments(function.toStdString());
}

void CoreController::startTraffic(const core::TrafficPlan& plan)
{
    if (!m_engine)
        return;
    std::erase_if(m_traffic, [](const auto& generator) { return !generator->running(); });
    m_traffic.push_back(std::make_unique<core::TrafficGenerator>(*m_engine, plan));
    m_traffic.back()->start();
    Q_EMIT trafficStarted();
}

std::optional<CoreController::Progress> CoreController::progress() const
{
    if (m_enginesStopping > 0)
        return Progress{tr("Stopping environments…"), std::nullopt};
    // The least advanced traffic run sets the bar: how much of its planned duration has passed.
    std::optional<double> traffic;
    for (const auto& generator : m_traffic) {
        if (const auto fraction = generator->progress())
            traffic = traffic ? std::min(*traffic, *fraction) : *fraction;
    }
    if (traffic)
        return Progress{tr("Traffic"), traffic};
    if (m_invocationsWaiting > 0)
        return Progress{tr("Invoking (%1 waiting)…").arg(m_invocationsWaiting), std::nullopt};
    return std::nullopt;
}

void CoreController::stopTraffic()
{
    for (auto& generator : m_traffic)
        generator->stop();
}

bool CoreController::trafficRunning() const
{
    return std::any_of(m_traffic.begin(), m_traffic.end(), [](const auto& generator) { return generator->running(); });
}

core::TrafficStats CoreController::trafficStats() const
{
    core::TrafficStats total;
    for (const auto& generator : m_traffic) {
        const auto stats = generator->stats();
        total.sent += stats.sent;
        total.ok += stats.ok;
        total.errors += stats.errors;
        total.throttled += stats.throttled;
        if (!stats.lastError.empty())
            total.lastError = stats.lastError;
    }
    return total;
}

std::vector<core::Event> CoreController::nextSlice(const QElapsedTimer& sliceTimer)
{
    if (m_backlogAt >= m_backlog.size()) {
        m_backlog = m_sink->drain();
        m_backlogAt = 0;
    }
    // Applied in pieces of a few hundred events while the frame budget lasts: a burst (after a stall, or
    // 5,000 invocations/s) is spread over the next ticks instead of freezing one frame. Nothing is dropped.
    constexpr std::size_t kPiece = 256;
    if (sliceTimer.nsecsElapsed() >= kFrameBudgetNs && m_backlogAt > 0)
        return {};
    const auto begin = m_backlog.begin() + static_cast<std::ptrdiff_t>(m_backlogAt);
    const auto count = std::min(kPiece, m_backlog.size() - m_backlogAt);
    std::vector<core::Event> slice(std::make_move_iterator(begin),
                                   std::make_move_iterator(begin + static_cast<std::ptrdiff_t>(count)));
    m_backlogAt += count;
    if (m_backlogAt >= m_backlog.size()) {
        m_backlog.clear();
        m_backlogAt = 0;
    }
    return slice;
}

void CoreController::drain()
{
    if (!m_sink)
        return;
    QElapsedTimer timer;
    timer.start();
    const auto threadCpuNs = [] {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return static_cast<qint64>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
    };
    const qint64 cpuStart = threadCpuNs();
    std::size_t applied = 0;
    for (;;) {
        const std::vector<core::Event> events = nextSlice(timer);
        if (events.empty())
            break;
        applied += events.size();
        m_timeline->apply(events, m_epoch);
        m_logs->apply(events, m_epoch);
        m_functions->apply(events);
        m_metrics->apply(events, m_epoch);
        m_theory->apply(events, m_epoch);
        for (const auto& event : events) {
            if (const auto* reload = std::get_if<core::ProjectReloaded>(&event.payload)) {
                if (reload->ok && m_engine)
                    m_functions->setFunctions(m_engine->functions());
                QStringList changed;
                for (const auto& function : reload->changedFunctions)
                    changed << QString::fromStdString(function);
                Q_EMIT projectReloaded(reload->ok, QString::fromStdString(reload->message), changed);
            }
        }
        if (m_backlogAt == 0)
            break;  // the sink's queue is empty
    }
    m_metrics->advanceTo(nowNs());
    if (applied > 0)
        Q_EMIT batchApplied(static_cast<int>(applied), timer.nsecsElapsed(), threadCpuNs() - cpuStart);
    if (m_backlogAt > 0)
        QTimer::singleShot(0, this, &CoreController::drain);  // the rest of a burst: as soon as the frame is out
}

}  // namespace lambdadesk::gui
