// SPDX-License-Identifier: MIT
// SQS time in core's QueueService: visibility timeouts and receipt handles, ChangeMessageVisibility, delays,
// retention, and the time scale that shrinks every duration. Time moves through a manual clock; nothing sleeps.
#include "queue_fixture.h"

#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestQueueVisibility : public QObject {
    Q_OBJECT

private slots:
    void receivedMessageReappearsAfterVisibilityTimeoutWithHigherCount()
    {
        Harness h;
        const auto queue = h.create("visibility", {{"VisibilityTimeout", "30"}});
        QVERIFY(h.send(queue, "hello").ok());
        const auto first = h.receive(queue);
        QCOMPARE(first.size(), std::size_t(1));
        QCOMPARE(first[0].attributes.at("ApproximateReceiveCount"), std::string("1"));
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessagesNotVisible"), std::string("1"));
        QVERIFY(h.receive(queue).empty());
        h.advance(29.9);
        QVERIFY(h.receive(queue).empty());
        h.advance(0.2);
        const auto second = h.receive(queue);
        QCOMPARE(second.size(), std::size_t(1));
        QCOMPARE(second[0].messageId, first[0].messageId);
        QCOMPARE(second[0].attributes.at("ApproximateReceiveCount"), std::string("2"));
        QCOMPARE(second[0].attributes.at("ApproximateFirstReceiveTimestamp"),
                 first[0].attributes.at("ApproximateFirstReceiveTimestamp"));
        QVERIFY(second[0].receiptHandle != first[0].receiptHandle);
    }

    // Issue 16 §2: on a standard queue any receipt handle issued for a message deletes it.
    void anEarlierReceiptHandleStillDeletesOnAStandardQueue()
    {
        Harness h;
        const auto queue = h.create("stale");
        QVERIFY(h.send(queue, "m").ok());
        const auto first = h.receive(queue, 1, 5);
        h.advance(6);
        const auto second = h.receive(queue, 1, 5);
        QCOMPARE(second.size(), std::size_t(1));
        QVERIFY2(h.service->deleteMessage(queue, first[0].receiptHandle).ok(), "an earlier handle deletes");
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessagesNotVisible"), std::string("0"));
        h.advance(10);
        QVERIFY(h.receive(queue).empty());
        // Deleting again (message gone) succeeds; a handle that is no handle does not.
        QVERIFY(h.service->deleteMessage(queue, second[0].receiptHandle).ok());
        auto invalid = h.service->deleteMessage(queue, "garbage");
        QVERIFY(!invalid.ok());
        QCOMPARE(invalid.error().code, std::string(queue_error::kReceiptHandleIsInvalid));
        const auto other = h.create("other");
        QCOMPARE(h.service->deleteMessage(other, second[0].receiptHandle).error().code,
                 std::string(queue_error::kReceiptHandleIsInvalid));
    }

    void anEarlierReceiptHandleOnAFifoQueueSucceedsWithoutDeleting()
    {
        Harness h;
        const auto queue = h.create("stale.fifo", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}});
        SendMessageRequest request{queue, "m", std::nullopt, {}, {}, "g", {}};
        QVERIFY(h.service->sendMessage(request).ok());
        const auto first = h.receive(queue, 1, 5);
        h.advance(6);
        const auto second = h.receive(queue, 1, 5);
        QCOMPARE(second.size(), std::size_t(1));
        QVERIFY(h.service->deleteMessage(queue, first[0].receiptHandle).ok());
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessagesNotVisible"), std::string("1"));
        QCOMPARE(h.service->changeMessageVisibility(queue, first[0].receiptHandle, 10).error().code,
                 std::string(queue_error::kMessageNotInflight));
        QVERIFY(h.service->deleteMessage(queue, second[0].receiptHandle).ok());
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessagesNotVisible"), std::string("0"));
    }

    void changeMessageVisibilityRules()
    {
        Harness h;
        const auto queue = h.create("cmv");
        QVERIFY(h.send(queue, "m").ok());
        const auto received = h.receive(queue, 1, 30);
        const auto& handle = received[0].receiptHandle;
        QVERIFY(h.service->changeMessageVisibility(queue, handle, 100).ok());
        h.advance(60);
        QVERIFY2(h.receive(queue).empty(), "extended to 100 s from the call");
        QVERIFY(h.service->changeMessageVisibility(queue, handle, 0).ok());
        const auto again = h.receive(queue, 1, 30);
        QCOMPARE(again.size(), std::size_t(1));
        // Issue 16 §2: an earlier handle of the message still applies on a standard queue.
        QVERIFY2(h.service->changeMessageVisibility(queue, handle, 120).ok(), "an earlier handle applies");
        h.advance(60);
        QVERIFY2(h.receive(queue).empty(), "hidden for 120 s by the earlier handle, past the receive's 30 s");
        QCOMPARE(h.service->changeMessageVisibility(queue, again[0].receiptHandle, 43201).error().code,
                 std::string(queue_error::kInvalidParameterValue));
        h.advance(61);
        // After the visibility timeout lapsed: succeeds, and the message is hidden again for the new timeout.
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessagesNotVisible"), std::string("0"));
        QVERIFY(h.service->changeMessageVisibility(queue, again[0].receiptHandle, 10).ok());
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessagesNotVisible"), std::string("1"));
        QVERIFY(h.receive(queue).empty());
        h.advance(11);
        QCOMPARE(h.receive(queue).size(), std::size_t(1));
        // Only a message that no longer exists is refused, with AWS's text.
        QVERIFY(h.service->deleteMessage(queue, again[0].receiptHandle).ok());
        const auto gone = h.service->changeMessageVisibility(queue, again[0].receiptHandle, 10);
        QCOMPARE(gone.error().code, std::string(queue_error::kInvalidParameterValue));
        QVERIFY2(gone.error().message.find("Message does not exist or is not available for visibility timeout change") !=
                     std::string::npos,
                 gone.error().message.c_str());
    }

    void delayedMessagesStayHidden()
    {
        Harness h;
        const auto queue = h.create("delay", {{"DelaySeconds", "10"}});
        QVERIFY(h.send(queue, "queue delay").ok());
        SendMessageRequest request{queue, "own delay", 2, {}, {}, {}, {}};
        QVERIFY(h.service->sendMessage(request).ok());
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessagesDelayed"), std::string("2"));
        QVERIFY(h.receive(queue).empty());
        h.advance(2);
        auto visible = h.receive(queue);
        QCOMPARE(visible.size(), std::size_t(1));
        QCOMPARE(visible[0].body, std::string("own delay"));
        h.advance(8);
        QCOMPARE(h.receive(queue).size(), std::size_t(1));
        request.delaySeconds = 901;
        QCOMPARE(h.service->sendMessage(request).error().code, std::string(queue_error::kInvalidParameterValue));
        const auto fifo = h.create("delay.fifo", {{"FifoQueue", "true"}, {"ContentBasedDeduplication", "true"}});
        SendMessageRequest fifoRequest{fifo, "x", 5, {}, {}, "g", {}};
        QCOMPARE(h.service->sendMessage(fifoRequest).error().code, std::string(queue_error::kInvalidParameterValue));
    }

    void retentionPeriodExpiresMessages()
    {
        Harness h;
        const auto queue = h.create("retention", {{"MessageRetentionPeriod", "60"}});
        h.send(queue, "old");
        h.advance(30);
        h.send(queue, "young");
        h.advance(31);
        const auto received = h.receive(queue);
        QCOMPARE(received.size(), std::size_t(1));
        QCOMPARE(received[0].body, std::string("young"));
        h.advance(30);
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessagesNotVisible"), std::string("0"));
    }

    void timeScaleShrinksDurations()
    {
        Harness h(0.01);
        const auto queue = h.create("scaled");
        h.send(queue, "m");
        QCOMPARE(h.receive(queue).size(), std::size_t(1));
        h.advance(0.29);
        QVERIFY(h.receive(queue).empty());
        h.advance(0.02);
        QCOMPARE(h.receive(queue).size(), std::size_t(1));
        QVERIFY(h.service->deleteQueue(queue).ok());
        QCOMPARE(h.service->createQueue({"scaled", {}, {}}).error().code,
                 std::string(queue_error::kQueueDeletedRecently));
        h.advance(0.61);
        QVERIFY(h.service->createQueue({"scaled", {}, {}}).ok());
    }
};

QTEST_GUILESS_MAIN(TestQueueVisibility)
#include "tst_queue_visibility.moc"
