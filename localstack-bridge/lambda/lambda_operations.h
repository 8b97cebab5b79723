// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::bridge {

/// A Lambda API call named as AWS names it, from its REST method and path.
struct LambdaOperation {
    std::string name;      ///< CreateFunction, Invoke, ListEventSourceMappings, …
    std::string resource;  ///< the function name / ARN or mapping UUID in the path; empty for lists and creates
};

/// Which operation `METHOD /segments…` is, or nothing for a path Lambda does not serve here. The one table of
/// Lambda's REST routes: the handler dispatches on it, and the endpoint names calls with it (so a fault
/// experiment's `operations` can say ListFunctions, and telemetry shows it).
std::optional<LambdaOperation> lambdaOperationOf(std::string_view method, const std::vector<std::string>& segments);

}  // namespace lambdadesk::bridge
