// SPDX-License-Identifier: MIT
#include "filters/event_filter_operators.h"

#include "filters/event_filter_case.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <utility>

namespace lambdadesk::core::filter {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 8> kOperators = {
    "prefix", "suffix", "equals-ignore-case", "anything-but", "numeric", "exists", "cidr", "wildcard"};
constexpr std::string_view kOperatorList =
    "prefix, suffix, equals-ignore-case, anything-but, numeric, exists, cidr, wildcard";

std::nullopt_t fail(std::string& error, std::string detail)
{
    error = std::move(detail);
    return std::nullopt;
}

// Values quoted in messages are shown as JSON, shortened so one bad value cannot flood a log line.
std::string shown(const json& value)
{
    std::string text = value.dump();
    if (text.size() > 40)
        text = text.substr(0, 37) + "...";
    return text;
}

std::optional<ValueMatcher> compileAffix(const std::string& op, const json& value, std::string& error)
{
    const bool prefix = op == "prefix";
    if (value.is_string()) {
        if (prefix)
            return PrefixMatcher{value.get<std::string>(), false};
        return SuffixMatcher{value.get<std::string>(), false};
    }
    if (value.is_object() && value.size() == 1 && value.begin().key() == "equals-ignore-case") {
        const json& text = value.begin().value();
        if (!text.is_string())
            return fail(error, op + "/equals-ignore-case match pattern must be a string");
        if (prefix)
            return PrefixMatcher{foldCase(text.get_ref<const std::string&>()), true};
        return SuffixMatcher{foldCase(text.get_ref<const std::string&>()), true};
    }
    if (value.is_object())
        return fail(error, "Unsupported " + op + " pattern: " + shown(value) + "; only {\"" + op +
                               R"(": {"equals-ignore-case": "text"}} is accepted besides a string)");
    return fail(error, op + " match pattern must be a string");
}

std::optional<double> numericOperand(const json& value, std::string_view op, std::string& error)
{
    const std::string name = op == "=" ? "equals" : std::string(op);
    if (!value.is_number())
        return fail(error, "Value of " + name + " must be numeric");
    const double number = value.get<double>();
    if (std::fabs(number) > kNumericLimit)
        return fail(error, "Value of " + name + " must be between -1e9 and 1e9 inclusive");
    return number;
}

std::optional<ValueMatcher> compileNumeric(const json& value, std::string& error)
{
    if (!value.is_array())
        return fail(error, R"(Value of numeric must be an array, as in {"numeric": [">", 0, "<=", 5]})");
    if (value.empty() || !value[0].is_string())
        return fail(error, "Invalid member in numeric match: " + (value.empty() ? std::string("]") : shown(value[0])) +
                               "; it starts with an operator: =, <, <=, >, >=");
    const auto& op = value[0].get_ref<const std::string&>();
    if (op != "=" && op != "<" && op != "<=" && op != ">" && op != ">=")
        return fail(error, "Unrecognized numeric range operator: " + op + "; accepted: =, <, <=, >, >=");
    const auto first = numericOperand(value.size() > 1 ? value[1] : json(), op, error);
    if (!first)
        return std::nullopt;
    NumericRange range;
    const std::int64_t firstMicros = toMicros(*first);
    if (op == "=" || op == "<" || op == "<=") {
        if (value.size() > 2)
            return fail(error,
                        R"(Too many elements in numeric expression; only ">" or ">=" can be followed by "<" or "<=")");
        range.hasHigh = true;
        range.high = firstMicros;
        range.highOpen = op == "<";
        if (op == "=") {
            range.hasLow = true;
            range.low = firstMicros;
        }
        return NumericMatcher{range};
    }
    range.hasLow = true;
    range.low = firstMicros;
    range.lowOpen = op == ">";
    if (value.size() == 2)
        return NumericMatcher{range};
    if (!value[2].is_string())
        return fail(error, "Bad value in numeric range: " + shown(value[2]) + R"(; expected "<" or "<=")");
    const auto& upperOp = value[2].get_ref<const std::string&>();
    if (upperOp != "<" && upperOp != "<=")
        return fail(error, "Bad numeric range operator: " + upperOp + R"(; the upper bound takes "<" or "<=")");
    const auto second = numericOperand(value.size() > 3 ? value[3] : json(), upperOp, error);
    if (!second)
        return std::nullopt;
    if (value.size() > 4)
        return fail(error,
                    "Too many terms in numeric range expression; at most a lower and an upper bound are accepted");
    if (*second <= *first)
        return fail(error, "Bottom must be less than top");
    range.hasHigh = true;
    range.high = toMicros(*second);
    range.highOpen = upperOp == "<";
    return NumericMatcher{range};
}

std::optional<ValueMatcher> compileAnythingButObject(const json& value, std::string& error)
{
    using Mode = AnythingButMatcher::Mode;
    if (value.size() != 1)
        return fail(error, value.empty() ? "Anything-But expression name not found; give one of prefix, suffix, "
                                           "equals-ignore-case, wildcard"
                                         : "Only one key allowed in match expression");
    const std::string& op = value.begin().key();
    const json& operand = value.begin().value();
    AnythingButMatcher matcher;
    if (op == "prefix")
        matcher.mode = Mode::Prefix;
    else if (op == "suffix")
        matcher.mode = Mode::Suffix;
    else if (op == "equals-ignore-case")
        matcher.mode = Mode::EqualsIgnoreCase;
    else if (op == "wildcard")
        matcher.mode = Mode::Wildcard;
    else
        return fail(error, "Unsupported anything-but pattern: " + op +
                               "; accepted: prefix, suffix, equals-ignore-case, wildcard");
    // Each accepts one string or a list of strings (EventBridge added lists for all four).
    const json single = operand.is_array() ? json() : json::array({operand});
    const json& list = operand.is_array() ? operand : single;
    const bool allStrings =
        !list.empty() && std::all_of(list.begin(), list.end(), [](const json& entry) { return entry.is_string(); });
    if (!allStrings)
        return fail(error, "anything-but/" + op + " match pattern must be a string or a non-empty list of strings");
    for (const json& entry : list) {
        const auto& text = entry.get_ref<const std::string&>();
        if (text.empty() && (matcher.mode == Mode::Prefix || matcher.mode == Mode::Suffix))
            return fail(error, "Null prefix/suffix not allowed; an empty " + op + " would exclude every string");
        if (matcher.mode == Mode::EqualsIgnoreCase) {
            matcher.strings.push_back(foldCase(text));
        } else if (matcher.mode == Mode::Wildcard) {
            auto pattern = WildcardPattern::parse(text, error);
            if (!pattern)
                return std::nullopt;
            matcher.wildcards.push_back(std::move(*pattern));
        } else {
            matcher.strings.push_back(text);
        }
    }
    return matcher;
}

std::optional<ValueMatcher> compileAnythingBut(const json& value, std::string& error)
{
    using Mode = AnythingButMatcher::Mode;
    if (value.is_object())
        return compileAnythingButObject(value, error);
    AnythingButMatcher matcher;
    if (!value.is_string() && !value.is_number() && !value.is_array())
        return fail(error, "Value of anything-but must be an array or single string/number value");
    const json single = value.is_array() ? json() : json::array({value});
    const json& list = value.is_array() ? value : single;
    bool strings = false;
    bool numbers = false;
    for (const json& entry : list) {
        if (entry.is_string()) {
            strings = true;
            matcher.strings.push_back(entry.get<std::string>());
        } else if (entry.is_number()) {
            numbers = true;
            const auto number = numericOperand(entry, "anything-but", error);
            if (!number)
                return std::nullopt;
            matcher.numbers.push_back(toMicros(*number));
        } else
            return fail(error,
                        "Inside anything but list, start|null|boolean is not supported; only strings or only numbers "
                        "are accepted");
    }
    if (!strings && !numbers)
        return fail(error, "Inside anything but list, give at least one string or number");
    if (strings && numbers)
        return fail(error,
                    "Inside anything but list, either all values are number or string, mixed type is not supported");
    matcher.mode = numbers ? Mode::Numbers : Mode::Strings;
    return matcher;
}

}  // namespace

bool isMatchOperator(std::string_view name)
{
    return std::find(kOperators.begin(), kOperators.end(), name) != kOperators.end();
}

std::optional<ValueMatcher> compileMatchExpression(const nlohmann::json& expression, std::string& error)
{
    if (expression.empty())
        return fail(error, std::string("Match expression name not found; give one of ").append(kOperatorList));
    if (expression.size() > 1)
        return fail(error, "Only one key allowed in match expression; put each operator in its own {…} in the array");
    const std::string& op = expression.begin().key();
    const json& value = expression.begin().value();
    if (op == "prefix" || op == "suffix")
        return compileAffix(op, value, error);
    if (op == "numeric")
        return compileNumeric(value, error);
    if (op == "anything-but")
        return compileAnythingBut(value, error);
    if (op == "equals-ignore-case") {
        if (value.is_string())
            return EqualsIgnoreCaseMatcher{foldCase(value.get_ref<const std::string&>())};
        return fail(error, "equals-ignore-case match pattern must be a string");
    }
    if (op == "exists") {
        if (value.is_boolean())
            return ExistsMatcher{value.get<bool>()};
        return fail(error, "exists match pattern must be either true or false");
    }
    if (op == "wildcard" || op == "cidr") {
        if (!value.is_string())
            return fail(error, op + " match pattern must be a string");
        if (op == "wildcard") {
            if (auto pattern = WildcardPattern::parse(value.get_ref<const std::string&>(), error))
                return WildcardMatcher{std::move(*pattern)};
        } else if (auto range = CidrRange::parse(value.get_ref<const std::string&>(), error)) {
            return CidrMatcher{*range};
        }
        return std::nullopt;
    }
    return fail(error, "Unrecognized match type " + op + "; accepted: " + std::string(kOperatorList));
}

}  // namespace lambdadesk::core::filter
