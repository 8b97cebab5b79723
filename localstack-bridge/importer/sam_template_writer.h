// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::bridge {

/// What the importer read about one function, in the Lambda API's JSON shapes.
struct ImportedFunction {
    nlohmann::json configuration;                   ///< FunctionConfiguration (GetFunction's Configuration)
    nlohmann::json tags = nlohmann::json::object(); ///< GetFunction's Tags
    std::optional<int> reservedConcurrency;         ///< GetFunctionConcurrency
    std::optional<nlohmann::json> eventInvokeConfig;  ///< GetFunctionEventInvokeConfig; nullopt = none
    std::vector<nlohmann::json> mappings;           ///< EventSourceMappingConfiguration of this function
};

struct SamTemplate {
    std::string yaml;
    std::vector<std::string> notes;  ///< what could not be carried over (unsupported mapping sources)
};

/// A SAM template (Transform AWS::Serverless-2016-10-31) with one AWS::Serverless::Function per function,
/// CodeUri functions/<name>, and each mapping as an SQS or Kinesis entry of its Events. Every string from
/// the endpoint is written double-quoted, so no value can change the template's structure or type.
/// A comment at the top says where it came from and that the queues, streams and destinations it names
/// are not created by it.
SamTemplate writeSamTemplate(const std::vector<ImportedFunction>& functions, const std::string& endpointUrl);

/// A CloudFormation logical id (letters and digits) for a function name: "orders-v2_fn" → "OrdersV2Fn".
std::string logicalIdFor(const std::string& name);

}  // namespace lambdadesk::bridge
