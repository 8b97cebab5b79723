// SPDX-License-Identifier: MIT
// LogModel and LogFilterModel under QAbstractItemModelTester, fed with engine events: appends, the capacity
// bound, and filters that keep exactly the matching lines while lines come and go.
#include "event_fixture.h"
#include "logs/log_model.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;
using namespace lambdadesk::tests;

namespace {

// What a filter on one function shows, beside what it should show: the texts of that function's lines in the
// source, in the source's order.
struct FilterCheck {
    QStringList shown;
    QStringList expected;
};

FilterCheck checkFunctionFilter(const LogFilterModel& filter, const LogModel& logs, const QString& function)
{
    FilterCheck check;
    for (int row = 0; row < logs.rowCount(); ++row) {
        if (logs.entry(row).function == function)
            check.expected << logs.entry(row).text;
    }
    for (int row = 0; row < filter.rowCount(); ++row)
        check.shown << filter.data(filter.index(row, LogModel::TextColumn)).toString();
    return check;
}

}  // namespace

class TestLogModel : public QObject {
    Q_OBJECT

private slots:
    void logModelAppendsFiltersAndBounds()
    {
        LogModel logs;
        QAbstractItemModelTester tester(&logs, QAbstractItemModelTester::FailureReportingMode::QtTest);
        logs.setCapacity(30);
        logs.apply(lifecycle("A", "env-a", 0, 9), kEpoch);
        logs.apply(lifecycle("B", "env-b", 1, 9), kEpoch);
        QCOMPARE(logs.rowCount(), 20);
        logs.apply(lifecycle("B", "env-c", 2, 19), kEpoch);
        QCOMPARE(logs.rowCount(), 30);
        QCOMPARE(logs.entry(29).text, QStringLiteral("hello env-c-r19"));

        LogFilterModel filter;
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&logs);
        filter.setRequestId(QStringLiteral("env-c-r1"));
        QCOMPARE(filter.rowCount(), 11);  // r1 and r10–r19
        filter.setRequestId({});
        filter.setFunction(QStringLiteral("A"));
        QCOMPARE(filter.rowCount(), 0);  // A's lines were pushed out by the cap
        filter.setFunction({});
        filter.setText(QStringLiteral("R19"));
        QCOMPARE(filter.rowCount(), 1);
        filter.setText({});
        filter.setStream(QStringLiteral("stderr"));
        QCOMPARE(filter.rowCount(), 0);

        // Live: while lines come and the oldest go, the filter holds exactly the matching lines, in order.
        filter.setStream({});
        filter.setFunction(QStringLiteral("B"));
        for (int batch = 0; batch < 6; ++batch) {
            logs.apply(lifecycle(batch % 2 ? "A" : "B", "env-d" + std::to_string(batch), 3 + batch, 7), kEpoch);
            const auto check = checkFunctionFilter(filter, logs, QStringLiteral("B"));
            QVERIFY(!check.expected.isEmpty());  // an empty filter over no matching lines would prove nothing
            QCOMPARE(check.shown, check.expected);
            QCOMPARE(filter.data(filter.index(0, LogModel::FunctionColumn)).toString(), QStringLiteral("B"));
        }
        logs.clear();
        QCOMPARE(filter.rowCount(), 0);
    }

    // With a publish interval, a batch's lines wait unseen and become rows together: one removal of the oldest
    // and one insertion per publish, however many batches came in between.
    void publishIntervalGathersBatches()
    {
        LogModel logs;
        QAbstractItemModelTester tester(&logs, QAbstractItemModelTester::FailureReportingMode::QtTest);
        logs.setCapacity(30);
        LogFilterModel filter;
        filter.setSourceModel(&logs);
        filter.setFunction(QStringLiteral("B"));
        logs.setPublishInterval(50);
        QSignalSpy inserted(&logs, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&logs, &QAbstractItemModel::rowsRemoved);
        logs.apply(lifecycle("A", "env-a", 0, 9), kEpoch);
        logs.apply(lifecycle("B", "env-b", 1, 9), kEpoch);
        QCOMPARE(logs.rowCount(), 0);
        QCOMPARE(logs.pendingLines(), 20);
        QTRY_COMPARE(logs.rowCount(), 20);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(logs.pendingLines(), 0);
        QCOMPARE(filter.rowCount(), 10);

        // Past the capacity: the oldest go in one removal, the sequence numbers follow.
        logs.apply(lifecycle("B", "env-c", 2, 14), kEpoch);
        logs.apply(lifecycle("A", "env-d", 3, 4), kEpoch);
        QCOMPARE(logs.rowCount(), 20);
        logs.publish();  // at once, without waiting for the timer
        QCOMPARE(logs.rowCount(), 30);
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(removed.count(), 1);
        QCOMPARE(logs.firstSequence(), qint64(10));  // 20 + 15 + 5 lines, 30 kept
        QCOMPARE(logs.entry(29).text, QStringLiteral("hello env-d-r4"));
        const auto check = checkFunctionFilter(filter, logs, QStringLiteral("B"));
        QVERIFY(!check.expected.isEmpty());
        QCOMPARE(check.shown, check.expected);
        QTest::qWait(100);  // the timer started by the batches above finds nothing left to publish
        QCOMPARE(inserted.count(), 2);

        // Clearing drops what waits too; without an interval lines are rows at once again.
        logs.apply(lifecycle("A", "env-e", 4, 2), kEpoch);
        logs.clear();
        QCOMPARE(logs.pendingLines(), 0);
        QTest::qWait(100);
        QCOMPARE(logs.rowCount(), 0);
        logs.apply(lifecycle("A", "env-f", 5, 2), kEpoch);
        logs.setPublishInterval(0);  // publishes what waits
        QCOMPARE(logs.rowCount(), 3);
        logs.apply(lifecycle("A", "env-g", 6, 2), kEpoch);
        QCOMPARE(logs.rowCount(), 6);
    }
};

QTEST_MAIN(TestLogModel)
#include "tst_log_model.moc"
