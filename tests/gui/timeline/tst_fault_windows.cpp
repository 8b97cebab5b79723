// SPDX-License-Identifier: MIT
// The fault experiments' action windows as the timeline draws them, without a runner: targets resolved to
// functions, wall-clock times on the timeline's axis, open windows while an action runs, and the actions that
// have no window (waits, actions without a function, actions that never started).
#include "timeline/fault_windows.h"

#include <run/experiment.h>

#include <QtTest>

#include <cstdlib>

using namespace lambdadesk;
using namespace lambdadesk::gui;
using namespace std::chrono_literals;

namespace {

// The timeline's 0 is this wall-clock time; kZero is the same instant as a time point.
constexpr double kWallAtZeroMs = 1'700'000'000'000.0;
const std::chrono::system_clock::time_point kZero{std::chrono::seconds(1'700'000'000)};

faults::ActionRun action(const std::string& name, const std::string& actionId, const std::string& target,
                         faults::ActionStatus status)
{
    faults::ActionRun result;
    result.name = name;
    result.spec.actionId = actionId;
    if (!target.empty())
        result.spec.targets["Functions"] = target;
    result.status = status;
    return result;
}

/// A running experiment started 2 s after the timeline's 0, with its targets resolved.
faults::Experiment experiment(const std::string& id)
{
    faults::Experiment result;
    result.id = id;
    result.status = faults::ExperimentStatus::Running;
    result.creationTime = kZero + 2s;
    result.startTime = kZero + 2s;
    result.resolvedTargets["checkout"] = {"OrderProcessor", "PaymentHandler"};
    result.resolvedTargets["reports"] = {"ReportBuilder"};
    result.resolvedTargets["nothing"] = {};
    return result;
}

}  // namespace

class TestFaultWindows : public QObject {
    Q_OBJECT

private slots:
    void wallClockTimesLandOnTheTimelinesAxis()
    {
        QCOMPARE(timelineNsOf(kZero, kWallAtZeroMs), qint64(0));
        QCOMPARE(timelineNsOf(kZero + 1250ms, kWallAtZeroMs), qint64(1'250'000'000));
        QCOMPARE(timelineNsOf(kZero + 3us, kWallAtZeroMs), qint64(3'000));
        QCOMPARE(timelineNsOf(kZero - 5s, kWallAtZeroMs), qint64(-5'000'000'000));  // before the app started
        // A fractional origin (CoreController's has microseconds): a double holds it to a few hundred ns.
        const qint64 fromFractional = timelineNsOf(kZero + 1s, kWallAtZeroMs + 0.5);
        QVERIFY2(std::abs(fromFractional - 999'500'000) < 1'000, qPrintable(QString::number(fromFractional)));
    }

    void anActionsWindowCoversItsTargetsFunctionsFromStartToEnd()
    {
        auto run = experiment("EXP1");
        auto delay =
            action("slowCalls", "aws:lambda:invocation-add-delay", "checkout", faults::ActionStatus::Completed);
        delay.startTime = kZero + 2s;
        delay.endTime = kZero + 12s + 100ms;
        run.actions = {delay};
        const auto windows = faultWindowsOf({run}, kWallAtZeroMs);
        QCOMPARE(windows.size(), std::size_t(1));
        const FaultWindow& window = windows.front();
        QCOMPARE(window.experimentId, QStringLiteral("EXP1"));
        QCOMPARE(window.actionName, QStringLiteral("slowCalls"));
        QCOMPARE(window.actionId, QStringLiteral("aws:lambda:invocation-add-delay"));
        QCOMPARE(window.status, QStringLiteral("completed"));
        QCOMPARE(window.functions, (QStringList{QStringLiteral("OrderProcessor"), QStringLiteral("PaymentHandler")}));
        QCOMPARE(window.startNs, qint64(2'000'000'000));
        QCOMPARE(window.endNs, qint64(12'100'000'000));
    }

    void aRunningActionsWindowIsOpenUntilItsExperimentEnds()
    {
        auto run = experiment("EXP2");
        auto errors = action("failCalls", "aws:lambda:invocation-error", "reports", faults::ActionStatus::Running);
        errors.startTime = kZero + 3s;
        run.actions = {errors};
        auto windows = faultWindowsOf({run}, kWallAtZeroMs);
        QCOMPARE(windows.size(), std::size_t(1));
        QCOMPARE(windows.front().status, QStringLiteral("running"));
        QCOMPARE(windows.front().endNs, qint64(-1));
        QCOMPARE(windows.front().functions, QStringList{QStringLiteral("ReportBuilder")});

        // Stopped, and read before the runner closed the action: the window ends with the experiment.
        run.status = faults::ExperimentStatus::Stopped;
        run.endTime = kZero + 7s;
        windows = faultWindowsOf({run}, kWallAtZeroMs);
        QCOMPARE(windows.front().endNs, qint64(7'000'000'000));
        // Stopping is not final yet: still open.
        run.status = faults::ExperimentStatus::Stopping;
        QCOMPARE(faultWindowsOf({run}, kWallAtZeroMs).front().endNs, qint64(-1));
        // An end before the start (the wall clock stepped back) is an empty window, not a negative one.
        run.actions.front().endTime = kZero + 1s;
        windows = faultWindowsOf({run}, kWallAtZeroMs);
        QCOMPARE(windows.front().endNs, windows.front().startNs);
    }

    void actionsWithoutFunctionsOrNotStartedHaveNoWindow()
    {
        auto run = experiment("EXP3");
        auto wait = action("warmup", "aws:fis:wait", "", faults::ActionStatus::Completed);
        wait.startTime = kZero + 2s;
        wait.endTime = kZero + 5s;
        auto api = action("slowQueue", "lambdadesk:api-latency", "", faults::ActionStatus::Running);
        api.startTime = kZero + 2s;
        auto empty = action("none", "aws:lambda:invocation-error", "nothing", faults::ActionStatus::Skipped);
        empty.startTime = kZero + 2s;  // not what the runner does, but a window of no function draws nothing
        auto unknown = action("lost", "aws:lambda:invocation-error", "notATarget", faults::ActionStatus::Running);
        unknown.startTime = kZero + 2s;
        auto pending = action("later", "aws:lambda:invocation-error", "checkout", faults::ActionStatus::Pending);
        auto cancelled = action("never", "aws:lambda:invocation-error", "checkout", faults::ActionStatus::Cancelled);
        auto after = action("afterWarmup", "aws:lambda:invocation-add-delay", "reports", faults::ActionStatus::Running);
        after.startTime = kZero + 5s;
        run.actions = {wait, api, empty, unknown, pending, cancelled, after};
        const auto windows = faultWindowsOf({run}, kWallAtZeroMs);
        QCOMPARE(windows.size(), std::size_t(1));
        QCOMPARE(windows.front().actionName, QStringLiteral("afterWarmup"));
        QCOMPARE(windows.front().startNs, qint64(5'000'000'000));
    }

    void windowsKeepTheExperimentsAndActionsOrder()
    {
        auto first = experiment("EXP4");
        auto a = action("a", "aws:lambda:invocation-error", "checkout", faults::ActionStatus::Completed);
        a.startTime = kZero + 2s;
        a.endTime = kZero + 4s;
        auto b = action("b", "aws:lambda:invocation-add-delay", "reports", faults::ActionStatus::Running);
        b.startTime = kZero + 4s;
        first.actions = {a, b};
        auto second = experiment("EXP5");
        auto c = action("c", "lambdadesk:invocation-crash", "reports", faults::ActionStatus::Running);
        c.startTime = kZero + 3s;
        second.actions = {c};
        const auto windows = faultWindowsOf({first, second}, kWallAtZeroMs);
        QCOMPARE(windows.size(), std::size_t(3));
        QCOMPARE(windows[0].experimentId + QLatin1Char('/') + windows[0].actionName, QStringLiteral("EXP4/a"));
        QCOMPARE(windows[1].experimentId + QLatin1Char('/') + windows[1].actionName, QStringLiteral("EXP4/b"));
        QCOMPARE(windows[2].experimentId + QLatin1Char('/') + windows[2].actionName, QStringLiteral("EXP5/c"));
        QVERIFY(faultWindowsOf({}, kWallAtZeroMs).empty());
    }
};

QTEST_GUILESS_MAIN(TestFaultWindows)
#include "tst_fault_windows.moc"
