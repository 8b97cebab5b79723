// SPDX-License-Identifier: MIT
// Private to faultinject/template: the pieces parseExperimentTemplate is made of, and the helpers that make
// every error name its JSON field path and what would be accepted.
#pragma once

#include "template/experiment_template.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::faults::detail {

using Json = nlohmann::json;

/// "targets" + "Fns" → "targets.Fns"; "" + "description" → "description".
std::string childPath(const std::string& path, std::string_view key);
/// "stopConditions" + 2 → "stopConditions[2]".
std::string indexPath(const std::string& path, std::size_t index);

/// A ValidationException reading "<path>: <problem>".
core::Error fieldError(const std::string& path, const std::string& problem);
/// "<path>: must be <expected>, got a number (25)".
core::Error typeError(const std::string& path, std::string_view expected, const Json& got);

/// What a JSON value is, for messages: "a number (25)", "an object", "null".
std::string describe(const Json& value);
/// A value in double quotes, cut short when long.
std::string inQuotes(std::string_view text);
/// Characters (UTF-8 code points) in a string, as FIS counts lengths.
std::size_t characterCount(std::string_view text);
/// "a, b, c".
std::string joined(const std::vector<std::string>& items);

/// The member `key` of an object, or nullptr.
const Json* findMember(const Json& object, std::string_view key);
/// Refuses members of `object` (at `path`) that are not in `accepted`, naming them and listing the accepted ones.
core::Expected<void> checkMembers(const Json& object, const std::string& path,
                                  const std::vector<std::string>& accepted);
/// Target and action names: 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.
core::Expected<void> checkName(const std::string& name, const std::string& parentPath, std::string_view what);

core::Expected<std::string> readString(const Json& value, const std::string& path);
core::Expected<std::vector<std::string>> readStringArray(const Json& value, const std::string& path);
core::Expected<std::map<std::string, std::string>> readStringMap(const Json& value, const std::string& path);

/// `targets`: every target, checked (experiment_template_targets.cpp).
core::Expected<std::map<std::string, ExperimentTarget>> parseTargets(const Json& targets);
/// `actions`: every action, checked against the catalogue and `targets`, startAfter free of cycles
/// (experiment_template_actions.cpp).
core::Expected<std::map<std::string, ExperimentAction>>
parseActions(const Json& actions, const std::map<std::string, ExperimentTarget>& targets);

}  // namespace lambdadesk::faults::detail
