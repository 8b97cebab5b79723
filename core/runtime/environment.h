// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault_policy.h"
#include "model/invocation.h"
#include "model/expected.h"
#include "model/function_config.h"
#include "net/http_server.h"
#include "runtime/service_endpoint.h"
#include "runtime/environment_launcher.h"
#include "runtime/invoke_budget.h"
#include "runtime/output_reader.h"
#include "runtime/pending_invocation.h"
#include "runtime/process_memory.h"
#include "telemetry/event_stream.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>

namespace lambdadesk::core {

/// One execution environment: a process in its own group, its own Runtime API listener on
/// 127.0.0.1, and the INIT → INVOKE → idle → SHUTDOWN lifecycle. Lives on its function's strand;
/// every method must be called there.
class Environment : public std::enable_shared_from_this<Environment> {
public:
    enum class State { Starting, Idle, Busy, Stopping, Stopped };

    /// Told about the environment's life, on the strand. Implemented by the function's scheduler.
    class Listener {
    public:
        virtual ~Listener() = default;
        /// INIT finished and no invocation is bound: the environment can take work.
        virtual void environmentReady(const std::shared_ptr<Environment>& environment) = 0;
        virtual void invocationFinished(const std::shared_ptr<Environment>& environment,
                                        const PendingInvocationPtr& invocation, InvokeResult result) = 0;
        virtual void environmentStopped(const std::shared_ptr<Environment>& environment) = 0;
        /// INIT ended: the runtime asked for its first event, or the process went while in INIT.
        virtual void initFinished(const std::shared_ptr<Environment>& /*environment*/) {}
    };

    struct Settings {
        boost::asio::any_io_executor executor;  ///< the function's strand
        std::shared_ptr<const FunctionConfig> function;
        int generation = 0;
        InitializationType initType = InitializationType::OnDemand;
        std::shared_ptr<EnvironmentLauncher> launcher;
        EventStream* events = nullptr;
        Pricing pricing;
        std::string region = "us-east-1";
        std::shared_ptr<const ServiceEndpoint> serviceEndpoint;
        std::shared_ptr<const FaultPolicySlot> faults;  ///< asked at every hand-over; may be null
        std::chrono::milliseconds initTimeout{10000};
        std::string runtimeApiBind = "127.0.0.1";
        std::string runtimeApiHost;  ///< what the process is told to reach; empty = runtimeApiBind
        std::uint16_t runtimeApiPortFirst = 0;  ///< the listener takes the first free port of [first, last]; 0 = any
        std::uint16_t runtimeApiPortLast = 0;
        std::chrono::milliseconds shutdownGrace{2000};
        std::weak_ptr<Listener> listener;
    };

    static std::shared_ptr<Environment> create(Settings settings);
    ~Environment();
    Environment(const Environment&) = delete;
    Environment& operator=(const Environment&) = delete;

    /// Starts the listener and the process. `coldInvocation`, when given, is handed over as soon
    /// as INIT completes (a cold start); otherwise the environment reports ready (provisioned).
    Expected<void> start(PendingInvocationPtr coldInvocation);
    /// Hands an invocation to an idle environment.
    void invoke(PendingInvocationPtr invocation);
    /// Gives up the cold invocation this environment was started for, while INIT is still running, so an
    /// environment that became free first can serve it (AWS: "If a pre-initialized execution environment
    /// becomes available while Lambda is initializing a new execution environment to process an
    /// invocation, Lambda can use the pre-initialized execution environment"). INIT carries on; the
    /// environment then reports ready like a proactively initialized one. Null when there is nothing to
    /// give: INIT done, the invocation already handed over, or INIT overran into the invoke phase.
    PendingInvocationPtr releaseColdInvocation();
    /// SHUTDOWN: SIGTERM to the process group, SIGKILL after the grace period.
    void stop(const std::string& reason);
    /// When the engine's threads are gone: SIGKILL to the group, reap, and publish EnvironmentStopped (once).
    void terminateNow(const std::string& reason);

    [[nodiscard]] const std::string& id() const { return m_id; }
    [[nodiscard]] State state() const { return m_state; }
    [[nodiscard]] int generation() const { return m_settings.generation; }
    [[nodiscard]] InitializationType initType() const { return m_settings.initType; }
    [[nodiscard]] Clock::time_point lastUsed() const { return m_lastUsed; }
    [[nodiscard]] int pid() const { return m_pid; }
    /// An invocation is bound to it (running, or waiting for INIT to end).
    [[nodiscard]] bool hasInvocation() const { return m_invocation != nullptr; }

private:
    explicit Environment(Settings settings);

    void handleRequest(net::HttpRequest&& request, net::HttpResponder respond);
    void onNext(net::HttpResponder respond);
    void onResult(const net::HttpRequest& request, const std::string& requestId, bool isError,
                  net::HttpResponder respond);
    void onInitError(const net::HttpRequest& request, net::HttpResponder respond);
    void handOver();
    /// The event goes to the runtime's parked /next (after a fault's startup delay), or a fault answers instead.
    void releaseEvent();
    void consultFaults();
    void finishInvocation(InvokeStatus status, std::string payload, std::string errorType, bool environmentSurvives);
    void onProcessExited();
    void onInitTimer();
    void onInvokeTimeout();
    void onDebugStateChanged(bool stopped, const std::string& location);
    void sampleMemory();
    void watchProcess();
    void killGroup(int signal);
    void log(LogLine::Stream stream, std::string text);
    void setState(State state);

    Settings m_settings;
    const FunctionConfig& m_function;
    std::string m_id;
    State m_state = State::Starting;

    std::unique_ptr<net::HttpServer> m_server;
    int m_pid = -1;
    bool m_reaped = false;
    std::function<int()> m_exitStatus;                     ///< set when the process is not our child
    std::optional<std::chrono::milliseconds> m_debugTimeCap;  ///< set when it runs under a debugger
    std::optional<boost::asio::posix::stream_descriptor> m_pidWatch;
    std::shared_ptr<OutputReader> m_stdout;
    std::shared_ptr<OutputReader> m_stderr;
    boost::asio::steady_timer m_initTimer;
    InvokeBudget m_invokeBudget;
    boost::asio::steady_timer m_memoryTimer;
    boost::asio::steady_timer m_killTimer;
    boost::asio::steady_timer m_faultTimer;  ///< a fault's startup delay, then its crash or forced timeout
    InvocationFault m_fault;                 ///< what an experiment does to the invocation in progress
    std::int64_t m_deadlineEpochMs = 0;

    std::optional<net::HttpResponder> m_parkedNext;
    PendingInvocationPtr m_invocation;   ///< bound to this environment, answered or not yet handed over
    bool m_handedOver = false;
    bool m_coldInvocation = false;
    bool m_suppressedInit = false;
    Clock::time_point m_spawnedAt;
    Clock::time_point m_invokeStartedAt;
    Clock::time_point m_lastUsed;
    double m_initDurationMs = 0;
    std::string m_invocationLog;         ///< tail of the current invocation's log
    std::deque<std::string> m_answered;  ///< recent request ids, to tell "already answered" apart

    struct InitFailure {
        std::string errorType;
        std::string body;
    };
    std::optional<InitFailure> m_initFailure;
    bool m_timedOut = false;
    bool m_outOfMemory = false;
    ResidentSetReader m_residentSet;  ///< the process's /proc/PID/statm, kept open
    long m_peakRssKb = 0;
    Clock::time_point m_lastMemorySample;
    std::string m_stopReason;
};

}  // namespace lambdadesk::core
