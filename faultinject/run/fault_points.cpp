// SPDX-License-Identifier: MIT
// The runner's answers at the engine's fault points: each asks which running actions target the subject,
// lets the earliest started of each conflict group draw its seeded hit, and turns the hits into faults.
#include "run/runner_state.h"

#include <nlohmann/json.hpp>

namespace lambdadesk::faults {

core::PlacementFault ExperimentRunner::onPlacement(const core::PlacementQuery& query)
{
    core::PlacementFault fault;
    if (m_state->running.load(std::memory_order_relaxed) == 0)
        return fault;
    std::lock_guard lock(m_state->mutex);
    m_state->decide(
        query.functionName, {ActionEffect::Group::ColdStart, ActionEffect::Group::Concurrency}, false,
        [&](const RunningAction& live) {
            // A concurrency limit only counts (and is only reported) when it throttles this invocation.
            return live.effect.kind != ActionEffect::Kind::ConcurrencyLimit ||
                   query.inFlight >= live.effect.reservedConcurrency;
        },
        [&](const ActionEffect& effect, core::AppliedFault applied) {
            if (effect.kind == ActionEffect::Kind::ColdStart)
                fault.forceCold = true;
            else
                fault.concurrencyLimit = effect.reservedConcurrency;
            fault.applied.push_back(std::move(applied));
        });
    return fault;
}

core::InvocationFault ExperimentRunner::onInvocation(const core::InvocationQuery& query)
{
    core::InvocationFault fault;
    if (m_state->running.load(std::memory_order_relaxed) == 0)
        return fault;
    std::lock_guard lock(m_state->mutex);
    m_state->decide(
        query.functionName, {ActionEffect::Group::Delay, ActionEffect::Group::Response, ActionEffect::Group::Kill}, false,
        [](const RunningAction&) { return true; },
        [&](const ActionEffect& effect, core::AppliedFault applied) {
            switch (effect.kind) {
            case ActionEffect::Kind::Delay: fault.startupDelay = effect.delay; break;
            case ActionEffect::Kind::Error: {
                fault.preventExecution = effect.preventExecution;
                const nlohmann::json payload = {
                    {"errorMessage", "Invocation failed by fault experiment " + applied.experimentId + ", action '" +
                                         applied.actionName + "' (" + applied.actionId + ")."},
                    {"errorType", "FaultInjection.InvocationError"}};
                fault.response = core::ReplacedResponse{true, "FaultInjection.InvocationError", payload.dump()};
                break;
            }
            case ActionEffect::Kind::HttpResponse: {
                fault.preventExecution = effect.preventExecution;
                const nlohmann::json payload = {{"statusCode", effect.statusCode},
                                                {"headers", {{"Content-Type", effect.contentType}}},
                                                {"body", ""},
                                                {"isBase64Encoded", false}};
                fault.response = core::ReplacedResponse{false, {}, payload.dump()};
                break;
            }
            case ActionEffect::Kind::Crash: fault.crashAfter = effect.delay; break;
            case ActionEffect::Kind::Timeout: fault.timeoutAfter = effect.delay; break;
            default: break;
            }
            fault.applied.push_back(std::move(applied));
        });
    return fault;
}

core::ServiceFault ExperimentRunner::onServiceCall(const core::ServiceCallQuery& query)
{
    core::ServiceFault fault;
    if (m_state->running.load(std::memory_order_relaxed) == 0)
        return fault;
    std::lock_guard lock(m_state->mutex);
    m_state->decide(
        query.functionName, {ActionEffect::Group::ApiLatency, ActionEffect::Group::ApiError}, true,
        [&](const RunningAction& live) { return live.effect.matchesCall(query.service, query.operation); },
        [&](const ActionEffect& effect, core::AppliedFault applied) {
            if (effect.kind == ActionEffect::Kind::ApiLatency) {
                fault.latency = effect.delay;
            } else {
                fault.status = effect.statusCode;
                fault.errorCode = effect.errorCode;
                fault.message = "Injected by fault experiment " + applied.experimentId + ", action '" +
                                applied.actionName + "' (" + applied.actionId + ").";
            }
            applied.effect += " (" + query.service + ":" + query.operation + ")";
            fault.applied.push_back(std::move(applied));
        });
    return fault;
}

core::DeliveryFault ExperimentRunner::onDelivery(const core::DeliveryQuery& query)
{
    core::DeliveryFault fault;
    if (m_state->running.load(std::memory_order_relaxed) == 0)
        return fault;
    std::lock_guard lock(m_state->mutex);
    m_state->decide(
        query.functionName, {ActionEffect::Group::DeliveryDelay, ActionEffect::Group::DeliveryDuplicate}, false,
        [](const RunningAction&) { return true; },
        [&](const ActionEffect& effect, core::AppliedFault applied) {
            if (effect.kind == ActionEffect::Kind::DeliveryDelay)
                fault.delay = effect.delay;
            else
                fault.duplicates = effect.copies;
            // The queue or stream by name (arn:…:sqs:…:NAME, arn:…:kinesis:…:stream/NAME), as tooltips show it.
            auto source = query.sourceArn.substr(query.sourceArn.rfind(':') + 1);
            source.erase(0, source.rfind('/') + 1);
            applied.effect += " (" + source + ")";
            fault.applied.push_back(std::move(applied));
        });
    return fault;
}

}  // namespace lambdadesk::faults
