// SPDX-License-Identifier: MIT
#pragma once

#include "faults/fault_policy.h"
#include "runtime/environment.h"
#include "scheduler/concurrency_pool.h"
#include "scheduler/host_capacity.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <vector>

namespace lambdadesk::core {

/// What every function's scheduler shares with the engine.
struct SchedulerContext {
    std::shared_ptr<EnvironmentLauncher> launcher;
    EventStream* events = nullptr;
    ConcurrencyPool* pool = nullptr;
    std::shared_ptr<HostCapacity> host;
    Pricing pricing;
    std::string region = "us-east-1";
    std::shared_ptr<const ServiceEndpoint> serviceEndpoint;
    std::shared_ptr<const FaultPolicySlot> faults;
    std::chrono::milliseconds keepAlive{std::chrono::minutes(10)};
    std::chrono::milliseconds initTimeout{10000};
    std::string runtimeApiBind = "127.0.0.1";
    std::string runtimeApiHost;
    std::uint16_t runtimeApiPortFirst = 0;  ///< 0 = ephemeral (EngineOptions)
    std::uint16_t runtimeApiPortLast = 0;
    std::chrono::milliseconds shutdownGrace{2000};
};

/// A point-in-time view of a function's environments.
struct SchedulerStats {
    int environments = 0;
    int idle = 0;
    int busy = 0;
    int starting = 0;
    int inFlight = 0;
    int generation = 0;
    int waiting = 0;          ///< invocations holding a concurrency slot but no environment yet
    int waitingForHost = 0;   ///< of those, the ones held back by the host-capacity governor
    std::uint64_t hostWaits = 0;  ///< invocations that waited for the host, since the function was added
    double hostWaitMs = 0;        ///< their total wait
};

/// Placement for one function, on its own strand: warm reuse of the most recently used idle
/// environment (provisioned ones first), cold starts within the concurrency limits and the host's
/// capacity, throttling beyond the limits, idle reaping, provisioned environments kept alive, and hot
/// reload by generation. The function never has more on-demand environments (starting, running or
/// stopping) than its reserved concurrency.
class FunctionScheduler final : public Environment::Listener,
                                public HostCapacityMember,
                                public std::enable_shared_from_this<FunctionScheduler> {
public:
    FunctionScheduler(boost::asio::strand<boost::asio::any_io_executor> strand,
                      std::shared_ptr<const FunctionConfig> function, const SchedulerContext& context);
    ~FunctionScheduler() override;
    FunctionScheduler(const FunctionScheduler&) = delete;
    FunctionScheduler& operator=(const FunctionScheduler&) = delete;

    /// Starts provisioned environments and the reaper. On the strand.
    void start();
    /// Places an invocation. On the strand; `invocation->done` is always called exactly once.
    void invoke(const PendingInvocationPtr& invocation);
    /// New code or configuration: idle environments retire now, busy ones when they finish.
    void reload(std::shared_ptr<const FunctionConfig> function);
    /// Stops every environment; `stopped` runs on the strand once none is left.
    void shutdown(std::function<void()> stopped);
    /// Stops every idle environment (the "recycle environments" action).
    void recycleIdle();
    /// Stops every idle on-demand environment, whatever its generation (an experiment forcing cold starts).
    void retireIdleOnDemand(const std::string& reason);

    /// After the engine's threads stopped: kills what is left at once and reports each environment stopped.
    void abandon(const std::string& reason);

    [[nodiscard]] SchedulerStats stats() const;  ///< on the strand
    [[nodiscard]] const boost::asio::strand<boost::asio::any_io_executor>& strand() const { return m_strand; }

    void environmentReady(const std::shared_ptr<Environment>& environment) override;
    void invocationFinished(const std::shared_ptr<Environment>& environment, const PendingInvocationPtr& invocation,
                            InvokeResult result) override;
    void environmentStopped(const std::shared_ptr<Environment>& environment) override;
    void initFinished(const std::shared_ptr<Environment>& environment) override;

    void hostSlotGranted() override;
    [[nodiscard]] Clock::time_point oldestIdleSince() const override;
    void reapForRoom() override;

private:
    using EnvironmentPtr = std::shared_ptr<Environment>;

    /// An invocation that holds a concurrency slot and waits for an environment.
    struct Waiting {
        PendingInvocationPtr invocation;
        Clock::time_point since;
        bool forHost = false;  ///< held back by the host-capacity governor (a HostWait was published)
    };

    /// Asks the fault policy about an arriving invocation; false when it was throttled by a fault.
    bool admitFaults(const PendingInvocationPtr& invocation, bool& forceCold);
    bool tryAcquireSlot();
    void releaseSlot();
    void throttle(const PendingInvocationPtr& invocation);
    void throttle(const PendingInvocationPtr& invocation, const std::string& reason);
    EnvironmentPtr takeIdle();
    bool serveWaitingColdInvocation(const EnvironmentPtr& environment);
    Expected<EnvironmentPtr> spawn(InitializationType type, PendingInvocationPtr coldInvocation);
    void place();
    bool spawnWithSlot(bool forInvocation);
    void dispatchWaiting(const EnvironmentPtr& environment, const char* outcome);
    void endWait(const Waiting& waiting, const char* outcome);
    void armWaitTimer();
    void expireWaiting();
    void reapOneForRoom();
    void updateOldestIdle();
    [[nodiscard]] int unclaimedStarting() const;
    [[nodiscard]] int onDemandEnvironments() const;
    [[nodiscard]] int provisionedMissing() const;
    void scheduleReaper();
    void reapIdle();
    void maybeFinishShutdown();
    [[nodiscard]] bool isCurrent(const EnvironmentPtr& environment) const;

    boost::asio::strand<boost::asio::any_io_executor> m_strand;
    std::shared_ptr<const FunctionConfig> m_function;
    SchedulerContext m_context;
    int m_generation = 0;
    int m_inFlight = 0;
    std::vector<EnvironmentPtr> m_environments;  ///< every live environment
    std::vector<EnvironmentPtr> m_idle;          ///< on-demand idle, back = most recently used
    std::vector<EnvironmentPtr> m_idleProvisioned;
    /// Environments started for an invocation and still in INIT, oldest first. An environment that comes
    /// free serves the oldest such invocation instead of going idle, so a slow INIT (a busy laptop) does not
    /// snowball into one new process per arrival. Stale entries are skipped lazily.
    std::deque<EnvironmentPtr> m_coldStarting;
    boost::asio::steady_timer m_reaper;
    std::deque<Waiting> m_waiting;            ///< oldest first
    int m_waitingForHost = 0;
    int m_hostRequests = 0;                   ///< queued in the HostCapacity
    int m_heldGrants = 0;                     ///< granted and not yet used
    std::set<const Environment*> m_holdingInit;    ///< environments whose INIT slot is not yet returned
    std::set<const Environment*> m_stoppedForRoom;
    boost::asio::steady_timer m_waitTimer;
    Clock::time_point m_waitTimerAt = Clock::time_point::max();
    std::atomic<Clock::rep> m_oldestIdle{Clock::time_point::max().time_since_epoch().count()};
    bool m_provisionedFailed = false;  ///< a provisioned spawn failed: no retry until the next reload
    std::uint64_t m_hostWaits = 0;
    double m_hostWaitMs = 0;
    bool m_shuttingDown = false;
    std::function<void()> m_whenStopped;
};

}  // namespace lambdadesk::core
