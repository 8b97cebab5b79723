// SPDX-License-Identifier: MIT
// toJson(ExperimentTemplate): FIS's `experimentTemplate` shape, as GetExperimentTemplate answers it.
#include "template/experiment_template.h"

#include <nlohmann/json.hpp>

namespace lambdadesk::faults {
namespace {

using nlohmann::json;

double epochSeconds(std::chrono::system_clock::time_point time)
{
    return std::chrono::duration<double>(time.time_since_epoch()).count();
}

json toJson(const ExperimentTarget& target)
{
    json out = {{"resourceType", target.resourceType}, {"selectionMode", target.selectionModeText}};
    // FIS answers with the members the template gave; a target gives ARNs or tags, never both.
    if (!target.resourceArns.empty())
        out["resourceArns"] = target.resourceArns;
    if (!target.resourceTags.empty())
        out["resourceTags"] = target.resourceTags;
    if (!target.filters.empty()) {
        json filters = json::array();
        for (const auto& filter : target.filters)
            filters.push_back({{"path", filter.path}, {"values", filter.values}});
        out["filters"] = std::move(filters);
    }
    return out;
}

json toJson(const ExperimentAction& action)
{
    json out = {{"actionId", action.actionId},
                {"parameters", json(action.parameters)},
                {"targets", json(action.targets)},
                {"startAfter", json(action.startAfter)}};
    if (!action.description.empty())
        out["description"] = action.description;
    return out;
}

}  // namespace

nlohmann::json toJson(const ExperimentTemplate& experimentTemplate)
{
    json targets = json::object();
    for (const auto& [name, target] : experimentTemplate.targets)
        targets[name] = toJson(target);
    json actions = json::object();
    for (const auto& [name, action] : experimentTemplate.actions)
        actions[name] = toJson(action);
    json stopConditions = json::array();
    for (const auto& condition : experimentTemplate.stopConditions) {
        json entry = {{"source", condition.source}};
        if (!condition.value.empty())
            entry["value"] = condition.value;
        stopConditions.push_back(std::move(entry));
    }

    json out = {{"id", experimentTemplate.id},
                {"arn", experimentTemplate.arn},
                {"description", experimentTemplate.description},
                {"targets", std::move(targets)},
                {"actions", std::move(actions)},
                {"stopConditions", std::move(stopConditions)},
                {"creationTime", epochSeconds(experimentTemplate.creationTime)},
                {"lastUpdateTime", epochSeconds(experimentTemplate.lastUpdateTime)},
                {"tags", json(experimentTemplate.tags)},
                {"experimentOptions",
                 {{"accountTargeting", "single-account"},
                  {"emptyTargetResolutionMode", experimentTemplate.emptyTargetResolutionMode}}}};
    if (!experimentTemplate.roleArn.empty())
        out["roleArn"] = experimentTemplate.roleArn;
    // LambdaDesk's extension is echoed so a template read back keeps its seed.
    if (experimentTemplate.seed)
        out["lambdadesk"] = {{"seed", *experimentTemplate.seed}};
    return out;
}

}  // namespace lambdadesk::faults
