// SPDX-License-Identifier: MIT
// Time zones from Howard Hinnant's date library (date/tz.h over the system's tz database, USE_OS_TZDB) instead
// of a TZif reader by hand. date's reader stops at a file's last transition (2037 in Debian's "fat" files) and
// ignores the POSIX TZ string TZif files end with for the years after; date's own ptz.h parses that string, so
// a schedule in 2040 still follows daylight-saving time.
#include "schedules/schedule_time_zone.h"

#include <date/tz.h>
// ptz.h 3.0.1 names hh_mm_ss unqualified under `using namespace date; using namespace std::chrono;`, which C++20
// makes ambiguous; a declaration in its namespace is found first. Harmless once Debian ships a fixed ptz.h.
namespace Posix {
using date::hh_mm_ss;
} // namespace Posix
#include <date/ptz.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <optional>

namespace lambdadesk::core {

using namespace std::chrono;

struct ScheduleTimeZone::Rules {
    const date::time_zone* zone = nullptr;  ///< owned by date's tzdb, which lives until exit
    std::optional<Posix::time_zone> future; ///< the file's closing rule, for instants from `futureFrom` on
    sys_seconds futureFrom;                 ///< the file's last transition

    [[nodiscard]] date::sys_info at(sys_seconds utc) const
    {
        return future && utc >= futureFrom ? future->get_info(utc) : zone->get_info(utc);
    }
    [[nodiscard]] date::local_info at(local_seconds local) const
    {
        // A wall time lies within a day of the same digits read as UTC: a day past the last transition, only the
        // closing rule can apply to it.
        const date::local_seconds wall{local.time_since_epoch()};
        const bool late = future && sys_seconds{local.time_since_epoch()} - days{1} >= futureFrom;
        return late ? future->get_info(wall) : zone->get_info(wall);
    }
};

namespace {

// Where Debian's date build (USE_OS_TZDB) finds the database; ptz.h needs the files' closing rules from it too.
constexpr const char* kZoneInfo = "/usr/share/zoneinfo";

bool validZoneName(const std::string& name)
{
    if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/')
        return false;
    // No '.', so no "..": a zone name can never leave the zoneinfo folder.
    return std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '+' || c == '/';
    });
}

/// The POSIX TZ string ("EST5EDT,M3.2.0,M11.1.0") that a TZif file of version 2 or later ends with, between its
/// last two newlines (RFC 8536 §3.3); "" when there is none.
std::string closingRule(const std::string& name)
{
    std::ifstream file(std::string(kZoneInfo) + '/' + name, std::ios::binary);
    const std::string data{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (data.size() < 6 || data.compare(0, 4, "TZif") != 0 || data[4] < '2' || data.back() != '\n')
        return {};
    const auto start = data.rfind('\n', data.size() - 2);
    return start == std::string::npos ? std::string() : data.substr(start + 1, data.size() - start - 2);
}

} // namespace

Expected<ScheduleTimeZone> ScheduleTimeZone::load(const std::string& name)
{
    if (!validZoneName(name))
        return Error{"ValidationException", "ScheduleExpressionTimezone '" + name +
                                                "' is not a time zone name; give an IANA name such as UTC, "
                                                "Europe/Berlin or America/New_York"};
    const date::time_zone* zone = nullptr;
    date::sys_info last;
    try {
        zone = date::locate_zone(name);
        // The period that runs on for ever; asking for it also reads the zone's file now, not mid-schedule.
        last = zone->get_info(sys_days{year{9999} / January / 1});
    } catch (const std::exception&) { // an unknown name, an unreadable file, or no database at all
        if (name == "UTC" || name == "Etc/UTC" || name == "GMT")
            return ScheduleTimeZone{}; // a system without tzdata still knows UTC
        return Error{"ValidationException", "ScheduleExpressionTimezone '" + name +
                                                "' is not in the time zone database (" + kZoneInfo +
                                                "); give an IANA name such as Europe/Berlin"};
    }
    ScheduleTimeZone result;
    result.m_name = name;
    if (last.begin < sys_days{year{1000} / January / 1}) { // no transition at all: one offset for ever
        result.m_fixedOffset = last.offset;
        return result;
    }
    auto rules = std::make_shared<Rules>();
    rules->zone = zone;
    rules->futureFrom = last.begin;
    if (const std::string rule = closingRule(name); !rule.empty()) {
        try {
            rules->future.emplace(rule);
        } catch (const std::exception&) {
            // ptz.h refuses a few rules (negative change times, as America/Nuuk's): those zones keep the last
            // transition's offset after it, as date alone would.
        }
    }
    result.m_rules = std::move(rules);
    return result;
}

seconds ScheduleTimeZone::offsetAt(sys_seconds utc) const
{
    return m_rules ? m_rules->at(utc).offset : m_fixedOffset;
}

local_seconds ScheduleTimeZone::toLocal(sys_seconds utc) const
{
    return local_seconds{utc.time_since_epoch() + offsetAt(utc)};
}

std::vector<sys_seconds> ScheduleTimeZone::toUtc(local_seconds local) const
{
    const sys_seconds asUtc{local.time_since_epoch()};
    if (!m_rules)
        return {asUtc - m_fixedOffset};
    const date::local_info info = m_rules->at(local);
    switch (info.result) {
    case date::local_info::unique:
        return {asUtc - info.first.offset};
    case date::local_info::nonexistent:
        return {};
    default: { // ambiguous: before the change, then after it
        std::vector<sys_seconds> both{asUtc - info.first.offset, asUtc - info.second.offset};
        std::sort(both.begin(), both.end());
        return both;
    }
    }
}

} // namespace lambdadesk::core
