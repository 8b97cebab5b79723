// SPDX-License-Identifier: MIT
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>

namespace lambdadesk::core {

/// An invocation's timeout counted on running time only. Outside a debugger it is a plain timer; under
/// one, pause() on every stop and resume() on every run keep a function held on a breakpoint from timing
/// out, while one that then loops forever still times out after its configured running time
/// (the rule of docs/debugging.md, "Timeouts while stopped"). Lives on its environment's strand.
class InvokeBudget {
public:
    explicit InvokeBudget(const boost::asio::any_io_executor& executor);

    /// Starts counting `budget` of running time; `expired` runs on the strand when it is used up.
    void start(std::chrono::milliseconds budget, std::function<void()> expired);
    void cancel();
    /// The process stopped in a debugger: the budget stops running down (also before start()).
    void pause();
    void resume();

    [[nodiscard]] bool paused() const { return m_paused; }
    /// Time spent paused since start().
    [[nodiscard]] std::chrono::milliseconds pausedTotal() const;

private:
    using Clock = std::chrono::steady_clock;
    void arm();

    boost::asio::steady_timer m_timer;
    std::function<void()> m_expired;
    Clock::duration m_remaining{};
    Clock::time_point m_runningSince;
    Clock::time_point m_pausedSince;
    Clock::duration m_pausedTotal{};
    bool m_armed = false;
    bool m_paused = false;
    unsigned m_generation = 0;  ///< a cancelled wait that already completed must not fire
};

}  // namespace lambdadesk::core
