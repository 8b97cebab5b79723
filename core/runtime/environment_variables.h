// SPDX-License-Identifier: MIT
#pragma once

#include "model/function_config.h"
#include "runtime/runtime_catalog.h"
#include "telemetry/events.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::core {

/// Who an environment is, for the variables Lambda reserves.
struct EnvironmentIdentity {
    std::string runtimeApi;      ///< "127.0.0.1:<port>"
    std::string logStreamName;   ///< "YYYY/MM/DD/[$LATEST]<id>"
    std::string region = "us-east-1";
    InitializationType initType = InitializationType::OnDemand;
    std::string serviceEndpoint; ///< AWS_ENDPOINT_URL for the function's SDK calls; empty = none
};

/// The complete environment of a function process ("NAME=value"): Lambda's reserved variables,
/// the unreserved defaults, layer paths, then the user's variables (which cannot override reserved ones).
std::vector<std::string> buildEnvironment(const FunctionConfig& function, const RuntimeCommand& runtime,
                                          const EnvironmentIdentity& identity);

/// Where scripts/setup installs the AWS SDK for JavaScript v3 for Node functions (resources/runtimes/node/sdk,
/// `npm ci`): the last folder of their NODE_PATH.
std::filesystem::path nodeSdkModulesDir(const std::filesystem::path& nodeRuntimeDir);

/// The access key id a function's processes get (AWS_ACCESS_KEY_ID): "LDFN" and the function name in hex,
/// so the AWS endpoint can tell which function an SDK call comes from (its SigV4 scope names the key).
std::string functionAccessKeyId(const std::string& functionName);
/// The function an access key id of functionAccessKeyId() names; empty for any other key.
std::string functionFromAccessKeyId(std::string_view accessKeyId);

/// The log stream name AWS would give an environment started now.
std::string makeLogStreamName(const std::string& environmentId);

}  // namespace lambdadesk::core
