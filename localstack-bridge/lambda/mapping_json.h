// SPDX-License-Identifier: MIT
// EventSourceMappingConfiguration to and from JSON.
#pragma once

#include <model/expected.h>
#include <model/mapping_config.h>
#include <mappings/event_sources.h>

#include <nlohmann/json.hpp>

namespace lambdadesk::bridge {

/// Applies a CreateEventSourceMapping / UpdateEventSourceMapping body onto `config` with Lambda's range
/// checks. `creating` requires EventSourceArn (and StartingPosition for streams) and sets the source's
/// defaults; an update keeps what the body omits and refuses to change what AWS does not let change.
core::Expected<void> applyMappingInput(const nlohmann::json& input, core::EventSourceMappingConfig& config,
                                       bool creating);

/// The mapping as the API reports it; `functionArn` is the target's ARN.
nlohmann::json mappingJson(const core::MappingStatus& status, const std::string& functionArn, double lastModified);

}  // namespace lambdadesk::bridge
