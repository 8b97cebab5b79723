// SPDX-License-Identifier: MIT
// SQS queues themselves in core's QueueService: names and existence rules of CreateQueue, ListQueues pages,
// attribute ranges, RedrivePolicy and RedriveAllowPolicy checks with AWS's error codes, and PurgeQueue once
// a minute. Time moves through a manual clock; nothing here sleeps.
#include "queue_fixture.h"

#include <QtTest>

#include <string>
#include <tuple>
#include <vector>

using namespace lambdadesk;
using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestQueueAttributes : public QObject {
    Q_OBJECT

private slots:
    void purgeIsAllowedOncePerMinute()
    {
        Harness h;
        const auto queue = h.create("purge");
        for (int i = 0; i < 5; ++i)
            h.send(queue, "m");
        h.receive(queue, 2);
        QVERIFY(h.service->purgeQueue(queue).ok());
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessages"), std::string("0"));
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessagesNotVisible"), std::string("0"));
        auto again = h.service->purgeQueue(queue);
        QCOMPARE(again.error().code, std::string(queue_error::kPurgeQueueInProgress));
        QCOMPARE(again.error().message,
                 std::string("Only one PurgeQueue operation on purge is allowed every 60 seconds."));
        h.advance(60);
        QVERIFY(h.service->purgeQueue(queue).ok());
    }

    void createQueueNameAndExistenceRules()
    {
        Harness h;
        const auto code = [&](const std::string& name, QueueAttributeMap attributes = {}) {
            auto result = h.service->createQueue({name, std::move(attributes), {}});
            return result ? std::string("ok") : result.error().code;
        };
        QCOMPARE(code(std::string(81, 'a')), std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(code("bad!name"), std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(code("plain.fifo"), std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(code("nofifo", {{"FifoQueue", "true"}}), std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(code(std::string(75, 'a') + ".fifo", {{"FifoQueue", "true"}}), std::string("ok"));
        QCOMPARE(code("same", {{"VisibilityTimeout", "60"}}), std::string("ok"));
        QCOMPARE(code("same", {{"VisibilityTimeout", "60"}}), std::string("ok"));
        QCOMPARE(code("same"), std::string("ok"));
        QCOMPARE(code("same", {{"VisibilityTimeout", "61"}}), std::string(queue_error::kQueueAlreadyExists));
        QCOMPARE(h.service->getQueueUrl("same").value(), std::string("http://localhost:4566/123456789012/same"));
        QCOMPARE(h.service->getQueueUrl("missing").error().code, std::string(queue_error::kNonExistentQueue));
        QVERIFY(h.service->deleteQueue("same").ok());
        QCOMPARE(h.service->deleteQueue("same").error().code, std::string(queue_error::kNonExistentQueue));
        QCOMPARE(code("same"), std::string(queue_error::kQueueDeletedRecently));
        h.advance(60);
        QCOMPARE(code("same"), std::string("ok"));
    }

    void listQueuesPagesByPrefix()
    {
        Harness h;
        for (const auto* name : {"app-a", "app-b", "app-c", "other"})
            h.create(name);
        QCOMPARE(h.service->listQueues({"app-", {}, {}})->queueUrls.size(), std::size_t(3));
        auto page = h.service->listQueues({"app-", 2, {}});
        QCOMPARE(page->queueUrls.size(), std::size_t(2));
        QVERIFY(!page->nextToken.empty());
        auto next = h.service->listQueues({"app-", 2, page->nextToken});
        QCOMPARE(next->queueUrls, std::vector<std::string>{h.service->queueUrl("app-c")});
        QVERIFY(next->nextToken.empty());
        QCOMPARE(h.service->listQueues({"", 0, {}}).error().code, std::string(queue_error::kInvalidParameterValue));
    }

    void attributeRangesAndErrorCodes()
    {
        Harness h;
        const auto queue = h.create("attrs");
        const std::vector<std::tuple<std::string, std::string, std::string>> invalid = {
            {"DelaySeconds", "-1", "901"},
            {"MaximumMessageSize", "1023", "1048577"},
            {"MessageRetentionPeriod", "59", "1209601"},
            {"ReceiveMessageWaitTimeSeconds", "-1", "21"},
            {"VisibilityTimeout", "-1", "43201"},
            {"KmsDataKeyReusePeriodSeconds", "59", "86401"}};
        for (const auto& [name, below, above] : invalid)
            for (const auto& value : {below, above, std::string("x")}) {
                auto result = h.service->setQueueAttributes(queue, {{name, value}});
                QVERIFY2(!result.ok(), (name + "=" + value).c_str());
                QCOMPARE(result.error().code, std::string(queue_error::kInvalidAttributeValue));
                QCOMPARE(result.error().message, "Invalid value for the parameter " + name + ".");
            }
        QVERIFY(h.service->setQueueAttributes(queue, {{"DelaySeconds", "900"}, {"VisibilityTimeout", "0"}}).ok());
        QCOMPARE(h.service->setQueueAttributes(queue, {{"Nope", "1"}}).error().code,
                 std::string(queue_error::kInvalidAttributeName));
        QCOMPARE(h.service->setQueueAttributes(queue, {{"ContentBasedDeduplication", "true"}}).error().code,
                 std::string(queue_error::kInvalidAttributeName));
        QCOMPARE(h.service->setQueueAttributes(queue, {{"QueueArn", "x"}}).error().code,
                 std::string(queue_error::kInvalidAttributeName));
        const auto redrive = [&](const std::string& json) {
            auto result = h.service->setQueueAttributes(queue, {{"RedrivePolicy", json}});
            return result ? std::string("ok") : result.error().code + ": " + result.error().message;
        };
        QVERIFY(redrive(R"({"maxReceiveCount":1})").find("mandatory attribute: deadLetterTargetArn") !=
                std::string::npos);
        QVERIFY(redrive(R"({"deadLetterTargetArn":"arn:aws:sqs:us-east-1:123456789012:nope","maxReceiveCount":1})")
                    .find("Dead letter target does not exist") != std::string::npos);
        const auto dlqArn = h.attribute(h.create("attrs-dlq"), "QueueArn");
        QVERIFY(redrive(R"({"deadLetterTargetArn":")" + dlqArn + R"(","maxReceiveCount":0})").find("1 to 1000") !=
                std::string::npos);
        QCOMPARE(redrive(R"({"deadLetterTargetArn":")" + dlqArn + R"(","maxReceiveCount":1000})"), std::string("ok"));
        const auto fifoDlqArn = h.attribute(h.create("x.fifo", {{"FifoQueue", "true"}}), "QueueArn");
        QVERIFY(redrive(R"({"deadLetterTargetArn":")" + fifoDlqArn + R"(","maxReceiveCount":3})").find("same type") !=
                std::string::npos);

        // RedriveAllowPolicy on the dead-letter queue decides which sources may use it. (Escaped strings, not
        // raw ones: moc 6.4 stops seeing the test class after raw strings ending in "]} or "}.)
        const auto guarded = h.create("guarded-dlq", {{"RedriveAllowPolicy", "{\"redrivePermission\":\"denyAll\"}"}});
        const auto guardedArn = h.attribute(guarded, "QueueArn");
        QVERIFY(
            redrive(R"({"deadLetterTargetArn":")" + guardedArn + R"(","maxReceiveCount":3})").find("does not allow") !=
            std::string::npos);
        const std::string byQueue =
            "{\"redrivePermission\":\"byQueue\",\"sourceQueueArns\":[\"" + h.attribute(queue, "QueueArn") + "\"]}";
        QVERIFY(h.service->setQueueAttributes(guarded, {{"RedriveAllowPolicy", byQueue}}).ok());
        QCOMPARE(redrive(R"({"deadLetterTargetArn":")" + guardedArn + R"(","maxReceiveCount":3})"), std::string("ok"));
        QCOMPARE(h.service->setQueueAttributes(guarded, {{"RedriveAllowPolicy", "{\"redrivePermission\":\"byQueue\"}"}})
                     .error()
                     .code,
                 std::string(queue_error::kInvalidParameterValue));

        const auto fifo = h.create("attrs.fifo", {{"FifoQueue", "true"}});
        QCOMPARE(h.service->setQueueAttributes(fifo, {{"FifoQueue", "false"}}).error().code,
                 std::string(queue_error::kInvalidAttributeValue));
        QVERIFY(h.service->setQueueAttributes(fifo, {{"ContentBasedDeduplication", "TRUE"}}).ok());
        QCOMPARE(h.attribute(fifo, "ContentBasedDeduplication"), std::string("true"));

        auto all = h.service->getQueueAttributes(queue, {"All"});
        QVERIFY2(all.ok(), why(all));
        QCOMPARE(all->at("DelaySeconds"), std::string("900"));
        QCOMPARE(all->at("MaximumMessageSize"), std::string("1048576"));
        QCOMPARE(all->at("MessageRetentionPeriod"), std::string("345600"));
        QCOMPARE(all->at("ReceiveMessageWaitTimeSeconds"), std::string("0"));
        QCOMPARE(all->at("QueueArn"), std::string("arn:aws:sqs:us-east-1:123456789012:attrs"));
        QCOMPARE(all->at("CreatedTimestamp"), std::to_string(1'700'000'000));
        QCOMPARE(all->count("FifoQueue"), std::size_t(0));
        QCOMPARE(all->count("ApproximateNumberOfMessagesDelayed"), std::size_t(1));
        QCOMPARE(h.service->getQueueAttributes(queue, {"Bogus"}).error().code,
                 std::string(queue_error::kInvalidAttributeName));
        QCOMPARE(h.service->getQueueAttributes(fifo, {"FifoQueue"})->at("FifoQueue"), std::string("true"));
    }
};

QTEST_GUILESS_MAIN(TestQueueAttributes)
#include "tst_queue_attributes.moc"
