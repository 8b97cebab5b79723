// SPDX-License-Identifier: MIT
#pragma once

#include "filters/event_filter_cidr.h"
#include "filters/event_filter_wildcard.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

// The compiled form of one entry of a pattern's value array (`"field": [ entry, entry, … ]`).
namespace lambdadesk::core::filter {

/// Numeric matching limits: operands within ±1e9, compared at 6 decimal places (micro-units).
inline constexpr double kNumericLimit = 1e9;

/// A number as `numeric` and numeric `anything-but` compare it: rounded to micro-units. Values beyond
/// ±1e9 clamp just outside the operand range, so they still order correctly against every operand.
std::int64_t toMicros(double value);

/// A `numeric` condition: an optional lower and an optional upper bound, in micro-units.
struct NumericRange {
    bool hasLow = false;
    bool lowOpen = false;
    std::int64_t low = 0;
    bool hasHigh = false;
    bool highOpen = false;
    std::int64_t high = 0;

    [[nodiscard]] bool contains(std::int64_t micros) const;
};

/// A literal: string, number, true/false or null. Numbers match by JSON form (see EventFilter).
struct ExactMatcher {
    nlohmann::json literal;
};
struct PrefixMatcher {
    std::string text;  // folded when ignoreCase
    bool ignoreCase = false;
};
struct SuffixMatcher {
    std::string text;  // folded when ignoreCase
    bool ignoreCase = false;
};
struct EqualsIgnoreCaseMatcher {
    std::string folded;
};
struct WildcardMatcher {
    WildcardPattern pattern;
};
struct NumericMatcher {
    NumericRange range;
};
struct CidrMatcher {
    CidrRange range;
};
/// `exists`: decided on the field as a whole, not per value (see matchesField).
struct ExistsMatcher {
    bool exists = true;
};
/// `anything-but` in all its forms: matches any present value that none of the listed ones matches.
struct AnythingButMatcher {
    enum class Mode : std::uint8_t { Strings, Numbers, Prefix, Suffix, EqualsIgnoreCase, Wildcard };
    Mode mode = Mode::Strings;
    std::vector<std::string> strings;  // Strings, Prefix, Suffix; folded for EqualsIgnoreCase
    std::vector<std::int64_t> numbers;  // Numbers, in micro-units
    std::vector<WildcardPattern> wildcards;
};

using ValueMatcher = std::variant<ExactMatcher, PrefixMatcher, SuffixMatcher, EqualsIgnoreCaseMatcher, WildcardMatcher,
                                  NumericMatcher, CidrMatcher, ExistsMatcher, AnythingButMatcher>;

/// True when one leaf value of the event (a string, number, boolean or null; never an array or object)
/// satisfies `matcher`. ExistsMatcher is not decided here and always answers false.
bool matchesValue(const ValueMatcher& matcher, const nlohmann::json& leaf);

}  // namespace lambdadesk::core::filter
