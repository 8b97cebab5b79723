// SPDX-License-Identifier: MIT
// Countdowns of experiments, without a runner: a template's planned length from durations and startAfter chains,
// a started experiment's planned end from what ran and what waits, and the [h:]m:ss text.
#include "experiments/experiment_countdown.h"

#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;
using namespace std::chrono_literals;

namespace {

faults::ExperimentAction action(const std::string& duration, std::vector<std::string> startAfter = {})
{
    faults::ExperimentAction result;
    result.actionId = "aws:lambda:invocation-error";
    result.parameters["duration"] = duration;
    result.startAfter = std::move(startAfter);
    return result;
}

faults::ActionRun run(const std::string& name, faults::ExperimentAction spec, std::chrono::milliseconds duration,
                      faults::ActionStatus status)
{
    faults::ActionRun result;
    result.name = name;
    result.spec = std::move(spec);
    result.duration = duration;
    result.status = status;
    return result;
}

const std::chrono::system_clock::time_point kStart{std::chrono::seconds(1'700'000'000)};

}  // namespace

class TestExperimentCountdown : public QObject {
    Q_OBJECT

private slots:
    void aTemplateRunsAsLongAsItsLongestChainOfActions()
    {
        faults::ExperimentTemplate spec;
        spec.actions["warmup"] = action("PT3S");
        spec.actions["down"] = action("PT10S", {"warmup"});
        spec.actions["slow"] = action("PT12S");
        QCOMPARE(plannedLength(spec), std::chrono::milliseconds(13'000));
        spec.actions["after"] = action("PT1M", {"down", "slow"});
        QCOMPARE(plannedLength(spec), std::chrono::milliseconds(13'000 + 60'000));
        // A cycle (refused by validation) does not hang the countdown.
        spec.actions["warmup"].startAfter = {"after"};
        QVERIFY(plannedLength(spec) > std::chrono::milliseconds(0));
        QCOMPARE(plannedLength(faults::ExperimentTemplate{}), std::chrono::milliseconds(0));
    }

    void aRunningExperimentCountsDownToItsPlannedEnd()
    {
        faults::Experiment experiment;
        experiment.status = faults::ExperimentStatus::Running;
        QVERIFY(!plannedEnd(experiment));  // not started yet
        experiment.startTime = kStart;
        auto warmup = run("warmup", action("PT3S"), 3s, faults::ActionStatus::Completed);
        warmup.startTime = kStart;
        warmup.endTime = kStart + 3100ms;  // the runner's clock ticks every 100 ms
        auto down = run("down", action("PT10S", {"warmup"}), 10s, faults::ActionStatus::Running);
        down.startTime = kStart + 3100ms;
        auto after = run("after", action("PT5S", {"down"}), 5s, faults::ActionStatus::Pending);
        experiment.actions = {warmup, down, after};

        QCOMPARE(*plannedEnd(experiment), kStart + 18'100ms);
        QCOMPARE(*timeLeft(experiment, kStart + 8s), std::chrono::milliseconds(10'100));
        QCOMPARE(*timeLeft(experiment, kStart + 30s), std::chrono::milliseconds(0));  // late: never negative
        QVERIFY(!ranFor(experiment));

        // An action that will not run (its target matched nothing) takes no time.
        experiment.actions[2].status = faults::ActionStatus::Skipped;
        QCOMPARE(*plannedEnd(experiment), kStart + 13'100ms);
    }

    void anEndedExperimentHasNoCountdownButARunningTime()
    {
        faults::Experiment experiment;
        experiment.startTime = kStart;
        experiment.endTime = kStart + 20'400ms;
        experiment.actions = {run("down", action("PT1M"), 60s, faults::ActionStatus::Stopped)};
        experiment.status = faults::ExperimentStatus::Stopped;
        QVERIFY(!timeLeft(experiment, kStart + 21s));
        QCOMPARE(*ranFor(experiment), std::chrono::milliseconds(20'400));
        experiment.status = faults::ExperimentStatus::Stopping;
        QVERIFY(!timeLeft(experiment, kStart + 21s));
        // Pending and initiating experiments count down from their plan.
        experiment.status = faults::ExperimentStatus::Initiating;
        experiment.endTime.reset();
        experiment.actions[0].status = faults::ActionStatus::Pending;
        QCOMPARE(*timeLeft(experiment, kStart), std::chrono::milliseconds(60'000));
    }

    void countdownsReadAsMinutesAndSeconds()
    {
        QCOMPARE(formatCountdown(0ms), QStringLiteral("0:00"));
        QCOMPARE(formatCountdown(1ms), QStringLiteral("0:01"));  // rounded up: 0:00 only once it is over
        QCOMPARE(formatCountdown(20'000ms), QStringLiteral("0:20"));
        QCOMPARE(formatCountdown(59'001ms), QStringLiteral("1:00"));
        QCOMPARE(formatCountdown(125s), QStringLiteral("2:05"));
        QCOMPARE(formatCountdown(3'723s), QStringLiteral("1:02:03"));
        QCOMPARE(formatCountdown(-5s), QStringLiteral("0:00"));
    }
};

QTEST_GUILESS_MAIN(TestExperimentCountdown)
#include "tst_experiment_countdown.moc"
