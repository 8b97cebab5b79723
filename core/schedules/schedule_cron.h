// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <bitset>
#include <chrono>
#include <optional>
#include <string_view>

namespace lambdadesk::core {

/// The six fields of an EventBridge cron expression — Minutes Hours Day-of-month Month Day-of-week
/// Year — with AWS's wildcards (`, - * / ? L W #`, JAN–DEC, SUN–SAT with 1 = Sunday) and the search
/// for the next wall-clock minute they match. Time zones are the caller's business: this works on
/// local (wall-clock) time.
class CronSchedule {
public:
    /// Parses the text between "cron(" and ")". An Error names the field and says what it accepts.
    static Expected<CronSchedule> parse(std::string_view fields);

    /// The first matching minute strictly after `after`, or nullopt when none is left before 2200
    /// (the Year field ends at 2199).
    [[nodiscard]] std::optional<std::chrono::local_seconds> next(std::chrono::local_seconds after) const;
    /// True when the Day-of-month or Day-of-week rule, the Month and the Year accept `date`.
    [[nodiscard]] bool matchesDate(std::chrono::year_month_day date) const;

private:
    /// What decides the day: the field that is not `?`, and which of its forms it uses.
    enum class DayRule {
        DaysOfMonth,        ///< 1-31 lists, ranges, steps, *
        LastDayOfMonth,     ///< L in Day-of-month
        NearestWeekday,     ///< nW: the weekday closest to day n, within the month
        DaysOfWeek,         ///< 1-7 / SUN-SAT lists, ranges, steps, *; a lone L is Saturday
        LastWeekdayOfMonth, ///< nL in Day-of-week: the last such weekday of the month
        NthWeekdayOfMonth,  ///< n#k: the k-th such weekday of the month
    };

    CronSchedule() = default;
    Expected<void> parseDayOfMonth(std::string_view field);
    Expected<void> parseDayOfWeek(std::string_view field);

    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_daysOfMonth; ///< index = day
    std::bitset<13> m_months;      ///< index = month
    std::bitset<8> m_daysOfWeek;   ///< index = AWS weekday, 1 = Sunday
    std::bitset<230> m_years;      ///< index = year - 1970
    DayRule m_dayRule = DayRule::DaysOfMonth;
    int m_dayValue = 0; ///< the n of nW, nL and n#k
    int m_nth = 0;      ///< the k of n#k
};

} // namespace lambdadesk::core
