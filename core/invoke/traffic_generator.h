// SPDX-License-Identifier: MIT
#pragma once

#include "invoke/invocation.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace lambdadesk::core {

class Engine;

/// How arrivals are spread over time.
enum class TrafficShape {
    Constant,     ///< evenly spaced at the rate
    Poisson,      ///< exponential gaps with the rate as mean (real, bursty-by-chance traffic)
    Bursts,       ///< the rate, with 1 s spikes of 5× every 10 s
    MorningRush,  ///< ramps from 10% to 100% of the rate over the run, then holds
};

/// A load to send to a function.
struct TrafficPlan {
    std::string function;
    std::string payload = "{}";
    TrafficShape shape = TrafficShape::Constant;
    double ratePerSecond = 10;
    std::chrono::milliseconds duration{std::chrono::seconds(60)};  ///< zero = until stopped
    std::uint64_t seed = 42;                                       ///< Poisson arrivals are repeatable
};

/// Parses "constant", "poisson", "bursts", "morning-rush"; false when unknown.
bool parseTrafficShape(const std::string& text, TrafficShape& shape);

/// Counters of a running load.
struct TrafficStats {
    std::uint64_t sent = 0;
    std::uint64_t ok = 0;
    std::uint64_t errors = 0;
    std::uint64_t throttled = 0;
};

/// Sends invocations to the engine on its own thread, following a plan, so cold starts, scale-out,
/// throttles and backlogs can be provoked and watched. Never waits for an invocation to finish.
class TrafficGenerator {
public:
    TrafficGenerator(Engine& engine, TrafficPlan plan);
    ~TrafficGenerator();
    TrafficGenerator(const TrafficGenerator&) = delete;
    TrafficGenerator& operator=(const TrafficGenerator&) = delete;

    void start();
    void stop();
    [[nodiscard]] bool running() const { return m_running.load(); }
    [[nodiscard]] TrafficStats stats() const;
    [[nodiscard]] const TrafficPlan& plan() const { return m_plan; }

    /// The rate the plan asks for `elapsed` into the run (what a chart of the plan would show).
    [[nodiscard]] double rateAt(std::chrono::duration<double> elapsed) const;

private:
    void run();

    Engine& m_engine;
    TrafficPlan m_plan;
    std::thread m_thread;
    std::atomic<bool> m_running{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopRequested = false;
    struct Counters {
        std::atomic<std::uint64_t> sent{0};
        std::atomic<std::uint64_t> ok{0};
        std::atomic<std::uint64_t> errors{0};
        std::atomic<std::uint64_t> throttled{0};
    };
    // Shared with the completion callbacks, which may run after the generator is gone.
    std::shared_ptr<Counters> m_counters = std::make_shared<Counters>();
};

}  // namespace lambdadesk::core
