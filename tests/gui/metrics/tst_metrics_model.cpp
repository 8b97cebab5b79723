// SPDX-License-Identifier: MIT
// MetricsModel under QAbstractItemModelTester, fed with engine events: per-second buckets, quiet seconds
// included, and the function filter.
#include "event_fixture.h"
#include "metrics/metrics_model.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;
using namespace lambdadesk::tests;

class TestMetricsModel : public QObject {
    Q_OBJECT

private slots:
    void metricsCountPerSecond()
    {
        MetricsModel metrics;
        QAbstractItemModelTester tester(&metrics, QAbstractItemModelTester::FailureReportingMode::QtTest);
        metrics.apply(lifecycle("Fn", "env-a", 0.1, 9), kEpoch);   // 10 invocations in second 0
        metrics.apply(lifecycle("Fn", "env-b", 2.1, 4), kEpoch);   // 5 in second 2
        metrics.advanceTo(3'000'000'000);
        QCOMPARE(metrics.rowCount(), 3);
        QCOMPARE(metrics.bucket(0).invocations, 10);
        QCOMPARE(metrics.bucket(0).coldStarts, 1);
        QVERIFY(metrics.bucket(0).durationP50 > 0);
        QCOMPARE(metrics.bucket(1).invocations, 0);  // a quiet second
        QCOMPARE(metrics.bucket(2).invocations, 5);
        metrics.setFunction(QStringLiteral("Fn"));
        QCOMPARE(metrics.rowCount(), 3);
        metrics.setFunction(QStringLiteral("Other"));
        QCOMPARE(metrics.rowCount(), 0);
    }
};

QTEST_MAIN(TestMetricsModel)
#include "tst_metrics_model.moc"
