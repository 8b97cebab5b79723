// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "schedules/schedule_cron.h"
#include "schedules/schedule_time_zone.h"

#include <chrono>
#include <optional>
#include <string>

namespace lambdadesk::core {

/// Schedule times have AWS's one-second precision.
using ScheduleTime = std::chrono::sys_seconds;

/// A schedule expression of EventBridge rules (`rate(...)`, `cron(...)`) and of EventBridge Scheduler
/// (which adds the one-time `at(...)`).
class ScheduleExpression {
public:
    enum class Kind { Rate, Cron, At };

    /// Parses `rate(value unit)` (value >= 1; minute/hour/day when the value is 1, minutes/hours/days
    /// otherwise), `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, and — with `allowAt`, as
    /// ScheduleV2 does — `at(yyyy-mm-ddThh:mm:ss)`. An Error says what would be accepted.
    static Expected<ScheduleExpression> parse(const std::string& text, bool allowAt = false);

    [[nodiscard]] Kind kind() const { return m_kind; }
    [[nodiscard]] const std::string& text() const { return m_text; }
    /// The interval of a rate expression (zero for the others).
    [[nodiscard]] std::chrono::seconds period() const { return m_period; }

    /// The next fire time strictly after `after`: for a rate, `after` + the period (the caller anchors
    /// the series); for cron, the next matching minute of `zone`'s wall clock (a time skipped by a
    /// spring-forward change does not fire, one repeated by a fall-back change fires once, as
    /// EventBridge Scheduler does); for at, the instant itself while it is still ahead. nullopt when
    /// nothing is left.
    [[nodiscard]] std::optional<ScheduleTime> next(ScheduleTime after,
                                                   const ScheduleTimeZone& zone = ScheduleTimeZone()) const;

private:
    ScheduleExpression() = default;

    Kind m_kind = Kind::Rate;
    std::string m_text;
    std::chrono::seconds m_period{0};
    std::optional<CronSchedule> m_cron;
    std::chrono::local_seconds m_at{};
};

/// "2026-11-20T22:00:00Z": the form of an EventBridge event's `time`.
std::string formatScheduleTime(ScheduleTime time);
/// Reads an ISO 8601 date-time ("2026-11-20T22:00:00Z", "…+01:00", "…" without a zone = UTC,
/// fractions ignored), as StartDate and EndDate take them.
std::optional<ScheduleTime> parseScheduleTime(const std::string& text);

} // namespace lambdadesk::core
