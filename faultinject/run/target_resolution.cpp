// SPDX-License-Identifier: MIT
#include "run/target_resolution.h"

#include "run/hit_selection.h"

#include <algorithm>
#include <optional>

namespace lambdadesk::faults {
namespace {

/// "arn:aws:lambda:us-east-1:123456789012:function:name[:qualifier]" or a bare name → the name.
std::string functionNameOf(const std::string& arnOrName)
{
    constexpr std::string_view kMarker = ":function:";
    const auto at = arnOrName.find(kMarker);
    if (at == std::string::npos)
        return arnOrName;
    auto name = arnOrName.substr(at + kMarker.size());
    if (const auto colon = name.find(':'); colon != std::string::npos)
        name.erase(colon);
    return name;
}

std::optional<std::string> fieldOf(const core::FunctionConfig& function, const std::string& path)
{
    if (path == "Configuration.FunctionName")
        return function.name;
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
            const auto name = functionNameOf(arn);
            const auto function = std::find_if(functions.begin(), functions.end(),
                                               [&](const core::FunctionConfig& f) { return f.name == name; });
            if (function == functions.end())
                resolved.unmatched.push_back(arn);
            else
                take(*function);
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
