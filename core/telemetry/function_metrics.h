// SPDX-License-Identifier: MIT
#pragma once

#include "telemetry/event_stream.h"
#include "telemetry/percentile_window.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace lambdadesk::core {

/// Per-function figures, as CloudWatch's Lambda metrics name them.
struct FunctionMetricsSnapshot {
    std::uint64_t invocations = 0;
    std::uint64_t errors = 0;
    std::uint64_t throttles = 0;
    std::uint64_t coldStarts = 0;
    double durationP50Ms = 0;
    double durationP90Ms = 0;
    double durationP99Ms = 0;
    double initDurationP50Ms = 0;
    double initDurationP99Ms = 0;
    int concurrencyNow = 0;
    int concurrencyPeak = 0;
    double costUsd = 0;
    std::uint64_t inits = 0;         ///< every INIT that ended (InitDone): cold starts, pre-initialized and provisioned
    int environmentsNow = 0;         ///< EnvironmentStarted minus EnvironmentStopped
    int hostWaitingNow = 0;          ///< invocations held back by the host-capacity governor now (local, not AWS)
    std::uint64_t hostWaits = 0;     ///< invocations that waited for the host and stopped waiting
    double hostWaitMsTotal = 0;      ///< their total wait
    double hostWaitP99Ms = 0;
};

/// Aggregates the event stream into per-function metrics. Thread-safe.
class MetricsCollector final : public EventSink {
public:
    void onEvent(const Event& event) override;

    [[nodiscard]] FunctionMetricsSnapshot snapshot(const std::string& functionName) const;
    [[nodiscard]] std::map<std::string, FunctionMetricsSnapshot> snapshotAll() const;

private:
    struct Accumulator {
        FunctionMetricsSnapshot counters;
        PercentileWindow durations;
        PercentileWindow initDurations;
        PercentileWindow hostWaits;
    };
    static FunctionMetricsSnapshot summarise(const Accumulator& accumulator);

    mutable std::mutex m_mutex;
    std::map<std::string, Accumulator, std::less<>> m_functions;
};

}  // namespace lambdadesk::core
