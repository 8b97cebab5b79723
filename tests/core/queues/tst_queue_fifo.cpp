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

    // Issue 16 §3: on a FIFO queue an entry without a group id, or without a deduplication id where the queue has
    // no content-based deduplication, fails the whole batch with AWS's text, and nothing is enqueued.
    void aFifoBatchWithoutItsIdsFailsAsAWhole()
    {
        Harness h;
        const auto queue = h.create("batch.fifo", {{"FifoQueue", "true"}});
        const SendMessageBatchEntry good{"a", "one", std::nullopt, {}, {}, "g", "d1"};
        const SendMessageBatchEntry noGroup{"b", "two", std::nullopt, {}, {}, "", "d2"};
        const SendMessageBatchEntry noDeduplication{"c", "three", std::nullopt, {}, {}, "g", ""};
        auto missingGroup = h.service->sendMessageBatch(queue, {good, noGroup});
        QVERIFY(!missingGroup.ok());
        QCOMPARE(missingGroup.error().code, std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(missingGroup.error().message, std::string("The request must contain the parameter MessageGroupId."));
        auto missingDeduplication = h.service->sendMessageBatch(queue, {good, noDeduplication});
        QVERIFY(!missingDeduplication.ok());
        QCOMPARE(missingDeduplication.error().code, std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(missingDeduplication.error().message,
                 std::string("The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId "
                             "provided explicitly"));
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessages"), std::string("0"));
        // Content-based deduplication makes the deduplication id optional; a size error stays per entry.
        const auto content = h.create(
            "content.fifo", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}, {"MaximumMessageSize", "1024"}});
        const SendMessageBatchEntry tooBig{"d", std::string(2000, 'x'), std::nullopt, {}, {}, "g", ""};
        auto mixed = h.service->sendMessageBatch(content, {noDeduplication, tooBig});
        QVERIFY2(mixed.ok(), why(mixed));
        QCOMPARE(mixed->successful.size(), std::size_t(1));
        QCOMPARE(mixed->failed.size(), std::size_t(1));
        QCOMPARE(mixed->failed[0].id, std::string("d"));
        // A standard queue knows no FifoQueue attribute, not even "false".
        auto standard = h.service->createQueue({"plain", {{"FifoQueue", "false"}}, {}});
        QVERIFY(!standard.ok());
        QCOMPARE(standard.error().code, std::string(queue_error::kInvalidAttributeName));
        QCOMPARE(standard.error().message, std::string("Unknown Attribute FifoQueue."));
    }
};

QTEST_GUILESS_MAIN(TestQueueFifo)
#include "tst_queue_fifo.moc"
