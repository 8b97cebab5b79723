// SPDX-License-Identifier: MIT
#include "schedules/schedule_expression.h"

#include <cctype>
#include <cstdio>
#include <string_view>
#include <vector>

namespace lambdadesk::core {
namespace {

using namespace std::chrono;

constexpr std::string_view kRateHelp =
    "rate(value unit) takes a whole number >= 1 and a unit: minute, hour or day when the value is 1 "
    "(rate(1 hour)), minutes, hours or days otherwise (rate(5 minutes))";

std::string trim(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

/// The text between `prefix(` and the final `)`, or nullopt when `text` is not of that form.
std::optional<std::string_view> inner(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size() + 2 || text.substr(0, prefix.size()) != prefix || text[prefix.size()] != '(' ||
        text.back() != ')')
        return std::nullopt;
    return text.substr(prefix.size() + 1, text.size() - prefix.size() - 2);
}

std::vector<std::string_view> words(std::string_view text)
{
    std::vector<std::string_view> result;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) != 0)
            ++i;
        const std::size_t start = i;
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])) == 0)
            ++i;
        if (i > start)
            result.push_back(text.substr(start, i - start));
    }
    return result;
}

/// Digits only, at most `count` of them.
std::optional<int> number(std::string_view text, std::size_t count)
{
    if (text.empty() || text.size() > count)
        return std::nullopt;
    int value = 0;
    for (const char c : text) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0)
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

/// "yyyy-mm-ddThh:mm:ss" (the first 19 characters of `text`) as wall-clock seconds.
std::optional<local_seconds> parseDateTime(std::string_view text)
{
    if (text.size() < 19 || text[4] != '-' || text[7] != '-' || (text[10] != 'T' && text[10] != 't') ||
        text[13] != ':' || text[16] != ':')
        return std::nullopt;
    const auto y = number(text.substr(0, 4), 4);
    const auto mo = number(text.substr(5, 2), 2);
    const auto d = number(text.substr(8, 2), 2);
    const auto h = number(text.substr(11, 2), 2);
    const auto mi = number(text.substr(14, 2), 2);
    const auto s = number(text.substr(17, 2), 2);
    if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59)
        return std::nullopt;
    const year_month_day date{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
    if (!date.ok())
        return std::nullopt;
    return local_seconds{local_days{date}.time_since_epoch() + hours{*h} + minutes{*mi} + seconds{*s}};
}

Error expressionError(const std::string& text, bool allowAt)
{
    std::string accepted = "rate(value unit), cron(Minutes Hours Day-of-month Month Day-of-week Year)";
    accepted += allowAt ? " or at(yyyy-mm-ddThh:mm:ss)" : " (at(...) needs ScheduleV2)";
    return Error{"ValidationException", "'" + text + "' is not a schedule expression; use " + accepted};
}

} // namespace

Expected<ScheduleExpression> ScheduleExpression::parse(const std::string& rawText, bool allowAt)
{
    const std::string text = trim(rawText);
    ScheduleExpression expression;
    expression.m_text = text;
    if (const auto rate = inner(text, "rate")) {
        const auto parts = words(*rate);
        const auto value = parts.size() == 2 ? number(parts[0], 9) : std::nullopt;
        if (!value || *value < 1)
            return Error{"ValidationException", "'" + text + "' is not valid: " + std::string(kRateHelp)};
        static constexpr std::pair<std::string_view, long> kUnits[] = {{"minute", 60}, {"hour", 3600}, {"day", 86400}};
        const std::string_view unit = parts[1];
        for (const auto& [singular, length] : kUnits) {
            const bool isSingular = unit == singular;
            const bool isPlural =
                unit.size() == singular.size() + 1 && unit.substr(0, singular.size()) == singular && unit.back() == 's';
            if (!isSingular && !isPlural)
                continue;
            // AWS insists: singular exactly when the value is 1.
            if (isSingular != (*value == 1))
                return Error{"ValidationException", "'" + text + "' is not valid: use '" + std::string(singular) +
                                                        (*value == 1 ? "" : "s") + "' with " + std::to_string(*value) +
                                                        "; " + std::string(kRateHelp)};
            expression.m_kind = Kind::Rate;
            expression.m_period = seconds{static_cast<long long>(*value) * length};
            return expression;
        }
        return Error{"ValidationException",
                     "'" + text + "' has the unit '" + std::string(unit) + "'; " + std::string(kRateHelp)};
    }
    if (const auto cron = inner(text, "cron")) {
        auto parsed = CronSchedule::parse(*cron);
        if (!parsed)
            return parsed.error();
        expression.m_kind = Kind::Cron;
        expression.m_cron = *parsed;
        return expression;
    }
    if (const auto at = inner(text, "at")) {
        if (!allowAt)
            return expressionError(text, false);
        const auto when = at->size() == 19 ? parseDateTime(*at) : std::nullopt;
        if (!when)
            return Error{"ValidationException", "'" + text +
                                                    "' is not valid: at() takes a date and time such as "
                                                    "at(2026-11-20T22:00:00), in the schedule's time zone"};
        expression.m_kind = Kind::At;
        expression.m_at = *when;
        return expression;
    }
    return expressionError(text, allowAt);
}

std::optional<ScheduleTime> ScheduleExpression::next(ScheduleTime after, const ScheduleTimeZone& zone) const
{
    switch (m_kind) {
    case Kind::Rate:
        return after + m_period;
    case Kind::At: {
        const auto instants = zone.toUtc(m_at);
        // A wall time inside a spring-forward gap still happens once: at the offset before the change.
        const ScheduleTime when =
            instants.empty()
                ? ScheduleTime{m_at.time_since_epoch() - zone.offsetAt(ScheduleTime{m_at.time_since_epoch()} - days{1})}
                : instants.front();
        return when > after ? std::optional(when) : std::nullopt;
    }
    case Kind::Cron:
        break;
    }
    if (zone.isFixed()) {
        const seconds offset = zone.offsetAt(after);
        const auto local = m_cron->next(local_seconds{after.time_since_epoch() + offset});
        if (!local)
            return std::nullopt;
        return ScheduleTime{local->time_since_epoch() - offset};
    }
    // Near an offset change a wall time earlier than `after`'s may still lie ahead of it; start early
    // enough to see it, then take the first candidate whose earliest instant is later than `after`.
    const seconds change = abs(zone.offsetAt(after + days{1}) - zone.offsetAt(after - days{1}));
    local_seconds cursor = zone.toLocal(after) - change;
    for (;;) {
        const auto candidate = m_cron->next(cursor);
        if (!candidate)
            return std::nullopt;
        const auto instants = zone.toUtc(*candidate);
        if (!instants.empty() && instants.front() > after)
            return instants.front();
        cursor = *candidate;
    }
}

std::string formatScheduleTime(ScheduleTime time)
{
    const auto dayPoint = floor<days>(time);
    const year_month_day date{dayPoint};
    const hh_mm_ss clock{time - dayPoint};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return buffer;
}

std::optional<ScheduleTime> parseScheduleTime(const std::string& rawText)
{
    const std::string text = trim(rawText);
    std::optional<local_seconds> local;
    std::size_t pos = 19;
    if (text.size() == 10) {
        local = parseDateTime(text + "T00:00:00");
        pos = 10;
    } else {
        local = parseDateTime(text);
    }
    if (!local)
        return std::nullopt;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0)
            ++pos;
    }
    seconds offset{0};
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos] == '-' ? -1 : 1;
        std::string zone = text.substr(pos + 1);
        if (zone.size() == 5 && zone[2] == ':')
            zone.erase(2, 1);
        const auto h = zone.size() == 4 ? number(std::string_view(zone).substr(0, 2), 2) : std::nullopt;
        const auto m = zone.size() == 4 ? number(std::string_view(zone).substr(2, 2), 2) : std::nullopt;
        if (!h || !m)
            return std::nullopt;
        offset = sign * (hours{*h} + minutes{*m});
        pos = text.size();
    }
    if (pos != text.size())
        return std::nullopt;
    return ScheduleTime{local->time_since_epoch() - offset};
}

} // namespace lambdadesk::core
