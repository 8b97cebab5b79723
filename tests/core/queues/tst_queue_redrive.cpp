// SPDX-License-Identifier: MIT
// SQS dead-letter queues in core's QueueService: a message moved after maxReceiveCount receives, and a
// dead-letter queue redriven back to its source or elsewhere. Time moves through a manual clock; nothing sleeps.
#include "queue_fixture.h"

#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestQueueRedrive : public QObject {
    Q_OBJECT

private slots:
    void redriveToDeadLetterQueueAfterMaxReceiveCount()
    {
        Harness h;
        const auto dlq = h.create("dlq");
        const auto dlqArn = h.attribute(dlq, "QueueArn");
        const auto queue =
            h.create("work", {{"RedrivePolicy", R"({"deadLetterTargetArn":")" + dlqArn + R"(","maxReceiveCount":"2"})"},
                              {"VisibilityTimeout", "5"}});
        QCOMPARE(h.attribute(queue, "RedrivePolicy"),
                 R"({"deadLetterTargetArn":")" + dlqArn + R"(","maxReceiveCount":2})");
        auto sent = h.send(queue, "poison");
        for (int i = 1; i <= 2; ++i) {
            const auto received = h.receive(queue);
            QCOMPARE(received.size(), std::size_t(1));
            QCOMPARE(received[0].attributes.at("ApproximateReceiveCount"), std::to_string(i));
            h.advance(6);
        }
        QVERIFY2(h.receive(queue).empty(), "the third receive moves the message instead of delivering it");
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessages"), std::string("0"));
        const auto dead = h.receive(dlq);
        QCOMPARE(dead.size(), std::size_t(1));
        QCOMPARE(dead[0].messageId, sent->messageId);
        QCOMPARE(dead[0].attributes.at("DeadLetterQueueSourceArn"), h.attribute(queue, "QueueArn"));
        QCOMPARE(dead[0].attributes.at("ApproximateReceiveCount"), std::string("3"));
        auto sources = h.service->listDeadLetterSourceQueues(dlq);
        QCOMPARE(sources->size(), std::size_t(1));
        QCOMPARE(sources->front(), queue);
    }

    void deadLetterQueueRedrivesBackToItsSource()
    {
        Harness h;
        const auto dlq = h.create("back-dlq");
        const auto queue =
            h.create("back-src", {{"RedrivePolicy", R"({"deadLetterTargetArn":")" + h.attribute(dlq, "QueueArn") +
                                                        R"(","maxReceiveCount":1})"}});
        for (int i = 0; i < 3; ++i)
            QVERIFY(h.send(queue, "m" + std::to_string(i)).ok());
        QCOMPARE(h.receive(queue, 10, 0).size(), std::size_t(3));
        QVERIFY(h.receive(queue).empty());
        QCOMPARE(h.attribute(dlq, "ApproximateNumberOfMessages"), std::string("3"));
        QCOMPARE(h.service->redriveDeadLetterQueue(queue).error().code,
                 std::string(queue_error::kInvalidParameterValue));
        auto moved = h.service->redriveDeadLetterQueue(h.attribute(dlq, "QueueArn"));
        QVERIFY2(moved.ok(), why(moved));
        QCOMPARE(moved->approximateNumberOfMessagesMoved, std::int64_t(3));
        QCOMPARE(h.attribute(dlq, "ApproximateNumberOfMessages"), std::string("0"));
        const auto back = h.receive(queue);
        QCOMPARE(back.size(), std::size_t(3));
        QCOMPARE(back[0].body, std::string("m0"));
        QCOMPARE(back[0].attributes.at("ApproximateReceiveCount"), std::string("1"));
        QVERIFY(back[0].attributes.count("DeadLetterQueueSourceArn") == 0);
        const auto other = h.create("elsewhere");
        h.advance(31);
        QVERIFY(h.receive(queue).empty()); // moved to the DLQ again
        QCOMPARE(h.service->redriveDeadLetterQueue(dlq, other)->approximateNumberOfMessagesMoved, std::int64_t(3));
        QCOMPARE(h.receive(other).size(), std::size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestQueueRedrive)
#include "tst_queue_redrive.moc"
