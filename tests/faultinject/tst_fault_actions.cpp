// SPDX-License-Identifier: MIT
// Each action's effect on real invocations, measured: FIS's Lambda actions and LambdaDesk's own.

#include "fault_fixture.h"
#include "../core/sources_fixture.h"

#include <regions/region_directory.h>
#include <run/experiment_report.h>
#include <streams/stream_service.h>

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace lambdadesk;
using tests::FaultHarness;

class TestFaultActions : public QObject {
    Q_OBJECT

private:
    static core::FunctionConfig sleeper(int timeoutSeconds = 3)
    {
        auto function = tests::python("Sleeper", "sleep");
        function.timeoutSeconds = timeoutSeconds;
        return function;
    }

private slots:
    void addDelayCountsInDurationAndBecomesATimeoutPastIt()
    {
        FaultHarness harness;
        harness.engine.putFunction(sleeper(1));
        QCOMPARE(tests::invoke(harness.engine, "Sleeper", R"({"ms":0})").status, core::InvokeStatus::Ok);  // warm

        auto delay = harness.run(FaultHarness::oneAction("Sleeper", "aws:lambda:invocation-add-delay",
                                                         {{"duration", "PT30S"}, {"startupDelayMilliseconds", "400"}}));
        const auto slow = tests::invoke(harness.engine, "Sleeper", R"({"ms":0})");
        QCOMPARE(slow.status, core::InvokeStatus::Ok);
        QVERIFY2(slow.durationMs >= 400, std::to_string(slow.durationMs).c_str());
        QVERIFY(harness.runner->stop(delay.id));

        harness.run(FaultHarness::oneAction("Sleeper", "aws:lambda:invocation-add-delay",
                                            {{"duration", "PT30S"}, {"startupDelayMilliseconds", "1500"}}));
        const auto late = tests::invoke(harness.engine, "Sleeper", R"({"ms":0})");
        QCOMPARE(late.errorType, std::string("Sandbox.Timedout"));
    }

    void preventExecutionLeavesNoTraceOfTheHandler()
    {
        QTemporaryDir dir;
        const auto record = std::filesystem::path(dir.path().toStdString()) / "ran.txt";
        FaultHarness harness;
        auto function = tests::python("Recorder", "recorder");
        function.environment["RECORD_FILE"] = record.string();
        harness.engine.putFunction(function);
        const std::string event = R"({"Records":[{"body":"ran"}]})";

        auto prevented = harness.run(FaultHarness::oneAction(
            "Recorder", "aws:lambda:invocation-error", {{"duration", "PT30S"}, {"preventExecution", "true"}}));
        const auto failed = tests::invoke(harness.engine, "Recorder", event);
        QCOMPARE(failed.status, core::InvokeStatus::FunctionError);
        QCOMPARE(failed.errorType, std::string("FaultInjection.InvocationError"));
        QVERIFY(tests::json(failed)["errorMessage"].get<std::string>().find(prevented.id) != std::string::npos);
        QVERIFY2(!std::filesystem::exists(record), "the handler ran although preventExecution was true");
        QVERIFY(harness.runner->stop(prevented.id));

        harness.run(FaultHarness::oneAction("Recorder", "aws:lambda:invocation-error",
                                            {{"duration", "PT30S"}, {"preventExecution", "false"}}));
        const auto ranThenFailed = tests::invoke(harness.engine, "Recorder", event);
        QCOMPARE(ranThenFailed.status, core::InvokeStatus::FunctionError);
        QVERIFY2(std::filesystem::exists(record), "without preventExecution the handler runs");
    }

    void httpIntegrationResponseReplacesTheAnswer()
    {
        FaultHarness harness;
        harness.engine.putFunction(tests::python("Echo", "echo"));
        harness.run(FaultHarness::oneAction("Echo", "aws:lambda:invocation-http-integration-response",
                                            {{"duration", "PT30S"}, {"statusCode", "503"}, {"preventExecution", "true"},
                                             {"contentTypeHeader", "text/plain"}}));
        const auto answer = tests::invoke(harness.engine, "Echo", R"({"hello":1})");
        QCOMPARE(answer.status, core::InvokeStatus::Ok);
        const auto body = tests::json(answer);
        QCOMPARE(body["statusCode"].get<int>(), 503);
        QCOMPARE(body["headers"]["Content-Type"].get<std::string>(), std::string("text/plain"));
    }

    void percentagesHitWithinABinomialToleranceAndASeedRepeatsItsHits()
    {
        FaultHarness harness;
        harness.engine.putFunction(tests::python("Echo", "echo"));
        const auto request = FaultHarness::oneAction(
            "Echo", "aws:lambda:invocation-error",
            {{"duration", "PT5M"}, {"preventExecution", "true"}, {"invocationPercentage", "30"}}, 7);
        const auto positions = [&](std::vector<int>& hit) {
            auto experiment = harness.run(request);
            for (int i = 0; i < 200; ++i) {
                if (tests::invoke(harness.engine, "Echo", "{}").status != core::InvokeStatus::Ok)
                    hit.push_back(i);
            }
            const auto seen = harness.runner->experiment(experiment.id);
            harness.runner->stop(experiment.id);
            QCOMPARE(seen->actions.at(0).hits, hit.size());
            QCOMPARE(seen->actions.at(0).considered, std::uint64_t(200));
        };
        std::vector<int> first;
        positions(first);
        // n = 200, p = 0.3: mean 60, sigma 6.5; 4 sigma either side.
        QVERIFY2(first.size() >= 34 && first.size() <= 86, std::to_string(first.size()).c_str());
        std::vector<int> second;
        positions(second);
        QCOMPARE(second, first);
    }

    void theEarliestStartedOfConflictingActionsWinsAndTheLaterKeepsItsEnd()
    {
        FaultHarness harness;
        harness.engine.putFunction(tests::python("Echo", "echo"));
        auto error = harness.run(FaultHarness::oneAction("Echo", "aws:lambda:invocation-error",
                                                         {{"duration", "PT5M"}, {"preventExecution", "true"}}));
        harness.run(FaultHarness::oneAction("Echo", "aws:lambda:invocation-http-integration-response",
                                            {{"duration", "PT5M"}, {"statusCode", "418"}, {"preventExecution", "true"}}));
        QCOMPARE(tests::invoke(harness.engine, "Echo", "{}").errorType, std::string("FaultInjection.InvocationError"));
        QVERIFY(harness.runner->stop(error.id));
        const auto afterwards = tests::invoke(harness.engine, "Echo", "{}");
        QCOMPARE(tests::json(afterwards)["statusCode"].get<int>(), 418);

        // Different kinds combine: a delay and an error both apply.
        harness.run(FaultHarness::oneAction("Echo", "aws:lambda:invocation-add-delay",
                                            {{"duration", "PT5M"}, {"startupDelayMilliseconds", "200"}}));
        const auto both = tests::invoke(harness.engine, "Echo", "{}");
        QCOMPARE(tests::json(both)["statusCode"].get<int>(), 418);
        QVERIFY(both.durationMs >= 200);
    }

    void aStopConditionEndsTheExperimentEarly()
    {
        FaultHarness harness;
        harness.engine.putFunction(tests::python("Echo", "echo"));
        auto request = FaultHarness::oneAction("Echo", "aws:lambda:invocation-error",
                                               {{"duration", "PT5M"}, {"preventExecution", "true"}});
        request["stopConditions"] = {{{"source", "lambdadesk:alarm"}, {"value", "ErrorRate(Echo) > 50 for 5s"}}};
        const auto experiment = harness.run(request);
        for (int i = 0; i < 3; ++i)
            tests::invoke(harness.engine, "Echo", "{}");
        QTRY_VERIFY_WITH_TIMEOUT(harness.runner->experiment(experiment.id)->status == faults::ExperimentStatus::Stopped,
                                 5000);
        const auto stopped = harness.runner->experiment(experiment.id);
        QVERIFY2(stopped->reason.find("ErrorRate(Echo) > 50") != std::string::npos, stopped->reason.c_str());
        QCOMPARE(tests::invoke(harness.engine, "Echo", R"({"back":true})").status, core::InvokeStatus::Ok);
    }

    // Each alarm metric ends an experiment when it breaches; the reason names the alarm and its value.
    void aP99DurationAlarmStopsTheExperiment()
    {
        FaultHarness harness;
        harness.engine.putFunction(tests::python("Echo", "echo"));
        auto request = FaultHarness::oneAction("Echo", "aws:lambda:invocation-add-delay",
                                               {{"duration", "PT5M"}, {"startupDelayMilliseconds", "300"}});
        request["stopConditions"] = {{{"source", "lambdadesk:alarm"}, {"value", "P99Duration(Echo) > 250 for 5s"}}};
        const auto experiment = harness.run(request);
        // A quiet period does not breach: no invocation, no value.
        QTest::qWait(1500);
        QVERIFY(harness.runner->experiment(experiment.id)->status == faults::ExperimentStatus::Running);
        QVERIFY(tests::invoke(harness.engine, "Echo", "{}").durationMs >= 300);
        QTRY_VERIFY_WITH_TIMEOUT(harness.runner->experiment(experiment.id)->status == faults::ExperimentStatus::Stopped,
                                 5000);
        const auto stopped = harness.runner->experiment(experiment.id);
        QVERIFY2(stopped->reason.find("P99Duration(Echo) > 250") != std::string::npos, stopped->reason.c_str());
        QVERIFY(tests::invoke(harness.engine, "Echo", "{}").durationMs < 250);  // the delay ended with it
    }

    void aThrottlesAlarmStopsTheExperiment()
    {
        FaultHarness harness;
        harness.engine.putFunction(tests::python("Echo", "echo"));
        auto request = FaultHarness::oneAction("Echo", "lambdadesk:concurrency-limit",
                                               {{"duration", "PT5M"}, {"reservedConcurrency", "0"}});
        request["stopConditions"] = {{{"source", "lambdadesk:alarm"}, {"value", "Throttles(Echo) >= 3 for 10s"}}};
        const auto experiment = harness.run(request);
        QCOMPARE(tests::invoke(harness.engine, "Echo", "{}").status, core::InvokeStatus::Throttled);
        QCOMPARE(tests::invoke(harness.engine, "Echo", "{}").status, core::InvokeStatus::Throttled);
        QTest::qWait(1500);  // two throttles: under the threshold
        QVERIFY(harness.runner->experiment(experiment.id)->status == faults::ExperimentStatus::Running);
        QCOMPARE(tests::invoke(harness.engine, "Echo", "{}").status, core::InvokeStatus::Throttled);
        QTRY_VERIFY_WITH_TIMEOUT(harness.runner->experiment(experiment.id)->status == faults::ExperimentStatus::Stopped,
                                 5000);
        const auto stopped = harness.runner->experiment(experiment.id);
        QVERIFY2(stopped->reason.find("Throttles(Echo) >= 3") != std::string::npos, stopped->reason.c_str());
        QVERIFY2(stopped->reason.find("(value 3)") != std::string::npos, stopped->reason.c_str());
        QCOMPARE(tests::invoke(harness.engine, "Echo", "{}").status, core::InvokeStatus::Ok);
    }

    // The usual guard of a queue consumer: stop once a message reaches the dead-letter queue. The failing consumer's
    // message comes back after its visibility timeout, is received again, and the redrive policy moves it.
    void aDeadLetterQueueDepthAlarmStopsTheExperiment()
    {
        core::Engine engine(tests::scaledOptions(0.01));  // visibility 30 s → 0.3 s
        auto runner = faults::ExperimentRunner::create(engine);
        engine.putFunction(tests::python("Consumer", "sqsbatch"));
        const auto dlq = tests::createQueue(engine, "jobs-dlq");
        const auto queue = tests::createQueue(
            engine, "jobs", {{"RedrivePolicy", R"({"deadLetterTargetArn":")" + dlq + R"(","maxReceiveCount":"1"})"}});
        core::EventSourceMappingConfig mapping;
        mapping.functionName = "Consumer";
        mapping.eventSourceArn = queue;
        mapping.batchSize = 1;
        QVERIFY(engine.sources()->createMapping(mapping).ok());
        auto request = FaultHarness::oneAction("Consumer", "aws:lambda:invocation-error",
                                               {{"duration", "PT5M"}, {"preventExecution", "true"}});
        request["stopConditions"] = {{{"source", "lambdadesk:alarm"}, {"value", "QueueDepth(jobs-dlq) > 0"}}};
        auto made = runner->createTemplate(request);
        QVERIFY2(made.ok(), made ? "" : made.error().message.c_str());
        const auto experiment = runner->start(made->id);
        QVERIFY(experiment.ok());
        QTest::qWait(1200);
        QVERIFY(runner->experiment(experiment->id)->status == faults::ExperimentStatus::Running);  // an empty DLQ
        tests::send(engine, "jobs", R"({"order":1})");
        QTRY_VERIFY_WITH_TIMEOUT(runner->experiment(experiment->id)->status == faults::ExperimentStatus::Stopped, 15000);
        const auto stopped = runner->experiment(experiment->id);
        QVERIFY2(stopped->reason.find("QueueDepth(jobs-dlq) > 0") != std::string::npos, stopped->reason.c_str());
        QCOMPARE(tests::messagesIn(engine, "jobs-dlq"), std::int64_t(1));
        runner->shutdown();
    }

    void aQueueAgeAlarmStopsTheExperiment()
    {
        FaultHarness harness;
        harness.engine.putFunction(tests::python("Echo", "echo"));
        tests::createQueue(harness.engine, "backlog");  // nothing consumes it
        auto request = FaultHarness::oneAction("Echo", "aws:lambda:invocation-add-delay", {{"duration", "PT5M"}});
        request["stopConditions"] = {{{"source", "lambdadesk:alarm"}, {"value", "QueueAge(backlog) >= 2"}}};
        QElapsedTimer clock;
        clock.start();
        const auto experiment = harness.run(request);
        tests::send(harness.engine, "backlog", "waiting");
        QTest::qWait(1200);
        QVERIFY(harness.runner->experiment(experiment.id)->status == faults::ExperimentStatus::Running);
        QTRY_VERIFY_WITH_TIMEOUT(harness.runner->experiment(experiment.id)->status == faults::ExperimentStatus::Stopped,
                                 6000);
        QVERIFY(clock.elapsed() >= 2000);
        const auto stopped = harness.runner->experiment(experiment.id);
        QVERIFY2(stopped->reason.find("QueueAge(backlog) >= 2") != std::string::npos, stopped->reason.c_str());
    }

    // A queue alarm may name its queue by ARN; the ARN's region is where the queue is read. The default region holds a
    // queue of the same name that stays empty, so reading the wrong region would never stop the experiment.
    void aQueueAlarmByArnReadsTheQueueInItsRegion()
    {
        FaultHarness harness;
        harness.engine.putFunction(tests::python("Echo", "echo"));
        auto west = harness.engine.sources()->regions()->services("eu-west-1");
        QVERIFY(west.ok());
        core::CreateQueueRequest create;
        create.queueName = "backlog";
        QVERIFY(west->queues->createQueue(create).ok());
        tests::createQueue(harness.engine, "backlog");
        const std::string alarm = "QueueDepth(" + west->queues->queueArn("backlog") + ") > 0";
        auto request = FaultHarness::oneAction("Echo", "aws:lambda:invocation-add-delay", {{"duration", "PT5M"}});
        request["stopConditions"] = {{{"source", "lambdadesk:alarm"}, {"value", alarm}}};
        const auto experiment = harness.run(request);
        QTest::qWait(1200);
        QVERIFY(harness.runner->experiment(experiment.id)->status == faults::ExperimentStatus::Running);
        core::SendMessageRequest send;
        send.queueUrl = "backlog";
        send.messageBody = "waiting in eu-west-1";
        QVERIFY(west->queues->sendMessage(send).ok());
        QTRY_VERIFY_WITH_TIMEOUT(harness.runner->experiment(experiment.id)->status == faults::ExperimentStatus::Stopped,
                                 6000);
        const auto stopped = harness.runner->experiment(experiment.id);
        QVERIFY2(stopped->reason.find(alarm) != std::string::npos, stopped->reason.c_str());
    }

    void crashTimeoutColdStartAndConcurrencyLimit()
    {
        FaultHarness harness;
        harness.engine.putFunction(sleeper());
        QCOMPARE(tests::invoke(harness.engine, "Sleeper", R"({"ms":0})").status, core::InvokeStatus::Ok);

        auto crash = harness.run(FaultHarness::oneAction("Sleeper", "lambdadesk:invocation-crash",
                                                         {{"duration", "PT5M"}, {"afterMilliseconds", "50"}}));
        QCOMPARE(tests::invoke(harness.engine, "Sleeper", R"({"ms":500})").errorType, std::string("Runtime.ExitError"));
        harness.runner->stop(crash.id);

        auto timeout = harness.run(FaultHarness::oneAction("Sleeper", "lambdadesk:invocation-timeout",
                                                           {{"duration", "PT5M"}, {"afterMilliseconds", "100"}}));
        const auto timedOut = tests::invoke(harness.engine, "Sleeper", R"({"ms":500})");
        QCOMPARE(timedOut.errorType, std::string("Sandbox.Timedout"));
        QVERIFY(timedOut.durationMs < 450);
        harness.runner->stop(timeout.id);

        QVERIFY(tests::invoke(harness.engine, "Sleeper", R"({"ms":0})").cold);  // the timed-out one was reset
        QVERIFY(!tests::invoke(harness.engine, "Sleeper", R"({"ms":0})").cold);
        auto cold = harness.run(FaultHarness::oneAction("Sleeper", "lambdadesk:cold-start", {{"duration", "PT5M"}}));
        QVERIFY(tests::invoke(harness.engine, "Sleeper", R"({"ms":0})").cold);
        QVERIFY(tests::invoke(harness.engine, "Sleeper", R"({"ms":0})").cold);
        harness.runner->stop(cold.id);

        harness.run(FaultHarness::oneAction("Sleeper", "lambdadesk:concurrency-limit",
                                            {{"duration", "PT5M"}, {"reservedConcurrency", "1"}}));
        const auto results = tests::invokeConcurrently(harness.engine, "Sleeper", R"({"ms":300})", 3);
        const auto throttled = std::count_if(results.begin(), results.end(), [](const core::InvokeResult& r) {
            return r.status == core::InvokeStatus::Throttled;
        });
        QCOMPARE(throttled, 2);
    }

    void actionsRunInTheirWindowsAndTheExperimentCompletes()
    {
        FaultHarness harness;
        harness.engine.putFunction(tests::python("Echo", "echo"));
        auto request = FaultHarness::oneAction("Echo", "aws:lambda:invocation-error",
                                               {{"duration", "PT1S"}, {"preventExecution", "true"}});
        request["actions"]["pause"] = {{"actionId", "aws:fis:wait"}, {"parameters", {{"duration", "PT1S"}}}};
        request["actions"]["act"]["startAfter"] = {"pause"};
        const auto experiment = harness.run(request);
        QVERIFY(experiment.status == faults::ExperimentStatus::Running);
        QCOMPARE(tests::invoke(harness.engine, "Echo", "{}").status, core::InvokeStatus::Ok);  // still waiting
        QTRY_VERIFY_WITH_TIMEOUT(harness.runner->experiment(experiment.id)->action("act")->status ==
                                     faults::ActionStatus::Running,
                                 3000);
        QCOMPARE(tests::invoke(harness.engine, "Echo", "{}").status, core::InvokeStatus::FunctionError);
        QTRY_VERIFY_WITH_TIMEOUT(harness.runner->experiment(experiment.id)->status == faults::ExperimentStatus::Completed,
                                 4000);
        QCOMPARE(tests::invoke(harness.engine, "Echo", "{}").status, core::InvokeStatus::Ok);
    }

    void aTargetThatMatchesNothingFailsTheExperiment()
    {
        FaultHarness harness;
        harness.engine.putFunction(tests::python("Echo", "echo"));
        const auto experiment = harness.run(FaultHarness::oneAction("Missing", "aws:lambda:invocation-error",
                                                                    {{"duration", "PT1M"}}));
        QVERIFY(experiment.status == faults::ExperimentStatus::Failed);
        QVERIFY2(experiment.reason.find("Missing") != std::string::npos, experiment.reason.c_str());
    }

    void theReportMatchesTheInvocationHistory()
    {
        FaultHarness harness;
        harness.engine.putFunction(tests::python("Echo", "echo"));
        for (int i = 0; i < 4; ++i)
            tests::invoke(harness.engine, "Echo", "{}");  // before
        const auto experiment = harness.run(FaultHarness::oneAction(
            "Echo", "aws:lambda:invocation-error",
            {{"duration", "PT5M"}, {"preventExecution", "true"}, {"invocationPercentage", "50"}}, 3));
        int errors = 0;
        for (int i = 0; i < 20; ++i)
            errors += tests::invoke(harness.engine, "Echo", "{}").status == core::InvokeStatus::Ok ? 0 : 1;
        harness.runner->stop(experiment.id);
        for (int i = 0; i < 3; ++i)
            tests::invoke(harness.engine, "Echo", "{}");  // after
        const auto report = harness.runner->report(experiment.id);
        QVERIFY(report);
        QCOMPARE(report->functions.size(), std::size_t(1));
        const auto& echo = report->functions.front();
        QCOMPARE(echo.before.invocations, std::uint64_t(4));
        QCOMPARE(echo.during.invocations, std::uint64_t(20));
        QCOMPARE(echo.during.errors, std::uint64_t(errors));
        QCOMPARE(echo.during.faulted, std::uint64_t(errors));
        QCOMPARE(echo.after.invocations, std::uint64_t(3));
        QCOMPARE(echo.after.errors, std::uint64_t(0));
        QVERIFY(echo.recoverySeconds.has_value());
        QCOMPARE(report->actions.front().affected, std::uint64_t(errors));
    }

    void queueDeliveriesAreDuplicatedAndHeld()
    {
        QTemporaryDir dir;
        const auto record = std::filesystem::path(dir.path().toStdString()) / "bodies.txt";
        const auto bodies = [&] {
            std::vector<std::string> lines;
            std::ifstream in(record);
            for (std::string line; std::getline(in, line);)
                lines.push_back(line);
            return lines;
        };
        FaultHarness harness;
        auto function = tests::python("Recorder", "recorder");
        function.environment["RECORD_FILE"] = record.string();
        harness.engine.putFunction(function);
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
        engine.putFunction(tests::python("Consumer", "sqsbatch"));
        const auto dlq = tests::createQueue(engine, "orders-dlq");
        const auto queue = tests::createQueue(
            engine, "orders", {{"RedrivePolicy", R"({"deadLetterTargetArn":")" + dlq + R"(","maxReceiveCount":"2"})"}});
        core::EventSourceMappingConfig mapping;
        mapping.functionName = "Consumer";
        mapping.eventSourceArn = queue;
        mapping.batchSize = 1;
        QVERIFY(engine.sources()->createMapping(mapping).ok());
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
        QTemporaryDir dir;
        const auto record = std::filesystem::path(dir.path().toStdString()) / "data.txt";
        const auto lines = [&] {
            std::vector<std::string> read;
            std::ifstream in(record);
            for (std::string line; std::getline(in, line);)
                read.push_back(line);
            return read;
        };
        FaultHarness harness;
        auto function = tests::python("Recorder", "recorder");
        function.environment["RECORD_FILE"] = record.string();
        harness.engine.putFunction(function);
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

    // Targets chosen by tags, then filters, then COUNT(n) / PERCENT(n) with the seed: the chosen functions and only
    // they are faulted, and the same seed chooses the same ones.
    void targetsAreChosenByTagsFiltersCountAndPercent()
    {
        FaultHarness harness;
        const std::vector<std::string> names{"OrderA", "OrderB", "OrderC", "OrderD", "Billing"};
        for (const auto& name : names) {
            auto function = tests::python(name, "echo");
            function.tags["team"] = name == "Billing" ? "billing" : "orders";
            if (name == "OrderC" || name == "OrderD")
                function.memoryMb = 256;
            harness.engine.putFunction(function);
        }
        const auto experimentOn = [&](nlohmann::json target, std::uint64_t seed) {
            auto request = FaultHarness::oneAction("OrderA", "aws:lambda:invocation-error",
                                                   {{"duration", "PT5M"}, {"preventExecution", "true"}}, seed);
            target["resourceType"] = "aws:lambda:function";
            request["targets"]["Fns"] = std::move(target);
            return harness.run(request);
        };
        const auto faulted = [&] {
            std::vector<std::string> failing;
            for (const auto& name : names) {
                if (tests::invoke(harness.engine, name, "{}").status != core::InvokeStatus::Ok)
                    failing.push_back(name);
            }
            return failing;
        };
        using Names = std::vector<std::string>;

        auto byTags = experimentOn({{"resourceTags", {{"team", "orders"}}}, {"selectionMode", "ALL"}}, 1);
        QCOMPARE(byTags.resolvedTargets.at("Fns"), (Names{"OrderA", "OrderB", "OrderC", "OrderD"}));
        QCOMPARE(faulted(), (Names{"OrderA", "OrderB", "OrderC", "OrderD"}));
        QVERIFY(harness.runner->stop(byTags.id));

        auto filtered = experimentOn({{"resourceTags", {{"team", "orders"}}},
                                      {"filters", {{{"path", "Configuration.MemorySize"}, {"values", {"256"}}}}},
                                      {"selectionMode", "ALL"}},
                                     1);
        QCOMPARE(filtered.resolvedTargets.at("Fns"), (Names{"OrderC", "OrderD"}));
        QCOMPARE(faulted(), (Names{"OrderC", "OrderD"}));
        QVERIFY(harness.runner->stop(filtered.id));

        auto counted = experimentOn({{"resourceTags", {{"team", "orders"}}}, {"selectionMode", "COUNT(2)"}}, 7);
        const auto chosen = counted.resolvedTargets.at("Fns");
        QCOMPARE(chosen.size(), std::size_t(2));
        for (const auto& name : chosen)
            QVERIFY2(name.starts_with("Order"), name.c_str());
        QCOMPARE(faulted(), chosen);
        QVERIFY(harness.runner->stop(counted.id));
        auto again = experimentOn({{"resourceTags", {{"team", "orders"}}}, {"selectionMode", "COUNT(2)"}}, 7);
        QCOMPARE(again.resolvedTargets.at("Fns"), chosen);
        QVERIFY(harness.runner->stop(again.id));

        auto percent = experimentOn({{"resourceTags", {{"team", "orders"}}}, {"selectionMode", "PERCENT(25)"}}, 7);
        const auto quarter = percent.resolvedTargets.at("Fns");
        QCOMPARE(quarter.size(), std::size_t(1));
        QCOMPARE(faulted(), quarter);
        QVERIFY(harness.runner->stop(percent.id));
        QVERIFY(faulted().empty());
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

QTEST_GUILESS_MAIN(TestFaultActions)
#include "tst_fault_actions.moc"
