// SPDX-License-Identifier: MIT
#include "invoke/traffic_generator.h"

#include "engine.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace lambdadesk::core {

bool parseTrafficShape(const std::string& text, TrafficShape& shape)
{
    if (text == "constant")
        shape = TrafficShape::Constant;
    else if (text == "poisson")
        shape = TrafficShape::Poisson;
    else if (text == "bursts")
        shape = TrafficShape::Bursts;
    else if (text == "morning-rush")
        shape = TrafficShape::MorningRush;
    else
        return false;
    return true;
}

TrafficGenerator::TrafficGenerator(Engine& engine, TrafficPlan plan) : m_engine(engine), m_plan(std::move(plan)) {}

TrafficGenerator::~TrafficGenerator()
{
    stop();
}

void TrafficGenerator::start()
{
    stop();
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = false;
    }
    m_running = true;
    m_thread = std::thread([this] { run(); });
}

void TrafficGenerator::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    m_running = false;
}

TrafficStats TrafficGenerator::stats() const
{
    return {m_counters->sent.load(), m_counters->ok.load(), m_counters->errors.load(), m_counters->throttled.load()};
}

double TrafficGenerator::rateAt(std::chrono::duration<double> elapsed) const
{
    const double rate = std::max(m_plan.ratePerSecond, 0.001);
    switch (m_plan.shape) {
    case TrafficShape::Constant:
    case TrafficShape::Poisson:
        return rate;
    case TrafficShape::Bursts:
        return std::fmod(elapsed.count(), 10.0) < 1.0 ? rate * 5 : rate;
    case TrafficShape::MorningRush: {
        const double total = m_plan.duration.count() > 0 ? m_plan.duration.count() / 1000.0 : 60.0;
        const double ramp = std::clamp(elapsed.count() / (total * 0.6), 0.0, 1.0);
        return rate * (0.1 + 0.9 * ramp);
    }
    }
    return rate;
}

void TrafficGenerator::run()
{
    using Clock = std::chrono::steady_clock;
    std::mt19937_64 random(m_plan.seed);
    const auto start = Clock::now();
    auto next = start;
    for (;;) {
        const auto elapsed = std::chrono::duration<double>(next - start);
        if (m_plan.duration.count() > 0 && elapsed >= m_plan.duration)
            break;
        {
            std::unique_lock lock(m_mutex);
            if (m_wake.wait_until(lock, next, [this] { return m_stopRequested; }))
                break;
        }
        InvokeRequest request;
        request.function = m_plan.function;
        request.payload = m_plan.payload;
        ++m_counters->sent;
        m_engine.invokeAsync(std::move(request), [counters = m_counters](InvokeResult result) {
            if (result.ok())
                ++counters->ok;
            else if (result.status == InvokeStatus::Throttled)
                ++counters->throttled;
            else
                ++counters->errors;
        });
        const double rate = rateAt(elapsed);
        double gapSeconds = 1.0 / rate;
        if (m_plan.shape == TrafficShape::Poisson)
            gapSeconds = std::exponential_distribution<double>(rate)(random);
        next += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(gapSeconds));
        // Behind schedule by more than a second (a slow machine): skip ahead rather than flood.
        if (Clock::now() - next > std::chrono::seconds(1))
            next = Clock::now();
    }
    m_running = false;
}

}  // namespace lambdadesk::core
