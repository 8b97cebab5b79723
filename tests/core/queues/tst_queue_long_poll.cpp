// SPDX-License-Identifier: MIT
// SQS long polling in core's QueueService: a waiting receive woken by a send or by a visibility timeout
// ending, and concurrent producers and long-polling consumers that lose nothing. These tests need a real
// clock and an io_context thread.
#include "queue_fixture.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>

using namespace lambdadesk;
using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestQueueLongPoll : public QObject {
    Q_OBJECT

private slots:
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
};

QTEST_GUILESS_MAIN(TestQueueLongPoll)
#include "tst_queue_long_poll.moc"
