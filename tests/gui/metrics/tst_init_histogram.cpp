// SPDX-License-Identifier: MIT
// The init-duration histogram: bucket edges, per-second accounting, bounded history, out-of-order samples,
// and the metrics model's window over it.
#include "metrics/init_duration_histogram.h"
#include "metrics/metrics_model.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <numeric>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

int total(const InitDurationHistogram::Counts& counts)
{
    return std::accumulate(counts.begin(), counts.end(), 0);
}

// An INIT that ended: what the histogram counts (every INIT bar of the timeline, cold invocation or not).
core::Event initDone(double seconds, const std::string& function, double initMs)
{
    const core::Clock::time_point epoch{};
    return {epoch + std::chrono::duration_cast<core::Clock::duration>(std::chrono::duration<double>(seconds)),
            core::InitDone{function, "env", initMs, true, {}}};
}

// A cold invocation's end: it carries the same init duration again, and must not count it twice.
core::Event coldFinish(double seconds, const std::string& function, double initMs)
{
    const core::Clock::time_point epoch{};
    core::InvokeFinished finished;
    finished.functionName = function;
    finished.environmentId = "env";
    finished.requestId = "r";
    finished.cold = true;
    finished.durationMs = 1;
    finished.initDurationMs = initMs;
    return {epoch + std::chrono::duration_cast<core::Clock::duration>(std::chrono::duration<double>(seconds)),
            std::move(finished)};
}

}  // namespace

class TestInitHistogram : public QObject {
    Q_OBJECT

private slots:
    void bucketsFollowTheEdges_data()
    {
        QTest::addColumn<double>("ms");
        QTest::addColumn<int>("bucket");
        QTest::newRow("zero") << 0.0 << 0;
        QTest::newRow("negative") << -1.0 << 0;
        QTest::newRow("nan") << std::nan("") << 0;
        QTest::newRow("just under 5") << 4.999 << 0;
        QTest::newRow("5 is 5-10") << 5.0 << 1;
        QTest::newRow("9.9") << 9.9 << 1;
        QTest::newRow("10") << 10.0 << 2;
        QTest::newRow("24") << 24.0 << 2;
        QTest::newRow("25") << 25.0 << 3;
        QTest::newRow("50") << 50.0 << 4;
        QTest::newRow("99") << 99.0 << 4;
        QTest::newRow("100") << 100.0 << 5;
        QTest::newRow("250") << 250.0 << 6;
        QTest::newRow("499") << 499.0 << 6;
        QTest::newRow("500") << 500.0 << 7;
        QTest::newRow("999.9") << 999.9 << 7;
        QTest::newRow("1000") << 1000.0 << 8;
        QTest::newRow("a minute") << 60000.0 << 8;
        QTest::newRow("infinity") << std::numeric_limits<double>::infinity() << 8;
    }
    void bucketsFollowTheEdges()
    {
        QFETCH(double, ms);
        QFETCH(int, bucket);
        QCOMPARE(InitDurationHistogram::bucketOf(ms), bucket);
    }

    void labelsNameTheRanges()
    {
        QCOMPARE(InitDurationHistogram::label(0), QStringLiteral("<5"));
        QCOMPARE(InitDurationHistogram::label(1), QStringLiteral("5–10"));
        QCOMPARE(InitDurationHistogram::label(7), QStringLiteral("500–1000"));
        QCOMPARE(InitDurationHistogram::label(8), QStringLiteral("≥1000"));
    }

    void countsTheSecondsOfAWindow()
    {
        InitDurationHistogram histogram(600);
        histogram.add(10, 3);
        histogram.add(10, 30);
        histogram.add(11, 30);
        histogram.add(15, 2000);
        QCOMPARE(histogram.heldSeconds(), 3);
        auto counts = histogram.counts(0, 100);
        QCOMPARE(total(counts), 4);
        QCOMPARE(counts[0], 1);
        QCOMPARE(counts[3], 2);
        QCOMPARE(counts[8], 1);
        counts = histogram.counts(11, 14);  // both ends included
        QCOMPARE(total(counts), 1);
        QCOMPARE(counts[3], 1);
        QCOMPARE(total(histogram.counts(15, 15)), 1);
        QCOMPARE(total(histogram.counts(16, 100)), 0);
        QCOMPARE(total(histogram.counts(12, 11)), 0);  // an empty range
        histogram.clear();
        QCOMPARE(total(histogram.counts(0, 100)), 0);
    }

    void lateSamplesLandInTheirSecond()
    {
        InitDurationHistogram histogram(600);
        histogram.add(10, 1);
        histogram.add(12, 1);
        histogram.add(11, 1);  // between two held seconds: a new row in order
        histogram.add(10, 1);  // into an existing row
        QCOMPARE(histogram.heldSeconds(), 3);
        QCOMPARE(total(histogram.counts(10, 10)), 2);
        QCOMPARE(total(histogram.counts(11, 11)), 1);
        QCOMPARE(total(histogram.counts(11, 12)), 2);
    }

    void keepsABoundedNumberOfSeconds()
    {
        InitDurationHistogram histogram(60);
        for (qint64 second = 0; second < 1000; ++second)
            histogram.add(second, 7);
        QCOMPARE(histogram.heldSeconds(), 60);
        QCOMPARE(total(histogram.counts(0, 1000)), 60);
        QCOMPARE(total(histogram.counts(940, 999)), 60);
        histogram.add(5, 7);  // far older than anything kept: dropped
        QCOMPARE(histogram.heldSeconds(), 60);
        QCOMPARE(total(histogram.counts(0, 1000)), 60);
    }

    void metricsModelKeepsOnePerFunctionAndAll()
    {
        MetricsModel metrics;
        const core::Clock::time_point epoch{};
        // Three INITs a cold invocation waited for, and one (B's) whose environment then served a call warm.
        metrics.apply({initDone(0.5, "A", 3), coldFinish(0.5, "A", 3), initDone(0.6, "A", 120),
                       coldFinish(0.6, "A", 120), initDone(1.5, "B", 800), initDone(2.5, "A", 1500),
                       coldFinish(2.5, "A", 1500)},
                      epoch);
        metrics.advanceTo(3'000'000'000);
        // All functions together: the histogram holds every INIT the per-second rows count, each once.
        auto counts = metrics.initDurations(0, 2);
        QCOMPARE(total(counts), 4);
        int inits = 0;
        for (int row = 0; row < metrics.rowCount(); ++row)
            inits += metrics.bucket(row).inits;
        QCOMPARE(total(counts), inits);
        QCOMPARE(counts[0], 1);
        QCOMPARE(counts[5], 1);
        QCOMPARE(counts[7], 1);
        QCOMPARE(counts[8], 1);
        // The window: only the last second.
        QCOMPARE(total(metrics.initDurations(2, 2)), 1);
        metrics.setFunction(QStringLiteral("A"));
        QCOMPARE(total(metrics.initDurations(0, 2)), 3);
        QCOMPARE(metrics.initDurations(0, 2)[7], 0);
        metrics.setFunction(QStringLiteral("B"));
        QCOMPARE(metrics.initDurations(0, 2)[7], 1);
        metrics.setFunction(QStringLiteral("Nobody"));
        QCOMPARE(total(metrics.initDurations(0, 2)), 0);
        metrics.clear();
        metrics.setFunction(QString());
        QCOMPARE(total(metrics.initDurations(0, 2)), 0);
    }
};

QTEST_GUILESS_MAIN(TestInitHistogram)
#include "tst_init_histogram.moc"
