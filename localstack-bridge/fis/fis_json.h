// SPDX-License-Identifier: MIT
// The FIS wire shapes the runner does not write itself: list summaries, catalogue actions and target resource
// types (botocore's fis 2020-12-01 model: ExperimentTemplateSummary, ExperimentSummary, ActionSummary, Action,
// TargetResourceTypeSummary, TargetResourceType).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace lambdadesk::faults {
struct ActionSpec;
struct Experiment;
struct ExperimentTemplate;
} // namespace lambdadesk::faults

namespace lambdadesk::bridge {

/// ListExperimentTemplates' entry: id, arn, description, creationTime, lastUpdateTime, tags.
nlohmann::json templateSummaryJson(const faults::ExperimentTemplate& experimentTemplate);
/// ListExperiments' entry: id, arn, experimentTemplateId, state, creationTime, tags (and experimentOptions).
nlohmann::json experimentSummaryJson(const faults::Experiment& experiment);

/// arn:aws:fis:<region>::action/<id> — AWS's actions belong to no account. [format seen in other emulators]
std::string actionArn(const std::string& region, const std::string& actionId);
/// The name an action gives its target in `targets` ("Functions" for aws:lambda:function).
std::string actionTargetName(const std::string& resourceType);
/// ListActions' entry (id, arn, description, targets, tags), with `parameters` too for GetAction's `action`.
nlohmann::json actionJson(const faults::ActionSpec& action, const std::string& region, bool withParameters);

/// The resource types actions of the catalogue target, as ListTargetResourceTypes names them.
nlohmann::json targetResourceTypesJson();
/// GetTargetResourceType's `targetResourceType`, or null when no action targets `resourceType`.
nlohmann::json targetResourceTypeJson(const std::string& resourceType);

} // namespace lambdadesk::bridge
