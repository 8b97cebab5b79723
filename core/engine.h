// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault_policy.h"
#include "invoke/recent_events.h"
#include "model/invocation.h"
#include "model/expected.h"
#include "model/project.h"
#include "project/template_loader.h"
#include "runtime/environment_launcher.h"
#include "runtime/service_endpoint.h"
#include "scheduler/function_scheduler.h"
#include "telemetry/event_stream.h"
#include "telemetry/function_metrics.h"

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

namespace boost::asio {
class io_context;
}

namespace lambdadesk::core {

class ProjectWatcher;
struct ProjectChanges;
class EventSources;

struct EngineOptions {
    /// One thread by default: on the 2-core machines we target, a second engine thread measured
    /// slower (strand hand-offs between threads, runtimes competing for the cores); see docs/performance.md.
    int ioThreads = 1;
    int accountConcurrency = 1000;
    std::chrono::milliseconds keepAlive{std::chrono::minutes(10)};   ///< idle environments live this long
    std::chrono::milliseconds initTimeout{10000};
    /// Where environments' Runtime API listeners bind, and the host the function processes are told to
    /// reach (AWS_LAMBDA_RUNTIME_API). Loopback unless a function runs on another host under a remote
    /// debugger (docs/remote-debugging.md): the Runtime API has no authentication.
    std::string runtimeApiBind = "127.0.0.1";
    std::string runtimeApiHost;  ///< empty = runtimeApiBind
    /// Where each environment's Runtime API listener takes its port: the first free one of [first, last], so a
    /// remote function can reach it through fixed `ssh -R` tunnels; 0 = an ephemeral port (the default).
    std::uint16_t runtimeApiPortFirst = 0;
    std::uint16_t runtimeApiPortLast = 0;
    std::chrono::milliseconds shutdownGrace{2000};
    Pricing pricing;
    std::string region = "us-east-1";
    std::string accountId = "123456789012";
    std::shared_ptr<EnvironmentLauncher> launcher;  ///< null = plain process spawn
    /// Where queues, async events and checkpoints persist (the project's .lambdadesk folder);
    /// empty = in memory.
    std::filesystem::path stateDir;
    /// Shrinks retry delays, event ages, visibility timeouts and batching windows (e.g. 0.01).
    double timeScale = 1.0;
    /// How much nicer than the thread that made the engine its threads (engine, traffic generator, endpoint)
    /// and the function processes they start run: the desktop app sets it so its GUI thread stays responsive
    /// when functions saturate the cores. 0 = the same priority (the CLI).
    int backgroundNice = 0;
    /// How many environments may be in INIT at once and alive at all, across functions (0 = derived from the
    /// host's cores and memory), and how long a cold start may wait for room. `unbounded` is `--scale-out aws`.
    /// A local deviation from AWS; see docs/user-guide.md, "Host capacity".
    HostCapacityLimits hostCapacity;
    /// How many of the latest invocations' events are kept for replay (recentEvent), and how many bytes of
    /// payload at most; 0 events = none.
    std::size_t keptEvents = 1000;
    std::size_t keptEventBytes = 32 * 1024 * 1024;
};

/// The execution engine: functions, their schedulers and environments, on its own Asio threads.
/// Thread-safe; no method waits on a function except invoke() (the blocking convenience).
class Engine {
public:
    explicit Engine(EngineOptions options = {});
    /// Stops every environment (SIGTERM, then SIGKILL) and joins the engine threads: no child is left.
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Adds every function of a project (and starts provisioned environments).
    void loadProject(const Project& project);
    /// Adds a function, or hot-reloads it when one with that name exists.
    void putFunction(FunctionConfig function);
    /// Retires a function's environments and forgets it; false when unknown.
    bool removeFunction(const std::string& name);
    /// Hot reload after a code change: idle environments retire, the next invoke starts cold.
    bool reloadFunction(const std::string& name);
    /// Stops the idle environments of a function.
    bool recycleEnvironments(const std::string& name);

    /// Hot reload from disk: watches the template and every code folder; a code change reloads its
    /// function, a template change re-reads the project and applies what differs (a template with
    /// errors is reported as ProjectReloaded{ok=false} and the running functions stay as they are).
    bool watchProject(const std::filesystem::path& templatePath, LoadOptions options = {});

    /// Invokes asynchronously; `done` runs once on an engine thread (keep it short).
    void invokeAsync(InvokeRequest request, InvokeCallback done);
    /// Invokes and waits for the result. Never call from a GUI thread.
    InvokeResult invoke(InvokeRequest request);
    /// An asynchronous (Event) invocation: accepted durably and answered at once with its request id.
    Expected<std::string> invokeEvent(const std::string& function, std::string payload);
    /// The event an invocation was made with, by its request id, while it is among the latest kept
    /// (EngineOptions::keptEvents): any invocation — Invoke API, async attempt, queue or stream batch, traffic.
    [[nodiscard]] std::optional<RecordedEvent> recentEvent(const std::string& requestId) const
    {
        return m_recentEvents->find(requestId);
    }
    /// Queues, async invocation and event source mappings; null when the state database could not open.
    [[nodiscard]] EventSources* sources() const { return m_sources.get(); }

    [[nodiscard]] std::vector<FunctionConfig> functions() const;
    [[nodiscard]] std::optional<FunctionConfig> function(const std::string& nameOrArn) const;
    [[nodiscard]] std::optional<SchedulerStats> stats(const std::string& name) const;
    /// INITs running, live environments and queued cold starts across the host, with the bounds. Thread-safe.
    [[nodiscard]] HostCapacityStats hostStats() const { return m_host->stats(); }

    EventStream& events() { return m_events; }
    /// The engine's executor, for services that run beside it (e.g. the API Gateway listener).
    [[nodiscard]] boost::asio::any_io_executor executor() const;
    [[nodiscard]] const MetricsCollector& metrics() const { return *m_metrics; }
    [[nodiscard]] const EngineOptions& options() const { return m_options; }

    /// The AWS endpoint (the bridge) that environments started from now on get as AWS_ENDPOINT_URL.
    void setServiceEndpoint(std::string url) { m_serviceEndpoint->set(std::move(url)); }

    /// Where the engine asks what to break (an experiment runner installs itself here); empty = nothing.
    void setFaultPolicy(std::shared_ptr<FaultPolicy> policy) { m_faults->set(std::move(policy)); }
    [[nodiscard]] std::shared_ptr<FaultPolicy> faultPolicy() const { return m_faults->get(); }

    /// Stops all environments and waits (bounded by the shutdown grace) for them to go.
    void shutdown();

private:
    struct FunctionEntry {
        std::shared_ptr<const FunctionConfig> config;
        std::shared_ptr<FunctionScheduler> scheduler;
    };
    std::shared_ptr<FunctionScheduler> schedulerFor(const std::string& name) const;
    void applyProjectChanges(const std::filesystem::path& templatePath, const LoadOptions& options,
                             const ProjectChanges& changes);
    void rewatch(const std::filesystem::path& templatePath);

    EngineOptions m_options;
    std::unique_ptr<boost::asio::io_context> m_io;
    struct WorkGuard;
    std::unique_ptr<WorkGuard> m_workGuard;
    std::vector<std::thread> m_threads;
    EventStream m_events;
    std::shared_ptr<MetricsCollector> m_metrics;
    ConcurrencyPool m_pool;  ///< the default region's account concurrency
    /// Every other region's, made when its first function arrives: AWS keeps one account limit per region.
    /// Guarded by m_mutex; never shrinks, so schedulers may keep a pointer.
    std::map<std::string, std::unique_ptr<ConcurrencyPool>> m_regionPools;
    std::shared_ptr<HostCapacity> m_host;
    std::shared_ptr<ServiceEndpoint> m_serviceEndpoint = std::make_shared<ServiceEndpoint>();
    std::shared_ptr<FaultPolicySlot> m_faults = std::make_shared<FaultPolicySlot>();
    std::unique_ptr<RecentEvents> m_recentEvents;
    SchedulerContext m_context;
    mutable std::shared_mutex m_mutex;
    std::map<std::string, FunctionEntry, std::less<>> m_functions;
    /// The functions the template defines (loadProject, then each template reload): a reload removes those the
    /// template no longer has, and leaves alone functions created through the API. Guarded by m_mutex.
    std::set<std::string> m_templateFunctions;
    bool m_stopped = false;
    std::shared_ptr<ProjectWatcher> m_watcher;
    std::unique_ptr<EventSources> m_sources;
};

}  // namespace lambdadesk::core
