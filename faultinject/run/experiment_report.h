// SPDX-License-Identifier: MIT
#pragma once

#include "run/experiment.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::faults {

/// Invocation figures of one function over one phase of an experiment.
struct PhaseFigures {
    double seconds = 0;              ///< how long the phase was observed
    std::uint64_t invocations = 0;   ///< finished invocations (throttles not included)
    std::uint64_t errors = 0;        ///< function errors, timeouts and crashes
    std::uint64_t throttles = 0;
    std::uint64_t faulted = 0;       ///< invocations an action changed
    double p50Ms = 0;                ///< duration percentiles of finished invocations; 0 when none
    double p99Ms = 0;
    [[nodiscard]] double errorRate() const { return invocations ? 100.0 * double(errors) / double(invocations) : 0; }
};

/// One target function: before (the runner's history up to the start), during (start to end) and after.
/// A queue that feeds a target function (an SQS event source), sampled every second from the start to the end of
/// the after window: how far the backlog grew and whether it drained.
struct QueueBacklog {
    std::string queue;
    double atStart = 0;           ///< messages (visible + in flight + delayed) when the experiment started
    double maxDuring = 0;
    double atEnd = 0;             ///< when the experiment ended (or now)
    double maxAfter = 0;
    double last = 0;              ///< the latest sample
    double maxOldestAgeSeconds = 0;
};

struct FunctionReport {
    std::string function;
    PhaseFigures before;
    PhaseFigures during;
    PhaseFigures after;
    std::uint64_t asyncRetries = 0;   ///< async retries scheduled during and after
    std::uint64_t deadLetters = 0;    ///< async events that ended in a DLQ or on-failure destination
    /// Records its SQS and Kinesis event source mappings handed over again, during and after: SQS messages received
    /// again (after a failed or throttled batch, or their visibility timeout), Kinesis batches retried.
    std::uint64_t redeliveries = 0;
    /// Messages of the SQS queues feeding it moved to their dead-letter queue by the redrive policy, during and after.
    std::uint64_t movedToDeadLetterQueue = 0;
    /// Seconds from the experiment's end to the first successful invocation after the last failure or throttle
    /// (the function answered well again and stayed so); nullopt while that has not happened.
    std::optional<double> recoverySeconds;
    std::vector<QueueBacklog> queues;  ///< its SQS event sources' backlog
};

struct ActionReport {
    std::string name;
    std::string actionId;
    std::string status;
    double startSecond = 0;    ///< offsets from the experiment's start, as run (not as planned)
    double endSecond = 0;
    std::uint64_t affected = 0;    ///< invocations or calls it changed
    std::uint64_t considered = 0;  ///< invocations or calls it saw while running
    std::vector<std::string> functions;
};

/// One second of one function, for the charts: offsets from the experiment's start (negative = before).
struct SecondBucket {
    int second = 0;
    std::string function;
    std::uint64_t invocations = 0;
    std::uint64_t errors = 0;
    std::uint64_t throttles = 0;
    std::uint64_t faulted = 0;
    double p99Ms = 0;
    double backlog = 0;  ///< messages waiting in the function's SQS sources at that second (the latest sample)
};

/// What an experiment did (issue 14 §3): built from the telemetry the runner recorded.
struct ExperimentReport {
    Experiment experiment;
    double durationSeconds = 0;    ///< start to end (so far, while running)
    std::vector<ActionReport> actions;
    std::vector<FunctionReport> functions;
    std::vector<SecondBucket> series;
};

nlohmann::json toJson(const ExperimentReport& report);
/// One self-contained HTML page: numbers in tables and inline SVG charts per function (invocations, errors and
/// p99 per second, fault windows shaded); no scripts, fonts or images from anywhere.
std::string toHtml(const ExperimentReport& report);

}  // namespace lambdadesk::faults
