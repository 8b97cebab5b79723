// SPDX-License-Identifier: MIT
#include "run/stop_condition.h"

#include <algorithm>
#include <cmath>
#include <regex>

namespace lambdadesk::faults {
namespace {

constexpr const char* kAccepted =
    "accepted: METRIC(NAME) OP NUMBER [for Ns], METRIC one of ErrorRate, Errors, Throttles, Invocations, "
    "P99Duration (of a function) or QueueDepth, QueueAge (of a queue, by name or ARN), OP one of > >= < <=; "
    "e.g. \"ErrorRate(OrderProcessor) > 50 for 5s\"";

std::optional<LocalAlarm::Metric> metricNamed(const std::string& name)
{
    using Metric = LocalAlarm::Metric;
    static const std::pair<const char*, Metric> kMetrics[] = {
        {"ErrorRate", Metric::ErrorRate},     {"Errors", Metric::Errors},         {"Throttles", Metric::Throttles},
        {"Invocations", Metric::Invocations}, {"P99Duration", Metric::P99Duration}, {"QueueDepth", Metric::QueueDepth},
        {"QueueAge", Metric::QueueAge}};
    for (const auto& [known, metric] : kMetrics) {
        if (name == known)
            return metric;
    }
    return std::nullopt;
}

}  // namespace

core::Expected<LocalAlarm> parseLocalAlarm(std::string_view text)
{
    static const std::regex kPattern(
        R"(^\s*([A-Za-z0-9]+)\(\s*([^()\s]+)\s*\)\s*(>=|<=|>|<)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(?:for\s+([0-9]+)\s*s)?\s*$)");
    std::match_results<std::string_view::const_iterator> match;
    if (!std::regex_match(text.begin(), text.end(), match, kPattern))
        return core::Error{"ValidationException", "stop condition '" + std::string(text) + "' is not an alarm; " + kAccepted};
    LocalAlarm alarm;
    alarm.text = std::string(text);
    const auto metric = metricNamed(match[1].str());
    if (!metric)
        return core::Error{"ValidationException", "unknown alarm metric '" + match[1].str() + "'; " + kAccepted};
    alarm.metric = *metric;
    alarm.subject = match[2].str();
    const std::string op = match[3].str();
    alarm.comparison = op == ">"    ? LocalAlarm::Comparison::Greater
                       : op == ">=" ? LocalAlarm::Comparison::GreaterOrEqual
                       : op == "<"  ? LocalAlarm::Comparison::Less
                                    : LocalAlarm::Comparison::LessOrEqual;
    alarm.threshold = std::stod(match[4].str());
    if (match[5].matched) {
        const int seconds = std::stoi(match[5].str());
        if (seconds < 1 || seconds > 3600)
            return core::Error{"ValidationException",
                               "alarm period " + match[5].str() + "s is out of range; accepted: 1 to 3600 seconds"};
        alarm.period = std::chrono::seconds(seconds);
    }
    return alarm;
}

std::optional<double> alarmValue(const LocalAlarm& alarm, const std::vector<TelemetryRecord>& window,
                                 const QueueProbe& queues)
{
    using Metric = LocalAlarm::Metric;
    if (alarm.metric == Metric::QueueDepth || alarm.metric == Metric::QueueAge) {
        const auto reading = queues ? queues(alarm.subject) : std::nullopt;
        if (!reading)
            return std::nullopt;
        return alarm.metric == Metric::QueueDepth ? reading->depth : reading->oldestAgeSeconds;
    }
    double finished = 0;
    double errors = 0;
    double throttles = 0;
    std::vector<double> durations;
    for (const auto& record : window) {
        if (record.function != alarm.subject)
            continue;
        if (record.kind == TelemetryRecord::Kind::Finished) {
            ++finished;
            errors += record.ok ? 0 : 1;
            durations.push_back(record.durationMs);
        } else if (record.kind == TelemetryRecord::Kind::Throttled) {
            ++throttles;
        }
    }
    switch (alarm.metric) {
    case Metric::ErrorRate:
        return finished > 0 ? std::optional(100.0 * errors / finished) : std::nullopt;
    case Metric::Errors:
        return errors;
    case Metric::Throttles:
        return throttles;
    case Metric::Invocations:
        return finished;
    case Metric::P99Duration: {
        if (durations.empty())
            return std::nullopt;
        std::sort(durations.begin(), durations.end());
        const auto rank = static_cast<std::size_t>(std::ceil(0.99 * double(durations.size()))) - 1;
        return durations[std::min(rank, durations.size() - 1)];
    }
    case Metric::QueueDepth:
    case Metric::QueueAge:
        break;
    }
    return std::nullopt;
}

bool breaches(const LocalAlarm& alarm, double value)
{
    switch (alarm.comparison) {
    case LocalAlarm::Comparison::Greater: return value > alarm.threshold;
    case LocalAlarm::Comparison::GreaterOrEqual: return value >= alarm.threshold;
    case LocalAlarm::Comparison::Less: return value < alarm.threshold;
    case LocalAlarm::Comparison::LessOrEqual: return value <= alarm.threshold;
    }
    return false;
}

}  // namespace lambdadesk::faults
