// SPDX-License-Identifier: MIT
#include "schedules/schedule_definition.h"

#include "encoding/ids.h"

#include <nlohmann/json.hpp>

namespace lambdadesk::core {
namespace {

using nlohmann::json;

/// Reads the properties of one event and turns every problem into an Error that names it.
class PropertyCursor {
public:
    PropertyCursor(const FunctionConfig& function, const EventSourceConfig& event)
        : m_properties(event.properties),
          m_where("function " + function.name + ", event " + event.name + " (" + event.type + ")")
    {
    }

    [[nodiscard]] Error error(const std::string& property, const std::string& why) const
    {
        return Error{"ValidationException", m_where + ": " + property + " " + why};
    }

    /// An Error about the event as a whole, or with a message that already names the property.
    [[nodiscard]] Error error(const std::string& message) const
    {
        return Error{"ValidationException", m_where + ": " + message};
    }

    [[nodiscard]] const json* find(const std::string& property) const
    {
        if (!m_properties.is_object())
            return nullptr;
        const auto it = m_properties.find(property);
        return it == m_properties.end() || it->is_null() ? nullptr : &*it;
    }

    /// A string property; an absent one is nullopt, a non-string one an Error.
    [[nodiscard]] Expected<std::optional<std::string>> string(const std::string& property) const
    {
        const json* value = find(property);
        if (!value)
            return std::optional<std::string>{};
        if (!value->is_string())
            return error(property, "must be a string, got " + value->dump());
        return std::optional<std::string>{value->get<std::string>()};
    }

private:
    const json& m_properties;
    std::string m_where;
};

Expected<std::optional<std::string>> readInput(const PropertyCursor& cursor)
{
    auto input = cursor.string("Input");
    if (!input || !*input)
        return input;
    // EventBridge rejects an Input that is not JSON when the rule or schedule is created.
    if (!json::accept(**input))
        return cursor.error("Input", R"(must be valid JSON text (e.g. '{"kind": "nightly"}'), got )" + **input);
    return input;
}

/// State ENABLED / DISABLED (Schedule also takes the legacy Enabled: true|false, but not both).
Expected<bool> readEnabled(const PropertyCursor& cursor, bool legacyEnabled)
{
    const json* enabled = legacyEnabled ? cursor.find("Enabled") : nullptr;
    auto state = cursor.string("State");
    if (!state)
        return state.error();
    if (enabled && *state)
        return cursor.error("Enabled", "and State cannot both be given; keep State");
    if (enabled) {
        if (enabled->is_boolean())
            return enabled->get<bool>();
        if (enabled->is_string() && (*enabled == "true" || *enabled == "false"))
            return *enabled == "true";
        return cursor.error("Enabled", "must be true or false, got " + enabled->dump());
    }
    if (!*state)
        return true;
    if (**state == "ENABLED" || (legacyEnabled && **state == "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"))
        return true;
    if (**state == "DISABLED")
        return false;
    return cursor.error("State", "must be ENABLED or DISABLED, got '" + **state + "'");
}

Expected<std::optional<ScheduleTime>> readDate(const PropertyCursor& cursor, const std::string& property)
{
    auto text = cursor.string(property);
    if (!text)
        return text.error();
    if (!*text)
        return std::optional<ScheduleTime>{};
    const auto time = parseScheduleTime(**text);
    if (!time)
        return cursor.error(property,
                            "must be an ISO 8601 date and time such as 2026-11-20T22:00:00Z, got '" + **text + "'");
    return std::optional<ScheduleTime>{*time};
}

void replaceAll(std::string& text, const std::string& from, const std::string& to)
{
    for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
        text.replace(pos, from.size(), to);
}

} // namespace

Expected<ScheduleDefinition> ScheduleDefinition::fromEvent(const FunctionConfig& function,
                                                           const EventSourceConfig& event, const std::string& region,
                                                           const std::string& accountId)
{
    const PropertyCursor cursor(function, event);
    const bool v2 = event.type == "ScheduleV2";
    if (!v2 && event.type != "Schedule")
        return cursor.error("Type", "is not Schedule or ScheduleV2");
    const std::string expressionKey = v2 ? "ScheduleExpression" : "Schedule";
    auto expressionText = cursor.string(expressionKey);
    if (!expressionText)
        return expressionText.error();
    if (!*expressionText)
        return cursor.error(expressionKey, "is required (e.g. rate(5 minutes) or cron(0 10 * * ? *))");
    auto expression = ScheduleExpression::parse(**expressionText, v2);
    if (!expression)
        return cursor.error(expressionKey + ": " + expression.error().message);
    auto input = readInput(cursor);
    if (!input)
        return input.error();
    auto enabled = readEnabled(cursor, !v2);
    if (!enabled)
        return enabled.error();
    auto name = cursor.string("Name");
    if (!name)
        return name.error();
    // SAM names the generated rule/schedule resource <FunctionLogicalId><EventName>.
    const std::string logicalId = function.logicalId.empty() ? function.name : function.logicalId;
    const std::string resourceName = *name ? **name : logicalId + event.name;

    ScheduleTimeZone zone;
    std::optional<ScheduleTime> startDate;
    std::optional<ScheduleTime> endDate;
    std::string arn = "arn:aws:events:" + region + ':' + accountId + ":rule/" + resourceName;
    if (v2) {
        auto zoneName = cursor.string("ScheduleExpressionTimezone");
        if (!zoneName)
            return zoneName.error();
        if (*zoneName) {
            auto loaded = ScheduleTimeZone::load(**zoneName);
            if (!loaded)
                return cursor.error(loaded.error().message);
            zone = std::move(*loaded);
        }
        auto start = readDate(cursor, "StartDate");
        if (!start)
            return start.error();
        auto end = readDate(cursor, "EndDate");
        if (!end)
            return end.error();
        if (*start && *end && **end <= **start)
            return cursor.error("EndDate", "must be later than StartDate");
        startDate = *start;
        endDate = *end;
        auto group = cursor.string("GroupName");
        if (!group)
            return group.error();
        arn = "arn:aws:scheduler:" + region + ':' + accountId + ":schedule/" + (*group ? **group : "default") + '/' +
              resourceName;
    }
    return ScheduleDefinition{function.name,
                              event.name,
                              event.type,
                              std::move(*expression),
                              std::move(zone),
                              *enabled,
                              std::move(*input),
                              std::move(arn),
                              startDate,
                              endDate,
                              region,
                              accountId};
}

std::string ScheduleDefinition::payload(ScheduleTime time) const
{
    if (input) {
        if (type != "ScheduleV2")
            return *input;
        // EventBridge Scheduler fills these keywords in wherever they appear in the Input.
        std::string text = *input;
        replaceAll(text, "<aws.scheduler.schedule-arn>", arn);
        replaceAll(text, "<aws.scheduler.scheduled-time>", formatScheduleTime(time));
        replaceAll(text, "<aws.scheduler.execution-id>", newEnvironmentId().substr(0, 16));
        replaceAll(text, "<aws.scheduler.attempt-number>", "1");
        return text;
    }
    if (type == "ScheduleV2")
        return "{}";
    return scheduledEventPayload(arn, region, accountId, time);
}

std::string scheduledEventPayload(const std::string& ruleArn, const std::string& region, const std::string& accountId,
                                  ScheduleTime time)
{
    // Key order as EventBridge sends it.
    nlohmann::ordered_json event = nlohmann::ordered_json::object();
    event["version"] = "0";
    event["id"] = newRequestId();
    event["detail-type"] = "Scheduled Event";
    event["source"] = "aws.events";
    event["account"] = accountId;
    event["time"] = formatScheduleTime(time);
    event["region"] = region;
    event["resources"] = nlohmann::ordered_json::array({ruleArn});
    event["detail"] = nlohmann::ordered_json::object();
    return event.dump();
}

} // namespace lambdadesk::core
