// SPDX-License-Identifier: MIT
#pragma once

#include "template/experiment_template.h"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::faults {

/// FIS's experiment lifecycle (`state.status`) and action lifecycle.
enum class ExperimentStatus { Pending, Initiating, Running, Completed, Stopping, Stopped, Failed, Cancelled };
enum class ActionStatus { Pending, Initiating, Running, Completed, Cancelled, Stopping, Stopped, Failed, Skipped };

std::string toString(ExperimentStatus status);  ///< FIS's lower-case words: "running", "completed"…
std::string toString(ActionStatus status);
[[nodiscard]] bool isFinal(ExperimentStatus status);

/// One action as it runs: its window relative to the experiment's start, and what it hit.
struct ActionRun {
    std::string name;
    ExperimentAction spec;
    ActionStatus status = ActionStatus::Pending;
    std::string reason;
    std::chrono::milliseconds startOffset{0};   ///< after startAfter actions ended
    std::chrono::milliseconds duration{0};
    std::optional<std::chrono::system_clock::time_point> startTime;
    std::optional<std::chrono::system_clock::time_point> endTime;
    std::uint64_t hits = 0;       ///< invocations or calls it changed
    std::uint64_t considered = 0; ///< invocations or calls it looked at while running
};

/// A started experiment (GetExperiment's answer).
struct Experiment {
    std::string id;             ///< "EXP" + base-62 characters
    std::string arn;
    std::string templateId;
    ExperimentTemplate spec;    ///< the template as it was when started
    ExperimentStatus status = ExperimentStatus::Pending;
    std::string reason;
    std::map<std::string, std::vector<std::string>> resolvedTargets;  ///< target name → function names
    std::vector<ActionRun> actions;
    std::uint64_t seed = 0;
    std::map<std::string, std::string> tags;
    std::chrono::system_clock::time_point creationTime;
    std::optional<std::chrono::system_clock::time_point> startTime;
    std::optional<std::chrono::system_clock::time_point> endTime;

    [[nodiscard]] const ActionRun* action(const std::string& name) const;
};

/// FIS's wire shape of an experiment (`experiment` in GetExperiment / StartExperiment answers).
nlohmann::json toJson(const Experiment& experiment);

}  // namespace lambdadesk::faults
