// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// A time zone of the system's tz database (/usr/share/zoneinfo), for EventBridge Scheduler's
/// `ScheduleExpressionTimezone`. Backed by Howard Hinnant's date/tz.h, the library C++20's <chrono> time zones
/// were made from (GCC 12's <chrono> has no tzdb yet); setting TZ for localtime_r would change the whole process.
/// A default-constructed zone is UTC. Immutable after loading, so it can be shared between threads.
class ScheduleTimeZone {
public:
    ScheduleTimeZone() = default;

    /// Loads an IANA zone ("Europe/Berlin", "America/New_York", "UTC"). An unknown or malformed
    /// name is an Error naming it.
    static Expected<ScheduleTimeZone> load(const std::string& name);

    [[nodiscard]] const std::string& name() const { return m_name; }
    /// True when the offset never changes (UTC, Etc/GMT+5…).
    [[nodiscard]] bool isFixed() const { return m_rules == nullptr; }

    /// The UTC offset (seconds east of Greenwich) in effect at `utc`.
    [[nodiscard]] std::chrono::seconds offsetAt(std::chrono::sys_seconds utc) const;
    [[nodiscard]] std::chrono::local_seconds toLocal(std::chrono::sys_seconds utc) const;
    /// The instants whose wall-clock time here is `local`, earliest first: none inside a spring-forward
    /// gap, two inside a fall-back overlap, one otherwise.
    [[nodiscard]] std::vector<std::chrono::sys_seconds> toUtc(std::chrono::local_seconds local) const;

private:
    /// The zone in date's tz database, and the rule that carries it past its file's last transition.
    struct Rules;

    std::string m_name = "UTC";
    std::chrono::seconds m_fixedOffset{0}; ///< the offset when isFixed()
    std::shared_ptr<const Rules> m_rules;  ///< null when isFixed()
};

} // namespace lambdadesk::core
