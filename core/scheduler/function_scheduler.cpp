// SPDX-License-Identifier: MIT
#include "scheduler/function_scheduler.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace lambdadesk::core {
namespace {

void eraseEnvironment(std::vector<std::shared_ptr<Environment>>& list, const Environment* environment)
{
    std::erase_if(list, [environment](const auto& candidate) { return candidate.get() == environment; });
}

InvokeResult failure(const std::string& requestId, const Error& error)
{
    InvokeResult result;
    result.status = InvokeStatus::FunctionError;
    result.functionError = "Unhandled";
    result.requestId = requestId;
    result.errorType = error.code;
    result.payload = nlohmann::json{{"errorType", error.code}, {"errorMessage", error.message}}.dump();
    return result;
}

}  // namespace

FunctionScheduler::FunctionScheduler(boost::asio::strand<boost::asio::any_io_executor> strand,
                                     std::shared_ptr<const FunctionConfig> function, const SchedulerContext& context)
    : m_strand(std::move(strand)), m_function(std::move(function)), m_context(context), m_reaper(m_strand),
      m_waitTimer(m_strand)
{
    if (m_function->reservedConcurrency)
        m_context.pool->adjustReserved(*m_function->reservedConcurrency);
}

FunctionScheduler::~FunctionScheduler()
{
    if (m_function->reservedConcurrency)
        m_context.pool->adjustReserved(-*m_function->reservedConcurrency);
    // Whatever is still counted against the host goes with us (abandon() normally returned it already).
    m_context.host->leave(this);
    for (std::size_t i = 0; i < m_holdingInit.size(); ++i)
        m_context.host->initFinished();
    for (const auto& environment : m_environments)
        m_context.host->environmentGone(m_stoppedForRoom.contains(environment.get()));
    for (; m_heldGrants > 0; --m_heldGrants)
        m_context.host->giveBack();
}

void FunctionScheduler::start()
{
    place();
    scheduleReaper();
}

bool FunctionScheduler::tryAcquireSlot()
{
    if (m_function->reservedConcurrency) {
        if (m_inFlight >= *m_function->reservedConcurrency)
            return false;
    } else if (!m_context.pool->tryAcquireUnreserved()) {
        return false;
    }
    ++m_inFlight;
    return true;
}

void FunctionScheduler::releaseSlot()
{
    --m_inFlight;
    if (!m_function->reservedConcurrency)
        m_context.pool->releaseUnreserved();
}

void FunctionScheduler::throttle(const PendingInvocationPtr& invocation)
{
    throttle(invocation, m_function->reservedConcurrency ? "ReservedFunctionConcurrentInvocationLimitExceeded"
                                                         : "ConcurrentInvocationLimitExceeded");
}

void FunctionScheduler::throttle(const PendingInvocationPtr& invocation, const std::string& reason)
{
    InvokeResult result;
    result.status = InvokeStatus::Throttled;
    result.requestId = invocation->requestId;
    result.errorType = "TooManyRequestsException";
    result.throttleReason = reason;
    result.payload = nlohmann::json{{"Type", "User"}, {"message", "Rate Exceeded."}, {"Reason", result.throttleReason}}
                         .dump();
    m_context.events->publish(Throttled{m_function->name, invocation->requestId, result.throttleReason});
    invocation->done(std::move(result));
}

bool FunctionScheduler::admitFaults(const PendingInvocationPtr& invocation, bool& forceCold)
{
    const auto policy = m_context.faults ? m_context.faults->get() : nullptr;
    if (!policy)
        return true;
    auto fault = policy->onPlacement(PlacementQuery{m_function->name, invocation->requestId, m_inFlight});
    for (auto& applied : fault.applied)
        m_context.events->publish(FaultApplied{m_function->name, invocation->requestId, std::move(applied.experimentId),
                                               std::move(applied.actionName), std::move(applied.actionId),
                                               std::move(applied.effect)});
    forceCold = fault.forceCold;
    if (fault.concurrencyLimit && m_inFlight >= *fault.concurrencyLimit) {
        throttle(invocation, "ReservedFunctionConcurrentInvocationLimitExceeded");
        return false;
    }
    return true;
}

void FunctionScheduler::invoke(const PendingInvocationPtr& invocation)
{
    if (m_shuttingDown) {
        invocation->done(failure(invocation->requestId, Error{"ServiceException", "the engine is shutting down"}));
        return;
    }
    bool forceCold = false;
    if (!admitFaults(invocation, forceCold))
        return;
    if (!tryAcquireSlot())
        return throttle(invocation);
    if (forceCold)
        retireIdleOnDemand("recycled by a fault experiment (forced cold start)");
    if (m_waiting.empty()) {
        if (auto environment = takeIdle()) {
            updateOldestIdle();
            environment->invoke(invocation);
            return;
        }
    }
    // A cold start, unless an environment of ours is about to be free; within the host's capacity (place()).
    m_waiting.push_back(Waiting{invocation, Clock::now()});
    place();
}

bool FunctionScheduler::serveWaitingColdInvocation(const EnvironmentPtr& environment)
{
    while (!m_coldStarting.empty()) {
        auto starting = std::move(m_coldStarting.front());
        m_coldStarting.pop_front();
        if (starting == environment)
            continue;
        if (auto invocation = starting->releaseColdInvocation()) {
            environment->invoke(std::move(invocation));
            return true;
        }
    }
    return false;
}

FunctionScheduler::EnvironmentPtr FunctionScheduler::takeIdle()
{
    for (auto* stack : {&m_idleProvisioned, &m_idle}) {
        while (!stack->empty()) {
            auto environment = std::move(stack->back());
            stack->pop_back();
            if (environment->state() == Environment::State::Idle && isCurrent(environment))
                return environment;
        }
    }
    return nullptr;
}

Expected<FunctionScheduler::EnvironmentPtr> FunctionScheduler::spawn(InitializationType type,
                                                                      PendingInvocationPtr coldInvocation)
{
    Environment::Settings settings;
    settings.executor = m_strand;
    settings.function = m_function;
    settings.generation = m_generation;
    settings.initType = type;
    settings.launcher = m_context.launcher;
    settings.events = m_context.events;
    settings.pricing = m_context.pricing;
    settings.region = m_context.region;
    settings.serviceEndpoint = m_context.serviceEndpoint;
    settings.faults = m_context.faults;
    settings.initTimeout = m_context.initTimeout;
    settings.runtimeApiBind = m_context.runtimeApiBind;
    settings.runtimeApiHost = m_context.runtimeApiHost;
    settings.runtimeApiPortFirst = m_context.runtimeApiPortFirst;
    settings.runtimeApiPortLast = m_context.runtimeApiPortLast;
    settings.shutdownGrace = m_context.shutdownGrace;
    settings.listener = weak_from_this();
    auto environment = Environment::create(std::move(settings));
    if (auto started = environment->start(std::move(coldInvocation)); !started)
        return started.error();
    m_environments.push_back(environment);
    m_holdingInit.insert(environment.get());
    return environment;
}

bool FunctionScheduler::isCurrent(const EnvironmentPtr& environment) const
{
    return environment->generation() == m_generation;
}

void FunctionScheduler::environmentReady(const std::shared_ptr<Environment>& environment)
{
    if (m_shuttingDown || !isCurrent(environment)) {
        environment->stop(m_shuttingDown ? "engine shutdown" : "code or configuration changed");
        return;
    }
    if (serveWaitingColdInvocation(environment)) {
        // The environment whose invocation it took now finishes INIT unclaimed: it may spare a cold start.
        if (!m_waiting.empty() || m_hostRequests > 0)
            place();
        return;
    }
    if (environment->initType() == InitializationType::Provisioned)
        m_idleProvisioned.push_back(environment);
    else
        m_idle.push_back(environment);
    if (!m_waiting.empty() || m_hostRequests > 0 || m_heldGrants > 0) {
        place();  // serves the oldest waiting invocation warm, then settles what is asked of the host
        return;
    }
    updateOldestIdle();
    if (m_context.host->hasWaiters())
        m_context.host->idleAvailable();  // another function's cold start may need this one's room
}

void FunctionScheduler::invocationFinished(const std::shared_ptr<Environment>& environment,
                                           const PendingInvocationPtr& invocation, InvokeResult result)
{
    releaseSlot();
    if (environment->state() == Environment::State::Idle) {
        if (m_shuttingDown)
            environment->stop("engine shutdown");
        else if (!isCurrent(environment))
            environment->stop("code or configuration changed");
        else
            environmentReady(environment);
    }
    if (invocation->done)
        invocation->done(std::move(result));
}

void FunctionScheduler::environmentStopped(const std::shared_ptr<Environment>& environment)
{
    if (m_holdingInit.erase(environment.get()) > 0)
        m_context.host->initFinished();
    m_context.host->environmentGone(m_stoppedForRoom.erase(environment.get()) > 0);
    eraseEnvironment(m_environments, environment.get());
    eraseEnvironment(m_idle, environment.get());
    eraseEnvironment(m_idleProvisioned, environment.get());
    std::erase(m_coldStarting, environment);
    updateOldestIdle();
    // One process fewer: a provisioned environment to replace, or room under the reserved concurrency.
    place();
    maybeFinishShutdown();
}

void FunctionScheduler::initFinished(const std::shared_ptr<Environment>& environment)
{
    if (m_holdingInit.erase(environment.get()) > 0)
        m_context.host->initFinished();
}

void FunctionScheduler::reload(std::shared_ptr<const FunctionConfig> function)
{
    const int oldReserved = m_function->reservedConcurrency.value_or(0);
    const int newReserved = function->reservedConcurrency.value_or(0);
    m_context.pool->adjustReserved(newReserved - oldReserved);
    m_function = std::move(function);
    ++m_generation;
    m_context.events->publish(FunctionReloaded{m_function->name, m_generation});
    m_provisionedFailed = false;
    recycleIdle();
    place();
}

void FunctionScheduler::retireIdleOnDemand(const std::string& reason)
{
    auto idle = std::move(m_idle);
    m_idle.clear();
    for (auto& environment : idle)
        environment->stop(reason);
    updateOldestIdle();
}

void FunctionScheduler::recycleIdle()
{
    auto idle = std::move(m_idle);
    m_idle.clear();
    for (auto& environment : idle)
        environment->stop("code or configuration changed");
    std::vector<EnvironmentPtr> keep;
    for (auto& environment : m_idleProvisioned) {
        if (isCurrent(environment))
            keep.push_back(environment);
        else
            environment->stop("code or configuration changed");
    }
    m_idleProvisioned = std::move(keep);
    updateOldestIdle();
    // Environments still in INIT on old code retire as soon as they report ready.
}

void FunctionScheduler::scheduleReaper()
{
    const auto period = std::clamp(m_context.keepAlive / 4, std::chrono::milliseconds(10),
                                   std::chrono::milliseconds(5000));
    m_reaper.expires_after(period);
    m_reaper.async_wait([weak = weak_from_this()](const boost::system::error_code& ec) {
        auto self = weak.lock();
        if (ec || !self || self->m_shuttingDown)
            return;
        self->reapIdle();
        self->scheduleReaper();
    });
}

void FunctionScheduler::reapIdle()
{
    const auto now = Clock::now();
    std::vector<EnvironmentPtr> keep;
    for (auto& environment : m_idle) {
        if (now - environment->lastUsed() >= m_context.keepAlive) {
            const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(m_context.keepAlive).count();
            environment->stop("idle for " + std::to_string(seconds) + " s (keep-alive)");
        } else {
            keep.push_back(std::move(environment));
        }
    }
    m_idle = std::move(keep);
    updateOldestIdle();
}

void FunctionScheduler::shutdown(std::function<void()> stopped)
{
    m_shuttingDown = true;
    m_whenStopped = std::move(stopped);
    m_reaper.cancel();
    m_waitTimer.cancel();
    for (auto waiting = std::exchange(m_waiting, {}); auto& entry : waiting) {
        endWait(entry, "shutdown");
        releaseSlot();
        entry.invocation->done(failure(entry.invocation->requestId,
                                       Error{"ServiceException", "the engine is shutting down"}));
    }
    while (m_hostRequests > 0 && m_context.host->cancel(this))
        --m_hostRequests;
    for (; m_heldGrants > 0; --m_heldGrants)
        m_context.host->giveBack();
    m_idle.clear();
    updateOldestIdle();
    m_idleProvisioned.clear();
    m_coldStarting.clear();
    for (auto environments = m_environments; auto& environment : environments)
        environment->stop("engine shutdown");
    maybeFinishShutdown();
}

void FunctionScheduler::maybeFinishShutdown()
{
    if (m_shuttingDown && m_environments.empty() && m_whenStopped) {
        auto stopped = std::move(m_whenStopped);
        m_whenStopped = nullptr;
        stopped();
    }
}

void FunctionScheduler::abandon(const std::string& reason)
{
    for (auto environments = std::exchange(m_environments, {}); const auto& environment : environments) {
        environment->terminateNow(reason);
        if (m_holdingInit.erase(environment.get()) > 0)
            m_context.host->initFinished();
        m_context.host->environmentGone(m_stoppedForRoom.erase(environment.get()) > 0);
    }
    m_idle.clear();
    m_idleProvisioned.clear();
    m_coldStarting.clear();
    updateOldestIdle();
}

SchedulerStats FunctionScheduler::stats() const
{
    SchedulerStats stats;
    stats.environments = static_cast<int>(m_environments.size());
    stats.inFlight = m_inFlight;
    stats.generation = m_generation;
    stats.waiting = static_cast<int>(m_waiting.size());
    stats.waitingForHost = m_waitingForHost;
    stats.hostWaits = m_hostWaits;
    stats.hostWaitMs = m_hostWaitMs;
    for (const auto& environment : m_environments) {
        switch (environment->state()) {
        case Environment::State::Idle: ++stats.idle; break;
        case Environment::State::Busy: ++stats.busy; break;
        case Environment::State::Starting: ++stats.starting; break;
        default: break;
        }
    }
    return stats;
}

}  // namespace lambdadesk::core
