// SPDX-License-Identifier: MIT
// Stop conditions: an experiment ends early when its alarm (p99 duration, throttles, a queue's depth or
// age, in any region) fires.

#include "fault_fixture.h"
#include "../core/sources_fixture.h"

#include <QElapsedTimer>

#include <algorithm>

using namespace lambdadesk;
using tests::FaultHarness;

class TestFaultStopConditions : public QObject {
    Q_OBJECT

private slots:
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
        tests::consumerWithDeadLetterQueue(engine, "jobs", 1);
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
};

QTEST_GUILESS_MAIN(TestFaultStopConditions)
#include "tst_fault_stop_conditions.moc"
