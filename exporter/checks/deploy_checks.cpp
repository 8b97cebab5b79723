// SPDX-License-Identifier: MIT
// Checks a deploy would fail on but cfn-lint passes (measured in reference/export.md §2.5).
#include "checks/deploy_checks.h"

#include <project/runtimes.h>
#include <schedules/schedule_expression.h>
#include <schedules/schedule_time_zone.h>

#include <algorithm>
#include <filesystem>
#include <regex>

namespace lambdadesk::exporter {

using Json = nlohmann::json;

namespace {

constexpr int kMaxMemoryMb = 10240;
// Lambda keeps this much of an account's concurrency unreserved; new accounts may have only 10 in all.
constexpr int kUnreservedMinimum = 100;

class Checks {
public:
    void error(std::string field, std::string message)
    {
        m_checks.push_back({DeployCheck::Severity::Error, std::move(field), std::move(message)});
    }
    void warning(std::string field, std::string message)
    {
        m_checks.push_back({DeployCheck::Severity::Warning, std::move(field), std::move(message)});
    }
    std::vector<DeployCheck> take() { return std::move(m_checks); }

private:
    std::vector<DeployCheck> m_checks;
};

const core::QueueConfig* queueByArn(const core::Project& project, const std::string& arn)
{
    const auto found = std::find_if(project.queues.begin(), project.queues.end(),
                                    [&](const core::QueueConfig& queue) { return queue.arn == arn; });
    return found == project.queues.end() ? nullptr : &*found;
}

int intMember(const Json& properties, const char* name, int otherwise)
{
    const auto found = properties.find(name);
    if (found == properties.end())
        return otherwise;
    if (found->is_number_integer())
        return found->get<int>();
    if (found->is_string()) {
        try {
            return std::stoi(found->get<std::string>());
        } catch (const std::exception&) {
        }
    }
    return otherwise;
}

void checkLimits(const core::FunctionConfig& function, Checks& checks)
{
    if (function.memoryMb < 128 || function.memoryMb > kMaxMemoryMb)
        checks.error("MemorySize", "MemorySize " + std::to_string(function.memoryMb) +
                                       " MB is outside Lambda's 128–10240 MB (cfn-lint allows up to 32768)");
    if (function.timeoutSeconds < 1 || function.timeoutSeconds > 900)
        checks.error("Timeout", "Timeout " + std::to_string(function.timeoutSeconds) + " s is outside 1–900 s");
    if (!core::isSupportedRuntime(function.runtime))
        checks.error("Runtime", "Runtime '" + function.runtime + "' is not one LambdaDesk runs");
    if (!core::isProvidedRuntime(function.runtime) && function.handler.empty())
        checks.error("Handler", "Handler is required for " + function.runtime + " (module.function or file.export)");
    std::error_code error;
    if (function.codeDir.empty() || !std::filesystem::is_directory(function.codeDir, error))
        checks.error("CodeUri", "the code folder " + function.codeDir.string() + " does not exist");
    static const std::regex kVariableName("[a-zA-Z][a-zA-Z0-9_]+");
    for (const auto& [name, value] : function.environment) {
        if (!std::regex_match(name, kVariableName))
            checks.error("Environment.Variables." + name,
                         "environment variable name '" + name +
                             "' is refused by Lambda: a letter, then letters, digits or underscores (cfn-lint "
                             "lets it through)");
    }
    if (function.reservedConcurrency) {
        const int reserved = *function.reservedConcurrency;
        if (function.provisionedConcurrency > reserved)
            checks.error("ProvisionedConcurrencyConfig",
                         "provisioned concurrency " + std::to_string(function.provisionedConcurrency) +
                             " is above the reserved concurrency " + std::to_string(reserved));
        if (reserved == 0)
            checks.warning("ReservedConcurrentExecutions", "reserved concurrency 0 throttles every invocation");
        else
            checks.warning("ReservedConcurrentExecutions",
                           "a deploy fails on accounts where reserving " + std::to_string(reserved) +
                               " would leave fewer than " + std::to_string(kUnreservedMinimum) +
                               " unreserved (new accounts often have a quota of 10)");
    }
}

void checkSqs(const core::FunctionConfig& function, const core::EventSourceConfig& event,
              const core::Project& project, Checks& checks)
{
    const std::string prefix = "Events." + event.name + '.';
    const Json& properties = event.properties;
    const int batch = intMember(properties, "BatchSize", 10);
    const int window = intMember(properties, "MaximumBatchingWindowInSeconds", 0);
    const core::QueueConfig* queue =
        properties.contains("Queue") && properties["Queue"].is_string()
            ? queueByArn(project, properties["Queue"].get<std::string>())
            : nullptr;
    if (queue && queue->fifo) {
        if (batch > 10)
            checks.error(prefix + "BatchSize", "a FIFO queue delivers at most 10 messages per batch, got " +
                                                   std::to_string(batch));
        if (window > 0)
            checks.error(prefix + "MaximumBatchingWindowInSeconds", "FIFO queues take no batching window");
    } else if (batch > 10 && window < 1) {
        checks.error(prefix + "BatchSize", "BatchSize " + std::to_string(batch) +
                                               " needs MaximumBatchingWindowInSeconds of at least 1");
    }
    if (properties.contains("StartingPosition"))
        checks.error(prefix + "StartingPosition", "StartingPosition is for streams; SQS mappings refuse it");
    if (queue) {
        const auto found = queue->attributes.find("VisibilityTimeout");
        const int visibility = found == queue->attributes.end() ? 30 : std::stoi(found->second);
        if (visibility < function.timeoutSeconds)
            checks.error(prefix + "Queue", "queue " + queue->name + "'s VisibilityTimeout (" +
                                               std::to_string(visibility) + " s) is below the function's Timeout (" +
                                               std::to_string(function.timeoutSeconds) +
                                               " s); Lambda refuses the mapping");
        else if (visibility < 6 * function.timeoutSeconds)
            checks.warning(prefix + "Queue", "AWS advises a VisibilityTimeout of at least 6× the Timeout (" +
                                                 std::to_string(6 * function.timeoutSeconds) + " s); queue " +
                                                 queue->name + " has " + std::to_string(visibility) + " s");
    }
}

void checkFilters(const core::EventSourceConfig& event, Checks& checks)
{
    const auto criteria = event.properties.find("FilterCriteria");
    if (criteria == event.properties.end() || !criteria->is_object() || !criteria->contains("Filters"))
        return;
    for (const auto& filter : (*criteria)["Filters"]) {
        if (!filter.is_object() || !filter.contains("Pattern"))
            continue;
        const Json& pattern = filter["Pattern"];
        if (pattern.is_string() && Json::parse(pattern.get<std::string>(), nullptr, false).is_discarded())
            checks.error("Events." + event.name + ".FilterCriteria",
                         "filter pattern is not valid JSON: " + pattern.get<std::string>());
    }
}

void checkSchedule(const core::EventSourceConfig& event, Checks& checks)
{
    const std::string prefix = "Events." + event.name + '.';
    // Schedule events name it Schedule, ScheduleV2 events ScheduleExpression.
    const char* property = event.type == "ScheduleV2" ? "ScheduleExpression" : "Schedule";
    const auto schedule = event.properties.find(property);
    if (schedule != event.properties.end() && schedule->is_string()) {
        const auto parsed = core::ScheduleExpression::parse(schedule->get<std::string>(), event.type == "ScheduleV2");
        if (!parsed)
            checks.error(prefix + property, parsed.error().message);
    }
    const auto zone = event.properties.find("ScheduleExpressionTimezone");
    if (zone != event.properties.end() && zone->is_string()) {
        if (const auto loaded = core::ScheduleTimeZone::load(zone->get<std::string>()); !loaded)
            checks.error(prefix + "ScheduleExpressionTimezone", loaded.error().message);
    }
}

}  // namespace

std::string DeployCheck::toString(const std::string& function) const
{
    return function + ": " + field + ": " + (severity == Severity::Error ? "error: " : "warning: ") + message;
}

std::vector<DeployCheck> checkFunction(const core::FunctionConfig& function, const core::Project& project)
{
    Checks checks;
    checkLimits(function, checks);
    for (const auto& event : function.events) {
        if (event.type == "SQS")
            checkSqs(function, event, project, checks);
        if (event.type == "SQS" || event.type == "Kinesis")
            checkFilters(event, checks);
        if (event.type == "Kinesis" && !event.properties.contains("StartingPosition"))
            checks.error("Events." + event.name + ".StartingPosition",
                         "Kinesis events need StartingPosition: TRIM_HORIZON, LATEST or AT_TIMESTAMP");
        if (event.type == "Schedule" || event.type == "ScheduleV2")
            checkSchedule(event, checks);
        if (event.type == "Api" || event.type == "HttpApi") {
            const auto path = event.properties.find("Path");
            if (path != event.properties.end() && path->is_string() && !path->get<std::string>().starts_with('/'))
                checks.error("Events." + event.name + ".Path",
                             "Path must start with '/', got '" + path->get<std::string>() + '\'');
        }
    }
    return checks.take();
}

bool hasErrors(const std::vector<DeployCheck>& checks)
{
    return std::any_of(checks.begin(), checks.end(),
                       [](const DeployCheck& check) { return check.severity == DeployCheck::Severity::Error; });
}

}  // namespace lambdadesk::exporter
