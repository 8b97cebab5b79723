// SPDX-License-Identifier: MIT
// The Traffic panel on the demo: the target selector lists functions, queues and streams, and a load to a
// queue fills it (or, for an unknown queue, says why it fails).
#include "core_controller.h"
#include "main_window.h"
#include "queues/source_models.h"
#include "traffic/traffic_panel.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QStandardPaths>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

QStringList items(const QComboBox* combo)
{
    QStringList names;
    for (int i = 0; i < combo->count(); ++i)
        names << combo->itemText(i);
    return names;
}

}  // namespace

class TestTrafficPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_folder.isValid());
        m_demo = MainWindow::copyDemoProject(m_folder.path());  // no state from earlier runs
        QVERIFY(!m_demo.isEmpty());
    }

    void targetSelectorAndQueueLoad()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        TrafficPanel panel(&controller);
        auto* kind = panel.findChild<QComboBox*>(QStringLiteral("targetKind"));
        auto* target = panel.findChild<QComboBox*>(QStringLiteral("target"));
        auto* payload = panel.findChild<QLineEdit*>(QStringLiteral("payload"));
        auto* lastError = panel.findChild<QLabel*>(QStringLiteral("lastError"));
        QVERIFY(kind && target && payload && lastError);

        QVERIFY(items(target).contains(QStringLiteral("OrderProcessor")));
        QCOMPARE(payload->text(), QStringLiteral("{}"));
        kind->setCurrentIndex(kind->findData(static_cast<int>(core::TrafficTarget::Stream)));
        QCOMPARE(items(target), QStringList{QStringLiteral("order-events")});
        kind->setCurrentIndex(kind->findData(static_cast<int>(core::TrafficTarget::Queue)));
        QVERIFY(items(target).contains(QStringLiteral("orders-dev")));
        QVERIFY(items(target).contains(QStringLiteral("orders-dlq-dev")));
        QVERIFY(payload->text().contains(QStringLiteral("{{n}}")));  // the untouched default follows the kind

        // The dead-letter queue has no consumer: what is sent stays there.
        target->setCurrentText(QStringLiteral("orders-dlq-dev"));
        panel.findChild<QSpinBox*>()->setValue(1);  // one second
        panel.start();
        QVERIFY(controller.trafficRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!controller.trafficRunning(), 10000);
        const auto stats = controller.trafficStats();
        QVERIFY(stats.sent >= 20);  // 50/s for a second, on a busy machine
        QCOMPARE(stats.ok, stats.sent);
        QVERIFY(!lastError->isVisibleTo(&panel));

        // An unknown queue: errors, and the panel says why.
        target->setCurrentText(QStringLiteral("no-such-queue"));
        panel.start();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.trafficRunning(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(lastError->isVisibleTo(&panel), 5000);
        QVERIFY2(lastError->text().contains(QStringLiteral("NonExistentQueue")), qPrintable(lastError->text()));
        QVERIFY(controller.trafficStats().errors > 0);

        // Leave the demo's dead-letter queue empty (best effort: AWS allows one purge a minute).
        bool done = false;
        controller.purgeQueue(QStringLiteral("orders-dlq-dev"), [&](bool, const QString&) { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
    }

private:
    QTemporaryDir m_folder;
    QString m_demo;

};

QTEST_MAIN(TestTrafficPanel)
#include "tst_traffic_panel.moc"
