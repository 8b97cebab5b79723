// SPDX-License-Identifier: MIT
#include "run/target_resolution.h"

#include "run/hit_selection.h"

#include <model/arn.h>
#include <model/function_name.h>

#include <algorithm>
#include <optional>

namespace lambdadesk::faults {
namespace {

/// The function a target's resource ARN names. Templates are written for an AWS account, so the account is
/// not compared; the region is when a function of that name lives in it (each region has its own `orders`),
/// else the name alone decides, the default region's function first (its key has no region).
const core::FunctionConfig* functionOfArn(const std::string& arn, const std::vector<core::FunctionConfig>& functions)
{
    const auto name = core::functionNameFromIdentifier(arn);
    const auto region = core::regionOfArn(arn);
    const core::FunctionConfig* byName = nullptr;
    for (const auto& function : functions) {
        if (core::awsFunctionName(function.name) != name)
            continue;
        if (!region.empty() && core::regionOfArn(function.arn) == region)
            return &function;
        if (!byName || function.name == name)
            byName = &function;
    }
    return byName;
}

std::optional<std::string> fieldOf(const core::FunctionConfig& function, const std::string& path)
{
    if (path == "Configuration.FunctionName")
        return core::awsFunctionName(function.name);
    if (path == "Configuration.Runtime")
        return function.runtime;
    if (path == "Configuration.Handler")
        return function.handler;
    if (path == "Configuration.MemorySize")
        return std::to_string(function.memoryMb);
    if (path == "Configuration.Timeout")
        return std::to_string(function.timeoutSeconds);
    if (path == "Configuration.Architectures")
        return function.architecture;
    if (path.starts_with("Tags.")) {
        const auto found = function.tags.find(path.substr(5));
        return found == function.tags.end() ? std::nullopt : std::optional(found->second);
    }
    return std::nullopt;
}

bool passesFilters(const core::FunctionConfig& function, const std::vector<TargetFilter>& filters)
{
    return std::all_of(filters.begin(), filters.end(), [&](const TargetFilter& filter) {
        const auto field = fieldOf(function, filter.path);
        return field && std::find(filter.values.begin(), filter.values.end(), *field) != filter.values.end();
    });
}

}  // namespace

ResolvedTarget resolveTarget(const ExperimentTarget& target, const std::vector<core::FunctionConfig>& functions,
                             std::uint64_t seed, std::string_view targetName)
{
    ResolvedTarget resolved;
    std::vector<std::string> matched;
    const auto take = [&](const core::FunctionConfig& function) {
        if (passesFilters(function, target.filters) &&
            std::find(matched.begin(), matched.end(), function.name) == matched.end())
            matched.push_back(function.name);
    };
    if (!target.resourceArns.empty()) {
        for (const auto& arn : target.resourceArns) {
            if (const auto* function = functionOfArn(arn, functions))
                take(*function);
            else
                resolved.unmatched.push_back(arn);
        }
    } else {
        for (const auto& function : functions) {
            const bool tagged = std::all_of(target.resourceTags.begin(), target.resourceTags.end(), [&](const auto& tag) {
                const auto found = function.tags.find(tag.first);
                return found != function.tags.end() && found->second == tag.second;
            });
            if (tagged)
                take(function);
        }
    }
    resolved.functions = selectResources(matched, target.selectionMode, seed, targetName);
    return resolved;
}

}  // namespace lambdadesk::faults
