// SPDX-License-Identifier: MIT
#pragma once

#include <model/function_config.h>
#include <model/project.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::exporter {

/// A test event for one trigger of a function.
struct SampleEvent {
    std::string name;      ///< the trigger's name under Events
    nlohmann::json event;  ///< the payload Lambda would send
};

/// The payload each trigger of `function` sends, in the shapes `sam local generate-event` writes (SQS,
/// Kinesis, API Gateway v1 and v2, scheduled events), started from resources/events and filled with the
/// trigger's own queue or stream ARN, path, method, region and account. A schedule with `Input` sends that
/// input. Triggers of other types have none.
std::vector<SampleEvent> sampleEvents(const core::FunctionConfig& function, const core::Project& project);

/// The payload of one bundled template (resources/events/<name>.json), e.g. "sqs", "s3-put".
std::optional<nlohmann::json> eventTemplate(const std::string& name);

}  // namespace lambdadesk::exporter
