// SPDX-License-Identifier: MIT
// The traffic generator: load to a queue or a stream at the planned rate, records spread over shards,
// {{n}} in the payload, unknown targets counted as errors.
#include "sources_fixture.h"

#include "traffic/traffic_generator.h"
#include "streams/stream_service.h"

#include <set>

using namespace lambdadesk;
using namespace lambdadesk::tests;

namespace {

core::TrafficPlan queuePlan(const std::string& queue, double rate, std::chrono::milliseconds duration)
{
    core::TrafficPlan plan;
    plan.target = core::TrafficTarget::Queue;
    plan.queue = queue;
    plan.ratePerSecond = rate;
    plan.duration = duration;
    return plan;
}

/// Runs a plan to its end (the generator stops by itself once its duration is over).
core::TrafficStats runToEnd(core::Engine& engine, core::TrafficPlan plan)
{
    core::TrafficGenerator generator(engine, std::move(plan));
    generator.start();
    if (!QTest::qWaitFor([&] { return !generator.running(); }, 20000))
        qWarning("the load did not end by itself");
    generator.stop();
    return generator.stats();
}

}  // namespace

class TestTrafficGenerator : public QObject {
    Q_OBJECT

private slots:
    void substitutesTheSequenceNumber()
    {
        QCOMPARE(core::substituteSequence("{}", 7), std::string("{}"));
        QCOMPARE(core::substituteSequence(R"({"id":"o-{{n}}"})", 42), std::string(R"({"id":"o-42"})"));
        QCOMPARE(core::substituteSequence("{{n}}{{n}}-{{n}}", 3), std::string("33-3"));
        QCOMPARE(core::substituteSequence("{{n}", 3), std::string("{{n}"));  // not a placeholder
        QCOMPARE(core::substituteSequence("", 3), std::string());
    }

    void targetNameFollowsTheKind()
    {
        core::TrafficPlan plan;
        plan.function = "Fn";
        plan.queue = "q";
        plan.stream = "s";
        QCOMPARE(plan.targetName(), std::string("Fn"));
        plan.target = core::TrafficTarget::Queue;
        QCOMPARE(plan.targetName(), std::string("q"));
        plan.target = core::TrafficTarget::Stream;
        QCOMPARE(plan.targetName(), std::string("s"));
        QCOMPARE(core::toString(core::TrafficTarget::Stream), "stream");
    }

    void queueTargetSendsAtTheRate()
    {
        core::Engine engine(quickOptions());
        createQueue(engine, "load");
        // 200/s for 0.5 s: 100 arrivals.
        const auto stats = runToEnd(engine, queuePlan("load", 200, std::chrono::milliseconds(500)));
        QVERIFY2(stats.sent >= 90 && stats.sent <= 101, qPrintable(QString::number(stats.sent)));
        QCOMPARE(stats.ok, stats.sent);
        QCOMPARE(stats.errors, std::uint64_t(0));
        QCOMPARE(stats.throttled, std::uint64_t(0));
        QVERIFY(stats.lastError.empty());
        QCOMPARE(messagesIn(engine, "load"), static_cast<std::int64_t>(stats.ok));
    }

    void queueTargetKeepsUpWithHighRatesInBatches()
    {
        core::Engine engine(quickOptions());
        createQueue(engine, "busy");
        // 5,000/s for 0.4 s: 2,000 messages, more than one SendMessage at a time can keep up with on a busy
        // machine; the generator sends what is due in batches of 10.
        const auto stats = runToEnd(engine, queuePlan("busy", 5000, std::chrono::milliseconds(400)));
        QVERIFY2(stats.sent >= 1500 && stats.sent <= 2001, qPrintable(QString::number(stats.sent)));
        QCOMPARE(stats.ok, stats.sent);
        QCOMPARE(messagesIn(engine, "busy"), static_cast<std::int64_t>(stats.ok));
    }

    void queueMessagesCarryTheirSequenceNumber()
    {
        core::Engine engine(quickOptions());
        createQueue(engine, "numbered");
        auto plan = queuePlan("numbered", 100, std::chrono::milliseconds(100));  // 10 messages
        plan.payload = R"({"orderId":"o-{{n}}"})";
        const auto stats = runToEnd(engine, plan);
        QVERIFY(stats.ok >= 5);
        std::set<std::string> bodies;
        for (int round = 0; round < 10 && bodies.size() < stats.ok; ++round) {
            for (const auto& message : receiveNow(engine, "numbered"))
                bodies.insert(message.body);
        }
        QCOMPARE(bodies.size(), static_cast<std::size_t>(stats.ok));
        for (std::uint64_t n = 1; n <= stats.ok; ++n)
            QVERIFY2(bodies.count(R"({"orderId":"o-)" + std::to_string(n) + R"("})"), qPrintable(QString::number(n)));
    }

    void fifoQueueGetsGroupsAndDeduplicationIds()
    {
        core::Engine engine(quickOptions());
        createQueue(engine, "load.fifo", {{"FifoQueue", "true"}});  // no content-based deduplication
        auto plan = queuePlan("load.fifo", 200, std::chrono::milliseconds(100));
        const auto stats = runToEnd(engine, plan);
        QVERIFY(stats.sent >= 10);
        QCOMPARE(stats.errors, std::uint64_t(0));
        QCOMPARE(messagesIn(engine, "load.fifo"), static_cast<std::int64_t>(stats.sent));
        // A second run with the same payloads is not taken for duplicates of the first.
        const auto again = runToEnd(engine, plan);
        QCOMPARE(messagesIn(engine, "load.fifo"), static_cast<std::int64_t>(stats.sent + again.ok));
    }

    void unknownQueueCountsErrors()
    {
        core::Engine engine(quickOptions());
        const auto stats = runToEnd(engine, queuePlan("no-such-queue", 200, std::chrono::milliseconds(200)));
        QVERIFY(stats.sent > 0);
        QCOMPARE(stats.ok, std::uint64_t(0));
        QCOMPARE(stats.errors, stats.sent);
        QCOMPARE(stats.throttled, std::uint64_t(0));
        QVERIFY2(stats.lastError.find("NonExistentQueue") != std::string::npos, stats.lastError.c_str());
    }

    void streamTargetSpreadsRecordsOverShards()
    {
        core::Engine engine(quickOptions());
        auto streams = engine.sources()->streams();
        QVERIFY(streams->createStream("clicks", 4).ok());
        core::TrafficPlan plan;
        plan.target = core::TrafficTarget::Stream;
        plan.stream = "clicks";
        plan.payload = R"({"click":{{n}}})";
        plan.shape = core::TrafficShape::Poisson;
        plan.ratePerSecond = 400;
        plan.duration = std::chrono::milliseconds(300);
        const auto stats = runToEnd(engine, plan);
        QVERIFY2(stats.sent >= 40, qPrintable(QString::number(stats.sent)));
        QCOMPARE(stats.ok, stats.sent);
        QCOMPARE(stats.errors, std::uint64_t(0));
        const auto figures = streams->stats("clicks");
        QVERIFY(figures);
        QCOMPARE(figures->records, static_cast<std::int64_t>(stats.ok));
        QCOMPARE(figures->shards.size(), std::size_t(4));
        for (const auto& shard : figures->shards)
            QVERIFY2(shard.records > 0, shard.shardId.c_str());
    }

    void unknownStreamCountsErrors()
    {
        core::Engine engine(quickOptions());
        core::TrafficPlan plan;
        plan.target = core::TrafficTarget::Stream;
        plan.stream = "no-such-stream";
        plan.ratePerSecond = 200;
        plan.duration = std::chrono::milliseconds(200);
        const auto stats = runToEnd(engine, plan);
        QVERIFY(stats.sent > 0);
        QCOMPARE(stats.errors, stats.sent);
        QVERIFY2(stats.lastError.find("ResourceNotFoundException") != std::string::npos, stats.lastError.c_str());
    }

    void unknownFunctionCountsErrors()
    {
        core::Engine engine(quickOptions());
        core::TrafficPlan plan;
        plan.function = "NoSuchFunction";
        plan.ratePerSecond = 200;
        plan.duration = std::chrono::milliseconds(200);
        core::TrafficGenerator generator(engine, plan);
        generator.start();
        QTRY_VERIFY_WITH_TIMEOUT(!generator.running(), 10000);
        // Invocations complete on the engine's thread, after the generator sent them.
        QTRY_COMPARE_WITH_TIMEOUT(generator.stats().errors, generator.stats().sent, 10000);
        QVERIFY(generator.stats().sent > 0);
        QCOMPARE(generator.stats().ok, std::uint64_t(0));
    }

    void stopEndsAnOpenEndedLoad()
    {
        core::Engine engine(quickOptions());
        createQueue(engine, "endless");
        core::TrafficGenerator generator(engine, queuePlan("endless", 50, std::chrono::milliseconds(0)));
        generator.start();
        QTRY_VERIFY_WITH_TIMEOUT(generator.stats().sent >= 3, 10000);
        generator.stop();
        QVERIFY(!generator.running());
        const auto sent = generator.stats().sent;
        QTest::qWait(100);
        QCOMPARE(generator.stats().sent, sent);
        QVERIFY(!generator.progress());  // open-ended: no share of a duration to show
    }

    void progressIsTheShareOfThePlannedDurationPassed()
    {
        core::Engine engine(quickOptions());
        createQueue(engine, "timed");
        core::TrafficGenerator generator(engine, queuePlan("timed", 20, std::chrono::milliseconds(600)));
        QVERIFY(!generator.progress());  // not started
        generator.start();
        const auto early = generator.progress();
        QVERIFY(early && *early < 0.5);
        QTest::qWait(300);
        const auto later = generator.progress();
        QVERIFY(later && *later > *early && *later >= 0.4 && *later <= 1.0);
        QTRY_VERIFY_WITH_TIMEOUT(!generator.running(), 5000);
        QVERIFY(!generator.progress());  // over
    }
};

QTEST_MAIN(TestTrafficGenerator)
#include "tst_traffic_generator.moc"
