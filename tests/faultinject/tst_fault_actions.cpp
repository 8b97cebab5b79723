// SPDX-License-Identifier: MIT
// Each action's effect on real invocations, measured: FIS's Lambda actions and LambdaDesk's own; which
// functions an experiment's targets choose.

#include "fault_fixture.h"
#include "../core/sources_fixture.h"

#include <run/experiment_report.h>

#include <QTemporaryDir>

#include <algorithm>
#include <filesystem>

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
};

QTEST_GUILESS_MAIN(TestFaultActions)
#include "tst_fault_actions.moc"
