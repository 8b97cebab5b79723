// SPDX-License-Identifier: MIT
// Countdowns of experiments: each action's window from startAfter chains and durations, as the runner plays
// them (an action starts once every action it waits for completed or was skipped).
#include "experiments/experiment_countdown.h"

#include <template/action_catalog.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lambdadesk::gui {
namespace {

using std::chrono::milliseconds;
using SystemTime = std::chrono::system_clock::time_point;

/// One action's plan, as offsets from the experiment's start; what happened already overrides the plan.
struct PlannedAction {
    std::vector<std::string> startAfter;
    milliseconds duration{0};
    std::optional<milliseconds> startedAt;
    std::optional<milliseconds> endedAt;
    bool wontRun = false;  ///< skipped or cancelled: ends as soon as it may start, taking no time
};

milliseconds durationOf(const faults::ExperimentAction& action)
{
    const auto found = action.parameters.find("duration");
    if (found == action.parameters.end())
        return milliseconds{0};
    return faults::parseIsoDuration(found->second).value_or(milliseconds{0});
}

/// The latest end over every action. startAfter cycles (refused by validation) count as waiting for nothing.
milliseconds latestEnd(const std::map<std::string, PlannedAction>& actions)
{
    std::map<std::string, milliseconds> ends;
    std::set<std::string> visiting;
    std::function<milliseconds(const std::string&)> endOf = [&](const std::string& name) -> milliseconds {
        if (const auto known = ends.find(name); known != ends.end())
            return known->second;
        const auto found = actions.find(name);
        if (found == actions.end() || !visiting.insert(name).second)
            return milliseconds{0};
        const PlannedAction& action = found->second;
        milliseconds end{0};
        if (action.endedAt) {
            end = *action.endedAt;
        } else if (action.startedAt) {
            end = *action.startedAt + action.duration;
        } else {
            milliseconds ready{0};
            for (const auto& before : action.startAfter)
                ready = std::max(ready, endOf(before));
            end = action.wontRun ? ready : ready + action.duration;
        }
        visiting.erase(name);
        ends.emplace(name, end);
        return end;
    };
    milliseconds latest{0};
    for (const auto& [name, action] : actions)
        latest = std::max(latest, endOf(name));
    return latest;
}

milliseconds offset(SystemTime time, SystemTime start)
{
    return std::chrono::duration_cast<milliseconds>(time - start);
}

bool underWay(faults::ExperimentStatus status)
{
    using Status = faults::ExperimentStatus;
    return status == Status::Pending || status == Status::Initiating || status == Status::Running;
}

}  // namespace

milliseconds plannedLength(const faults::ExperimentTemplate& spec)
{
    std::map<std::string, PlannedAction> actions;
    for (const auto& [name, action] : spec.actions)
        actions[name] = PlannedAction{action.startAfter, durationOf(action), std::nullopt, std::nullopt, false};
    return latestEnd(actions);
}

std::optional<SystemTime> plannedEnd(const faults::Experiment& experiment)
{
    if (!experiment.startTime)
        return std::nullopt;
    const SystemTime start = *experiment.startTime;
    std::map<std::string, PlannedAction> actions;
    for (const auto& run : experiment.actions) {
        PlannedAction planned;
        planned.startAfter = run.spec.startAfter;
        // The runner's duration is the one it plays; the template's is the fallback for an action not read yet.
        planned.duration = run.duration.count() > 0 ? run.duration : durationOf(run.spec);
        if (run.startTime)
            planned.startedAt = offset(*run.startTime, start);
        if (run.endTime)
            planned.endedAt = offset(*run.endTime, start);
        planned.wontRun = run.status == faults::ActionStatus::Skipped || run.status == faults::ActionStatus::Cancelled;
        actions[run.name] = std::move(planned);
    }
    return start + latestEnd(actions);
}

std::optional<milliseconds> timeLeft(const faults::Experiment& experiment, SystemTime now)
{
    if (!underWay(experiment.status))
        return std::nullopt;
    const auto end = plannedEnd(experiment);
    if (!end)
        return std::nullopt;
    return std::max(milliseconds{0}, std::chrono::duration_cast<milliseconds>(*end - now));
}

std::optional<milliseconds> ranFor(const faults::Experiment& experiment)
{
    if (!faults::isFinal(experiment.status) || !experiment.startTime || !experiment.endTime)
        return std::nullopt;
    return std::max(milliseconds{0}, offset(*experiment.endTime, *experiment.startTime));
}

QString formatCountdown(milliseconds time)
{
    const qint64 ms = std::max<qint64>(0, time.count());
    const qint64 seconds = (ms + 999) / 1000;
    const qint64 hours = seconds / 3600;
    const qint64 minutes = seconds / 60 % 60;
    const QString secondsText = QStringLiteral("%1").arg(seconds % 60, 2, 10, QLatin1Char('0'));
    if (hours > 0)
        return QStringLiteral("%1:%2:%3").arg(hours).arg(minutes, 2, 10, QLatin1Char('0')).arg(secondsText);
    return QStringLiteral("%1:%2").arg(minutes).arg(secondsText);
}

}  // namespace lambdadesk::gui
