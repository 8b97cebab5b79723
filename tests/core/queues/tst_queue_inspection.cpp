// SPDX-License-Identifier: MIT
// What LambdaDesk shows of a queue without consuming it: the change listener and stats, and peeking at
// messages in every state (visible, in flight, delayed, FIFO groups) without counting as a receive.
// Time moves through a manual clock; nothing here sleeps.
#include "queue_fixture.h"
#include "queues/message_md5.h"

#include <QtTest>

#include <string>
#include <utility>
#include <vector>

using namespace lambdadesk;
using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestQueueInspection : public QObject {
    Q_OBJECT

private slots:
    void listenerAndStatsFollowChanges()
    {
        Harness h;
        std::vector<QueueChange> changes;
        h.service->setChangeListener([&](const QueueChange& change) { changes.push_back(change); });
        const auto queue = h.create("stats", {{"DelaySeconds", "5"}});
        h.send(queue, "a");
        h.advance(5);
        h.send(queue, "b");
        h.send(queue, "c");
        h.receive(queue, 1);
        const auto stats = h.service->stats(queue);
        QVERIFY(stats.has_value());
        QCOMPARE(stats->inFlight, std::int64_t(1));
        QCOMPARE(stats->delayed, std::int64_t(2));
        QCOMPARE(stats->visible, std::int64_t(0));
        QCOMPARE(stats->oldestAgeMs, std::int64_t(5000));
        QVERIFY(!h.service->stats("nope").has_value());
        QCOMPARE(changes.front().kind, QueueChangeKind::Created);
        QCOMPARE(changes.back().kind, QueueChangeKind::MessagesReceived);
        QCOMPARE(changes.size(), std::size_t(5));
    }

    void peekShowsEveryStateOldestFirst()
    {
        Harness h;
        const auto queue = h.create("peek", {{"VisibilityTimeout", "30"}});
        SendMessageRequest first{queue, "first", {}, {{"kind", {"String", "a", {}}}}, {}, {}, {}};
        QVERIFY(h.service->sendMessage(first).ok());
        h.advance(1);
        QVERIFY(h.send(queue, "second").ok());
        SendMessageRequest delayed{queue, "third", 10, {}, {}, {}, {}};
        QVERIFY(h.service->sendMessage(delayed).ok());
        QCOMPARE(h.receive(queue, 1).size(), std::size_t(1)); // "first" goes in flight
        const std::int64_t nowMs = h.now / 1000;
        const auto peeked = h.service->peekMessages(queue, 10);
        QVERIFY2(peeked.ok(), why(peeked));
        QCOMPARE(peeked->size(), std::size_t(3));
        const auto& inFlight = (*peeked)[0];
        QCOMPARE(inFlight.body, std::string("first"));
        QCOMPARE(inFlight.state, PeekedMessage::State::InFlight);
        QCOMPARE(inFlight.visibleAtMs, nowMs + 30000);
        QCOMPARE(inFlight.approximateReceiveCount, 1);
        QCOMPARE(inFlight.md5OfBody, md5OfMessageBody("first"));
        QCOMPARE(inFlight.sentTimestampMs, nowMs - 1000);
        QCOMPARE(inFlight.messageAttributes.at("kind").stringValue, std::string("a"));
        QCOMPARE((*peeked)[1].state, PeekedMessage::State::Visible);
        QCOMPARE((*peeked)[1].visibleAtMs, std::int64_t(0));
        QCOMPARE((*peeked)[2].state, PeekedMessage::State::Delayed);
        QCOMPARE((*peeked)[2].visibleAtMs, nowMs + 10000);
        const auto stats = h.service->stats(queue);
        QCOMPARE(stats->visible, std::int64_t(1));
        QCOMPARE(stats->inFlight, std::int64_t(1));
        QCOMPARE(stats->delayed, std::int64_t(1));
        h.advance(31); // time passes for a peek as for any call
        QCOMPARE(h.service->peekMessages(queue, 10)->front().state, PeekedMessage::State::Visible);
    }

    void peekIsNotAReceive()
    {
        Harness h;
        const auto queue = h.create("peek-count");
        QVERIFY(h.send(queue, "m").ok());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(h.service->peekMessages(queue, 1)->front().approximateReceiveCount, 0);
        const auto received = h.receive(queue);
        QCOMPARE(received.size(), std::size_t(1));
        QCOMPARE(received[0].attributes.at("ApproximateReceiveCount"), std::string("1"));
        QCOMPARE(h.service->peekMessages(queue, 1)->front().approximateReceiveCount, 1);
        QVERIFY2(h.service->changeMessageVisibility(queue, received[0].receiptHandle, 5).ok(),
                 "a peek leaves the receipt handle valid");
        QVERIFY(h.service->deleteMessage(queue, received[0].receiptHandle).ok());
        QVERIFY(h.service->peekMessages(queue, 10)->empty());
    }

    void peekShowsFifoGroups()
    {
        Harness h;
        const auto queue = h.create("peek.fifo", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}});
        for (const auto& [body, group] :
             std::vector<std::pair<std::string, std::string>>{{"a1", "A"}, {"b1", "B"}, {"a2", "A"}})
            QVERIFY(h.send(queue, body, group).ok());
        const auto peeked = h.service->peekMessages(queue, 10);
        QVERIFY2(peeked.ok(), why(peeked));
        QCOMPARE(peeked->size(), std::size_t(3));
        QCOMPARE((*peeked)[0].messageGroupId, std::string("A"));
        QCOMPARE((*peeked)[1].messageGroupId, std::string("B"));
        QCOMPARE((*peeked)[2].body, std::string("a2"));
        QCOMPARE(h.receive(queue, 1)[0].body, std::string("a1")); // the peek did not take group A's turn
    }

    void peekErrorsAndBounds()
    {
        Harness h;
        QCOMPARE(h.service->peekMessages("missing", 10).error().code, std::string(queue_error::kNonExistentQueue));
        const auto queue = h.create("peek-bounds");
        for (int i = 0; i < 3; ++i) {
            QVERIFY(h.send(queue, "m" + std::to_string(i)).ok());
            h.advance(0.001);
        }
        QCOMPARE(h.service->peekMessages(queue, 0).error().code, std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(h.service->peekMessages(queue, 1001).error().code, std::string(queue_error::kInvalidParameterValue));
        const auto two = h.service->peekMessages(queue, 2);
        QCOMPARE(two->size(), std::size_t(2));
        QCOMPARE(two->back().body, std::string("m1"));
        QCOMPARE(h.service->peekMessages(queue, 1000)->size(), std::size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestQueueInspection)
#include "tst_queue_inspection.moc"
