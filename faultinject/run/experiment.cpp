// SPDX-License-Identifier: MIT
#include "run/experiment.h"

#include <nlohmann/json.hpp>

namespace lambdadesk::faults {
namespace {

double epochSeconds(std::chrono::system_clock::time_point time)
{
    return std::chrono::duration<double>(time.time_since_epoch()).count();
}

}  // namespace

std::string toString(ExperimentStatus status)
{
    switch (status) {
    case ExperimentStatus::Pending: return "pending";
    case ExperimentStatus::Initiating: return "initiating";
    case ExperimentStatus::Running: return "running";
    case ExperimentStatus::Completed: return "completed";
    case ExperimentStatus::Stopping: return "stopping";
    case ExperimentStatus::Stopped: return "stopped";
    case ExperimentStatus::Failed: return "failed";
    case ExperimentStatus::Cancelled: return "cancelled";
    }
    return "unknown";
}

std::string toString(ActionStatus status)
{
    switch (status) {
    case ActionStatus::Pending: return "pending";
    case ActionStatus::Initiating: return "initiating";
    case ActionStatus::Running: return "running";
    case ActionStatus::Completed: return "completed";
    case ActionStatus::Cancelled: return "cancelled";
    case ActionStatus::Stopping: return "stopping";
    case ActionStatus::Stopped: return "stopped";
    case ActionStatus::Failed: return "failed";
    case ActionStatus::Skipped: return "skipped";
    }
    return "unknown";
}

bool isFinal(ExperimentStatus status)
{
    return status == ExperimentStatus::Completed || status == ExperimentStatus::Stopped ||
           status == ExperimentStatus::Failed || status == ExperimentStatus::Cancelled;
}

const ActionRun* Experiment::action(const std::string& name) const
{
    for (const auto& run : actions) {
        if (run.name == name)
            return &run;
    }
    return nullptr;
}

nlohmann::json toJson(const Experiment& experiment)
{
    // The template's own shape, then the run's state laid over it, as GetExperiment answers.
    nlohmann::json templateJson = toJson(experiment.spec);
    nlohmann::json out;
    out["id"] = experiment.id;
    out["arn"] = experiment.arn;
    out["experimentTemplateId"] = experiment.templateId;
    if (!experiment.spec.roleArn.empty())
        out["roleArn"] = experiment.spec.roleArn;
    out["state"] = {{"status", toString(experiment.status)}, {"reason", experiment.reason}};
    out["targets"] = templateJson.value("targets", nlohmann::json::object());
    nlohmann::json actions = nlohmann::json::object();
    const auto templateActions = templateJson.value("actions", nlohmann::json::object());
    for (const auto& run : experiment.actions) {
        nlohmann::json action = templateActions.contains(run.name) ? templateActions.at(run.name)
                                                                   : nlohmann::json::object();
        action["state"] = {{"status", toString(run.status)}, {"reason", run.reason}};
        if (run.startTime)
            action["startTime"] = epochSeconds(*run.startTime);
        if (run.endTime)
            action["endTime"] = epochSeconds(*run.endTime);
        actions[run.name] = std::move(action);
    }
    out["actions"] = std::move(actions);
    out["stopConditions"] = templateJson.value("stopConditions", nlohmann::json::array());
    out["creationTime"] = epochSeconds(experiment.creationTime);
    if (experiment.startTime)
        out["startTime"] = epochSeconds(*experiment.startTime);
    if (experiment.endTime)
        out["endTime"] = epochSeconds(*experiment.endTime);
    out["tags"] = experiment.tags;
    if (templateJson.contains("experimentOptions"))
        out["experimentOptions"] = templateJson["experimentOptions"];
    nlohmann::json hits = nlohmann::json::object();
    for (const auto& run : experiment.actions)
        hits[run.name] = {{"affected", run.hits}, {"considered", run.considered}};
    // LambdaDesk's additions (clients that do not know them ignore them): what the seed was and what was hit.
    out["lambdadesk"] = {{"seed", experiment.seed},
                         {"resolvedTargets", experiment.resolvedTargets},
                         {"actions", std::move(hits)}};
    return out;
}

}  // namespace lambdadesk::faults
