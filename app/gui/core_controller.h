// SPDX-License-Identifier: MIT
#pragma once

#include "engine.h"
#include "traffic/traffic_generator.h"
#include "model/project.h"
#include "queues/queue_types.h"
#include "timeline/fault_windows.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace lambdadesk::bridge {
class Endpoint;
}

namespace lambdadesk::faults {
class ExperimentRunner;
}

namespace lambdadesk::gui {

class FunctionListModel;
class MappingListModel;
class QueueListModel;
class StreamListModel;
class QueueTheoryModel;
class LogModel;
class MetricsModel;
class TimelineModel;

/// Owns the engine in-process and turns its event stream into batched model updates on the GUI
/// thread: a timer drains the engine's queue at up to 60 Hz and applies each batch to every model.
/// Views talk to this object, never to the engine; the GUI thread never waits on the engine.
class CoreController : public QObject {
    Q_OBJECT

public:
    explicit CoreController(QObject* parent = nullptr);
    ~CoreController() override;

    /// Reads the template and starts an engine on it. False (and `error` set) when the template has errors.
    bool openProject(const QString& templateOrFolder, QString* error);
    /// The region projects opened from now on run in (the template's functions, queues and streams; unsigned
    /// requests): `--region` or LAMBDADESK_REGION. Other regions' queues and streams open on first use.
    void setDefaultRegion(const QString& region) { m_defaultRegion = region.toStdString(); }
    [[nodiscard]] const std::string& defaultRegion() const { return m_defaultRegion; }
    /// Stops the engine (in the background) and keeps the project loaded.
    void stop();
    /// File → Reset Project State: stops the engine, deletes the project's state (.lambdadesk: queues, streams,
    /// async events, checkpoints, history) once the engine has let go of it, clears the views, and runs
    /// again if it was running. `done` runs on the GUI thread.
    void resetProjectState(std::function<void(bool ok, const QString& message)> done);
    /// Starts the engine again on the loaded project.
    void run();

    [[nodiscard]] bool running() const { return m_engine != nullptr; }
    /// http://127.0.0.1:<port> of the AWS endpoint while running, else empty.
    [[nodiscard]] QString endpointUrl() const { return m_endpointUrl; }
    /// Shrinks retry delays, event ages, visibility timeouts, windows and schedules (1 = real time);
    /// restarts the engine when it is running, so a retry is visible in seconds.
    void setTimeScale(double timeScale);
    [[nodiscard]] double timeScale() const { return m_timeScale; }
    [[nodiscard]] const core::Project* project() const { return m_project ? &*m_project : nullptr; }
    /// The fault experiments of the running engine (the AWS endpoint's FIS API drives the same runner); null
    /// while stopped. A new engine comes with a new runner: holders should not keep it past a stop.
    [[nodiscard]] std::shared_ptr<faults::ExperimentRunner> experiments() const { return m_experiments; }
    /// How environments start (the debugger's launcher); applies from the next engine start on.
    void setLauncher(std::shared_ptr<core::EnvironmentLauncher> launcher) { m_launcher = std::move(launcher); }
    [[nodiscard]] QString projectPath() const { return m_projectPath; }
    [[nodiscard]] QStringList warnings() const { return m_warnings; }

    using InvokeHandler = std::function<void(const core::InvokeResult&)>;
    /// A synchronous invocation the app asks for: what the Invoke API's request carries.
    struct InvokeCall {
        QString function;
        QByteArray payload;
        QString clientContext;  ///< base64 of a JSON object, as X-Amz-Client-Context; empty for none
        bool logTail = false;
    };
    /// Invokes asynchronously; `done` runs later on the GUI thread (not at all if this object is gone).
    void invoke(const InvokeCall& call, InvokeHandler done);
    void invoke(const QString& function, const QByteArray& payload, bool logTail, InvokeHandler done);
    /// Event and response of an invocation made from the app (the last few hundred), or the event of any other
    /// the engine still keeps (Engine::recentEvent; no response); empty when unknown.
    struct InvocationRecord {
        QString function;
        QString event;
        QString response;
        QString clientContext;  ///< as the caller sent it (base64); empty when none
    };
    [[nodiscard]] InvocationRecord invocationRecord(const QString& requestId) const;

    void reloadFunction(const QString& function);
    void recycleEnvironments(const QString& function);

    /// Starts one more load (several can run at once, e.g. one per function).
    void startTraffic(const core::TrafficPlan& plan);
    /// Stops every load.
    void stopTraffic();
    [[nodiscard]] bool trafficRunning() const;
    /// A long operation under way, for the status bar: its label, and how far it got (0–1), or no fraction
    /// when that is unknown (stopping environments, an invocation waiting for its function). Nothing when idle.
    struct Progress {
        QString label;
        std::optional<double> fraction;
    };
    [[nodiscard]] std::optional<Progress> progress() const;
    [[nodiscard]] core::TrafficStats trafficStats() const;

    FunctionListModel* functions() const { return m_functions; }
    TimelineModel* timeline() const { return m_timeline; }
    LogModel* logs() const { return m_logs; }
    MetricsModel* metrics() const { return m_metrics; }
    QueueListModel* queues() const { return m_queues; }
    MappingListModel* mappings() const { return m_mappings; }
    StreamListModel* streams() const { return m_streams; }
    QueueTheoryModel* theory() const { return m_theory; }

    using DoneHandler = std::function<void(bool ok, const QString& message)>;
    /// Queue actions, run off the GUI thread; `done` comes back on it.
    void sendMessage(const QString& queue, const QString& body, DoneHandler done);
    /// SendMessage with everything SQS takes (attributes, delay, FIFO group and deduplication ids);
    /// `request.queueUrl` may be the queue's name.
    void sendMessage(core::SendMessageRequest request, DoneHandler done);
    void purgeQueue(const QString& queue, DoneHandler done);
    void redriveDeadLetterQueue(const QString& queue, DoneHandler done);
    /// What peekQueue saw: the messages (oldest first), the queue service's time, the dead-letter queue.
    struct QueuePeek {
        std::vector<core::PeekedMessage> messages;
        qint64 nowMs = 0;
        QString deadLetterQueue;  ///< named by the queue's RedrivePolicy; empty when it has none
    };
    using PeekHandler = std::function<void(bool ok, const QString& message, const QueuePeek& peek)>;
    /// Looks at up to `maxMessages` messages of `queue` without receiving them, off the GUI thread; `done`
    /// comes back on it.
    void peekQueue(const QString& queue, int maxMessages, PeekHandler done);
    /// An Event invocation; `done` gets the request id (or the error) on the GUI thread.
    void invokeEvent(const QString& function, const QByteArray& payload, DoneHandler done);
    /// Reads queue and mapping figures off the GUI thread and applies them (a timer calls this).
    void refreshSources();
    /// Puts the experiments' action windows on the timeline (a 500 ms timer calls this, whatever docks are
    /// open): those of this engine's runner, and those of earlier engines since the project's state was reset.
    void refreshFaultWindows();

    /// Nanoseconds since this controller started, on the engine's monotonic clock.
    [[nodiscard]] qint64 nowNs() const;
    /// The wall-clock time (ms since the Unix epoch) of nowNs() == 0, for wall-clock labels.
    [[nodiscard]] double wallAtZeroMs() const { return m_wallAtZeroMs; }
    /// Applies whatever the engine produced since the last drain (the timer calls this).
    void drain();

Q_SIGNALS:
    void projectOpened();
    void runningChanged(bool running);
    /// After each applied batch: its size, how long applying it took, and the GUI thread's CPU time for it.
    void batchApplied(int events, qint64 nanoseconds, qint64 cpuNanoseconds);
    /// After a reload from disk: ok, the diagnostics when not, and the functions whose code or
    /// configuration changed.
    void projectReloaded(bool ok, const QString& message, const QStringList& changedFunctions = {});
    /// The traffic generator started a plan.
    void trafficStarted();
    /// The AWS endpoint's address once it listens (empty when stopped), and a note when it is not the usual one.
    void endpointChanged(const QString& url, const QString& note);

private:
    void startEngine();
    /// How much nicer than the GUI thread the engine runs (EngineOptions::backgroundNice).
    static int backgroundNice();
    void startEndpoint();
    void remember(const QString& requestId, InvocationRecord record);
    /// Runs `work` on the thread pool with the engine's event sources and reports back on the GUI thread.
    void runOnSources(std::function<std::pair<bool, QString>(core::EventSources&)> work, DoneHandler done);
    void retireEngine();
    /// Keeps the windows of the runner that goes with the engine, closing the open ones now (the runner
    /// stops their actions while it shuts down).
    void retireFaultWindows();
    /// The second half of resetProjectState, once no retiring engine holds the state database.
    void finishReset(bool restart, const std::function<void(bool, const QString&)>& done);

    core::Clock::time_point m_epoch;
    double m_wallAtZeroMs = 0;
    std::optional<core::Project> m_project;
    QString m_projectPath;
    std::string m_defaultRegion = "us-east-1";
    QStringList m_warnings;
    std::shared_ptr<core::Engine> m_engine;
    std::shared_ptr<core::EnvironmentLauncher> m_launcher;  ///< null = plain spawn  ///< shared with thread-pool work in flight
    std::shared_ptr<bridge::Endpoint> m_endpoint;  ///< the AWS-compatible endpoint beside the engine
    /// Fault experiments on m_engine; made before the endpoint, which then serves FIS from this runner.
    std::shared_ptr<faults::ExperimentRunner> m_experiments;
    QString m_endpointUrl;
    /// Outlives the engines: a retired engine's last events (its environments stopping) still arrive.
    std::shared_ptr<core::QueuedEventSink> m_sink = std::make_shared<core::QueuedEventSink>();
    /// Events drained from the sink but not applied yet (a burst larger than one frame's budget).
    std::vector<core::Event> m_backlog;
    std::size_t m_backlogAt = 0;
    /// How long one drain may spend applying before it leaves the rest to the next turn of the event loop:
    /// with the timeline's repaint after it, a frame stays within 8 ms at 5,000 invocations/s (bench_gui).
    static constexpr qint64 kFrameBudgetNs = 2'000'000;
    std::vector<core::Event> nextSlice(const QElapsedTimer& sliceTimer);
    std::vector<std::unique_ptr<core::TrafficGenerator>> m_traffic;
    std::vector<std::thread> m_retiring;
    /// Engines shutting down off the GUI thread. Counted down by a call queued to the GUI thread, so the
    /// GUI sees "stopping" from stop() until the event loop learns they are gone, never a half state.
    int m_enginesStopping = 0;
    int m_invocationsWaiting = 0;  ///< invocations from the app not answered yet
    QHash<QString, InvocationRecord> m_records;
    std::deque<QString> m_recordOrder;  ///< oldest first, to bound m_records
    QTimer m_drainTimer;
    FunctionListModel* m_functions;
    TimelineModel* m_timeline;
    LogModel* m_logs;
    MetricsModel* m_metrics;
    QueueListModel* m_queues;
    MappingListModel* m_mappings;
    StreamListModel* m_streams;
    QueueTheoryModel* m_theory;
    QTimer m_sourcesTimer;
    bool m_refreshing = false;
    /// Fault windows of runners that went with their engines (the timeline keeps those engines' lanes too).
    std::vector<FaultWindow> m_retiredFaultWindows;
    std::size_t m_faultWindowExperiments = 0;  ///< experiments the timeline's windows were last made from
    bool m_faultWindowsStale = true;           ///< set when the runner changed: the next refresh converts again
    double m_timeScale = 1.0;
};

}  // namespace lambdadesk::gui
