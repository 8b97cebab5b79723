// SPDX-License-Identifier: MIT
// core/telemetry's metrics: PercentileWindow's nearest-rank percentiles over a bounded window of the latest
// samples, and MetricsCollector's per-function figures as CloudWatch names them (invocations, errors, throttles,
// cold starts, duration and init percentiles, concurrency now and peak, environments, cost, host waits), fed
// through an EventStream as the engine feeds it.
#include "telemetry/event_stream.h"
#include "telemetry/function_metrics.h"
#include "telemetry/percentile_window.h"

#include <QtTest>

#include <memory>
#include <string>

using namespace lambdadesk::core;

namespace {

InvokeFinished finished(const std::string& function, double durationMs, bool ok = true, bool cold = false,
                        double costUsd = 0)
{
    InvokeFinished event;
    event.functionName = function;
    event.environmentId = "env-1";
    event.requestId = "req";
    event.ok = ok;
    event.cold = cold;
    event.durationMs = durationMs;
    event.costUsd = costUsd;
    return event;
}

}  // namespace

class TestFunctionMetrics : public QObject {
    Q_OBJECT

private slots:
    void percentilesByNearestRank()
    {
        PercentileWindow window;
        QCOMPARE(window.percentile(50), 0.0);  // empty
        for (int i = 100; i >= 1; --i)         // order of arrival does not matter
            window.add(i);
        QCOMPARE(window.size(), std::size_t(100));
        QCOMPARE(window.percentile(50), 50.0);
        QCOMPARE(window.percentile(90), 90.0);
        QCOMPARE(window.percentile(99), 99.0);
        QCOMPARE(window.percentile(100), 100.0);
        QCOMPARE(window.percentile(0), 1.0);     // rank clamped to the first sample
        QCOMPARE(window.percentile(0.5), 1.0);   // ceil(0.5) = rank 1
        QCOMPARE(window.percentile(99.5), 100.0);

        PercentileWindow one;
        one.add(7.5);
        QCOMPARE(one.percentile(1), 7.5);
        QCOMPARE(one.percentile(99), 7.5);
    }

    void theWindowKeepsOnlyTheLatestSamples()
    {
        PercentileWindow window(4);
        for (const double value : {1000.0, 1000.0, 1000.0, 1000.0})
            window.add(value);
        QCOMPARE(window.percentile(50), 1000.0);
        // Four fast samples replace the four slow ones, oldest first: the slow spike has aged out.
        for (const double value : {1.0, 2.0, 3.0, 4.0})
            window.add(value);
        QCOMPARE(window.size(), std::size_t(4));
        QCOMPARE(window.percentile(100), 4.0);
        QCOMPARE(window.percentile(50), 2.0);
        window.add(10);  // replaces 1, the oldest
        QCOMPARE(window.percentile(0), 2.0);
        QCOMPARE(window.percentile(100), 10.0);
    }

    void countsPerFunction()
    {
        MetricsCollector metrics;
        const auto at = Clock::now();
        const auto feed = [&](EventPayload payload) { metrics.onEvent(Event{at, std::move(payload)}); };
        feed(EnvironmentStarted{"Orders", "env-1", InitializationType::OnDemand, 100});
        feed(InitDone{"Orders", "env-1", 250, true, {}});
        feed(InvokeStarted{"Orders", "env-1", "a", true});
        feed(finished("Orders", 10, true, true, 0.5));
        feed(InvokeStarted{"Orders", "env-1", "b", false});
        feed(finished("Orders", 20, false, false, 0.25));
        feed(Throttled{"Orders", "c", "ReservedFunctionConcurrentInvocationLimitExceeded"});
        feed(InvokeStarted{"Payments", "env-2", "d", false});
        feed(finished("Payments", 5));

        const auto orders = metrics.snapshot("Orders");
        QCOMPARE(orders.invocations, std::uint64_t(2));
        QCOMPARE(orders.errors, std::uint64_t(1));
        QCOMPARE(orders.throttles, std::uint64_t(1));
        QCOMPARE(orders.coldStarts, std::uint64_t(1));
        QCOMPARE(orders.inits, std::uint64_t(1));
        QCOMPARE(orders.initDurationP50Ms, 250.0);
        QCOMPARE(orders.durationP50Ms, 10.0);
        QCOMPARE(orders.durationP99Ms, 20.0);
        QCOMPARE(orders.costUsd, 0.75);
        QCOMPARE(orders.environmentsNow, 1);
        QCOMPARE(orders.concurrencyNow, 0);
        QCOMPARE(orders.concurrencyPeak, 1);

        const auto all = metrics.snapshotAll();
        QCOMPARE(all.size(), std::size_t(2));
        QCOMPARE(all.at("Payments").invocations, std::uint64_t(1));
        QCOMPARE(all.at("Payments").errors, std::uint64_t(0));
        // A function nothing happened to has zeros, and is not added by asking.
        const auto unknown = metrics.snapshot("Nobody");
        QCOMPARE(unknown.invocations, std::uint64_t(0));
        QCOMPARE(unknown.durationP99Ms, 0.0);
        QCOMPARE(metrics.snapshotAll().size(), std::size_t(2));
    }

    void concurrencyPeaksAndNeverGoesNegative()
    {
        MetricsCollector metrics;
        const auto at = Clock::now();
        for (int i = 0; i < 3; ++i)
            metrics.onEvent({at, InvokeStarted{"Fn", "env-" + std::to_string(i), std::to_string(i), false}});
        QCOMPARE(metrics.snapshot("Fn").concurrencyNow, 3);
        for (int i = 0; i < 3; ++i)
            metrics.onEvent({at, finished("Fn", 1)});
        const auto after = metrics.snapshot("Fn");
        QCOMPARE(after.concurrencyNow, 0);
        QCOMPARE(after.concurrencyPeak, 3);
        // An end without a start (the collector subscribed mid-invocation) does not go below zero; nor does a
        // stop of an environment it never saw start.
        metrics.onEvent({at, finished("Fn", 1)});
        metrics.onEvent({at, EnvironmentStopped{"Fn", "env-9", "idle"}});
        QCOMPARE(metrics.snapshot("Fn").concurrencyNow, 0);
        QCOMPARE(metrics.snapshot("Fn").environmentsNow, 0);
    }

    void initsCountEveryInitAndHostWaitsTheirEnds()
    {
        MetricsCollector metrics;
        const auto at = Clock::now();
        // A provisioned environment's INIT counts though no invocation waited for it.
        metrics.onEvent({at, EnvironmentStarted{"Fn", "env-p", InitializationType::Provisioned, 1}});
        metrics.onEvent({at, InitDone{"Fn", "env-p", 100, true, {}}});
        metrics.onEvent({at, EnvironmentStarted{"Fn", "env-2", InitializationType::OnDemand, 2}});
        metrics.onEvent({at, InitDone{"Fn", "env-2", 300, false, "Runtime.ExitError"}});
        metrics.onEvent({at, EnvironmentStopped{"Fn", "env-2", "init failed"}});

        HostWait began{"Fn", "r1", HostWait::Phase::Began, 2, 0, {}};
        metrics.onEvent({at, began});
        QCOMPARE(metrics.snapshot("Fn").hostWaitingNow, 2);
        metrics.onEvent({at, HostWait{"Fn", "r1", HostWait::Phase::Ended, 1, 40, "cold"}});
        metrics.onEvent({at, HostWait{"Fn", "r2", HostWait::Phase::Ended, 0, 60, "warm"}});

        const auto snapshot = metrics.snapshot("Fn");
        QCOMPARE(snapshot.inits, std::uint64_t(2));
        QCOMPARE(snapshot.initDurationP50Ms, 100.0);
        QCOMPARE(snapshot.initDurationP99Ms, 300.0);
        QCOMPARE(snapshot.environmentsNow, 1);
        QCOMPARE(snapshot.hostWaitingNow, 0);
        QCOMPARE(snapshot.hostWaits, std::uint64_t(2));
        QCOMPARE(snapshot.hostWaitMsTotal, 100.0);
        QCOMPARE(snapshot.hostWaitP99Ms, 60.0);
        QCOMPARE(snapshot.coldStarts, std::uint64_t(0));  // cold starts are invocations that waited for an INIT
    }

    void fedThroughTheStreamAsTheEngineFeedsIt()
    {
        EventStream stream;
        auto metrics = std::make_shared<MetricsCollector>();
        stream.subscribe(metrics);
        for (int i = 1; i <= 200; ++i) {
            stream.publish(InvokeStarted{"Fn", "env-1", std::to_string(i), false});
            stream.publish(finished("Fn", i, i % 10 != 0));
        }
        const auto snapshot = metrics->snapshot("Fn");
        QCOMPARE(snapshot.invocations, std::uint64_t(200));
        QCOMPARE(snapshot.errors, std::uint64_t(20));
        QCOMPARE(snapshot.durationP50Ms, 100.0);
        QCOMPARE(snapshot.durationP90Ms, 180.0);
        QCOMPARE(snapshot.durationP99Ms, 198.0);
        stream.unsubscribe(metrics);
        stream.publish(finished("Fn", 1));
        QCOMPARE(metrics->snapshot("Fn").invocations, std::uint64_t(200));
    }
};

QTEST_GUILESS_MAIN(TestFunctionMetrics)
#include "tst_function_metrics.moc"
