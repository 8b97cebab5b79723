// SPDX-License-Identifier: MIT
#pragma once

#include <model/expected.h>

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::faults {

/// FIS's `targets.<name>.filters[]`: a path into the resource's description and the values it may have.
struct TargetFilter {
    std::string path;                 ///< e.g. "Configuration.Runtime", "Configuration.MemorySize"
    std::vector<std::string> values;
};

/// How many of the resources a target matched an experiment acts on.
struct SelectionMode {
    enum class Kind { All, Count, Percent };
    Kind kind = Kind::All;
    int value = 0;  ///< COUNT(n): n; PERCENT(n): n (1–100)
};

/// `targets.<name>`: which functions an action breaks.
struct ExperimentTarget {
    std::string resourceType = "aws:lambda:function";
    std::vector<std::string> resourceArns;         ///< at most 5; a bare function name is accepted too
    std::map<std::string, std::string> resourceTags;
    std::vector<TargetFilter> filters;
    SelectionMode selectionMode;
    std::string selectionModeText = "ALL";         ///< as written, echoed back by the API
};

/// `actions.<name>`: what to do, with FIS's string parameters.
struct ExperimentAction {
    std::string actionId;                               ///< aws:lambda:invocation-add-delay, lambdadesk:…
    std::string description;
    std::map<std::string, std::string> parameters;      ///< values are strings, as in FIS
    std::map<std::string, std::string> targets;         ///< "Functions" → a key of ExperimentTemplate::targets
    std::vector<std::string> startAfter;                ///< names of actions that must complete first
};

/// `stopConditions[]`: `none`, `aws:cloudwatch:alarm` (not evaluated locally: refused with a hint), or a
/// local alarm `lambdadesk:alarm` whose value reads "ErrorRate(OrderProcessor) > 50 for 5s".
struct StopConditionSpec {
    std::string source = "none";
    std::string value;
};

/// An experiment template in FIS's JSON shape (CreateExperimentTemplate's request, GetExperimentTemplate's answer).
struct ExperimentTemplate {
    std::string id;             ///< "EXT" + 14 base-62 characters, as FIS's look; assigned when created
    std::string arn;
    std::string description;
    std::string roleArn;        ///< accepted and echoed; nothing local needs a role
    std::map<std::string, ExperimentTarget> targets;
    std::map<std::string, ExperimentAction> actions;
    std::vector<StopConditionSpec> stopConditions;
    std::map<std::string, std::string> tags;
    std::string emptyTargetResolutionMode = "fail";  ///< experimentOptions: fail | skip
    std::optional<std::uint64_t> seed;  ///< lambdadesk extension (`"lambdadesk": {"seed": 7}`): reproducible hits
    std::chrono::system_clock::time_point creationTime;
    std::chrono::system_clock::time_point lastUpdateTime;
};

/// The tag that carries a seed where the `lambdadesk` member cannot go (the AWS CLI validates its input against
/// FIS's model): "tags": {"lambdadesk:seed": "42"}. On a template, or on StartExperiment's tags.
inline constexpr std::string_view kSeedTag = "lambdadesk:seed";
/// A seed tag's value: decimal digits only, fitting 64 bits.
std::optional<std::uint64_t> parseSeedTag(const std::string& value);

/// Reads and validates a template from FIS's JSON (the CLI's --cli-input-json, a file, the app's editor).
/// Unknown members are refused; every error names the field ("actions.delay.parameters.duration") and what
/// would be accepted. Parameters are checked against the action catalogue; action targets must name a target,
/// startAfter must name actions and form no cycle. `clientToken` is accepted and ignored.
core::Expected<ExperimentTemplate> parseExperimentTemplate(const nlohmann::json& document);

/// The same from text, with the JSON syntax error's position when it is not JSON.
core::Expected<ExperimentTemplate> parseExperimentTemplate(const std::string& text);

/// FIS's wire shape of a template (`experimentTemplate` in the API's answers), epoch seconds for times.
nlohmann::json toJson(const ExperimentTemplate& experimentTemplate);

}  // namespace lambdadesk::faults
