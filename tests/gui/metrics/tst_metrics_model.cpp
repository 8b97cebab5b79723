// SPDX-License-Identifier: MIT
// MetricsModel under QAbstractItemModelTester, fed with engine events: per-second buckets, quiet seconds
// included, and the function filter; faulted invocations counted per second and drawn on the panel's chart.
#include "core_controller.h"
#include "event_fixture.h"
#include "metrics/metrics_model.h"
#include "metrics/metrics_panel.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
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

    // FaultApplied events: one per invocation an action changed, the same invocation once however many actions
    // stacked on it; downstream-call faults (no request id) are no invocation.
    void faultedInvocationsCountPerSecond()
    {
        MetricsModel metrics;
        QAbstractItemModelTester tester(&metrics, QAbstractItemModelTester::FailureReportingMode::QtTest);
        metrics.apply(lifecycle("Fn", "env-a", 0.1, 3), kEpoch);
        metrics.apply({at(0.2, core::FaultApplied{"Fn", "r-1", "EXP1", "slow", "aws:lambda:invocation-add-delay", "delay 500 ms"}),
                       at(0.3, core::FaultApplied{"Fn", "r-1", "EXP1", "fail", "aws:lambda:invocation-error", "error"}),
                       at(0.4, core::FaultApplied{"Fn", "r-2", "EXP1", "slow", "aws:lambda:invocation-add-delay", "delay"}),
                       at(0.5, core::FaultApplied{"Fn", {}, "EXP1", "api", "lambdadesk:api-error", "503 on sqs"}),
                       at(2.5, core::FaultApplied{"Other", "r-3", "EXP1", "slow", "aws:lambda:invocation-add-delay", "delay"})},
                      kEpoch);
        metrics.advanceTo(3'000'000'000);
        QCOMPARE(metrics.rowCount(), 3);
        const auto faulted = [&](int row) {
            return metrics.data(metrics.index(row, MetricsModel::FaultedColumn)).toInt();
        };
        QCOMPARE(faulted(0), 2);
        QCOMPARE(faulted(1), 0);
        QCOMPARE(faulted(2), 1);
        QCOMPARE(metrics.headerData(MetricsModel::FaultedColumn, Qt::Horizontal).toString(), QStringLiteral("Faulted/s"));
        metrics.setFunction(QStringLiteral("Fn"));
        QCOMPARE(faulted(0), 2);
        QCOMPARE(faulted(2), 0);
    }

    void theMetricsPanelDrawsFaultedInvocations()
    {
        CoreController controller;
        MetricsPanel panel(&controller);
        QLineSeries* line = nullptr;
        for (auto* view : panel.findChildren<QChartView*>()) {
            for (auto* series : view->chart()->series()) {
                if (series->name() == QStringLiteral("faulted"))
                    line = qobject_cast<QLineSeries*>(series);
            }
        }
        QVERIFY(line);
        controller.metrics()->apply({at(0.2, core::FaultApplied{"Fn", "r-1", "EXP1", "slow", "aws:lambda:invocation-add-delay", "d"}),
                                     at(1.2, core::FaultApplied{"Fn", "r-2", "EXP1", "slow", "aws:lambda:invocation-add-delay", "d"}),
                                     at(1.3, core::FaultApplied{"Fn", "r-3", "EXP1", "slow", "aws:lambda:invocation-add-delay", "d"})},
                                    kEpoch);
        controller.metrics()->advanceTo(2'000'000'000);
        QCOMPARE(line->count(), 2);
        QCOMPARE(line->at(0), QPointF(0, 1));
        QCOMPARE(line->at(1), QPointF(1, 2));
    }
};

QTEST_MAIN(TestMetricsModel)
#include "tst_metrics_model.moc"
