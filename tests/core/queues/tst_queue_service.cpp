// SPDX-License-Identifier: MIT
// SQS semantics of core's QueueService: visibility and receipt handles, delays, long polling, redrive,
// FIFO groups and deduplication, purge, attribute ranges and AWS's error codes, MD5s, batches, retention.
// Time moves through a manual clock, so nothing here sleeps except the long-poll tests, which need a real
// io_context thread.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "encoding/message_digest.h"
#include "queues/message_md5.h"
#include "queues/queue_errors.h"
#include "queues/queue_service.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>

using namespace lambdadesk;
using namespace lambdadesk::core;

namespace {

template <typename T> const char* why(const Expected<T>& result)
{
    return result.ok() ? "" : result.error().message.c_str();
}

/// A service on a manual clock (or the real one), with its executor optionally run by a thread.
struct Harness {
    explicit Harness(double timeScale = 1.0, bool realClock = false)
    {
        QueueServiceOptions options;
        options.timeScale = timeScale;
        if (!realClock)
            options.clock = [this] { return now.load(); };
        auto opened = QueueService::open(io.get_executor(), options);
        if (!opened)
            qFatal("cannot open the queue service: %s", opened.error().message.c_str());
        service = *opened;
    }
    ~Harness()
    {
        service.reset();
        work.reset();
        if (thread.joinable())
            thread.join();
    }
    void runExecutor()
    {
        thread = std::thread([this] { io.run(); });
    }
    void advance(double seconds) { now += static_cast<std::int64_t>(seconds * 1e6); }

    std::string create(const std::string& name, QueueAttributeMap attributes = {})
    {
        auto url = service->createQueue({name, std::move(attributes), {}});
        if (!url)
            qWarning("createQueue %s: %s", name.c_str(), url.error().message.c_str());
        return url ? *url : std::string();
    }
    Expected<SendMessageResult> send(const std::string& queue, const std::string& body, const std::string& group = {},
                                     const std::string& dedup = {})
    {
        SendMessageRequest request;
        request.queueUrl = queue;
        request.messageBody = body;
        request.messageGroupId = group;
        request.messageDeduplicationId = dedup;
        return service->sendMessage(request);
    }
    std::vector<ReceivedMessage> receive(const std::string& queue, int max = 10, std::optional<int> visibility = {})
    {
        ReceiveMessageRequest request;
        request.queueUrl = queue;
        request.maxNumberOfMessages = max;
        request.visibilityTimeout = visibility;
        request.waitTimeSeconds = 0;
        request.attributeNames = {"All"};
        request.messageAttributeNames = {"All"};
        auto result = service->receiveMessage(request);
        if (!result)
            qWarning("receiveMessage: %s", result.error().message.c_str());
        return result ? result->messages : std::vector<ReceivedMessage>{};
    }
    std::string attribute(const std::string& queue, const std::string& name)
    {
        auto attributes = service->getQueueAttributes(queue, {name});
        return attributes && attributes->count(name) ? attributes->at(name) : std::string("<none>");
    }

    std::atomic<std::int64_t> now{1'700'000'000'000'000};
    boost::asio::io_context io;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work{io.get_executor()};
    std::thread thread;
    std::shared_ptr<QueueService> service;
};

} // namespace

class TestQueueService : public QObject {
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

    void staleReceiptHandleSucceedsWithoutDeleting()
    {
        Harness h;
        const auto queue = h.create("stale");
        QVERIFY(h.send(queue, "m").ok());
        const auto first = h.receive(queue, 1, 5);
        h.advance(6);
        const auto second = h.receive(queue, 1, 5);
        QCOMPARE(second.size(), std::size_t(1));
        QVERIFY2(h.service->deleteMessage(queue, first[0].receiptHandle).ok(), "a stale handle must succeed");
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessagesNotVisible"), std::string("1"));
        QVERIFY(h.service->deleteMessage(queue, second[0].receiptHandle).ok());
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
        QCOMPARE(h.service->changeMessageVisibility(queue, handle, 10).error().code,
                 std::string(queue_error::kMessageNotInflight));
        QCOMPARE(h.service->changeMessageVisibility(queue, again[0].receiptHandle, 43201).error().code,
                 std::string(queue_error::kInvalidParameterValue));
        h.advance(31);
        QCOMPARE(h.service->changeMessageVisibility(queue, again[0].receiptHandle, 10).error().code,
                 std::string(queue_error::kMessageNotInflight));
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

    void longPollIsWokenBySend()
    {
        Harness h(1.0, true);
        h.runExecutor();
        const auto queue = h.create("longpoll");
        std::promise<Expected<ReceiveMessageResult>> promise;
        auto future = promise.get_future();
        const auto started = std::chrono::steady_clock::now();
        h.service->receiveMessage(ReceiveMessageRequest{queue, 1, {}, 20, {}, {}, {}},
                                  [&](Expected<ReceiveMessageResult> result) { promise.set_value(std::move(result)); });
        QVERIFY(future.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout);
        QVERIFY(h.send(queue, "wake up").ok());
        QVERIFY(future.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
        auto result = future.get();
        QVERIFY2(result.ok(), why(result));
        QCOMPARE(result->messages.size(), std::size_t(1));
        QCOMPARE(result->messages[0].body, std::string("wake up"));
        QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    }

    void longPollEndsEmptyAndWakesOnVisibilityTimeout()
    {
        Harness h(0.01, true); // 20 s wait = 200 ms, 30 s visibility = 300 ms
        h.runExecutor();
        const auto queue = h.create("longpoll-timeout");
        auto started = std::chrono::steady_clock::now();
        auto empty = h.service->receiveMessage(ReceiveMessageRequest{queue, 1, {}, 20, {}, {}, {}});
        QVERIFY2(empty.ok(), why(empty));
        QVERIFY(empty->messages.empty());
        const auto waited = std::chrono::steady_clock::now() - started;
        QVERIFY(waited >= std::chrono::milliseconds(150) && waited < std::chrono::seconds(3));

        QVERIFY(h.send(queue, "again").ok());
        // Hidden for 10 s = 100 ms: the next long poll (200 ms) must be woken when that ends.
        QCOMPARE(h.service->receiveMessage(ReceiveMessageRequest{queue, 1, 10, 0, {}, {}, {}})->messages.size(),
                 std::size_t(1));
        started = std::chrono::steady_clock::now();
        auto woken = h.service->receiveMessage(ReceiveMessageRequest{queue, 1, {}, 20, {"All"}, {}, {}});
        QVERIFY2(woken.ok(), why(woken));
        QCOMPARE(woken->messages.size(), std::size_t(1));
        QCOMPARE(woken->messages[0].attributes.at("ApproximateReceiveCount"), std::string("2"));
        QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(1500));
    }

    void concurrentProducersAndLongPollingConsumersLoseNothing()
    {
        Harness h(1.0, true);
        h.runExecutor();
        const auto queue = h.create("concurrent");
        constexpr int kPerProducer = 2000;
        std::atomic<int> consumed{0};
        std::mutex seenMutex;
        std::set<std::string> seen;
        const auto produce = [&](int producer) {
            for (int i = 0; i < kPerProducer; i += 10) {
                std::vector<SendMessageBatchEntry> entries;
                for (int k = 0; k < 10; ++k)
                    entries.push_back({"e" + std::to_string(k),
                                       std::to_string(producer) + ":" + std::to_string(i + k),
                                       {},
                                       {},
                                       {},
                                       {},
                                       {}});
                if (!h.service->sendMessageBatch(queue, entries))
                    return;
            }
        };
        const auto consume = [&] {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
            while (consumed < 2 * kPerProducer && std::chrono::steady_clock::now() < deadline) {
                auto received = h.service->receiveMessage(ReceiveMessageRequest{queue, 10, {}, 1, {}, {}, {}});
                if (!received || received->messages.empty())
                    continue;
                std::vector<DeleteMessageBatchEntry> deletes;
                for (const auto& message : received->messages) {
                    deletes.push_back({"d" + std::to_string(deletes.size()), message.receiptHandle});
                    std::lock_guard lock(seenMutex);
                    seen.insert(message.body);
                }
                if (h.service->deleteMessageBatch(queue, deletes))
                    consumed += static_cast<int>(deletes.size());
            }
        };
        std::vector<std::thread> threads;
        threads.emplace_back(consume);
        threads.emplace_back(consume);
        threads.emplace_back(produce, 1);
        threads.emplace_back(produce, 2);
        for (auto& thread : threads)
            thread.join();
        QCOMPARE(consumed.load(), 2 * kPerProducer);
        QCOMPARE(seen.size(), std::size_t(2 * kPerProducer));
        QCOMPARE(h.attribute(queue, "ApproximateNumberOfMessages"), std::string("0"));
    }

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
            {"MaximumMessageSize", "1023", "262145"},
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
        QCOMPARE(all->at("MaximumMessageSize"), std::string("262144"));
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
        QCOMPARE(batchCode({{"a", std::string(200000, 'x'), {}, {}, {}, {}, {}},
                            {"b", std::string(200000, 'x'), {}, {}, {}, {}, {}}}),
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

QTEST_GUILESS_MAIN(TestQueueService)
#include "tst_queue_service.moc"
