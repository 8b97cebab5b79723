// SPDX-License-Identifier: MIT
// The Logs panel under a stream of lines: the table shows every line, but repaints at most ten times a second
// (each batch moves every row; repainting per batch cost as much as the timeline at 5,000 invocations/s).
#include "core_controller.h"
#include "event_fixture.h"
#include "logs/log_model.h"
#include "logs/logs_panel.h"

#include <QTableView>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;
using namespace lambdadesk::tests;

class TestLogsPanel : public QObject {
    Q_OBJECT

private slots:
    void theTableRepaintsAtMostTenTimesASecond()
    {
        CoreController controller;
        LogsPanel panel(&controller);
        panel.resize(800, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* table = panel.findChild<QTableView*>();
        QVERIFY(table);
        QVERIFY(table->updatesEnabled());

        controller.logs()->apply(lifecycle("Fn", "env-a", 0, 2), kEpoch);
        // The lines are in the table's model at once; its repaints are held back for the interval...
        const int lines = table->model()->rowCount();
        QVERIFY(lines >= 3);
        QVERIFY(!table->updatesEnabled());
        controller.logs()->apply(lifecycle("Fn", "env-b", 1, 2), kEpoch);
        QCOMPARE(table->model()->rowCount(), 2 * lines);
        QVERIFY(!table->updatesEnabled());
        // ...and then it repaints once with everything that came meanwhile.
        QTRY_VERIFY_WITH_TIMEOUT(table->updatesEnabled(), 1000);
        QCOMPARE(table->model()->rowCount(), 2 * lines);
    }
};

QTEST_MAIN(TestLogsPanel)
#include "tst_logs_panel.moc"
