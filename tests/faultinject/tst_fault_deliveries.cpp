// SPDX-License-Identifier: MIT
// Faults on what event source mappings deliver (SQS and Kinesis records duplicated and held), and the
// report's view of the queues feeding a target.

#include "fault_fixture.h"
#include "../core/sources_fixture.h"

#include <run/experiment_report.h>
#include <streams/stream_service.h>

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace lambdadesk;
using tests::FaultHarness;

class TestFaultDeliveries : public QObject {
    Q_OBJECT

private slots:
    void queueDeliveriesAreDuplicatedAndHeld()
    {
        FaultHarness harness;
        const tests::RecordingFunction recorder(harness.engine, "Recorder");
        const auto bodies = [&] { return recorder.lines(); };
        const auto queue = tests::createQueue(harness.engine, "jobs");
        core::EventSourceMappingConfig mapping;
        mapping.functionName = "Recorder";
        mapping.eventSourceArn = queue;
        mapping.batchSize = 1;
        QVERIFY(harness.engine.sources()->createMapping(mapping).ok());

        // Unfaulted, for the baseline: one message, one delivery.
        QElapsedTimer clock;
        clock.start();
        tests::send(harness.engine, "jobs", "plain");
        QTRY_COMPARE_WITH_TIMEOUT(bodies().size(), std::size_t(1), 15000);
        const auto baselineMs = clock.elapsed();

        // Each hit batch reaches the handler 1 + copies times; the queue deletes each message once.
        auto duplicate = harness.run(FaultHarness::oneAction("Recorder", "lambdadesk:delivery-duplicate",
                                                             {{"duration", "PT30S"}, {"copies", "2"}}));
        for (const char* body : {"a", "b", "c"})
            tests::send(harness.engine, "jobs", body);
        QTRY_COMPARE_WITH_TIMEOUT(bodies().size(), std::size_t(10), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(tests::messagesIn(harness.engine, "jobs"), std::int64_t(0), 5000);
        auto lines = bodies();
        for (const char* body : {"a", "b", "c"})
            QCOMPARE(std::count(lines.begin(), lines.end(), std::string(body)), std::ptrdiff_t(3));
        QVERIFY(harness.runner->stop(duplicate.id));
        QCOMPARE(harness.runner->experiment(duplicate.id)->actions.front().hits, std::uint64_t(3));

        // A held batch stays in flight for the delay, then arrives once.
        harness.run(FaultHarness::oneAction("Recorder", "lambdadesk:delivery-delay",
                                            {{"duration", "PT30S"}, {"delayMilliseconds", "1000"}}));
        clock.restart();
        tests::send(harness.engine, "jobs", "late");
        QTest::qWait(400);
        QCOMPARE(bodies().size(), std::size_t(10));
        QCOMPARE(tests::messagesIn(harness.engine, "jobs"), std::int64_t(1));
        QTRY_COMPARE_WITH_TIMEOUT(bodies().size(), std::size_t(11), 15000);
        const auto heldMs = clock.elapsed();
        QVERIFY2(heldMs >= 1000 && heldMs >= baselineMs,
                 (std::to_string(heldMs) + " ms held, " + std::to_string(baselineMs) + " ms unfaulted").c_str());
        QCOMPARE(bodies().back(), std::string("late"));
    }

    // What an experiment did to a queue consumer beyond its invocations: the failed messages came back (the mapping
    // delivered them again) and the redrive policy moved them to the DLQ — both in the report, with the backlog.
    void theReportCountsRedeliveriesAndMovesToTheDeadLetterQueue()
    {
        core::Engine engine(tests::scaledOptions(0.01));  // visibility 30 s → 0.3 s
        auto runner = faults::ExperimentRunner::create(engine);
        tests::consumerWithDeadLetterQueue(engine, "orders", 2);
        auto made = runner->createTemplate(FaultHarness::oneAction(
            "Consumer", "aws:lambda:invocation-error", {{"duration", "PT30S"}, {"preventExecution", "true"}}));
        const auto experiment = runner->start(made->id);
        QVERIFY(experiment.ok());
        tests::send(engine, "orders", R"({"n":1})");
        tests::send(engine, "orders", R"({"n":2})");
        // Each: delivered, failed, back after its visibility timeout, delivered again, failed, moved.
        QTRY_COMPARE_WITH_TIMEOUT(tests::messagesIn(engine, "orders-dlq"), std::int64_t(2), 15000);
        QVERIFY(runner->stop(experiment->id));
        const auto report = runner->report(experiment->id);
        QVERIFY(report);
        const auto& consumer = report->functions.at(0);
        QVERIFY2(consumer.redeliveries >= 2, std::to_string(consumer.redeliveries).c_str());
        QCOMPARE(consumer.movedToDeadLetterQueue, std::uint64_t(2));
        QCOMPARE(consumer.deadLetters, std::uint64_t(0));  // those are async events'
        const auto json = faults::toJson(*report);
        QCOMPARE(json["functions"][0]["movedToDeadLetterQueue"].get<std::uint64_t>(), std::uint64_t(2));
        QVERIFY(faults::toHtml(*report).find("<td class=\"moved-to-dlq\" rowspan=\"3\">2</td>") != std::string::npos);
        runner->shutdown();
    }

    // The same delivery faults on a Kinesis event source mapping: a duplicated batch reaches the handler again, a
    // held one arrives late (the shard waits behind it), and the records still arrive in order.
    void kinesisDeliveriesAreDuplicatedAndHeld()
    {
        FaultHarness harness;
        const tests::RecordingFunction recorder(harness.engine, "Recorder");
        const auto lines = [&] { return recorder.lines(); };
        auto streams = harness.engine.sources()->streams();
        QVERIFY(streams->createStream("clicks", 1).ok());
        core::EventSourceMappingConfig mapping;
        mapping.functionName = "Recorder";
        mapping.eventSourceArn = streams->streamArn("clicks");
        mapping.source = core::EventSourceMappingConfig::Source::Kinesis;
        mapping.startingPosition = "TRIM_HORIZON";
        mapping.batchSize = 1;
        QVERIFY(harness.engine.sources()->createMapping(mapping).ok());
        const auto put = [&](const std::string& data) {
            core::PutRecordRequest request;
            request.streamName = "clicks";
            request.partitionKey = "k";
            request.data = data;
            QVERIFY(streams->putRecord(request).ok());
        };

        QElapsedTimer clock;
        clock.start();
        put("plain");
        QTRY_COMPARE_WITH_TIMEOUT(lines().size(), std::size_t(1), 15000);
        const auto baselineMs = clock.elapsed();

        auto duplicate = harness.run(FaultHarness::oneAction("Recorder", "lambdadesk:delivery-duplicate",
                                                             {{"duration", "PT30S"}, {"copies", "1"}}));
        for (const char* data : {"a", "b"})
            put(data);
        QTRY_COMPARE_WITH_TIMEOUT(lines().size(), std::size_t(5), 15000);
        // A copy runs beside the original (the shard waits for the original only), so their lines may interleave.
        auto seen = lines();
        std::sort(seen.begin() + 1, seen.end());
        QCOMPARE(seen, (std::vector<std::string>{"plain", "a", "a", "b", "b"}));
        QVERIFY(harness.runner->stop(duplicate.id));
        QCOMPARE(harness.runner->experiment(duplicate.id)->actions.front().hits, std::uint64_t(2));

        harness.run(FaultHarness::oneAction("Recorder", "lambdadesk:delivery-delay",
                                            {{"duration", "PT30S"}, {"delayMilliseconds", "1500"}}));
        clock.restart();
        put("late");
        put("later");
        QTest::qWait(700);
        QCOMPARE(lines().size(), std::size_t(5));
        QTRY_COMPARE_WITH_TIMEOUT(lines().size(), std::size_t(7), 15000);
        const auto heldMs = clock.elapsed();
        QVERIFY2(heldMs >= 1500 && heldMs >= baselineMs,
                 (std::to_string(heldMs) + " ms held, " + std::to_string(baselineMs) + " ms unfaulted").c_str());
        QCOMPARE(lines()[5], std::string("late"));
        QCOMPARE(lines()[6], std::string("later"));
    }

    void theReportFollowsTheBacklogOfTheQueuesFeedingATarget()
    {
        core::Engine engine(tests::scaledOptions(0.01));  // visibility 30 s → 0.3 s: failed batches come back soon
        auto runner = faults::ExperimentRunner::create(engine);
        engine.putFunction(tests::python("Consumer", "sqsbatch"));
        const auto queue = tests::createQueue(engine, "orders");
        core::EventSourceMappingConfig mapping;
        mapping.functionName = "Consumer";
        mapping.eventSourceArn = queue;
        mapping.batchSize = 5;
        QVERIFY(engine.sources()->createMapping(mapping).ok());
        auto made = runner->createTemplate(FaultHarness::oneAction(
            "Consumer", "aws:lambda:invocation-error", {{"duration", "PT2S"}, {"preventExecution", "true"}}));
        const auto experiment = runner->start(made->id);
        for (int i = 0; i < 20; ++i)
            tests::send(engine, "orders", R"({"n":1})");
        QTRY_VERIFY_WITH_TIMEOUT(runner->experiment(experiment->id)->status == faults::ExperimentStatus::Completed,
                                 5000);
        // Drained after the end; the next sample (every second) sees it empty.
        const auto lastBacklog = [&] {
            const auto report = runner->report(experiment->id);
            return report && !report->functions.empty() && !report->functions[0].queues.empty()
                       ? report->functions[0].queues[0].last
                       : -1.0;
        };
        QTRY_COMPARE_WITH_TIMEOUT(lastBacklog(), 0.0, 10000);
        const auto report = runner->report(experiment->id);
        const auto& backlog = report->functions.at(0).queues.at(0);
        QCOMPARE(backlog.queue, std::string("orders"));
        QVERIFY2(backlog.maxDuring >= 5, std::to_string(backlog.maxDuring).c_str());
        QVERIFY(report->functions.at(0).during.faulted > 0);
        runner->shutdown();
    }

    // The backlog of a queue in another region than the default is sampled there (by the mapping's ARN), and the
    // report still names the queue.
    void theReportFollowsTheBacklogOfAQueueInAnotherRegion()
    {
        core::Engine engine(tests::scaledOptions(0.01));
        auto runner = faults::ExperimentRunner::create(engine);
        engine.putFunction(tests::python("Consumer", "sqsbatch"));
        auto west = engine.sources()->regions()->services("eu-west-1");
        QVERIFY(west.ok());
        core::CreateQueueRequest create;
        create.queueName = "orders";
        QVERIFY(west->queues->createQueue(create).ok());
        tests::createQueue(engine, "orders");  // the default region's queue of that name stays empty
        core::EventSourceMappingConfig mapping;
        mapping.functionName = "Consumer";
        mapping.eventSourceArn = west->queues->queueArn("orders");
        mapping.batchSize = 5;
        QVERIFY(engine.sources()->createMapping(mapping).ok());
        auto made = runner->createTemplate(FaultHarness::oneAction(
            "Consumer", "aws:lambda:invocation-error", {{"duration", "PT2S"}, {"preventExecution", "true"}}));
        const auto experiment = runner->start(made->id);
        for (int i = 0; i < 20; ++i) {
            core::SendMessageRequest send;
            send.queueUrl = "orders";
            send.messageBody = R"({"n":1})";
            QVERIFY(west->queues->sendMessage(send).ok());
        }
        QTRY_VERIFY_WITH_TIMEOUT(runner->experiment(experiment->id)->status == faults::ExperimentStatus::Completed,
                                 5000);
        const auto maxDuring = [&] {
            const auto report = runner->report(experiment->id);
            return report && !report->functions.empty() && !report->functions[0].queues.empty()
                       ? report->functions[0].queues[0].maxDuring
                       : -1.0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(maxDuring() >= 5, 5000);
        const auto report = runner->report(experiment->id);
        QCOMPARE(report->functions.at(0).queues.size(), std::size_t(1));
        QCOMPARE(report->functions.at(0).queues.at(0).queue, std::string("orders"));
        runner->shutdown();
    }
};

QTEST_GUILESS_MAIN(TestFaultDeliveries)
#include "tst_fault_deliveries.moc"
