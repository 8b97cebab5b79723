// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::core {

/// A time zone of the system's tz database (TZif files under $TZDIR or /usr/share/zoneinfo), for
/// EventBridge Scheduler's `ScheduleExpressionTimezone`. Read with the standard library only: GCC 12's
/// <chrono> has no tzdb yet, and setting TZ for localtime_r would change the whole process.
/// A default-constructed zone is UTC. Immutable after loading, so it can be shared between threads.
class ScheduleTimeZone {
public:
    ScheduleTimeZone() = default;

    /// Loads an IANA zone ("Europe/Berlin", "America/New_York", "UTC"). An unknown or malformed
    /// name is an Error naming it.
    static Expected<ScheduleTimeZone> load(const std::string& name);
    /// Parses the bytes of a TZif file (RFC 8536, versions 1–4); `name` is only for messages.
    static Expected<ScheduleTimeZone> fromTzif(const std::string& name, std::string_view data);

    [[nodiscard]] const std::string& name() const { return m_name; }
    [[nodiscard]] bool isFixed() const { return m_transitions.empty() && !m_rule.hasDst; }

    /// The UTC offset (seconds east of Greenwich) in effect at `utc`.
    [[nodiscard]] std::chrono::seconds offsetAt(std::chrono::sys_seconds utc) const;
    [[nodiscard]] std::chrono::local_seconds toLocal(std::chrono::sys_seconds utc) const;
    /// The instants whose wall-clock time here is `local`, earliest first: none inside a spring-forward
    /// gap, two inside a fall-back overlap, one otherwise.
    [[nodiscard]] std::vector<std::chrono::sys_seconds> toUtc(std::chrono::local_seconds local) const;

private:
    /// One end of a POSIX TZ daylight rule: Jn, n or Mm.w.d, and the local time of the change.
    struct RuleDate {
        enum class Form { JulianNoLeap, ZeroBasedDay, MonthWeekDay };
        Form form = Form::MonthWeekDay;
        int day = 0; ///< Jn / n day, or the weekday (0 = Sunday) of Mm.w.d
        int month = 0;
        int week = 0;             ///< 1–5, 5 = the last such weekday of the month
        std::int32_t time = 7200; ///< seconds after local midnight, may be negative or past 24 h
    };
    /// The TZif footer: the POSIX TZ string that describes every time after the last transition.
    struct PosixRule {
        bool present = false;
        std::int32_t standardOffset = 0; ///< seconds east of UTC
        bool hasDst = false;
        std::int32_t dstOffset = 0;
        RuleDate start;
        RuleDate end;
    };

    static bool parsePosixRule(std::string_view text, PosixRule& rule);
    [[nodiscard]] std::int32_t ruleOffset(std::int64_t utc) const;

    std::string m_name = "UTC";
    std::vector<std::int64_t> m_transitions;     ///< UTC seconds, ascending
    std::vector<std::uint8_t> m_transitionTypes; ///< index into m_typeOffsets per transition
    std::vector<std::int32_t> m_typeOffsets;     ///< seconds east of UTC per local time type
    PosixRule m_rule;
};

} // namespace lambdadesk::core
