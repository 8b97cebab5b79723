// SPDX-License-Identifier: MIT
#pragma once

#include "run/experiment_report.h"
#include "run/telemetry_log.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lambdadesk::faults {

/// The phases of a report on the monotonic clock: before = [beforeFrom, start), during = [start, end),
/// after = [end, afterTo). While an experiment runs, end = afterTo = now.
struct ReportWindow {
    core::Clock::time_point beforeFrom;
    core::Clock::time_point start;
    core::Clock::time_point end;
    core::Clock::time_point afterTo;
    bool ended = false;
    /// (function, queue) pairs: the SQS queues whose event source mappings feed the target functions, so that their
    /// messages moved to a DLQ count for those functions (the backlog samples in the records add the ones seen).
    std::vector<std::pair<std::string, std::string>> sourceQueues;
};

/// Builds the report of one experiment from the records of [beforeFrom, afterTo).
ExperimentReport buildReport(const Experiment& experiment, const std::vector<TelemetryRecord>& records,
                             const ReportWindow& window);

}  // namespace lambdadesk::faults
