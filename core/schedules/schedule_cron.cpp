// SPDX-License-Identifier: MIT
#include "schedules/schedule_cron.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

namespace lambdadesk::core {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 12> kMonthNames = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr std::array<std::string_view, 7> kDayNames = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

/// One field's name, range and accepted wildcards, for parsing and for error messages.
struct FieldSpec {
    std::string_view name;
    int min;
    int max;
    std::string_view accepts;                ///< e.g. "0-59 with , - * /"
    const std::string_view* names = nullptr; ///< names for min..max (months, weekdays)
    std::size_t nameCount = 0;
};

constexpr FieldSpec kMinutes{"Minutes", 0, 59, "0-59 with , - * /"};
constexpr FieldSpec kHours{"Hours", 0, 23, "0-23 with , - * /"};
constexpr FieldSpec kDayOfMonth{"Day-of-month", 1, 31, "1-31 with , - * ? / L W"};
constexpr FieldSpec kMonth{"Month", 1, 12, "1-12 or JAN-DEC with , - * /", kMonthNames.data(), kMonthNames.size()};
constexpr FieldSpec kDayOfWeek{"Day-of-week",   1, 7, "1-7 or SUN-SAT with , - * ? L #", kDayNames.data(),
                               kDayNames.size()};
constexpr FieldSpec kYear{"Year", 1970, 2199, "1970-2199 with , - * /"};

Error fieldError(const FieldSpec& spec, std::string_view field, const std::string& why)
{
    return Error{"ValidationException", "cron field " + std::string(spec.name) + " '" + std::string(field) + "' " +
                                            why + "; " + std::string(spec.name) + " accepts " +
                                            std::string(spec.accepts)};
}

bool equalsUpper(std::string_view text, std::string_view upper)
{
    if (text.size() != upper.size())
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(text[i])) != upper[i])
            return false;
    }
    return true;
}

/// A number or (for months and weekdays) a name; nullopt when it is neither or out of range.
std::optional<int> parseValue(const FieldSpec& spec, std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    for (std::size_t i = 0; i < spec.nameCount; ++i) {
        if (equalsUpper(text, spec.names[i]))
            return spec.min + static_cast<int>(i);
    }
    if (text.size() > 4)
        return std::nullopt;
    int value = 0;
    for (const char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0)
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value < spec.min || value > spec.max)
        return std::nullopt;
    return value;
}

std::vector<std::string_view> split(std::string_view text, char separator)
{
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos)
            return parts;
        start = end + 1;
    }
}

/// Lists, ranges and steps: "*", "*/5", "7", "1-5", "10/15", "MON-FRI", "22-2" (a range may wrap).
/// Sets bit (value - offset) for each value; `offset` lets years use a 0-based bitset.
template <std::size_t N>
Expected<void> parseList(const FieldSpec& spec, std::string_view field, std::bitset<N>& bits, int offset = 0)
{
    for (const auto item : split(field, ',')) {
        if (item.empty())
            return fieldError(spec, field, "has an empty list item");
        const auto slash = item.find('/');
        const std::string_view base = item.substr(0, slash);
        int step = 1;
        if (slash != std::string_view::npos) {
            const std::string_view stepText = item.substr(slash + 1);
            const FieldSpec stepSpec{spec.name, 1, spec.max - spec.min + 1, spec.accepts};
            const auto parsed = parseValue(stepSpec, stepText);
            if (!parsed || stepText.find_first_not_of("0123456789") != std::string_view::npos)
                return fieldError(spec, field,
                                  "has a bad increment '" + std::string(stepText) + "' (give 1-" +
                                      std::to_string(spec.max - spec.min + 1) + " after /)");
            step = *parsed;
        }
        int first = spec.min;
        int last = spec.max;
        if (base != "*") {
            const auto dash = base.find('-');
            const auto from = parseValue(spec, base.substr(0, dash));
            if (!from)
                return fieldError(spec, field,
                                  "has '" + std::string(base.substr(0, dash)) + "', which is out of range");
            first = *from;
            // "a/step" runs from a to the end of the range; a bare "a" is just a.
            last = slash == std::string_view::npos ? first : spec.max;
            if (dash != std::string_view::npos) {
                const auto to = parseValue(spec, base.substr(dash + 1));
                if (!to)
                    return fieldError(spec, field,
                                      "has '" + std::string(base.substr(dash + 1)) + "', which is out of range");
                last = *to;
            }
        }
        // A wrapping range (FRI-MON, 22-2) runs to the end of the field and on from its start.
        const int span = last >= first ? last - first : (spec.max - first) + (last - spec.min) + 1;
        for (int k = 0; k <= span; k += step) {
            int value = first + k;
            if (value > spec.max)
                value -= spec.max - spec.min + 1;
            bits.set(static_cast<std::size_t>(value - offset));
        }
    }
    return {};
}

int lastDayOf(year_month ym)
{
    return static_cast<int>(static_cast<unsigned>(year_month_day_last{ym.year() / ym.month() / last}.day()));
}

/// AWS numbering: 1 = Sunday … 7 = Saturday.
int awsWeekday(year_month_day date)
{
    return static_cast<int>(weekday{sys_days{date}}.c_encoding()) + 1;
}

} // namespace

Expected<CronSchedule> CronSchedule::parse(std::string_view fields)
{
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < fields.size()) {
        while (i < fields.size() && std::isspace(static_cast<unsigned char>(fields[i])) != 0)
            ++i;
        const std::size_t start = i;
        while (i < fields.size() && std::isspace(static_cast<unsigned char>(fields[i])) == 0)
            ++i;
        if (i > start)
            parts.push_back(fields.substr(start, i - start));
    }
    if (parts.size() != 6)
        return Error{"ValidationException",
                     "cron(" + std::string(fields) + ") has " + std::to_string(parts.size()) +
                         " fields; EventBridge cron expressions have six: Minutes Hours Day-of-month Month "
                         "Day-of-week Year, e.g. cron(0 10 * * ? *)"};
    const bool domAny = parts[2] == "?";
    const bool dowAny = parts[4] == "?";
    if (domAny == dowAny)
        return Error{"ValidationException",
                     "cron(" + std::string(fields) +
                         "): exactly one of Day-of-month and Day-of-week must be ?, e.g. cron(0 10 * * ? *) or "
                         "cron(0 18 ? * MON-FRI *)"};
    CronSchedule cron;
    for (const auto& [spec, text] : {std::pair{&kMinutes, parts[0]}, std::pair{&kHours, parts[1]}}) {
        if (text.find_first_of("?LW#") != std::string_view::npos)
            return fieldError(*spec, text, "uses a wildcard this field does not take");
    }
    if (auto ok = parseList(kMinutes, parts[0], cron.m_minutes); !ok)
        return ok.error();
    if (auto ok = parseList(kHours, parts[1], cron.m_hours); !ok)
        return ok.error();
    if (auto ok = domAny ? cron.parseDayOfWeek(parts[4]) : cron.parseDayOfMonth(parts[2]); !ok)
        return ok.error();
    if (parts[3].find_first_of("?#") != std::string_view::npos)
        return fieldError(kMonth, parts[3], "uses a wildcard this field does not take");
    if (auto ok = parseList(kMonth, parts[3], cron.m_months); !ok)
        return ok.error();
    if (parts[5].find_first_of("?LW#") != std::string_view::npos)
        return fieldError(kYear, parts[5], "uses a wildcard this field does not take");
    if (auto ok = parseList(kYear, parts[5], cron.m_years, kYear.min); !ok)
        return ok.error();
    return cron;
}

Expected<void> CronSchedule::parseDayOfMonth(std::string_view field)
{
    if (field == "L") {
        m_dayRule = DayRule::LastDayOfMonth;
        return {};
    }
    if (field.size() >= 2 && (field.back() == 'W' || field.back() == 'w')) {
        const auto day = parseValue(kDayOfMonth, field.substr(0, field.size() - 1));
        if (!day)
            return fieldError(kDayOfMonth, field, "needs a day 1-31 before W (e.g. 15W), with no list or range");
        m_dayRule = DayRule::NearestWeekday;
        m_dayValue = *day;
        return {};
    }
    if (field.find_first_of("LW#") != std::string_view::npos)
        return fieldError(kDayOfMonth, field, "combines L or W with other values, or uses #");
    m_dayRule = DayRule::DaysOfMonth;
    return parseList(kDayOfMonth, field, m_daysOfMonth);
}

Expected<void> CronSchedule::parseDayOfWeek(std::string_view field)
{
    if (field == "L") {
        // A lone L in Day-of-week is the last day of the week: Saturday.
        m_dayRule = DayRule::DaysOfWeek;
        m_daysOfWeek.set(7);
        return {};
    }
    if (const auto hash = field.find('#'); hash != std::string_view::npos) {
        const auto day = parseValue(kDayOfWeek, field.substr(0, hash));
        const std::string_view nthText = field.substr(hash + 1);
        if (!day || nthText.size() != 1 || nthText[0] < '1' || nthText[0] > '5')
            return fieldError(
                kDayOfWeek, field,
                "needs weekday#n with n 1-5 and nothing else in the field (e.g. 3#2, the second Tuesday)");
        m_dayRule = DayRule::NthWeekdayOfMonth;
        m_dayValue = *day;
        m_nth = nthText[0] - '0';
        return {};
    }
    if (field.size() >= 2 && (field.back() == 'L' || field.back() == 'l')) {
        const auto day = parseValue(kDayOfWeek, field.substr(0, field.size() - 1));
        if (!day)
            return fieldError(kDayOfWeek, field, "needs a weekday before L (e.g. 6L, the last Friday of the month)");
        m_dayRule = DayRule::LastWeekdayOfMonth;
        m_dayValue = *day;
        return {};
    }
    if (field.find('W') != std::string_view::npos)
        return fieldError(kDayOfWeek, field, "uses W, which only Day-of-month takes");
    m_dayRule = DayRule::DaysOfWeek;
    return parseList(kDayOfWeek, field, m_daysOfWeek);
}

bool CronSchedule::matchesDate(year_month_day date) const
{
    const int y = static_cast<int>(date.year());
    if (y < kYear.min || y > kYear.max || !m_years.test(static_cast<std::size_t>(y - kYear.min)))
        return false;
    if (!m_months.test(static_cast<unsigned>(date.month())))
        return false;
    const int day = static_cast<int>(static_cast<unsigned>(date.day()));
    const int lastDay = lastDayOf(date.year() / date.month());
    switch (m_dayRule) {
    case DayRule::DaysOfMonth:
        return m_daysOfMonth.test(static_cast<std::size_t>(day));
    case DayRule::LastDayOfMonth:
        return day == lastDay;
    case DayRule::NearestWeekday: {
        if (m_dayValue > lastDay)
            return false;
        const year_month_day target = date.year() / date.month() / std::chrono::day{static_cast<unsigned>(m_dayValue)};
        int fire = m_dayValue;
        // Never crosses into another month: a Saturday 1st moves to Monday the 3rd, a Sunday on the
        // last day back to Friday.
        if (const int weekdayOfTarget = awsWeekday(target); weekdayOfTarget == 7)
            fire = m_dayValue == 1 ? 3 : m_dayValue - 1;
        else if (weekdayOfTarget == 1)
            fire = m_dayValue == lastDay ? m_dayValue - 2 : m_dayValue + 1;
        return day == fire;
    }
    case DayRule::DaysOfWeek:
        return m_daysOfWeek.test(static_cast<std::size_t>(awsWeekday(date)));
    case DayRule::LastWeekdayOfMonth:
        return awsWeekday(date) == m_dayValue && day + 7 > lastDay;
    case DayRule::NthWeekdayOfMonth:
        return awsWeekday(date) == m_dayValue && (day - 1) / 7 + 1 == m_nth;
    }
    return false;
}

std::optional<local_seconds> CronSchedule::next(local_seconds after) const
{
    const local_time<minutes> start = floor<minutes>(after) + minutes{1};
    local_days day = floor<days>(start);
    int minuteOfDay = static_cast<int>((start - day).count());
    const local_days firstDay{year{kYear.min} / January / 1};
    if (day < firstDay) {
        day = firstDay;
        minuteOfDay = 0;
    }
    for (;;) {
        const year_month_day date{day};
        const int y = static_cast<int>(date.year());
        if (y > kYear.max)
            return std::nullopt;
        // Whole years and months that cannot match are skipped at once, so a far Year field stays cheap.
        if (!m_years.test(static_cast<std::size_t>(y - kYear.min))) {
            day = local_days{year{y + 1} / January / 1};
            minuteOfDay = 0;
            continue;
        }
        if (!m_months.test(static_cast<unsigned>(date.month()))) {
            day = local_days{(date.year() / date.month() + months{1}) / 1};
            minuteOfDay = 0;
            continue;
        }
        if (matchesDate(date)) {
            for (int hour = minuteOfDay / 60; hour < 24; ++hour) {
                if (!m_hours.test(static_cast<std::size_t>(hour)))
                    continue;
                const int firstMinute = hour == minuteOfDay / 60 ? minuteOfDay % 60 : 0;
                for (int minute = firstMinute; minute < 60; ++minute) {
                    if (m_minutes.test(static_cast<std::size_t>(minute)))
                        return local_seconds{day + hours{hour} + minutes{minute}};
                }
            }
        }
        day += days{1};
        minuteOfDay = 0;
    }
}

} // namespace lambdadesk::core
