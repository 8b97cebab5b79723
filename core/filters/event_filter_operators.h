// SPDX-License-Identifier: MIT
#pragma once

#include "filters/event_filter_values.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

// Compiling the operator objects of a pattern's value arrays (`{"prefix": …}`, `{"numeric": […]}`, …).
namespace lambdadesk::core::filter {

/// True for the names of the match operators (prefix, suffix, equals-ignore-case, anything-but, numeric,
/// exists, cidr, wildcard).
bool isMatchOperator(std::string_view name);

/// Compiles one `{operator: operand}` object. On failure returns nothing and sets `error` to EventBridge's
/// message for the problem, followed by what is accepted.
std::optional<ValueMatcher> compileMatchExpression(const nlohmann::json& expression, std::string& error);

}  // namespace lambdadesk::core::filter
