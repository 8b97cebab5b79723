// SPDX-License-Identifier: MIT
// SQS FIFO queues in core's QueueService: order within a message group, one batch in flight per group,
// and deduplication by id or by content for five minutes. Time moves through a manual clock; nothing sleeps.
#include "encoding/message_digest.h"
#include "queue_fixture.h"

#include <QtTest>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace lambdadesk;
using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestQueueFifo : public QObject {
    Q_OBJECT

private slots:
    void fifoKeepsGroupOrderAndOneBatchInFlightPerGroup()
    {
        Harness h;
        const auto queue = h.create("order.fifo", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}});
        std::vector<std::string> sequences;
        for (const auto& [body, group] : std::vector<std::pair<std::string, std::string>>{
                 {"a1", "A"}, {"b1", "B"}, {"a2", "A"}, {"a3", "A"}, {"b2", "B"}}) {
            auto sent = h.send(queue, body, group);
            QVERIFY2(sent.ok(), why(sent));
            sequences.push_back(sent->sequenceNumber);
        }
        QVERIFY(std::is_sorted(sequences.begin(), sequences.end()));
        QCOMPARE(sequences.front().size(), std::size_t(20));
        auto first = h.receive(queue, 1);
        QCOMPARE(first[0].body, std::string("a1"));
        QCOMPARE(first[0].attributes.at("MessageGroupId"), std::string("A"));
        auto second = h.receive(queue, 10);
        QCOMPARE(second.size(), std::size_t(2)); // group A is locked while a1 is in flight
        QCOMPARE(second[0].body, std::string("b1"));
        QCOMPARE(second[1].body, std::string("b2"));
        QVERIFY(h.receive(queue).empty());
        for (const auto& message : second)
            QVERIFY(h.service->deleteMessage(queue, message.receiptHandle).ok());
        h.advance(31); // a1 times out: it comes back before a2
        auto retry = h.receive(queue, 1);
        QCOMPARE(retry[0].body, std::string("a1"));
        QVERIFY(h.service->deleteMessage(queue, retry[0].receiptHandle).ok());
        auto rest = h.receive(queue, 10);
        QCOMPARE(rest.size(), std::size_t(2));
        QCOMPARE(rest[0].body, std::string("a2"));
        QCOMPARE(rest[1].body, std::string("a3"));
        QCOMPARE(h.send(queue, "no group").error().code, std::string(queue_error::kMissingParameter));
    }

    void fifoDeduplicatesForFiveMinutes()
    {
        Harness h;
        const auto queue = h.create("dedup.fifo", {{"FifoQueue", "true"}});
        QCOMPARE(h.send(queue, "x", "g").error().code, std::string(queue_error::kInvalidParameterValue));
        auto original = h.send(queue, "body 1", "g", "id-1");
        auto duplicate = h.send(queue, "body 2", "g", "id-1");
        QVERIFY(original.ok() && duplicate.ok());
        QCOMPARE(duplicate->messageId, original->messageId);
        QCOMPARE(duplicate->sequenceNumber, original->sequenceNumber);
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessages"), std::string("1"));
        h.advance(299);
        QCOMPARE(h.send(queue, "body 3", "g", "id-1")->messageId, original->messageId);
        h.advance(2);
        QVERIFY(h.send(queue, "body 4", "g", "id-1")->messageId != original->messageId);
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessages"), std::string("2"));

        QVERIFY(h.service->setQueueAttributes(queue, {{"ContentBasedDeduplication", "true"}}).ok());
        auto byContent = h.send(queue, "same body", "g");
        QCOMPARE(h.send(queue, "same body", "other-group")->messageId, byContent->messageId);
        QVERIFY(h.send(queue, "another body", "g")->messageId != byContent->messageId);
        const auto received = h.receive(queue, 10);
        QCOMPARE(received.size(), std::size_t(4));
        QCOMPARE(received[2].attributes.at("MessageDeduplicationId"), sha256Hex("same body"));
    }
};

QTEST_GUILESS_MAIN(TestQueueFifo)
#include "tst_queue_fifo.moc"
