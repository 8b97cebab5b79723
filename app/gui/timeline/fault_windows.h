// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <chrono>
#include <vector>

namespace lambdadesk::faults {
struct Experiment;
}

namespace lambdadesk::gui {

/// When an experiment's action acted on functions: a band on their rows of the timeline.
struct FaultWindow {
    QString experimentId;
    QString actionName;
    QString actionId;   ///< aws:lambda:invocation-add-delay, lambdadesk:…
    QString status;     ///< FIS's lower-case word: "running", "completed", "stopped"…
    QStringList functions;
    qint64 startNs = 0;
    qint64 endNs = -1;  ///< -1 while the action runs
    bool operator==(const FaultWindow&) const = default;
};

/// A wall-clock time on the timeline's axis: nanoseconds after the wall-clock time `wallAtZeroMs` (ms since
/// the Unix epoch, as CoreController::wallAtZeroMs() gives it).
qint64 timelineNsOf(std::chrono::system_clock::time_point time, double wallAtZeroMs);

/// The windows of the experiments' actions that started and target functions, in the experiments' and actions'
/// order. Actions without functions (aws:fis:wait, downstream API actions, a target that resolved to none) have
/// none. A running action's window is open (endNs -1), unless its experiment already ended: then it ends there.
/// Pure: tested without a runner.
std::vector<FaultWindow> faultWindowsOf(const std::vector<faults::Experiment>& experiments, double wallAtZeroMs);

}  // namespace lambdadesk::gui
