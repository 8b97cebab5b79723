// SPDX-License-Identifier: MIT
// The invocation timeout on running time: a pause holds it, a resume carries on with what was left.
#include "runtime/invoke_budget.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <QtTest>

using namespace lambdadesk;
using namespace std::chrono_literals;

namespace {

// Runs the io_context for `span` and returns when (after start) the budget expired, if it did.
std::optional<std::chrono::milliseconds> runFor(boost::asio::io_context& io, std::chrono::milliseconds span,
                                                const std::shared_ptr<std::optional<std::chrono::steady_clock::time_point>>& expiredAt,
                                                std::chrono::steady_clock::time_point started)
{
    // The guard keeps run_for from returning early when the budget is paused and nothing is queued.
    auto guard = boost::asio::make_work_guard(io);
    io.run_for(span);
    guard.reset();
    io.restart();
    if (!*expiredAt)
        return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(**expiredAt - started);
}

}  // namespace

class TestInvokeBudget : public QObject {
    Q_OBJECT
private slots:
    void expiresAfterItsRunningTime()
    {
        boost::asio::io_context io;
        core::InvokeBudget budget(io.get_executor());
        auto expiredAt = std::make_shared<std::optional<std::chrono::steady_clock::time_point>>();
        const auto started = std::chrono::steady_clock::now();
        budget.start(100ms, [expiredAt] { *expiredAt = std::chrono::steady_clock::now(); });
        const auto after = runFor(io, 400ms, expiredAt, started);
        QVERIFY(after.has_value());
        QVERIFY(*after >= 100ms);
    }

    void aPauseHoldsTheClockAndResumeSpendsOnlyWhatWasLeft()
    {
        boost::asio::io_context io;
        core::InvokeBudget budget(io.get_executor());
        auto expiredAt = std::make_shared<std::optional<std::chrono::steady_clock::time_point>>();
        const auto started = std::chrono::steady_clock::now();
        budget.start(200ms, [expiredAt] { *expiredAt = std::chrono::steady_clock::now(); });
        QVERIFY(!runFor(io, 100ms, expiredAt, started));  // 100 ms of running
        budget.pause();
        QVERIFY(!runFor(io, 400ms, expiredAt, started));  // stopped on a breakpoint: nothing happens
        QVERIFY(budget.pausedTotal() >= 390ms);
        budget.resume();
        const auto after = runFor(io, 400ms, expiredAt, started);
        QVERIFY(after.has_value());
        // 100 ms run + 400 ms held + the ~100 ms left.
        QVERIFY2(*after >= 590ms && *after < 900ms, std::to_string(after->count()).c_str());
    }

    void pausedBeforeStartStaysPausedUntilResumed()
    {
        boost::asio::io_context io;
        core::InvokeBudget budget(io.get_executor());
        auto expiredAt = std::make_shared<std::optional<std::chrono::steady_clock::time_point>>();
        budget.pause();
        budget.start(50ms, [expiredAt] { *expiredAt = std::chrono::steady_clock::now(); });
        QVERIFY(!runFor(io, 200ms, expiredAt, std::chrono::steady_clock::now()));
        budget.resume();
        QVERIFY(runFor(io, 300ms, expiredAt, std::chrono::steady_clock::now()).has_value());
    }

    void cancelMeansNeverExpires()
    {
        boost::asio::io_context io;
        core::InvokeBudget budget(io.get_executor());
        auto expiredAt = std::make_shared<std::optional<std::chrono::steady_clock::time_point>>();
        budget.start(50ms, [expiredAt] { *expiredAt = std::chrono::steady_clock::now(); });
        budget.cancel();
        QVERIFY(!runFor(io, 200ms, expiredAt, std::chrono::steady_clock::now()));
    }
};

QTEST_GUILESS_MAIN(TestInvokeBudget)
#include "tst_invoke_budget.moc"
