// SPDX-License-Identifier: MIT
// The host-capacity governor: INITs bounded across functions with FIFO waits, least-recently-used reaping at the
// live bound, `--scale-out aws`, the wait's own bound; and the accounting of issue 11 §3: a function never has
// more environments than its reserved concurrency, and the engine's counts match the processes that exist.
#include "engine_fixture.h"
#include "process_table.h"

#include <QtTest>

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace lambdadesk;
using namespace lambdadesk::tests;

namespace {

/// Records the engine's events and derives the counts the assertions need, as they happen.
class Recorder final : public core::EventSink {
public:
    void onEvent(const core::Event& event) override
    {
        std::lock_guard lock(m_mutex);
        std::visit(
            [this](const auto& payload) {
                using T = std::decay_t<decltype(payload)>;
                if constexpr (std::is_same_v<T, core::EnvironmentStarted>) {
                    m_startOrder.push_back(payload.functionName);
                    m_live[payload.environmentId] = payload.pid;
                    m_inInit.insert(payload.environmentId);
                    m_maxInInit = std::max(m_maxInInit, static_cast<int>(m_inInit.size()));
                    auto& perFunction = m_livePerFunction[payload.functionName];
                    ++perFunction;
                    m_maxLivePerFunction[payload.functionName] =
                        std::max(m_maxLivePerFunction[payload.functionName], perFunction);
                } else if constexpr (std::is_same_v<T, core::InitDone>) {
                    m_inInit.erase(payload.environmentId);
                } else if constexpr (std::is_same_v<T, core::EnvironmentStopped>) {
                    m_inInit.erase(payload.environmentId);
                    if (m_live.erase(payload.environmentId) > 0)
                        --m_livePerFunction[payload.functionName];
                    m_stopReasons.push_back(payload.functionName + ": " + payload.reason);
                } else if constexpr (std::is_same_v<T, core::HostWait>) {
                    if (payload.phase == core::HostWait::Phase::Began)
                        m_waitsBegan.push_back(payload.requestId);
                    else
                        m_waitsEnded.push_back(payload);
                }
            },
            event.payload);
    }

    /// Runs `f` under the recorder's lock (defined first: its return type is deduced).
    template <typename F>
    auto locked(F f) const
    {
        std::lock_guard lock(m_mutex);
        return f();
    }

    int maxInInit() const { return locked([&] { return m_maxInInit; }); }
    int maxLive(const std::string& function) const
    {
        return locked([&] {
            const auto found = m_maxLivePerFunction.find(function);
            return found == m_maxLivePerFunction.end() ? 0 : found->second;
        });
    }
    std::map<std::string, int> livePids() const { return locked([&] { return m_live; }); }
    std::vector<std::string> startOrder() const { return locked([&] { return m_startOrder; }); }
    std::vector<std::string> waitsBegan() const { return locked([&] { return m_waitsBegan; }); }
    std::vector<core::HostWait> waitsEnded() const { return locked([&] { return m_waitsEnded; }); }
    std::vector<std::string> stopReasons() const { return locked([&] { return m_stopReasons; }); }

private:
    mutable std::mutex m_mutex;
    std::map<std::string, int> m_live;  ///< environment id → pid
    std::set<std::string> m_inInit;
    int m_maxInInit = 0;
    std::map<std::string, int> m_livePerFunction;
    std::map<std::string, int> m_maxLivePerFunction;
    std::vector<std::string> m_startOrder;
    std::vector<std::string> m_waitsBegan;
    std::vector<core::HostWait> m_waitsEnded;
    std::vector<std::string> m_stopReasons;
};

core::EngineOptions boundedOptions(int inits, int environments)
{
    auto options = quickOptions();
    options.hostCapacity.maxConcurrentInits = inits;
    options.hostCapacity.maxEnvironments = environments;
    return options;
}

core::FunctionConfig slowInit(const std::string& name, const char* seconds)
{
    auto function = python(name, "slowinit");
    function.environment["SLOW_INIT_SECONDS"] = seconds;
    function.timeoutSeconds = 30;  // the invocations below sleep for seconds on purpose
    return function;
}

int liveEnvironments(core::Engine& engine, const std::vector<std::string>& functions)
{
    int total = 0;
    for (const auto& function : functions)
        total += engine.stats(function)->environments;
    return total;
}

}  // namespace

class TestHostCapacity : public QObject {
    Q_OBJECT

private slots:
    void defaultsComeFromTheHost()
    {
        QVERIFY(core::defaultMaxConcurrentInits() >= 2);
        QVERIFY(core::defaultMaxConcurrentInits() >= static_cast<int>(std::thread::hardware_concurrency()));
        QVERIFY(core::defaultMaxEnvironments() >= 8);
        core::Engine engine(quickOptions());
        const auto host = engine.hostStats();
        QCOMPARE(host.maxConcurrentInits, core::defaultMaxConcurrentInits());
        QCOMPARE(host.maxEnvironments, core::defaultMaxEnvironments());
        QVERIFY(!host.unbounded);
    }

    void aBurstNeverRunsMoreInitsThanTheBound()
    {
        core::Engine engine(boundedOptions(2, 100));
        auto recorder = std::make_shared<Recorder>();
        engine.events().subscribe(recorder);
        engine.putFunction(slowInit("slowinit", "0.4"));
        // Each invocation keeps its environment busy, so every one of them needs its own cold start.
        const auto results = invokeConcurrently(engine, "slowinit", R"({"ms":3000})", 6);
        std::set<std::string> environments;
        for (const auto& result : results) {
            QVERIFY2(result.ok(), result.payload.c_str());
            environments.insert(result.environmentId);
        }
        QCOMPARE(environments.size(), std::size_t(6));
        QCOMPARE(recorder->maxInInit(), 2);
        // Four waited for the host, and were served in the order they arrived.
        const auto began = recorder->waitsBegan();
        const auto ended = recorder->waitsEnded();
        QCOMPARE(began.size(), std::size_t(4));
        QCOMPARE(ended.size(), std::size_t(4));
        for (std::size_t i = 0; i < ended.size(); ++i) {
            QCOMPARE(ended[i].requestId, began[i]);
            QCOMPARE(ended[i].outcome, std::string("cold"));
            QVERIFY(ended[i].waitedMs > 0);
        }
        QCOMPARE(ended.back().waitingNow, 0);
        const auto stats = *engine.stats("slowinit");
        QCOMPARE(stats.hostWaits, std::uint64_t(4));
        QCOMPARE(stats.waitingForHost, 0);
        QVERIFY(stats.hostWaitMs > 0);
        QTRY_COMPARE_WITH_TIMEOUT(engine.metrics().snapshot("slowinit").hostWaits, std::uint64_t(4), 5000);
        QCOMPARE(engine.hostStats().waitsTotal, std::uint64_t(4));
        QCOMPARE(engine.hostStats().initsRunning, 0);
    }

    void waitsAreFifoAcrossFunctions()
    {
        core::Engine engine(boundedOptions(1, 100));
        auto recorder = std::make_shared<Recorder>();
        engine.events().subscribe(recorder);
        engine.putFunction(slowInit("first", "0.6"));
        engine.putFunction(slowInit("second", "0.6"));
        std::vector<std::future<core::InvokeResult>> futures;
        std::map<std::string, int> arrived;
        for (const char* function : {"first", "first", "second", "first", "second"}) {
            futures.push_back(std::async(std::launch::async, [&engine, function] {
                return invoke(engine, function, R"({"ms":2500})");
            }));
            // Arrivals in a known order (the host queue is what is tested, not the callers' race).
            const int expected = ++arrived[function];
            QTRY_COMPARE_WITH_TIMEOUT(engine.stats(function)->inFlight, expected, 5000);
        }
        for (auto& future : futures)
            QVERIFY(future.get().ok());
        QCOMPARE(recorder->startOrder(), (std::vector<std::string>{"first", "first", "second", "first", "second"}));
        QCOMPARE(recorder->maxInInit(), 1);
    }

    void anIdleEnvironmentOfItsFunctionServesAWaitingInvocation()
    {
        core::Engine engine(boundedOptions(1, 100));
        auto recorder = std::make_shared<Recorder>();
        engine.events().subscribe(recorder);
        engine.putFunction(slowInit("slow", "2"));
        engine.putFunction(python("sleep", "sleep"));
        QVERIFY(invoke(engine, "sleep").ok());
        // The only INIT slot goes to "slow"; a second "sleep" arrival waits for the host, and is served warm when
        // the busy "sleep" environment comes free, long before the INIT slot would be.
        core::InvokeRequest slowRequest;
        slowRequest.function = "slow";
        engine.invokeAsync(slowRequest, [](core::InvokeResult) {});
        QTRY_COMPARE_WITH_TIMEOUT(engine.hostStats().initsRunning, 1, 5000);
        auto busy = std::async(std::launch::async, [&] { return invoke(engine, "sleep", R"({"ms":300})"); });
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("sleep")->busy, 1, 5000);
        const auto served = invoke(engine, "sleep");
        QVERIFY2(served.ok(), served.payload.c_str());
        QVERIFY(!served.cold);
        QVERIFY(busy.get().ok());
        const auto ended = recorder->waitsEnded();
        QCOMPARE(ended.size(), std::size_t(1));
        QCOMPARE(ended.front().outcome, std::string("warm"));
        QCOMPARE(engine.stats("sleep")->environments, 1);
    }

    void theLeastRecentlyUsedIdleEnvironmentMakesRoom()
    {
        core::Engine engine(boundedOptions(2, 2));
        auto recorder = std::make_shared<Recorder>();
        engine.events().subscribe(recorder);
        for (const char* name : {"a", "b", "c"})
            engine.putFunction(python(name, "echo"));
        QVERIFY(invoke(engine, "a").ok());
        QVERIFY(invoke(engine, "b").ok());
        QVERIFY(invoke(engine, "a").ok());  // now b's environment is the least recently used
        const auto c = invoke(engine, "c");
        QVERIFY2(c.ok(), c.payload.c_str());
        QVERIFY(c.cold);
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("b")->environments, 0, 5000);
        QCOMPARE(engine.stats("a")->environments, 1);
        QCOMPARE(engine.stats("c")->environments, 1);
        QCOMPARE(engine.hostStats().reapedForRoom, std::uint64_t(1));
        QTRY_COMPARE_WITH_TIMEOUT(engine.hostStats().environments, 2, 5000);
        const auto reasons = recorder->stopReasons();
        QCOMPARE(reasons.size(), std::size_t(1));
        QVERIFY2(reasons.front().rfind("b: ", 0) == 0 && reasons.front().find("least recently used") != std::string::npos,
                 reasons.front().c_str());
    }

    void atTheLiveBoundWithNothingIdleAnArrivalWaits()
    {
        core::Engine engine(boundedOptions(2, 1));
        auto recorder = std::make_shared<Recorder>();
        engine.events().subscribe(recorder);
        engine.putFunction(python("sleep", "sleep"));
        engine.putFunction(python("echo", "echo"));
        auto busy = std::async(std::launch::async, [&] { return invoke(engine, "sleep", R"({"ms":800})"); });
        QTRY_COMPARE_WITH_TIMEOUT(engine.stats("sleep")->busy, 1, 5000);
        const auto echo = invoke(engine, "echo");
        QVERIFY2(echo.ok(), echo.payload.c_str());
        QVERIFY(busy.get().ok());
        QCOMPARE(recorder->waitsEnded().size(), std::size_t(1));
        QCOMPARE(recorder->waitsEnded().front().outcome, std::string("cold"));
        QCOMPARE(engine.hostStats().reapedForRoom, std::uint64_t(1));
        QCOMPARE(engine.stats("sleep")->environments, 0);
    }

    void scaleOutAwsLiftsTheBounds()
    {
        auto options = boundedOptions(1, 1);
        options.hostCapacity.unbounded = true;
        core::Engine engine(options);
        auto recorder = std::make_shared<Recorder>();
        engine.events().subscribe(recorder);
        engine.putFunction(slowInit("slowinit", "1"));
        // Each call holds its environment for 1.5 s: an environment that finished INIT early (a busy host starts
        // the four processes at different speeds) is still busy when the others finish theirs, so none of the
        // four waiting calls is taken over warm.
        const auto results = invokeConcurrently(engine, "slowinit", R"({"ms":1500})", 4);
        for (const auto& result : results)
            QVERIFY2(result.ok() && result.cold, result.payload.c_str());
        QCOMPARE(engine.stats("slowinit")->environments, 4);
        QCOMPARE(recorder->maxInInit(), 4);
        QVERIFY(recorder->waitsBegan().empty());
        QVERIFY(engine.hostStats().unbounded);
        QCOMPARE(engine.hostStats().environments, 4);
    }

    void aWaitHasItsOwnBound()
    {
        auto options = boundedOptions(1, 100);
        options.hostCapacity.maxWait = std::chrono::milliseconds(300);
        core::Engine engine(options);
        engine.putFunction(slowInit("slowinit", "3"));
        core::InvokeRequest first;
        first.function = "slowinit";
        engine.invokeAsync(first, [](core::InvokeResult) {});
        QTRY_COMPARE_WITH_TIMEOUT(engine.hostStats().initsRunning, 1, 5000);
        const auto second = invoke(engine, "slowinit");
        QCOMPARE(second.status, core::InvokeStatus::Throttled);
        QCOMPARE(second.errorType, std::string("TooManyRequestsException"));
        QCOMPARE(second.throttleReason, std::string("HostCapacityWaitExceeded"));
        QCOMPARE(engine.stats("slowinit")->environments, 1);
        QCOMPARE(engine.stats("slowinit")->inFlight, 1);
    }

    // Issue 11 §3: sync callers and async events flood a function with ReservedConcurrentExecutions 2 whose INIT
    // is slow; an environment coming free takes the invocation a starting one was made for, which used to let the
    // next arrival start a third process.
    void reservedConcurrencyBoundsEveryEnvironmentWhateverFeedsIt()
    {
        auto options = quickOptions();
        options.timeScale = 0.01;  // async retries after throttles come quickly
        core::Engine engine(options);
        auto recorder = std::make_shared<Recorder>();
        engine.events().subscribe(recorder);
        auto function = slowInit("reserved", "0.8");
        function.reservedConcurrency = 2;
        engine.putFunction(function);
        QVERIFY(invoke(engine, "reserved").ok());

        std::atomic<int> ok{0};
        std::vector<std::thread> callers;
        for (int caller = 0; caller < 3; ++caller) {
            // Sync calls are throttled while the async events hold both slots; on a busy host that can be all
            // eight tries, so a caller keeps going (for a bounded time) until one call of its own got through.
            callers.emplace_back([&engine, &ok] {
                const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
                bool mine = false;
                for (int i = 0; i < 8 || (!mine && std::chrono::steady_clock::now() < deadline); ++i) {
                    if (invoke(engine, "reserved", R"({"ms":150})").ok()) {
                        ++ok;
                        mine = true;
                    } else if (i >= 8) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(50));
                    }
                }
            });
        }
        for (int i = 0; i < 6; ++i)
            QVERIFY(engine.invokeEvent("reserved", R"({"ms":50})").ok());
        for (auto& caller : callers)
            caller.join();
        QVERIFY(ok > 0);
        QTRY_VERIFY_WITH_TIMEOUT(engine.metrics().snapshot("reserved").invocations >= std::uint64_t(ok + 7), 20000);
        QVERIFY2(recorder->maxLive("reserved") <= 2, qPrintable(QString::number(recorder->maxLive("reserved"))));
        QVERIFY(engine.stats("reserved")->environments <= 2);
    }

    void countsMatchTheProcessesThatExist()
    {
        auto recorder = std::make_shared<Recorder>();
        std::vector<int> pids;
        {
            core::Engine engine(quickOptions());
            engine.events().subscribe(recorder);
            engine.putFunction(python("echo", "echo"));
            engine.putFunction(python("sleep", "sleep"));
            engine.putFunction(slowInit("slowinit", "5"));
            for (const auto& result : invokeConcurrently(engine, "echo", "{}", 3))
                QVERIFY(result.ok());
            QVERIFY(invoke(engine, "sleep").ok());
            core::InvokeRequest starting;  // one still in INIT when the engine stops
            starting.function = "slowinit";
            engine.invokeAsync(starting, [](core::InvokeResult) {});
            QTRY_COMPARE_WITH_TIMEOUT(engine.stats("slowinit")->starting, 1, 5000);

            const auto live = recorder->livePids();
            for (const auto& [id, pid] : live) {
                pids.push_back(pid);
                QVERIFY2(::kill(pid, 0) == 0, id.c_str());
            }
            const std::vector<std::string> names{"echo", "sleep", "slowinit"};
            QCOMPARE(static_cast<int>(live.size()), liveEnvironments(engine, names));
            QCOMPARE(engine.hostStats().environments, static_cast<int>(live.size()));
            int fromMetrics = 0;
            for (const auto& name : names)
                fromMetrics += engine.metrics().snapshot(name).environmentsNow;
            QCOMPARE(fromMetrics, static_cast<int>(live.size()));
            std::set<int> expected;
            for (const auto& [id, pid] : live)
                expected.insert(pid);
            QCOMPARE(childProcesses(), expected);
        }
        // The engine stopped: every environment was reported stopped, and no process is left.
        QVERIFY(recorder->livePids().empty());
        for (const int pid : pids)
            QVERIFY2(::kill(pid, 0) == -1 && errno == ESRCH, qPrintable(QString::number(pid)));
        QVERIFY(childProcesses().empty());

        // A new engine (a restart) starts from zero and counts what it starts.
        auto again = std::make_shared<Recorder>();
        core::Engine engine(quickOptions());
        engine.events().subscribe(again);
        engine.putFunction(python("echo", "echo"));
        QVERIFY(invoke(engine, "echo").ok());
        QCOMPARE(static_cast<int>(again->livePids().size()), 1);
        QCOMPARE(engine.hostStats().environments, 1);
        QCOMPARE(childProcesses().size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestHostCapacity)
#include "tst_host_capacity.moc"
