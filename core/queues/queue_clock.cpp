// SPDX-License-Identifier: MIT
#include "queues/queue_clock.h"

#include <chrono>
#include <cmath>

namespace lambdadesk::core {

QueueClock::QueueClock(Source source, double timeScale)
    : m_source(std::move(source)), m_timeScale(timeScale > 0 && std::isfinite(timeScale) ? timeScale : 1.0)
{
}

std::int64_t QueueClock::nowUs() const
{
    if (m_source)
        return m_source();
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t QueueClock::scaledUs(double seconds) const
{
    return static_cast<std::int64_t>(std::llround(seconds * 1e6 * m_timeScale));
}

} // namespace lambdadesk::core
