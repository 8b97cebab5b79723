// SPDX-License-Identifier: MIT
#include "telemetry/function_metrics.h"

#include <algorithm>
#include <type_traits>

namespace lambdadesk::core {

void MetricsCollector::onEvent(const Event& event)
{
    std::visit(
        [this](const auto& payload) {
            using T = std::decay_t<decltype(payload)>;
            if constexpr (std::is_same_v<T, InvokeStarted>) {
                std::lock_guard lock(m_mutex);
                auto& counters = m_functions[payload.functionName].counters;
                ++counters.concurrencyNow;
                counters.concurrencyPeak = std::max(counters.concurrencyPeak, counters.concurrencyNow);
            } else if constexpr (std::is_same_v<T, InvokeFinished>) {
                std::lock_guard lock(m_mutex);
                auto& accumulator = m_functions[payload.functionName];
                auto& counters = accumulator.counters;
                ++counters.invocations;
                counters.concurrencyNow = std::max(0, counters.concurrencyNow - 1);
                if (!payload.ok)
                    ++counters.errors;
                if (payload.cold)
                    ++counters.coldStarts;
                counters.costUsd += payload.costUsd;
                accumulator.durations.add(payload.durationMs);
            } else if constexpr (std::is_same_v<T, EnvironmentStarted>) {
                std::lock_guard lock(m_mutex);
                ++m_functions[payload.functionName].counters.environmentsNow;
            } else if constexpr (std::is_same_v<T, EnvironmentStopped>) {
                std::lock_guard lock(m_mutex);
                auto& counters = m_functions[payload.functionName].counters;
                counters.environmentsNow = std::max(0, counters.environmentsNow - 1);
            } else if constexpr (std::is_same_v<T, InitDone>) {
                // Init durations of every INIT, as the timeline draws them, not only of those a cold invocation
                // waited for: with the host governor a freed environment often takes the call an INIT began for.
                std::lock_guard lock(m_mutex);
                auto& accumulator = m_functions[payload.functionName];
                ++accumulator.counters.inits;
                accumulator.initDurations.add(payload.initDurationMs);
            } else if constexpr (std::is_same_v<T, HostWait>) {
                std::lock_guard lock(m_mutex);
                auto& accumulator = m_functions[payload.functionName];
                accumulator.counters.hostWaitingNow = payload.waitingNow;
                if (payload.phase == HostWait::Phase::Ended) {
                    ++accumulator.counters.hostWaits;
                    accumulator.counters.hostWaitMsTotal += payload.waitedMs;
                    accumulator.hostWaits.add(payload.waitedMs);
                }
            } else if constexpr (std::is_same_v<T, Throttled>) {
                std::lock_guard lock(m_mutex);
                ++m_functions[payload.functionName].counters.throttles;
            }
        },
        event.payload);
}

FunctionMetricsSnapshot MetricsCollector::summarise(const Accumulator& accumulator)
{
    FunctionMetricsSnapshot snapshot = accumulator.counters;
    snapshot.durationP50Ms = accumulator.durations.percentile(50);
    snapshot.durationP90Ms = accumulator.durations.percentile(90);
    snapshot.durationP99Ms = accumulator.durations.percentile(99);
    snapshot.initDurationP50Ms = accumulator.initDurations.percentile(50);
    snapshot.initDurationP99Ms = accumulator.initDurations.percentile(99);
    snapshot.hostWaitP99Ms = accumulator.hostWaits.percentile(99);
    return snapshot;
}

FunctionMetricsSnapshot MetricsCollector::snapshot(const std::string& functionName) const
{
    std::lock_guard lock(m_mutex);
    const auto found = m_functions.find(functionName);
    return found == m_functions.end() ? FunctionMetricsSnapshot{} : summarise(found->second);
}

std::map<std::string, FunctionMetricsSnapshot> MetricsCollector::snapshotAll() const
{
    std::map<std::string, FunctionMetricsSnapshot> all;
    std::lock_guard lock(m_mutex);
    for (const auto& [name, accumulator] : m_functions)
        all.emplace(name, summarise(accumulator));
    return all;
}

}  // namespace lambdadesk::core
