// SPDX-License-Identifier: MIT
#pragma once

#include "model/diagnostic.h"
#include "model/function_config.h"

#include <filesystem>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// A loaded SAM project: its functions, queues and streams, and the warnings found while reading it.
struct Project {
    std::filesystem::path templatePath;    ///< absolute path of template.yaml / template.json
    std::filesystem::path rootDir;         ///< the folder holding the template
    std::string region = "us-east-1";
    std::string accountId = "123456789012";
    std::string stackName = "lambdadesk";
    std::vector<FunctionConfig> functions;
    std::vector<QueueConfig> queues;
    std::vector<StreamConfig> streams;
    std::vector<Diagnostic> warnings;

    /// Finds a function by name, logical id or ARN (with or without a qualifier); nullptr when absent.
    [[nodiscard]] const FunctionConfig* findFunction(const std::string& nameOrArn) const;
};

}  // namespace lambdadesk::core
