// SPDX-License-Identifier: MIT
#pragma once

#include "template/experiment_template.h"

#include <model/function_config.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::faults {

struct ResolvedTarget {
    std::vector<std::string> functions;   ///< the function names chosen
    std::vector<std::string> unmatched;   ///< ARNs or names that named no function LambdaDesk runs
};

/// Which of the loaded functions a target means: by ARN or name, or by tags; then its filters (paths
/// `Configuration.FunctionName`, `.Runtime`, `.Handler`, `.MemorySize`, `.Timeout`, `.Architectures`, and
/// `Tags.<key>`), then its selection mode with the experiment's seed.
ResolvedTarget resolveTarget(const ExperimentTarget& target, const std::vector<core::FunctionConfig>& functions,
                             std::uint64_t seed, std::string_view targetName);

}  // namespace lambdadesk::faults
