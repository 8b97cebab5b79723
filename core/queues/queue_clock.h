// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>

namespace lambdadesk::core {

/// Where the queue service reads the time, and how much it shrinks AWS's durations (`--time-scale`):
/// visibility timeouts, delays, retention, the deduplication window, the 60 s purge and delete rules
/// and long-poll waits all pass through scaledUs(). Timestamps reported to users stay real.
class QueueClock {
public:
    using Source = std::function<std::int64_t()>; ///< microseconds since the Unix epoch

    /// An empty source reads the system clock; tests pass a manual one to move time without sleeping.
    explicit QueueClock(Source source = {}, double timeScale = 1.0);

    [[nodiscard]] std::int64_t nowUs() const;
    /// An AWS duration in seconds as local microseconds: seconds × 10⁶ × timeScale.
    [[nodiscard]] std::int64_t scaledUs(double seconds) const;
    [[nodiscard]] double timeScale() const { return m_timeScale; }

private:
    Source m_source;
    double m_timeScale;
};

} // namespace lambdadesk::core
