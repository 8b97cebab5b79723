// SPDX-License-Identifier: MIT
#include "run/experiment_report.h"

#include "run/experiment_report_parts.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace lambdadesk::faults {

// std::format's chrono support is not in g++ 12: strftime on gmtime_r, and the milliseconds by hand.
std::string report_parts::isoUtc(std::chrono::system_clock::time_point time)
{
    const auto millis = std::chrono::floor<std::chrono::milliseconds>(time);
    const auto seconds = std::chrono::floor<std::chrono::seconds>(millis);
    const std::time_t epoch = std::chrono::system_clock::to_time_t(seconds);
    std::tm utc{};
    char date[32];
    if (gmtime_r(&epoch, &utc) == nullptr || std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &utc) == 0)
        return "";  // a year strftime cannot write; no real experiment has one
    char text[48];
    std::snprintf(text, sizeof text, "%s.%03dZ", date, static_cast<int>((millis - seconds).count()));
    return text;
}

namespace {

nlohmann::json timeOrNull(const std::optional<std::chrono::system_clock::time_point>& time)
{
    return time ? nlohmann::json(report_parts::isoUtc(*time)) : nlohmann::json(nullptr);
}

nlohmann::json toJson(const PhaseFigures& phase)
{
    return {{"seconds", phase.seconds},     {"invocations", phase.invocations}, {"errors", phase.errors},
            {"throttles", phase.throttles}, {"faulted", phase.faulted},         {"errorRate", phase.errorRate()},
            {"p50Ms", phase.p50Ms},         {"p99Ms", phase.p99Ms}};
}

nlohmann::json toJson(const ActionReport& action)
{
    return {{"name", action.name},
            {"actionId", action.actionId},
            {"status", action.status},
            {"startSecond", action.startSecond},
            {"endSecond", action.endSecond},
            {"affected", action.affected},
            {"considered", action.considered},
            {"functions", action.functions}};
}

nlohmann::json toJson(const FunctionReport& function)
{
    return {{"function", function.function},
            {"before", toJson(function.before)},
            {"during", toJson(function.during)},
            {"after", toJson(function.after)},
            {"asyncRetries", function.asyncRetries},
            {"deadLetters", function.deadLetters},
            {"redeliveries", function.redeliveries},
            {"movedToDeadLetterQueue", function.movedToDeadLetterQueue},
            {"recoverySeconds", function.recoverySeconds ? nlohmann::json(*function.recoverySeconds) : nullptr},
            {"queues", [&] {
                 nlohmann::json queues = nlohmann::json::array();
                 for (const auto& queue : function.queues)
                     queues.push_back({{"queue", queue.queue},
                                       {"atStart", queue.atStart},
                                       {"maxDuring", queue.maxDuring},
                                       {"atEnd", queue.atEnd},
                                       {"maxAfter", queue.maxAfter},
                                       {"last", queue.last},
                                       {"maxOldestAgeSeconds", queue.maxOldestAgeSeconds}});
                 return queues;
             }()}};
}

nlohmann::json toJson(const SecondBucket& bucket)
{
    return {{"second", bucket.second},   {"function", bucket.function},   {"invocations", bucket.invocations},
            {"errors", bucket.errors},   {"throttles", bucket.throttles}, {"faulted", bucket.faulted},
            {"p99Ms", bucket.p99Ms},     {"backlog", bucket.backlog}};
}

}  // namespace

nlohmann::json toJson(const ExperimentReport& report)
{
    const Experiment& experiment = report.experiment;
    nlohmann::json out;
    out["experiment"] = {{"id", experiment.id},
                         {"templateId", experiment.templateId},
                         {"status", toString(experiment.status)},
                         {"reason", experiment.reason},
                         {"seed", experiment.seed},
                         {"startTime", timeOrNull(experiment.startTime)},
                         {"endTime", timeOrNull(experiment.endTime)},
                         {"description", experiment.spec.description}};
    out["durationSeconds"] = report.durationSeconds;
    out["actions"] = nlohmann::json::array();
    for (const auto& action : report.actions)
        out["actions"].push_back(toJson(action));
    out["functions"] = nlohmann::json::array();
    for (const auto& function : report.functions)
        out["functions"].push_back(toJson(function));
    out["series"] = nlohmann::json::array();
    for (const auto& bucket : report.series)
        out["series"].push_back(toJson(bucket));
    return out;
}

}  // namespace lambdadesk::faults
