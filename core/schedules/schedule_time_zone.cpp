// SPDX-License-Identifier: MIT
#include "schedules/schedule_time_zone.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace lambdadesk::core {
namespace {

using namespace std::chrono;

constexpr std::size_t kMaxTzifSize = std::size_t{1024} * 1024;

bool validZoneName(const std::string& name)
{
    if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/')
        return false;
    // No '.', so no "..": a zone name can never leave the zoneinfo folder.
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '+' || c == '/';
    });
}

/// Big-endian reads over the TZif bytes; a read past the end clears `ok` and yields zero.
struct TzifReader {
    std::string_view data;
    std::size_t pos = 0;
    bool ok = true;

    bool need(std::size_t count)
    {
        if (!ok || data.size() - pos < count)
            ok = false;
        return ok;
    }
    std::uint64_t unsignedBytes(std::size_t count)
    {
        if (!need(count))
            return 0;
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < count; ++i)
            value = (value << 8) | static_cast<unsigned char>(data[pos + i]);
        pos += count;
        return value;
    }
    std::int64_t signedBytes(std::size_t count)
    {
        const std::uint64_t raw = unsignedBytes(count);
        if (count == 4)
            return static_cast<std::int32_t>(static_cast<std::uint32_t>(raw));
        return static_cast<std::int64_t>(raw);
    }
    void skip(std::size_t count)
    {
        if (need(count))
            pos += count;
    }
};

struct TzifCounts {
    std::uint64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

bool readHeader(TzifReader& reader, char& version, TzifCounts& counts)
{
    if (!reader.need(44) || reader.data.substr(reader.pos, 4) != "TZif")
        return false;
    version = reader.data[reader.pos + 4];
    reader.skip(20);
    counts.isut = reader.unsignedBytes(4);
    counts.isstd = reader.unsignedBytes(4);
    counts.leap = reader.unsignedBytes(4);
    counts.time = reader.unsignedBytes(4);
    counts.type = reader.unsignedBytes(4);
    counts.chars = reader.unsignedBytes(4);
    return reader.ok && counts.type > 0 && counts.type <= 256 && counts.time <= 100000;
}

std::int64_t daysToSeconds(sys_days day)
{
    return static_cast<std::int64_t>(day.time_since_epoch().count()) * 86400;
}

} // namespace

Expected<ScheduleTimeZone> ScheduleTimeZone::load(const std::string& name)
{
    if (!validZoneName(name))
        return Error{"ValidationException", "ScheduleExpressionTimezone '" + name +
                                                "' is not a time zone name; give an IANA name such as UTC, "
                                                "Europe/Berlin or America/New_York"};
    const char* configured = std::getenv("TZDIR"); // NOLINT(concurrency-mt-unsafe): read only, never set here
    const std::string dir = configured && *configured ? configured : "/usr/share/zoneinfo";
    std::ifstream file(dir + '/' + name, std::ios::binary);
    if (!file) {
        if (name == "UTC" || name == "Etc/UTC" || name == "GMT")
            return ScheduleTimeZone{}; // a system without tzdata still knows UTC
        return Error{"ValidationException", "ScheduleExpressionTimezone '" + name +
                                                "' is not in the time zone database (" + dir +
                                                "); give an IANA name such as Europe/Berlin"};
    }
    std::string data;
    data.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    if (data.size() > kMaxTzifSize)
        return Error{"ValidationException", "time zone file of '" + name + "' is too large to be a TZif file"};
    return fromTzif(name, data);
}

Expected<ScheduleTimeZone> ScheduleTimeZone::fromTzif(const std::string& name, std::string_view data)
{
    const Error malformed{"ValidationException", "time zone '" + name + "' has a malformed TZif file"};
    TzifReader reader{data};
    char version = 0;
    TzifCounts counts;
    if (!readHeader(reader, version, counts))
        return malformed;
    std::size_t timeSize = 4;
    if (version >= '2') {
        // Version 2+ repeats the data with 64-bit times after the 32-bit block; only that part is used.
        reader.skip(counts.time * 5 + counts.type * 6 + counts.chars + counts.leap * 8 + counts.isstd + counts.isut);
        if (!readHeader(reader, version, counts))
            return malformed;
        timeSize = 8;
    }
    ScheduleTimeZone zone;
    zone.m_name = name;
    zone.m_transitions.reserve(counts.time);
    for (std::uint64_t i = 0; i < counts.time; ++i)
        zone.m_transitions.push_back(reader.signedBytes(timeSize));
    for (std::uint64_t i = 0; i < counts.time; ++i)
        zone.m_transitionTypes.push_back(static_cast<std::uint8_t>(reader.unsignedBytes(1)));
    for (std::uint64_t i = 0; i < counts.type; ++i) {
        zone.m_typeOffsets.push_back(static_cast<std::int32_t>(reader.signedBytes(4)));
        reader.skip(2); // isdst, designation index
    }
    reader.skip(counts.chars + counts.leap * (timeSize + 4) + counts.isstd + counts.isut);
    if (!reader.ok)
        return malformed;
    for (const auto type : zone.m_transitionTypes) {
        if (type >= zone.m_typeOffsets.size())
            return malformed;
    }
    if (!std::is_sorted(zone.m_transitions.begin(), zone.m_transitions.end()))
        return malformed;
    if (timeSize == 8 && reader.pos < data.size() && data[reader.pos] == '\n') {
        const auto end = data.find('\n', reader.pos + 1);
        if (end == std::string_view::npos)
            return malformed;
        const auto footer = data.substr(reader.pos + 1, end - reader.pos - 1);
        if (!footer.empty() && !parsePosixRule(footer, zone.m_rule))
            return malformed;
    }
    return zone;
}

bool ScheduleTimeZone::parsePosixRule(std::string_view text, PosixRule& rule)
{
    std::size_t i = 0;
    const auto peek = [&]() { return i < text.size() ? text[i] : '\0'; };
    const auto parseName = [&]() {
        if (peek() == '<') {
            const auto close = text.find('>', i);
            if (close == std::string_view::npos)
                return false;
            i = close + 1;
            return true;
        }
        const std::size_t start = i;
        while (std::isalpha(static_cast<unsigned char>(peek())) != 0)
            ++i;
        return i - start >= 3;
    };
    const auto parseNumber = [&](int& value, int maxDigits) {
        const std::size_t start = i;
        value = 0;
        while (std::isdigit(static_cast<unsigned char>(peek())) != 0 && i - start < static_cast<std::size_t>(maxDigits))
            value = value * 10 + (text[i++] - '0');
        return i > start;
    };
    // [+-]hh[:mm[:ss]] as seconds.
    const auto parseClock = [&](std::int32_t& seconds) {
        int sign = 1;
        if (peek() == '+' || peek() == '-')
            sign = text[i++] == '-' ? -1 : 1;
        int hours = 0, minutes = 0, secs = 0;
        if (!parseNumber(hours, 3))
            return false;
        if (peek() == ':') {
            ++i;
            if (!parseNumber(minutes, 2))
                return false;
            if (peek() == ':') {
                ++i;
                if (!parseNumber(secs, 2))
                    return false;
            }
        }
        seconds = sign * (hours * 3600 + minutes * 60 + secs);
        return true;
    };
    const auto parseDate = [&](RuleDate& date) {
        if (peek() == 'J') {
            ++i;
            date.form = RuleDate::Form::JulianNoLeap;
            if (!parseNumber(date.day, 3) || date.day < 1 || date.day > 365)
                return false;
        } else if (peek() == 'M') {
            ++i;
            date.form = RuleDate::Form::MonthWeekDay;
            if (!parseNumber(date.month, 2) || peek() != '.')
                return false;
            ++i;
            if (!parseNumber(date.week, 1) || peek() != '.')
                return false;
            ++i;
            if (!parseNumber(date.day, 1))
                return false;
            if (date.month < 1 || date.month > 12 || date.week < 1 || date.week > 5 || date.day > 6)
                return false;
        } else {
            date.form = RuleDate::Form::ZeroBasedDay;
            if (!parseNumber(date.day, 3) || date.day > 365)
                return false;
        }
        date.time = 7200;
        if (peek() == '/') {
            ++i;
            return parseClock(date.time);
        }
        return true;
    };

    std::int32_t offset = 0;
    if (!parseName() || !parseClock(offset))
        return false;
    rule.present = true;
    rule.standardOffset = -offset; // POSIX counts west of Greenwich as positive
    if (i == text.size())
        return true;
    if (!parseName())
        return false;
    rule.hasDst = true;
    rule.dstOffset = rule.standardOffset + 3600;
    if (peek() == '+' || peek() == '-' || std::isdigit(static_cast<unsigned char>(peek())) != 0) {
        if (!parseClock(offset))
            return false;
        rule.dstOffset = -offset;
    }
    if (i == text.size()) {
        // POSIX leaves the default rule to the implementation; glibc uses the US rules.
        rule.start = RuleDate{RuleDate::Form::MonthWeekDay, 0, 3, 2, 7200};
        rule.end = RuleDate{RuleDate::Form::MonthWeekDay, 0, 11, 1, 7200};
        return true;
    }
    if (peek() != ',')
        return false;
    ++i;
    if (!parseDate(rule.start) || peek() != ',')
        return false;
    ++i;
    return parseDate(rule.end) && i == text.size();
}

namespace {

/// Seconds since the epoch of a rule date's local wall time in `y`.
std::int64_t ruleLocalTime(int y, int form, int day, int monthNumber, int week, std::int32_t time)
{
    const sys_days jan1{year{y} / January / 1};
    sys_days date = jan1;
    if (form == 0) { // Jn: February 29 is never counted
        int index = day - 1;
        if (year{y}.is_leap() && day >= 60)
            ++index;
        date = jan1 + days{index};
    } else if (form == 1) {
        date = jan1 + days{day};
    } else {
        const auto mon = month{static_cast<unsigned>(monthNumber)};
        const sys_days first{year{y} / mon / 1};
        const int firstWeekday = static_cast<int>(weekday{first}.c_encoding());
        int offset = (day - firstWeekday + 7) % 7 + (week - 1) * 7;
        const int lastDay = static_cast<int>(static_cast<unsigned>(year_month_day_last{year{y} / mon / last}.day()));
        while (offset + 1 > lastDay)
            offset -= 7;
        date = first + days{offset};
    }
    return daysToSeconds(date) + time;
}

} // namespace

std::int32_t ScheduleTimeZone::ruleOffset(std::int64_t utc) const
{
    if (!m_rule.hasDst)
        return m_rule.standardOffset;
    const auto localDay = floor<days>(sys_seconds{seconds{utc + m_rule.standardOffset}});
    const int y = static_cast<int>(year_month_day{localDay}.year());
    const auto local = [&](const RuleDate& date) {
        return ruleLocalTime(y, static_cast<int>(date.form), date.day, date.month, date.week, date.time);
    };
    const std::int64_t start = local(m_rule.start) - m_rule.standardOffset;
    const std::int64_t end = local(m_rule.end) - m_rule.dstOffset;
    // Southern-hemisphere rules start daylight time late in the year and end it early in the next.
    const bool dst = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);
    return dst ? m_rule.dstOffset : m_rule.standardOffset;
}

seconds ScheduleTimeZone::offsetAt(sys_seconds utc) const
{
    const std::int64_t t = utc.time_since_epoch().count();
    if (m_transitions.empty())
        return seconds{m_rule.present ? ruleOffset(t) : (m_typeOffsets.empty() ? 0 : m_typeOffsets.front())};
    if (t < m_transitions.front())
        return seconds{m_typeOffsets.front()};
    const auto after = std::upper_bound(m_transitions.begin(), m_transitions.end(), t);
    const auto index = static_cast<std::size_t>(after - m_transitions.begin()) - 1;
    if (after == m_transitions.end() && m_rule.present)
        return seconds{ruleOffset(t)};
    return seconds{m_typeOffsets[m_transitionTypes[index]]};
}

local_seconds ScheduleTimeZone::toLocal(sys_seconds utc) const
{
    return local_seconds{utc.time_since_epoch() + offsetAt(utc)};
}

std::vector<sys_seconds> ScheduleTimeZone::toUtc(local_seconds local) const
{
    // The offsets a day either side bound every offset that can apply to this wall time.
    const sys_seconds asUtc{local.time_since_epoch()};
    std::vector<sys_seconds> result;
    for (const auto probe : {asUtc - days{1}, asUtc + days{1}}) {
        const sys_seconds candidate = asUtc - offsetAt(probe);
        if (toLocal(candidate) == local && std::find(result.begin(), result.end(), candidate) == result.end())
            result.push_back(candidate);
    }
    std::sort(result.begin(), result.end());
    return result;
}

} // namespace lambdadesk::core
