// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "model/function_config.h"

#include <filesystem>
#include <string>
#include <vector>

namespace lambdadesk::core {

enum class RuntimeFamily { Python, Node, Provided };

/// How to start a function's runtime: the command line and what kind of runtime it is.
struct RuntimeCommand {
    RuntimeFamily family = RuntimeFamily::Provided;
    std::vector<std::string> argv;
    std::filesystem::path runtimeDir;  ///< LAMBDA_RUNTIME_DIR
};

/// The folder holding runtimes/, demo/ and events/: $LAMBDADESK_RESOURCES, else the source tree's.
std::filesystem::path resourcesDir();

/// Resolves the command for a function's runtime. Errors name what is missing and what to install.
Expected<RuntimeCommand> resolveRuntime(const FunctionConfig& function);

/// The family of a runtime identifier, or an error listing the supported runtimes.
Expected<RuntimeFamily> runtimeFamily(const std::string& runtime);

}  // namespace lambdadesk::core
