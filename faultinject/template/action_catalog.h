// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::faults {

/// One parameter of an action, as the catalogue (and FIS's ListActions) describes it.
struct ParameterSpec {
    enum class Kind { Duration, Integer, Boolean, String };
    std::string name;
    std::string description;
    Kind kind = Kind::String;
    bool required = false;
    std::int64_t min = 0;       ///< Integer: inclusive bounds
    std::int64_t max = 0;
    std::string defaultValue;   ///< as a string, "" when none
    std::vector<std::string> choices;  ///< String: the accepted values when not empty
};

/// An action LambdaDesk can run: FIS's Lambda actions and aws:fis:wait, and local ones under `lambdadesk:`.
struct ActionSpec {
    std::string id;
    std::string description;
    std::string targetResourceType;  ///< "aws:lambda:function", or "" for actions without targets
    bool targetRequired = true;
    std::vector<ParameterSpec> parameters;
};

/// Every action, in the order ListActions shows them.
const std::vector<ActionSpec>& actionCatalog();
const ActionSpec* findAction(std::string_view actionId);

/// Checks one parameter value against its spec; the message names what would be accepted.
std::optional<std::string> checkParameter(const ParameterSpec& spec, const std::string& value);

/// ISO 8601 durations as FIS takes them: PT30S, PT1M, PT1H30M, PT0.5S, P1D. nullopt when malformed.
std::optional<std::chrono::milliseconds> parseIsoDuration(std::string_view text);

}  // namespace lambdadesk::faults
