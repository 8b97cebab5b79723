// SPDX-License-Identifier: MIT
#include "runtime/invoke_budget.h"

namespace lambdadesk::core {

InvokeBudget::InvokeBudget(const boost::asio::any_io_executor& executor) : m_timer(executor) {}

void InvokeBudget::start(std::chrono::milliseconds budget, std::function<void()> expired)
{
    m_expired = std::move(expired);
    m_remaining = budget;
    m_pausedTotal = {};
    m_armed = true;
    if (m_paused)
        m_pausedSince = Clock::now();
    else
        arm();
}

void InvokeBudget::cancel()
{
    m_armed = false;
    ++m_generation;
    m_timer.cancel();
    m_expired = nullptr;
}

void InvokeBudget::pause()
{
    if (m_paused)
        return;
    m_paused = true;
    m_pausedSince = Clock::now();
    if (!m_armed)
        return;
    m_remaining -= m_pausedSince - m_runningSince;
    ++m_generation;
    m_timer.cancel();
}

void InvokeBudget::resume()
{
    if (!m_paused)
        return;
    m_paused = false;
    if (!m_armed)
        return;
    m_pausedTotal += Clock::now() - m_pausedSince;
    arm();
}

std::chrono::milliseconds InvokeBudget::pausedTotal() const
{
    auto total = m_pausedTotal;
    if (m_armed && m_paused)
        total += Clock::now() - m_pausedSince;
    return std::chrono::duration_cast<std::chrono::milliseconds>(total);
}

void InvokeBudget::arm()
{
    m_runningSince = Clock::now();
    const unsigned generation = ++m_generation;
    m_timer.expires_after(m_remaining.count() > 0 ? m_remaining : Clock::duration::zero());
    m_timer.async_wait([this, generation](const boost::system::error_code& ec) {
        if (ec || generation != m_generation || !m_armed || m_paused)
            return;
        m_armed = false;
        if (auto expired = std::exchange(m_expired, nullptr))
            expired();
    });
}

}  // namespace lambdadesk::core
