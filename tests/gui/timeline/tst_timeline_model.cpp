// SPDX-License-Identifier: MIT
// TimelineModel under QAbstractItemModelTester, fed with engine events: lanes of INIT and invoke segments,
// invocations completed in a later batch, throttles and stopped environments, faulted invocations, bounded history,
// the fault experiments' action windows.
#include "event_fixture.h"
#include "timeline/timeline_model.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;
using namespace lambdadesk::tests;

class TestTimelineModel : public QObject {
    Q_OBJECT

private slots:
    void timelineHoldsLanesAndSegments()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.apply(lifecycle("Fn", "env-a", 0, 3), kEpoch);
        QCOMPARE(model.laneCount(), 1);
        QCOMPARE(model.rowCount(model.index(0, 0)), 1 + 4);  // INIT + 4 invokes
        const auto& lane = model.lane(0);
        QCOMPARE(lane.segments.front().kind, TimelineSegment::Kind::Init);
        QVERIFY(lane.segments.front().endNs > 0);
        QVERIFY(lane.segments[1].cold);
        QVERIFY(!lane.segments[2].cold);
        QCOMPARE(lane.segments[4].requestId, QStringLiteral("env-a-r3"));
        QCOMPARE(model.data(model.index(1, 0, model.index(0, 0)), TimelineModel::ColdRole).toBool(), true);

        // A second batch completing an invocation started in the first one.
        std::vector<core::Event> start{at(1.0, core::InvokeStarted{"Fn", "env-a", "late", false})};
        model.apply(start, kEpoch);
        QCOMPARE(model.lane(0).segments.back().endNs, qint64(-1));
        std::vector<core::Event> finish{at(1.5, core::InvokeFinished{"Fn", "env-a", "late", false, false, "Sandbox.Timedout", 500, 0, 500, 20, 0})};
        model.apply(finish, kEpoch);
        QVERIFY(model.lane(0).segments.back().timeout);
        QCOMPARE(model.lane(0).segments.back().endNs, qint64(1'500'000'000));
    }

    void timelineMarksThrottlesAndStops()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto events = lifecycle("Fn", "env-a", 0, 0);
        events.push_back(at(0.5, core::Throttled{"Fn", "r-x", "ReservedFunctionConcurrentInvocationLimitExceeded"}));
        events.push_back(at(0.6, core::EnvironmentStopped{"Fn", "env-a", "idle"}));
        model.apply(events, kEpoch);
        QCOMPARE(model.throttles().value(QStringLiteral("Fn")).size(), std::size_t(1));
        QCOMPARE(model.lane(0).endNs, qint64(600'000'000));
        QCOMPARE(model.lane(0).stopReason, QStringLiteral("idle"));
    }

    void aHostWaitIsMarkedOnceWhereItBegan()
    {
        TimelineModel model;
        model.apply({at(0.2, core::HostWait{"Fn", "r1", core::HostWait::Phase::Began, 1, 0, {}}),
                     at(0.4, core::HostWait{"Fn", "r1", core::HostWait::Phase::Ended, 0, 200, "cold"})},
                    kEpoch);
        const auto markers = model.throttles().value(QStringLiteral("Fn"));
        QCOMPARE(markers.size(), std::size_t(1));
        QCOMPARE(markers.front().kind, ThrottleMarker::Kind::HostWait);
        QCOMPARE(markers.front().timeNs, qint64(200'000'000));
    }

    void timeStoppedInTheDebuggerIsKeptOnItsInvocation()
    {
        TimelineModel model;
        core::EnvironmentStarted started{"Fn", "env", core::InitializationType::OnDemand, 42};
        model.apply({at(0.0, started), at(0.1, core::InitDone{"Fn", "env", 100, true, {}}),
                     at(0.1, core::InvokeStarted{"Fn", "env", "r1", true}),
                     at(0.2, core::DebugStateChanged{"Fn", "env", "r1", true, "handler.c:21 in sum_items"}),
                     at(1.2, core::DebugStateChanged{"Fn", "env", "r1", false, {}}),
                     at(1.3, core::DebugStateChanged{"Fn", "env", "r1", true, "handler.c:24 in sum_items"})},
                    kEpoch);
        const auto* invoke = model.findRequest(QStringLiteral("r1"));
        QVERIFY(invoke);
        QVERIFY(invoke->stops);
        QCOMPARE(invoke->stops->spans.size(), std::size_t(2));
        QCOMPARE(invoke->stops->spans[0].first, qint64(200'000'000));
        QCOMPARE(invoke->stops->spans[0].second, qint64(1'200'000'000));
        QCOMPARE(invoke->stops->spans[1].second, qint64(-1));  // still stopped
        QCOMPARE(invoke->stops->lastLocation, QStringLiteral("handler.c:24 in sum_items"));
        QCOMPARE(invoke->stops->stoppedMs(1'500'000'000), 1000.0 + 200.0);
        // INIT breakpoints land on the INIT segment.
        model.apply({at(2.0, core::EnvironmentStarted{"Fn", "env2", core::InitializationType::OnDemand, 43}),
                     at(2.1, core::DebugStateChanged{"Fn", "env2", "", true, "handler.c:10 in init_function"})},
                    kEpoch);
        const auto& init = model.lane(1).segments.front();
        QCOMPARE(init.kind, TimelineSegment::Kind::Init);
        QVERIFY(init.stops && init.stops->spans.size() == 1);
    }

    void invocationsHitByAFaultAreMarkedWithTheEffect()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.apply(lifecycle("Fn", "env-a", 0, 1), kEpoch);
        QVERIFY(!model.findRequest(QStringLiteral("env-a-r1"))->faulted);

        // An invocation fault right after its InvokeStarted, in the same batch.
        model.apply({at(1.0, core::InvokeStarted{"Fn", "env-a", "slow", false}),
                     at(1.0, core::FaultApplied{"Fn", "slow", "EXP1", "slowCalls", "aws:lambda:invocation-add-delay",
                                                "delay 500 ms"}),
                     at(1.6, core::InvokeFinished{"Fn", "env-a", "slow", false, true, {}, 600, 0, 600, 20, 0})},
                    kEpoch);
        const auto* slow = model.findRequest(QStringLiteral("slow"));
        QVERIFY(slow && slow->faulted);
        QCOMPARE(slow->faultEffect, QStringLiteral("delay 500 ms (EXP1/slowCalls)"));
        int laneRow = -1;
        QVERIFY(model.findRequest(QStringLiteral("slow"), &laneRow));
        const QModelIndex lane = model.index(laneRow, 0);
        const QModelIndex last = model.index(model.rowCount(lane) - 1, 0, lane);
        QVERIFY(model.data(last, TimelineModel::FaultedRole).toBool());

        // A batch boundary between the start and the fault: the open segment is changed in place.
        model.apply({at(2.0, core::InvokeStarted{"Fn", "env-a", "split", false})}, kEpoch);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.apply({at(2.0, core::FaultApplied{"Fn", "split", "EXP1", "down", "aws:lambda:invocation-error",
                                                "error (handler not run)"}),
                     at(2.0, core::FaultApplied{"Fn", "split", "EXP2", "late", "aws:lambda:invocation-add-delay",
                                                "delay 100 ms"})},
                    kEpoch);
        QVERIFY(!changed.isEmpty());
        const auto* split = model.findRequest(QStringLiteral("split"));
        QVERIFY(split && split->faulted);
        QCOMPARE(split->faultEffect,
                 QStringLiteral("error (handler not run) (EXP1/down); delay 100 ms (EXP2/late)"));

        // A placement fault comes before the invocation has a segment (a forced cold start): kept until it has.
        model.apply({at(3.0, core::FaultApplied{"Fn", "cold", "EXP3", "storm", "lambdadesk:cold-start",
                                                "cold start forced"})},
                    kEpoch);
        QVERIFY(model.findRequest(QStringLiteral("cold")) == nullptr);
        auto coldStart = lifecycle("Fn", "env-b", 3.1, 0);
        coldStart.push_back(at(3.2, core::InvokeStarted{"Fn", "env-b", "cold", false}));
        model.apply(coldStart, kEpoch);
        const auto* cold = model.findRequest(QStringLiteral("cold"));
        QVERIFY(cold && cold->faulted);
        QCOMPARE(cold->faultEffect, QStringLiteral("cold start forced (EXP3/storm)"));

        // A throttle an experiment caused says so; downstream calls (no request id) mark no invocation.
        model.apply({at(4.0, core::FaultApplied{"Fn", "limited", "EXP4", "limit", "lambdadesk:concurrency-limit",
                                                "throttled (reserved concurrency 1)"}),
                     at(4.0, core::Throttled{"Fn", "limited", "ReservedFunctionConcurrentInvocationLimitExceeded"}),
                     at(4.1, core::FaultApplied{"Fn", "", "EXP5", "api", "lambdadesk:api-error",
                                                "ServiceUnavailable on sqs:SendMessage"})},
                    kEpoch);
        const auto& markers = model.throttles().value(QStringLiteral("Fn"));
        QVERIFY(!markers.empty());
        const QString expected = QStringLiteral("fault: throttled (reserved concurrency 1) (EXP4/limit)");
        QVERIFY2(markers.back().reason.contains(expected), qPrintable(markers.back().reason));
        QVERIFY(!model.findRequest(QStringLiteral("env-b-r0"))->faulted);
    }

    void faultWindowsAreReplacedAsAWholeAndAnnouncedOnlyWhenChanged()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &TimelineModel::faultWindowsChanged);
        QVERIFY(model.faultWindows().empty());

        FaultWindow slow{QStringLiteral("EXP1"), QStringLiteral("slowCalls"),
                         QStringLiteral("aws:lambda:invocation-add-delay"), QStringLiteral("running"),
                         {QStringLiteral("Fn")}, 1'000'000'000, -1};
        FaultWindow crash{QStringLiteral("EXP1"), QStringLiteral("crash"), QStringLiteral("lambdadesk:crash"),
                          QStringLiteral("completed"), {QStringLiteral("Fn"), QStringLiteral("Other")},
                          2'000'000'000, 3'000'000'000};
        model.setFaultWindows({slow, crash});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.faultWindows().size(), std::size_t(2));
        QCOMPARE(model.faultWindows()[1].functions, (QStringList{QStringLiteral("Fn"), QStringLiteral("Other")}));
        QCOMPARE(model.faultWindows()[0].endNs, qint64(-1));
        // The lanes are not rows of windows: the model's rows did not change.
        QCOMPARE(model.rowCount(), 0);

        // The same windows again (the controller refreshes twice a second): nothing to repaint.
        model.setFaultWindows({slow, crash});
        QCOMPARE(changed.count(), 1);

        // A window closing replaces the whole set.
        slow.status = QStringLiteral("completed");
        slow.endNs = 4'000'000'000;
        model.setFaultWindows({slow});
        QCOMPARE(changed.count(), 2);
        QCOMPARE(model.faultWindows().size(), std::size_t(1));
        QCOMPARE(model.faultWindows().front().endNs, qint64(4'000'000'000));
        QCOMPARE(model.faultWindows().front().status, QStringLiteral("completed"));

        // Clearing the timeline (a project's state reset) drops them with the lanes.
        model.clear();
        QVERIFY(model.faultWindows().empty());
        QCOMPARE(changed.count(), 3);
        model.setFaultWindows({});
        QCOMPARE(changed.count(), 3);
    }

    void timelineHistoryIsBounded()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSegmentCap(50);
        auto first = lifecycle("Fn", "env-old", 0, 20);
        first.push_back(at(1, core::EnvironmentStopped{"Fn", "env-old", "reset"}));
        model.apply(first, kEpoch);
        model.apply(lifecycle("Fn", "env-new", 2, 60), kEpoch);
        QVERIFY(model.segmentCount() <= 50);
        // The stopped lane lost every segment, so it left; the live one is now row 0.
        QCOMPARE(model.laneCount(), 1);
        QCOMPARE(model.lane(0).environmentId, QStringLiteral("env-new"));
        QVERIFY(model.findRequest(QStringLiteral("env-new-r60")) != nullptr);
        QVERIFY(model.findRequest(QStringLiteral("env-old-r0")) == nullptr);
        // Events for the removed lane are ignored, not misattributed.
        std::vector<core::Event> stray{at(9, core::InvokeStarted{"Fn", "env-old", "stray", false})};
        model.apply(stray, kEpoch);
        QVERIFY(model.findRequest(QStringLiteral("stray")) == nullptr);
    }
};

QTEST_MAIN(TestTimelineModel)
#include "tst_timeline_model.moc"
