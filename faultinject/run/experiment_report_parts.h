// SPDX-License-Identifier: MIT
// Internal to faultinject/run: what experiment_report_json.cpp, experiment_report_html.cpp and
// experiment_report_svg.cpp share. Not part of lambdadesk_faults' interface.
#pragma once

#include "run/experiment_report.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace lambdadesk::faults::report_parts {

/// "2024-05-01T12:00:03.250Z": ISO 8601 in UTC with milliseconds (experiment_report_json.cpp).
std::string isoUtc(std::chrono::system_clock::time_point time);

// experiment_report_svg.cpp:

/// Text made safe for HTML and SVG content and for quoted attribute values (& < > " ').
std::string escape(std::string_view text);

/// A number with a fixed count of decimals, locale-independent ("12.5"); "0" for NaN and infinities.
std::string fixed(double value, int decimals);

/// Fill colour of the i-th action's window; the page's action table shows the same swatch.
std::string actionColour(std::size_t index);

/// One function's per-second chart: invocation, throttle and error bars from `series`, its p99 on a secondary
/// scale, the windows of the actions that target it (or target nothing in particular) shaded, and a legend.
/// Every element a test may look for carries a class and data- attributes:
/// <svg class="chart" data-function>, <rect class="fault-window" data-action>, <rect class="invocations|throttles|
/// errors" data-second data-count>, <polyline class="p99">.
std::string functionChart(const ExperimentReport& report, const std::string& function);

}  // namespace lambdadesk::faults::report_parts
