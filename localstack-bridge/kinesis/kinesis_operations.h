// SPDX-License-Identifier: MIT
#pragma once

#include <model/expected.h>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace lambdadesk::core {
class StreamService;
}

namespace lambdadesk::bridge::kinesis {

/// Runs the Kinesis operation `operation` (X-Amz-Target without its "Kinesis_20131202." prefix) on `streams`:
/// request members in, response members out. Errors carry Kinesis's __type as their code: core's, a
/// SerializationException for members of the wrong type, or UnknownOperationException.
core::Expected<nlohmann::json> runOperation(core::StreamService& streams, std::string_view operation,
                                            const nlohmann::json& body);

/// The operations runOperation knows, comma separated, for messages.
std::string supportedOperations();

} // namespace lambdadesk::bridge::kinesis
