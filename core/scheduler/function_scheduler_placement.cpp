// SPDX-License-Identifier: MIT
// FunctionScheduler: invocations waiting for an environment, cold starts within the reserved concurrency and the
// host's capacity, and the scheduler's side of the HostCapacity (grants, LRU reaping for room).
#include "scheduler/function_scheduler.h"

#include <boost/asio/post.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace lambdadesk::core {
namespace {

constexpr const char* kHostWaitExceeded = "HostCapacityWaitExceeded";

double millisecondsSince(Clock::time_point since)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

}  // namespace

int FunctionScheduler::unclaimedStarting() const
{
    return static_cast<int>(std::count_if(m_environments.begin(), m_environments.end(), [this](const auto& environment) {
        return environment->state() == Environment::State::Starting && isCurrent(environment) &&
               !environment->hasInvocation();
    }));
}

int FunctionScheduler::onDemandEnvironments() const
{
    // Every process counts, stopping ones too: the reserved concurrency bounds what exists, not what is busy.
    return static_cast<int>(std::count_if(m_environments.begin(), m_environments.end(), [](const auto& environment) {
        return environment->initType() == InitializationType::OnDemand;
    }));
}

int FunctionScheduler::provisionedMissing() const
{
    if (m_shuttingDown || m_provisionedFailed)
        return 0;
    const auto alive = std::count_if(m_environments.begin(), m_environments.end(), [this](const auto& environment) {
        return environment->initType() == InitializationType::Provisioned && isCurrent(environment) &&
               environment->state() != Environment::State::Stopping;
    });
    return std::max(0, m_function->provisionedConcurrency - static_cast<int>(alive));
}

// Settles every invocation waiting for an environment: idle ones serve them warm; the rest need cold starts,
// except as many as environments of ours are finishing INIT unclaimed (they serve them when ready), and no
// more than the reserved concurrency leaves room for. Each cold start takes a slot of the host: at once, or
// by queueing for one (FIFO across functions) — the invocation then waits for the host.
void FunctionScheduler::place()
{
    if (m_shuttingDown) {
        for (; m_heldGrants > 0; --m_heldGrants)
            m_context.host->giveBack();
        return;
    }
    while (!m_waiting.empty()) {
        auto environment = takeIdle();
        if (!environment)
            break;
        dispatchWaiting(environment, "warm");
    }
    updateOldestIdle();

    const int own = unclaimedStarting();
    int forInvocations = std::max(0, static_cast<int>(m_waiting.size()) - own);
    if (m_function->reservedConcurrency)
        forInvocations = std::min(forInvocations, std::max(0, *m_function->reservedConcurrency - onDemandEnvironments()));
    int forProvisioned = provisionedMissing();
    while (forInvocations + forProvisioned > 0) {
        bool slot = false;
        if (m_heldGrants > 0) {
            --m_heldGrants;
            slot = true;
        } else if (m_hostRequests == 0) {
            slot = m_context.host->tryAcquire();
        }
        if (!slot)
            break;
        const bool forInvocation = forInvocations > 0;
        (forInvocation ? forInvocations : forProvisioned) -= 1;
        if (!spawnWithSlot(forInvocation) && !forInvocation)
            forProvisioned = 0;
    }

    const int wanted = forInvocations + forProvisioned;
    while (m_hostRequests < wanted) {
        ++m_hostRequests;
        m_context.host->request(shared_from_this());
    }
    while (m_hostRequests > wanted && m_context.host->cancel(this))
        --m_hostRequests;
    for (; m_heldGrants > 0; --m_heldGrants)
        m_context.host->giveBack();

    // The first `own` waiting invocations go to our own environments finishing INIT; the next `forInvocations`
    // wait for the host.
    const int size = static_cast<int>(m_waiting.size());
    for (int i = std::min(own, size); i < std::min(size, own + forInvocations); ++i) {
        auto& waiting = m_waiting[static_cast<std::size_t>(i)];
        if (waiting.forHost)
            continue;
        waiting.forHost = true;
        ++m_waitingForHost;
        HostWait began;
        began.functionName = m_function->name;
        began.requestId = waiting.invocation->requestId;
        began.phase = HostWait::Phase::Began;
        began.waitingNow = m_waitingForHost;
        m_context.events->publish(std::move(began));
    }
    armWaitTimer();
}

bool FunctionScheduler::spawnWithSlot(bool forInvocation)
{
    if (!forInvocation) {
        if (auto spawned = spawn(InitializationType::Provisioned, nullptr); !spawned) {
            m_context.host->giveBack();
            m_provisionedFailed = true;
            m_context.events->publish(LogLine{m_function->name, {}, {}, LogLine::Stream::Platform,
                                              "provisioned environment failed to start: " + spawned.error().message});
            return false;
        }
        return true;
    }
    Waiting waiting = std::move(m_waiting.front());
    m_waiting.pop_front();
    endWait(waiting, "cold");
    auto spawned = spawn(InitializationType::OnDemand, waiting.invocation);
    if (!spawned) {
        m_context.host->giveBack();
        releaseSlot();
        const Error& error = spawned.error();
        InvokeResult result;
        result.status = InvokeStatus::FunctionError;
        result.functionError = "Unhandled";
        result.requestId = waiting.invocation->requestId;
        result.errorType = error.code;
        result.payload = nlohmann::json{{"errorType", error.code}, {"errorMessage", error.message}}.dump();
        waiting.invocation->done(std::move(result));
        return false;
    }
    m_coldStarting.push_back(std::move(*spawned));
    return true;
}

void FunctionScheduler::dispatchWaiting(const EnvironmentPtr& environment, const char* outcome)
{
    Waiting waiting = std::move(m_waiting.front());
    m_waiting.pop_front();
    endWait(waiting, outcome);
    environment->invoke(std::move(waiting.invocation));
}

void FunctionScheduler::endWait(const Waiting& waiting, const char* outcome)
{
    if (!waiting.forHost)
        return;
    --m_waitingForHost;
    const double waitedMs = millisecondsSince(waiting.since);
    ++m_hostWaits;
    m_hostWaitMs += waitedMs;
    HostWait ended;
    ended.functionName = m_function->name;
    ended.requestId = waiting.invocation->requestId;
    ended.phase = HostWait::Phase::Ended;
    ended.waitingNow = m_waitingForHost;
    ended.waitedMs = waitedMs;
    ended.outcome = outcome;
    m_context.events->publish(std::move(ended));
}

// One timer for the oldest waiting invocation: the queue is FIFO, so it is always the first to run out.
void FunctionScheduler::armWaitTimer()
{
    const auto limit = m_context.host->limits().maxWait;
    if (m_waiting.empty() || limit.count() <= 0) {
        if (m_waitTimerAt != Clock::time_point::max()) {
            m_waitTimer.cancel();
            m_waitTimerAt = Clock::time_point::max();
        }
        return;
    }
    const auto at = m_waiting.front().since + limit;
    if (at == m_waitTimerAt)
        return;
    m_waitTimerAt = at;
    m_waitTimer.expires_at(at);
    m_waitTimer.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        auto self = weak.lock();
        if (ec || !self)
            return;
        self->m_waitTimerAt = Clock::time_point::max();
        self->expireWaiting();
    });
}

// A caller-level bound: the wait does not consume the function's timeout, but nobody waits forever.
void FunctionScheduler::expireWaiting()
{
    const auto limit = m_context.host->limits().maxWait;
    const auto now = Clock::now();
    while (!m_waiting.empty() && now - m_waiting.front().since >= limit) {
        Waiting waiting = std::move(m_waiting.front());
        m_waiting.pop_front();
        endWait(waiting, "expired");
        releaseSlot();
        throttle(waiting.invocation, kHostWaitExceeded);
    }
    place();
}

void FunctionScheduler::hostSlotGranted()
{
    boost::asio::post(m_strand, [self = shared_from_this()] {
        --self->m_hostRequests;
        ++self->m_heldGrants;
        self->place();
    });
}

Clock::time_point FunctionScheduler::oldestIdleSince() const
{
    return Clock::time_point(Clock::duration(m_oldestIdle.load(std::memory_order_relaxed)));
}

void FunctionScheduler::reapForRoom()
{
    boost::asio::post(m_strand, [self = shared_from_this()] { self->reapOneForRoom(); });
}

void FunctionScheduler::reapOneForRoom()
{
    bool reaped = false;
    while (!m_idle.empty() && !reaped) {
        auto environment = std::move(m_idle.front());
        m_idle.erase(m_idle.begin());
        if (environment->state() != Environment::State::Idle)
            continue;
        m_stoppedForRoom.insert(environment.get());
        const auto limit = m_context.host->limits().maxEnvironments;
        environment->stop("the host is at its limit of " + std::to_string(limit) +
                          " environments: least recently used idle environment stopped");
        reaped = true;
    }
    updateOldestIdle();
    m_context.host->reapDone(reaped);
}

void FunctionScheduler::updateOldestIdle()
{
    const auto oldest = m_idle.empty() ? Clock::time_point::max() : m_idle.front()->lastUsed();
    m_oldestIdle.store(oldest.time_since_epoch().count(), std::memory_order_relaxed);
}

}  // namespace lambdadesk::core
