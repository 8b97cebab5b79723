// SPDX-License-Identifier: MIT
#pragma once

#include "run/experiment_report.h"
#include "run/telemetry_log.h"

#include <optional>
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
};

/// Builds the report of one experiment from the records of [beforeFrom, afterTo).
ExperimentReport buildReport(const Experiment& experiment, const std::vector<TelemetryRecord>& records,
                             const ReportWindow& window);

}  // namespace lambdadesk::faults
