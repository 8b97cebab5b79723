// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "model/function_config.h"
#include "schedules/schedule_expression.h"
#include "schedules/schedule_time_zone.h"

#include <optional>
#include <string>

namespace lambdadesk::core {

/// One `Schedule` (an EventBridge rule) or `ScheduleV2` (an EventBridge Scheduler schedule) event of a
/// function, read from its SAM properties, and the payload each of its fires delivers.
struct ScheduleDefinition {
    std::string function;  ///< FunctionConfig::name
    std::string eventName; ///< the key under Events
    std::string type;      ///< "Schedule" or "ScheduleV2"
    ScheduleExpression expression;
    ScheduleTimeZone zone;                 ///< ScheduleExpressionTimezone (ScheduleV2); UTC otherwise
    bool enabled = true;                   ///< State / Enabled
    std::optional<std::string> input;      ///< Input: JSON text delivered instead of the scheduled event
    std::string arn;                       ///< the rule's or schedule's ARN
    std::optional<ScheduleTime> startDate; ///< ScheduleV2 StartDate
    std::optional<ScheduleTime> endDate;   ///< ScheduleV2 EndDate
    std::string region;
    std::string accountId;

    /// Reads Schedule (Schedule, Input, Enabled or State, Name) or ScheduleV2 (ScheduleExpression,
    /// ScheduleExpressionTimezone, Input, State, StartDate, EndDate, Name, GroupName). An Error names
    /// the function, the event and the property, and says what would be accepted.
    static Expected<ScheduleDefinition> fromEvent(const FunctionConfig& function, const EventSourceConfig& event,
                                                  const std::string& region, const std::string& accountId);

    /// The payload of the fire scheduled for `time`: the Input when there is one (for ScheduleV2 with
    /// its <aws.scheduler.*> context attributes filled in), else for Schedule the EventBridge
    /// "Scheduled Event" and for ScheduleV2 `{}`.
    [[nodiscard]] std::string payload(ScheduleTime time) const;
};

/// The EventBridge scheduled event: {version, id, detail-type: "Scheduled Event", source: "aws.events",
/// account, time, region, resources: [rule ARN], detail: {}}.
std::string scheduledEventPayload(const std::string& ruleArn, const std::string& region, const std::string& accountId,
                                  ScheduleTime time);

} // namespace lambdadesk::core
