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
        QCOMPARE(metrics.bucket(0).inits, 1);
        QVERIFY(metrics.bucket(0).durationP50 > 0);
        QCOMPARE(metrics.bucket(1).invocations, 0);  // a quiet second
        QCOMPARE(metrics.bucket(2).invocations, 5);
        metrics.setFunction(QStringLiteral("Fn"));
        QCOMPARE(metrics.rowCount(), 3);
        metrics.setFunction(QStringLiteral("Other"));
        QCOMPARE(metrics.rowCount(), 0);
    }

    void waitingForTheHostIsAChartedFigure()
    {
        MetricsModel metrics;
        QAbstractItemModelTester tester(&metrics, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto began = [](const char* function, const char* request) {
            return core::HostWait{function, request, core::HostWait::Phase::Began, 0, 0, {}};
        };
        const auto ended = [](const char* function, const char* request) {
            return core::HostWait{function, request, core::HostWait::Phase::Ended, 0, 25, "cold"};
        };
        // Second 0: three wait at once (two of A, one of B); one leaves. Second 1: two still wait. Second 2: none.
        metrics.apply({at(0.1, began("A", "a1")), at(0.2, began("A", "a2")), at(0.3, began("B", "b1")),
                       at(0.9, ended("A", "a1")), at(1.5, ended("A", "a2")), at(1.6, ended("B", "b1"))},
                      kEpoch);
        metrics.advanceTo(3'000'000'000);
        QCOMPARE(metrics.rowCount(), 3);
        QCOMPARE(metrics.bucket(0).hostWaiting, 3);
        QCOMPARE(metrics.bucket(1).hostWaiting, 2);  // still waiting when the second began
        QCOMPARE(metrics.bucket(2).hostWaiting, 0);
        QCOMPARE(metrics.data(metrics.index(0, MetricsModel::HostWaitingColumn)).toInt(), 3);
        QCOMPARE(metrics.headerData(MetricsModel::HostWaitingColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Waiting for host"));
        metrics.setFunction(QStringLiteral("A"));
        QCOMPARE(metrics.bucket(0).hostWaiting, 2);
    }
};

QTEST_MAIN(TestMetricsModel)
#include "tst_metrics_model.moc"
