// SPDX-License-Identifier: MIT
// SQS sending and receiving in core's QueueService: MD5s of bodies and attributes against AWS's known values,
// attribute selection on receive, message content rules, batches with their request and entry errors, and
// ReceiveMessage's parameter ranges. Time moves through a manual clock; nothing here sleeps.
#include "encoding/message_digest.h"
#include "queue_fixture.h"
#include "queues/message_md5.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace lambdadesk;
using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestQueueSendReceive : public QObject {
    Q_OBJECT

private slots:
    void checksumsMatchAwsKnownValues()
    {
        QCOMPARE(md5OfMessageBody("Test message."), std::string("e4e68fb7bd0e697a0ae8f1bb342846b3"));
        QCOMPARE(sha256Hex("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
        QCOMPARE(md5Hex(std::string(1000, 'a')), std::string("cabe45dcc9ae5b66ba86600cca6b8ba8"));
        // Values from AWS SDK tests and localstack: two strings, a binary, a number.
        QCOMPARE(md5OfMessageAttributes({{"test_attribute_name_2", {"String", "test_attribute_value_2", {}}},
                                         {"test_attribute_name_1", {"String", "test_attribute_value_1", {}}}}),
                 std::string("d53f3b558fe951154770f25cb63dbba9"));
        QCOMPARE(md5OfMessageAttributes({{"test_attribute_name", {"Binary", {}, "test_attribute_value"}}}),
                 std::string("23f6bd27ea87aab7dfeadcc9aebee495"));
        QCOMPARE(md5OfMessageAttributes({{"timestamp", {"Number", "1493147359900", {}}}}),
                 std::string("235c5c510d26fb653d073faed50ae77c"));
        QVERIFY(md5OfMessageAttributes({}).empty());
    }

    void sendAndReceiveCarryMd5sAndAttributes()
    {
        Harness h;
        const auto queue = h.create("md5");
        SendMessageRequest request{queue, "Test message.", {}, {}, {}, {}, {}};
        request.messageAttributes = {
            {"ordinal", {"Number", "1", {}}}, {"category", {"String", "test", {}}}, {"other.x", {"String", "y", {}}}};
        request.messageSystemAttributes = {
            {"AWSTraceHeader", {"String", "Root=1-5759e988-bd862e3fe1be46a994272793", {}}}};
        auto sent = h.service->sendMessage(request);
        QVERIFY2(sent.ok(), why(sent));
        QCOMPARE(sent->md5OfMessageBody, std::string("e4e68fb7bd0e697a0ae8f1bb342846b3"));
        QCOMPARE(sent->md5OfMessageAttributes, md5OfMessageAttributes(request.messageAttributes));
        QVERIFY(!sent->md5OfMessageSystemAttributes.empty());
        QVERIFY(sent->sequenceNumber.empty());

        ReceiveMessageRequest receive{queue, 1, {}, 0, {"SentTimestamp", "AWSTraceHeader"}, {"ordinal", "category"},
                                      {}};
        auto received = h.service->receiveMessage(receive);
        QVERIFY2(received.ok(), why(received));
        QCOMPARE(received->messages.size(), std::size_t(1));
        const auto& message = received->messages.front();
        QCOMPARE(message.messageId, sent->messageId);
        QCOMPARE(message.md5OfBody, sent->md5OfMessageBody);
        QCOMPARE(message.attributes.size(), std::size_t(2));
        QCOMPARE(message.attributes.at("SentTimestamp"), std::to_string(h.now / 1000));
        QCOMPARE(message.attributes.at("AWSTraceHeader"), std::string("Root=1-5759e988-bd862e3fe1be46a994272793"));
        QCOMPARE(message.messageAttributes.size(), std::size_t(2));
        QCOMPARE(message.md5OfMessageAttributes, std::string("d21ae90c49061e927f57df5f5d72be1f"));

        // The same message again, filtered by prefix and then with every attribute.
        QVERIFY(h.service->changeMessageVisibility(queue, message.receiptHandle, 0).ok());
        receive.messageAttributeNames = {"other.*"};
        auto prefixed = h.service->receiveMessage(receive);
        QCOMPARE(prefixed->messages.at(0).messageAttributes.size(), std::size_t(1));
        QCOMPARE(prefixed->messages.at(0).messageAttributes.count("other.x"), std::size_t(1));
        QVERIFY(h.service->changeMessageVisibility(queue, prefixed->messages.at(0).receiptHandle, 0).ok());
        receive.messageAttributeNames = {".*"};
        auto all = h.service->receiveMessage(receive);
        QCOMPARE(all->messages.at(0).messageAttributes.size(), std::size_t(3));
        QCOMPARE(all->messages.at(0).md5OfMessageAttributes, sent->md5OfMessageAttributes);
        receive.attributeNames = {"Bogus"};
        auto bad = h.service->receiveMessage(receive);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, std::string(queue_error::kInvalidAttributeName));
    }

    void messageContentRules()
    {
        Harness h;
        const auto queue = h.create("content", {{"MaximumMessageSize", "1024"}});
        QCOMPARE(h.send(queue, "").error().code, std::string(queue_error::kMissingParameter));
        QCOMPARE(h.send(queue, std::string("bad \x01 char")).error().code,
                 std::string(queue_error::kInvalidMessageContents));
        QCOMPARE(h.send(queue, "\xED\xA0\x80").error().code, std::string(queue_error::kInvalidMessageContents));
        QVERIFY(h.send(queue, "tab\tnew\nline \xF0\x9F\x98\x80 \xE4\xB8\xAD").ok());
        QVERIFY(h.send(queue, std::string(1024, 'x')).ok());
        QCOMPARE(h.send(queue, std::string(1025, 'x')).error().code, std::string(queue_error::kInvalidParameterValue));
        const auto attributeError = [&](MessageAttributes attributes) {
            SendMessageRequest request{queue, "body", {}, std::move(attributes), {}, {}, {}};
            auto result = h.service->sendMessage(request);
            return result ? std::string("ok") : result.error().code;
        };
        QCOMPARE(attributeError({{"a", {"String", "v", {}}}}), std::string("ok"));
        QCOMPARE(attributeError({{"a", {"Number.int", "-1.5e3", {}}}}), std::string("ok"));
        QCOMPARE(attributeError({{"a", {"Number", "abc", {}}}}), std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(attributeError({{"a", {"Text", "v", {}}}}), std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(attributeError({{"a", {"String", "", {}}}}), std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(attributeError({{"AWS.x", {"String", "v", {}}}}), std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(attributeError({{"a b", {"String", "v", {}}}}), std::string(queue_error::kInvalidParameterValue));
        MessageAttributes eleven;
        for (int i = 0; i < 11; ++i)
            eleven["a" + std::to_string(i)] = {"String", "v", {}};
        QCOMPARE(attributeError(eleven), std::string(queue_error::kInvalidParameterValue));
        SendMessageRequest system{queue, "body", {}, {}, {{"Other", {"String", "v", {}}}}, {}, {}};
        QCOMPARE(h.service->sendMessage(system).error().code, std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(h.send(queue, "x", {}, "dedup").error().code, std::string(queue_error::kInvalidParameterValue));
        QCOMPARE(h.send("http://localhost:4566/123456789012/missing", "x").error().code,
                 std::string(queue_error::kNonExistentQueue));
    }

    void batchRequestAndEntryErrors()
    {
        Harness h;
        const auto queue = h.create("batch");
        const auto batchCode = [&](const std::vector<SendMessageBatchEntry>& entries) {
            auto result = h.service->sendMessageBatch(queue, entries);
            return result ? std::string("ok") : result.error().code;
        };
        QCOMPARE(batchCode({}), std::string(queue_error::kEmptyBatchRequest));
        std::vector<SendMessageBatchEntry> eleven;
        for (int i = 0; i < 11; ++i)
            eleven.push_back({"e" + std::to_string(i), "m", {}, {}, {}, {}, {}});
        QCOMPARE(batchCode(eleven), std::string(queue_error::kTooManyEntriesInBatchRequest));
        QCOMPARE(batchCode({{"a", "m", {}, {}, {}, {}, {}}, {"a", "m", {}, {}, {}, {}, {}}}),
                 std::string(queue_error::kBatchEntryIdsNotDistinct));
        QCOMPARE(batchCode({{"bad id", "m", {}, {}, {}, {}, {}}}), std::string(queue_error::kInvalidBatchEntryId));
        QCOMPARE(batchCode({{"a", std::string(600000, 'x'), {}, {}, {}, {}, {}},
                            {"b", std::string(600000, 'x'), {}, {}, {}, {}, {}}}),
                 std::string(queue_error::kBatchRequestTooLong));
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessages"), std::string("0"));

        auto mixed = h.service->sendMessageBatch(queue, {{"good", "fine", {}, {}, {}, {}, {}},
                                                         {"bad", std::string("\x02"), {}, {}, {}, {}, {}},
                                                         {"late", "later", 1000, {}, {}, {}, {}},
                                                         {"also-good", "fine too", 5, {}, {}, {}, {}}});
        QVERIFY2(mixed.ok(), why(mixed));
        QCOMPARE(mixed->successful.size(), std::size_t(2));
        QCOMPARE(mixed->successful[1].id, std::string("also-good"));
        QCOMPARE(mixed->failed.size(), std::size_t(2));
        QCOMPARE(mixed->failed[0].id, std::string("bad"));
        QCOMPARE(mixed->failed[0].code, std::string(queue_error::kInvalidMessageContents));
        QVERIFY(mixed->failed[0].senderFault);

        const auto received = h.receive(queue);
        QCOMPARE(received.size(), std::size_t(1));
        auto deleted = h.service->deleteMessageBatch(queue, {{"x", received[0].receiptHandle}, {"y", "nonsense"}});
        QVERIFY2(deleted.ok(), why(deleted));
        QCOMPARE(deleted->successful, std::vector<std::string>{"x"});
        QCOMPARE(deleted->failed.at(0).code, std::string(queue_error::kReceiptHandleIsInvalid));
        QCOMPARE(h.service->deleteMessageBatch(queue, {}).error().code, std::string(queue_error::kEmptyBatchRequest));
        auto visibility = h.service->changeMessageVisibilityBatch(queue, {{"z", received[0].receiptHandle, 10}});
        QCOMPARE(visibility->failed.at(0).code, std::string(queue_error::kInvalidParameterValue));
        h.advance(5);
        const auto late = h.receive(queue);
        QCOMPARE(late.size(), std::size_t(1));
        visibility = h.service->changeMessageVisibilityBatch(
            queue, {{"ok", late[0].receiptHandle, 0}, {"stale", received[0].receiptHandle, 0}});
        QCOMPARE(visibility->successful, std::vector<std::string>{"ok"});
        QCOMPARE(visibility->failed.size(), std::size_t(1));
        QCOMPARE(h.receive(queue).size(), std::size_t(1));
    }

    void receiveParameterRanges()
    {
        Harness h;
        const auto queue = h.create("ranges");
        const auto code = [&](int max, std::optional<int> visibility, std::optional<int> wait) {
            auto result = h.service->receiveMessage(ReceiveMessageRequest{queue, max, visibility, wait, {}, {}, {}});
            return result ? std::string("ok") : result.error().message;
        };
        QCOMPARE(code(11, {}, 0), std::string("Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be "
                                              "between 1 and 10, if provided."));
        QVERIFY(code(0, {}, 0) != "ok");
        QVERIFY(code(1, 43201, 0) != "ok");
        QVERIFY(code(1, -1, 0) != "ok");
        QVERIFY(code(1, {}, 21) != "ok");
        QCOMPARE(code(10, 43200, 0), std::string("ok"));
    }
};

QTEST_GUILESS_MAIN(TestQueueSendReceive)
#include "tst_queue_send_receive.moc"
