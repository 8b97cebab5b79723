// SPDX-License-Identifier: MIT
// core/telemetry's EventStream and QueuedEventSink: every sink gets every event (fan-out), in the order one
// publisher published them and with non-decreasing monotonic stamps, also while several threads publish at once;
// an unsubscribed sink gets nothing more while the others go on; a full queue counts what it dropped instead of
// growing, and drain() hands everything over oldest first.
#include "telemetry/event_stream.h"

#include <QtTest>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace lambdadesk::core;

namespace {

/// Request ids of the InvokeStarted events in `events`, in order.
std::vector<std::string> requestIds(const std::vector<Event>& events)
{
    std::vector<std::string> ids;
    for (const auto& event : events) {
        if (const auto* started = std::get_if<InvokeStarted>(&event.payload))
            ids.push_back(started->requestId);
    }
    return ids;
}

InvokeStarted started(const std::string& function, const std::string& requestId)
{
    return InvokeStarted{function, "env-1", requestId, false};
}

/// A sink that counts and remembers the thread it was called on.
class CountingSink final : public EventSink {
public:
    void onEvent(const Event&) override
    {
        ++count;
        const std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
    }
    std::atomic<int> count{0};
    std::mutex mutex;
    std::set<std::thread::id> threads;
};

}  // namespace

class TestEventStream : public QObject {
    Q_OBJECT

private slots:
    void everySinkGetsEveryEventInPublishOrder()
    {
        EventStream stream;
        auto first = std::make_shared<QueuedEventSink>();
        auto second = std::make_shared<QueuedEventSink>();
        stream.subscribe(first);
        stream.subscribe(second);
        const auto before = Clock::now();
        std::vector<std::string> published;
        for (int i = 0; i < 100; ++i) {
            published.push_back("req-" + std::to_string(i));
            stream.publish(started("Fn", published.back()));
        }
        const auto after = Clock::now();

        const auto one = first->drain();
        const auto two = second->drain();
        QCOMPARE(one.size(), std::size_t(100));
        QCOMPARE(requestIds(one), published);
        QCOMPARE(requestIds(two), published);
        // Stamped when published, on the monotonic clock, never going back.
        for (std::size_t i = 0; i < one.size(); ++i) {
            QVERIFY(one[i].time >= before && one[i].time <= after);
            if (i > 0)
                QVERIFY(one[i].time >= one[i - 1].time);
            QVERIFY(one[i].time == two[i].time);  // one event, handed to both
        }
        QVERIFY(first->drain().empty());  // drained means gone
    }

    void sinksRunOnThePublishersThread()
    {
        EventStream stream;
        auto sink = std::make_shared<CountingSink>();
        stream.subscribe(sink);
        std::thread publisher([&] { stream.publish(Throttled{"Fn", "req-1", "ReservedFunctionConcurrencyLimit"}); });
        const auto publisherId = publisher.get_id();
        publisher.join();
        QCOMPARE(sink->count.load(), 1);
        QCOMPARE(sink->threads.size(), std::size_t(1));
        QVERIFY(*sink->threads.begin() == publisherId);
    }

    void eachPublishersOrderSurvivesConcurrentPublishing()
    {
        EventStream stream;
        auto sink = std::make_shared<QueuedEventSink>();
        auto counter = std::make_shared<CountingSink>();
        stream.subscribe(sink);
        stream.subscribe(counter);
        constexpr int kThreads = 4;
        constexpr int kEach = 2000;
        std::vector<std::thread> publishers;
        for (int t = 0; t < kThreads; ++t) {
            publishers.emplace_back([&stream, t] {
                for (int i = 0; i < kEach; ++i)
                    stream.publish(started("Fn" + std::to_string(t), std::to_string(i)));
            });
        }
        for (auto& publisher : publishers)
            publisher.join();

        const auto events = sink->drain();
        QCOMPARE(events.size(), std::size_t(kThreads * kEach));
        QCOMPARE(counter->count.load(), kThreads * kEach);
        // Interleaved between publishers, but each publisher's events arrive in its own order, none lost or doubled.
        std::map<std::string, int> next;
        for (const auto& event : events) {
            const auto& invoke = std::get<InvokeStarted>(event.payload);
            QCOMPARE(std::stoi(invoke.requestId), next[invoke.functionName]);
            ++next[invoke.functionName];
        }
        QCOMPARE(next.size(), std::size_t(kThreads));
        for (const auto& [function, count] : next)
            QCOMPARE(count, kEach);
    }

    void unsubscribedSinkGetsNothingMore()
    {
        EventStream stream;
        auto staying = std::make_shared<QueuedEventSink>();
        auto leaving = std::make_shared<QueuedEventSink>();
        stream.subscribe(staying);
        stream.subscribe(leaving);
        stream.publish(started("Fn", "before"));
        stream.unsubscribe(leaving);
        stream.publish(started("Fn", "after"));
        QCOMPARE(requestIds(leaving->drain()), std::vector<std::string>{"before"});
        QCOMPARE(requestIds(staying->drain()), (std::vector<std::string>{"before", "after"}));
        // Unsubscribing a sink that is not subscribed changes nothing.
        stream.unsubscribe(leaving);
        stream.unsubscribe(std::make_shared<QueuedEventSink>());
        stream.publish(started("Fn", "later"));
        QCOMPARE(requestIds(staying->drain()), std::vector<std::string>{"later"});
        QVERIFY(leaving->drain().empty());
    }

    void aStreamWithoutSinksDropsEvents()
    {
        EventStream stream;
        stream.publish(started("Fn", "nobody-listens"));
        auto late = std::make_shared<QueuedEventSink>();
        stream.subscribe(late);
        QVERIFY(late->drain().empty());  // no replay of what was published before subscribing
    }

    void aFullQueueCountsWhatItDropped()
    {
        EventStream stream;
        auto sink = std::make_shared<QueuedEventSink>(3);
        stream.subscribe(sink);
        for (int i = 0; i < 5; ++i)
            stream.publish(started("Fn", std::to_string(i)));
        QCOMPARE(sink->dropped(), std::size_t(2));
        // The oldest are kept: what arrived while full is what was dropped.
        QCOMPARE(requestIds(sink->drain()), (std::vector<std::string>{"0", "1", "2"}));
        // Drained, it takes events again; the count of drops stays.
        stream.publish(started("Fn", "5"));
        QCOMPARE(requestIds(sink->drain()), std::vector<std::string>{"5"});
        QCOMPARE(sink->dropped(), std::size_t(2));
    }

    void payloadsKeepTheirFields()
    {
        EventStream stream;
        auto sink = std::make_shared<QueuedEventSink>();
        stream.subscribe(sink);
        InvokeFinished finished;
        finished.functionName = "Fn";
        finished.requestId = "req-9";
        finished.ok = false;
        finished.errorType = "Sandbox.Timedout";
        finished.durationMs = 3000.5;
        stream.publish(finished);
        stream.publish(LogLine{"Fn", "env-1", "req-9", LogLine::Stream::Platform, "END RequestId: req-9"});
        const auto events = sink->drain();
        QCOMPARE(events.size(), std::size_t(2));
        const auto& got = std::get<InvokeFinished>(events[0].payload);
        QCOMPARE(got.requestId, std::string("req-9"));
        QVERIFY(!got.ok);
        QCOMPARE(got.errorType, std::string("Sandbox.Timedout"));
        QCOMPARE(got.durationMs, 3000.5);
        const auto& line = std::get<LogLine>(events[1].payload);
        QVERIFY(line.stream == LogLine::Stream::Platform);
        QCOMPARE(line.text, std::string("END RequestId: req-9"));
    }
};

QTEST_GUILESS_MAIN(TestEventStream)
#include "tst_event_stream.moc"
