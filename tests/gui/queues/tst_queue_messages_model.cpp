// SPDX-License-Identifier: MIT
// QueueMessagesModel under QAbstractItemModelTester: a queue's peeked messages followed with row inserts and
// removals, not resets; a snapshot starts over only for another queue or a new order.
#include "queues/queue_messages_model.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

class TestQueueMessagesModel : public QObject {
    Q_OBJECT

private slots:
    void queueMessagesFollowTheQueueWithoutResets()
    {
        using State = core::PeekedMessage::State;
        const auto message = [](const char* id, State state = State::Visible, int receives = 0) {
            core::PeekedMessage peeked;
            peeked.messageId = id;
            peeked.body = std::string("body of ") + id;
            peeked.sentTimestampMs = 1000;
            peeked.state = state;
            peeked.visibleAtMs = state == State::Visible ? 0 : 13'000;
            peeked.approximateReceiveCount = receives;
            return peeked;
        };
        QueueMessagesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString queue = QStringLiteral("jobs");
        model.update(queue, {message("a"), message("b"), message("c")}, 2000);
        QCOMPARE(model.rowCount(), 3);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        // "a" consumed, "b" in flight, "d" and "e" sent: one removal, one insert, no reset.
        model.update(queue, {message("b", State::InFlight, 1), message("c"), message("d"), message("e")}, 3000);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.data(model.index(0, QueueMessagesModel::StateColumn)).toString(),
                 QStringLiteral("In flight · 10.0 s"));
        QCOMPARE(model.data(model.index(0, QueueMessagesModel::ReceiveCountColumn)).toInt(), 1);
        QCOMPARE(model.data(model.index(0, QueueMessagesModel::AgeColumn)).toString(), QStringLiteral("2.0 s"));
        QCOMPARE(model.data(model.index(3, QueueMessagesModel::BodyColumn)).toString(), QStringLiteral("body of e"));
        QCOMPARE(model.data(model.index(3, 0), QueueMessagesModel::MessageIdRole).toString(), QStringLiteral("e"));
        QCOMPARE(model.findRow(QStringLiteral("d")), 2);
        QVERIFY(!model.hasGroups());
        // Another queue, or messages out of their old order: a snapshot starts over.
        model.update(queue, {message("d"), message("c")}, 3500);
        QCOMPARE(resets.size(), 1);
        model.update(QStringLiteral("other"), {message("x")}, 4000);
        QCOMPARE(resets.size(), 2);
        model.clear();
        QCOMPARE(model.rowCount(), 0);

        QCOMPARE(QueueMessagesModel::prettyBody(R"({"a":[1,2]})"),
                 QStringLiteral("{\n    \"a\": [\n        1,\n        2\n    ]\n}"));
        QCOMPARE(QueueMessagesModel::prettyBody("not json {"), QStringLiteral("not json {"));
        QCOMPARE(QueueMessagesModel::formatDuration(125'000), QStringLiteral("2 min 05 s"));
    }
};

QTEST_MAIN(TestQueueMessagesModel)
#include "tst_queue_messages_model.moc"
