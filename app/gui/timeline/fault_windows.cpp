// SPDX-License-Identifier: MIT
#include "timeline/fault_windows.h"

#include <run/experiment.h>

#include <algorithm>
#include <cmath>
#include <optional>

namespace lambdadesk::gui {
namespace {

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

}  // namespace

qint64 timelineNsOf(std::chrono::system_clock::time_point time, double wallAtZeroMs)
{
    // In integers: a double holds nanoseconds since 1970 only to a few hundred ns, so only the origin is rounded.
    const auto sinceEpochNs = std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
    return static_cast<qint64>(sinceEpochNs - std::llround(wallAtZeroMs * 1e6));
}

std::vector<FaultWindow> faultWindowsOf(const std::vector<faults::Experiment>& experiments, double wallAtZeroMs)
{
    std::vector<FaultWindow> windows;
    for (const auto& experiment : experiments) {
        for (const auto& action : experiment.actions) {
            if (!action.startTime)
                continue;  // pending, skipped, or cancelled before it started
            const auto target = action.spec.targets.find("Functions");
            if (target == action.spec.targets.end())
                continue;
            const auto resolved = experiment.resolvedTargets.find(target->second);
            if (resolved == experiment.resolvedTargets.end() || resolved->second.empty())
                continue;
            FaultWindow window;
            window.experimentId = qs(experiment.id);
            window.actionName = qs(action.name);
            window.actionId = qs(action.spec.actionId);
            window.status = qs(faults::toString(action.status));
            for (const auto& function : resolved->second)
                window.functions << qs(function);
            window.startNs = timelineNsOf(*action.startTime, wallAtZeroMs);
            // The runner closes running actions when the experiment ends; an end it has not written yet is the
            // experiment's, so a window never stays open after its experiment.
            std::optional<std::chrono::system_clock::time_point> end = action.endTime;
            if (!end && faults::isFinal(experiment.status))
                end = experiment.endTime;
            if (end)  // never before the start: the wall clock may step back
                window.endNs = std::max(window.startNs, timelineNsOf(*end, wallAtZeroMs));
            windows.push_back(std::move(window));
        }
    }
    return windows;
}

}  // namespace lambdadesk::gui
