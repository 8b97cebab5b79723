// SPDX-License-Identifier: MIT
#include "fis/fis_json.h"

#include <run/experiment.h>
#include <template/action_catalog.h>
#include <template/experiment_template.h>

#include <array>
#include <set>
#include <string_view>
#include <utility>

namespace lambdadesk::bridge {
namespace {

using Json = nlohmann::json;

/// The members of `full` named in `keys`, in that order, skipping those it lacks.
template <std::size_t N> Json pick(const Json& full, const std::array<std::string_view, N>& keys)
{
    Json out = Json::object();
    for (const auto key : keys) {
        if (auto found = full.find(key); found != full.end())
            out[std::string(key)] = *found;
    }
    return out;
}

struct ResourceTypeInfo {
    std::string_view resourceType;
    std::string_view description;
};

constexpr std::array<ResourceTypeInfo, 1> kResourceTypes = {{
    {"aws:lambda:function", "A Lambda function run by LambdaDesk."},
}};

std::string describeResourceType(const std::string& resourceType)
{
    for (const auto& known : kResourceTypes) {
        if (known.resourceType == resourceType)
            return std::string(known.description);
    }
    return "Resources of type " + resourceType + ".";
}

} // namespace

Json templateSummaryJson(const faults::ExperimentTemplate& experimentTemplate)
{
    // Cut from the full shape, so summaries and GetExperimentTemplate never disagree on a time or a tag.
    static constexpr std::array<std::string_view, 6> kKeys = {
        "id", "arn", "description", "creationTime", "lastUpdateTime", "tags"};
    auto summary = pick(faults::toJson(experimentTemplate), kKeys);
    if (!summary.contains("tags"))
        summary["tags"] = Json::object();
    return summary;
}

Json experimentSummaryJson(const faults::Experiment& experiment)
{
    static constexpr std::array<std::string_view, 7> kKeys = {"id",           "arn",  "experimentTemplateId", "state",
                                                              "creationTime", "tags", "experimentOptions"};
    auto summary = pick(faults::toJson(experiment), kKeys);
    if (!summary.contains("tags"))
        summary["tags"] = Json::object();
    return summary;
}

std::string actionArn(const std::string& region, const std::string& actionId)
{
    return "arn:aws:fis:" + region + "::action/" + actionId;
}

std::string actionTargetName(const std::string& resourceType)
{
    // FIS names an action's target after what it acts on (Instances, Roles…); Lambda's actions use Functions.
    if (resourceType == "aws:lambda:function")
        return "Functions";
    return "Resources";
}

Json actionJson(const faults::ActionSpec& action, const std::string& region, bool withParameters)
{
    Json out = {{"id", action.id}, {"arn", actionArn(region, action.id)}, {"description", action.description}};
    if (withParameters) {
        Json parameters = Json::object();
        for (const auto& parameter : action.parameters)
            parameters[parameter.name] = {{"description", parameter.description}, {"required", parameter.required}};
        out["parameters"] = std::move(parameters);
    }
    Json targets = Json::object();
    if (!action.targetResourceType.empty())
        targets[actionTargetName(action.targetResourceType)] = {{"resourceType", action.targetResourceType}};
    out["targets"] = std::move(targets);
    out["tags"] = Json::object();
    return out;
}

Json targetResourceTypesJson()
{
    std::set<std::string> types;
    for (const auto& action : faults::actionCatalog()) {
        if (!action.targetResourceType.empty())
            types.insert(action.targetResourceType);
    }
    Json out = Json::array();
    for (const auto& type : types)
        out.push_back({{"resourceType", type}, {"description", describeResourceType(type)}});
    return out;
}

Json targetResourceTypeJson(const std::string& resourceType)
{
    for (const auto& action : faults::actionCatalog()) {
        if (action.targetResourceType == resourceType) {
            return {{"resourceType", resourceType},
                    {"description", describeResourceType(resourceType)},
                    {"parameters", Json::object()}};
        }
    }
    return nullptr;
}

} // namespace lambdadesk::bridge
