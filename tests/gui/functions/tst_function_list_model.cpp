// SPDX-License-Identifier: MIT
// FunctionListModel under QAbstractItemModelTester, fed with engine events: invocations, cold starts,
// throttles and concurrency per function, kept across a reload.
#include "event_fixture.h"
#include "functions/function_list_model.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;
using namespace lambdadesk::tests;

class TestFunctionListModel : public QObject {
    Q_OBJECT

private slots:
    void functionListFollowsTheEvents()
    {
        FunctionListModel functions;
        QAbstractItemModelTester tester(&functions, QAbstractItemModelTester::FailureReportingMode::QtTest);
        core::FunctionConfig fn;
        fn.name = "Fn";
        fn.runtime = "python3.12";
        fn.reservedConcurrency = 2;
        functions.setFunctions({fn});
        auto events = lifecycle("Fn", "env-a", 0, 4);
        events.push_back(at(1, core::Throttled{"Fn", "x", "ReservedFunctionConcurrentInvocationLimitExceeded"}));
        events.push_back(at(1, core::InvokeStarted{"Fn", "env-a", "busy", false}));
        functions.apply(events);
        const auto& row = functions.row(0);
        QCOMPARE(row.invocations, quint64(5));
        QCOMPARE(row.coldStarts, quint64(1));
        QCOMPARE(row.inits, quint64(1));
        QCOMPARE(row.throttles, quint64(1));
        QCOMPARE(row.environments, 1);
        QCOMPARE(functions.data(functions.index(0, FunctionListModel::ConcurrencyColumn)).toString(), QStringLiteral("1 / 2"));
        // A reload keeps the counters of functions that remain.
        functions.setFunctions({fn});
        QCOMPARE(functions.row(0).invocations, quint64(5));
    }

    void everyInitIsCountedOnceWhetherOrNotAnInvocationWaitedForIt()
    {
        FunctionListModel functions;
        QAbstractItemModelTester tester(&functions, QAbstractItemModelTester::FailureReportingMode::QtTest);
        core::FunctionConfig fn;
        fn.name = "Fn";
        functions.setFunctions({fn});
        // env-a: a cold invocation. env-b: its INIT ends after env-a came free and took the waiting call, so its
        // first invocation is warm. Both INITs are bars on the timeline, so both count.
        auto events = lifecycle("Fn", "env-a", 0, 1);
        events.push_back(at(0.5, core::EnvironmentStarted{"Fn", "env-b", core::InitializationType::OnDemand, 2}));
        events.push_back(at(0.6, core::InitDone{"Fn", "env-b", 100, true, {}}));
        events.push_back(at(0.7, core::InvokeStarted{"Fn", "env-b", "b1", false}));
        events.push_back(at(0.8, core::InvokeFinished{"Fn", "env-b", "b1", false, true, {}, 3, 0, 3, 20, 1e-7}));
        functions.apply(events);
        const QModelIndex cell = functions.index(0, FunctionListModel::InitsColumn);
        QCOMPARE(functions.data(cell).toULongLong(), 2ULL);
        QCOMPARE(functions.headerData(FunctionListModel::InitsColumn, Qt::Horizontal).toString(), QStringLiteral("INITs"));
        const QString tip = functions.data(cell, Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("2 INIT(s)")) && tip.contains(QStringLiteral("1 invocation(s) ran cold")),
                 qPrintable(tip));
    }

    void waitingForHostIsShownWhileItLasts()
    {
        FunctionListModel functions;
        QAbstractItemModelTester tester(&functions, QAbstractItemModelTester::FailureReportingMode::QtTest);
        core::FunctionConfig fn;
        fn.name = "Fn";
        functions.setFunctions({fn});
        const QModelIndex cell = functions.index(0, FunctionListModel::HostWaitColumn);
        QVERIFY(functions.data(cell).toString().isEmpty());
        functions.apply({at(1, core::HostWait{"Fn", "r1", core::HostWait::Phase::Began, 1, 0, {}}),
                         at(1, core::HostWait{"Fn", "r2", core::HostWait::Phase::Began, 2, 0, {}})});
        QCOMPARE(functions.data(cell).toString(), QStringLiteral("2 waiting"));
        QVERIFY(functions.data(cell, Qt::BackgroundRole).isValid());
        functions.apply({at(2, core::HostWait{"Fn", "r1", core::HostWait::Phase::Ended, 1, 30, "cold"}),
                         at(2, core::HostWait{"Fn", "r2", core::HostWait::Phase::Ended, 0, 50, "warm"})});
        QVERIFY(functions.data(cell).toString().isEmpty());
        QCOMPARE(functions.row(0).hostWaits, quint64(2));
        QVERIFY(functions.data(cell, Qt::ToolTipRole).toString().contains(QStringLiteral("40.0 ms on average")));
    }

    void liveColumnsAreAnnouncedAtMostFiveTimesASecond()
    {
        // A view repaints on every dataChanged: 60 batches a second would repaint the table 60 times.
        FunctionListModel functions;
        core::FunctionConfig fn;
        fn.name = "Fn";
        fn.runtime = "python3.12";
        functions.setFunctions({fn});
        QSignalSpy changed(&functions, &QAbstractItemModel::dataChanged);
        functions.apply(lifecycle("Fn", "env-a", 0, 0));
        QCOMPARE(changed.size(), 1);  // the first change at once
        functions.apply(lifecycle("Fn", "env-b", 10, 0));
        functions.apply(lifecycle("Fn", "env-c", 20, 0));
        QCOMPARE(changed.size(), 1);  // the next ones wait for the interval
        QCOMPARE(functions.row(0).invocations, quint64(3));  // while the model itself is current
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 1000);  // then one announcement for both
        QTest::qWait(300);
        QCOMPARE(changed.size(), 2);
    }
};

QTEST_MAIN(TestFunctionListModel)
#include "tst_function_list_model.moc"
