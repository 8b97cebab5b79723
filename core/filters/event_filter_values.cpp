// SPDX-License-Identifier: MIT
#include "filters/event_filter_values.h"

#include "filters/event_filter_case.h"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace lambdadesk::core::filter {
namespace {

constexpr std::int64_t kMicrosLimit = 1'000'000'000'000'000;  // 1e9 in micro-units

// Lambda compares literal numbers by their JSON form ("300, 300.0 and 3.0e2 are not considered equal").
// The parsed document keeps integers and floating-point numbers apart, so an integer literal matches
// only integers of the same value and a decimal or exponent literal only non-integers of the same value.
bool sameLiteral(const nlohmann::json& literal, const nlohmann::json& leaf)
{
    if (literal.is_string())
        return leaf.is_string() && leaf.get_ref<const std::string&>() == literal.get_ref<const std::string&>();
    if (literal.is_number_float())
        return leaf.is_number_float() && leaf.get<double>() == literal.get<double>();
    if (literal.is_number_integer())
        return leaf.is_number_integer() && leaf == literal;
    if (literal.is_boolean())
        return leaf.is_boolean() && leaf.get<bool>() == literal.get<bool>();
    return literal.is_null() && leaf.is_null();
}

const std::string* stringOf(const nlohmann::json& leaf)
{
    return leaf.is_string() ? &leaf.get_ref<const std::string&>() : nullptr;
}

bool anyOf(const std::vector<std::string>& values, auto&& predicate)
{
    return std::any_of(values.begin(), values.end(), predicate);
}

bool matchesAnythingBut(const AnythingButMatcher& matcher, const nlohmann::json& leaf)
{
    using Mode = AnythingButMatcher::Mode;
    // Each mode asks whether one of the listed values matches; anything-but is the negation, so
    // values the listed ones cannot match at all (a number against strings, null, …) pass.
    if (matcher.mode == Mode::Numbers) {
        if (!leaf.is_number())
            return true;
        const std::int64_t micros = toMicros(leaf.get<double>());
        return std::find(matcher.numbers.begin(), matcher.numbers.end(), micros) == matcher.numbers.end();
    }
    const std::string* text = stringOf(leaf);
    if (text == nullptr)
        return true;
    const std::string_view value = *text;
    switch (matcher.mode) {
    case Mode::Strings:
        return !anyOf(matcher.strings, [&](const std::string& s) { return value == s; });
    case Mode::Prefix:
        return !anyOf(matcher.strings, [&](const std::string& s) { return value.starts_with(s); });
    case Mode::Suffix:
        return !anyOf(matcher.strings, [&](const std::string& s) { return value.ends_with(s); });
    case Mode::EqualsIgnoreCase:
        return !anyOf(matcher.strings, [&](const std::string& s) { return equalsFolded(value, s); });
    case Mode::Wildcard:
        return std::none_of(matcher.wildcards.begin(), matcher.wildcards.end(),
                            [&](const WildcardPattern& w) { return w.matches(value); });
    case Mode::Numbers:
        break;
    }
    return false;
}

// One overload per matcher kind, so adding a kind without handling it fails to compile.
struct LeafVisitor {
    const nlohmann::json& leaf;

    bool operator()(const ExactMatcher& m) const { return sameLiteral(m.literal, leaf); }
    bool operator()(const PrefixMatcher& m) const
    {
        const std::string* text = stringOf(leaf);
        if (text == nullptr)
            return false;
        return m.ignoreCase ? startsWithFolded(*text, m.text) : std::string_view(*text).starts_with(m.text);
    }
    bool operator()(const SuffixMatcher& m) const
    {
        const std::string* text = stringOf(leaf);
        if (text == nullptr)
            return false;
        return m.ignoreCase ? endsWithFolded(*text, m.text) : std::string_view(*text).ends_with(m.text);
    }
    bool operator()(const EqualsIgnoreCaseMatcher& m) const
    {
        const std::string* text = stringOf(leaf);
        return text != nullptr && equalsFolded(*text, m.folded);
    }
    bool operator()(const WildcardMatcher& m) const
    {
        const std::string* text = stringOf(leaf);
        return text != nullptr && m.pattern.matches(*text);
    }
    bool operator()(const NumericMatcher& m) const
    {
        return leaf.is_number() && m.range.contains(toMicros(leaf.get<double>()));
    }
    bool operator()(const CidrMatcher& m) const
    {
        const std::string* text = stringOf(leaf);
        return text != nullptr && m.range.contains(*text);
    }
    bool operator()(const ExistsMatcher&) const { return false; }
    bool operator()(const AnythingButMatcher& m) const { return matchesAnythingBut(m, leaf); }
};

}  // namespace

std::int64_t toMicros(double value)
{
    if (value > kNumericLimit)
        return kMicrosLimit + 1;
    if (value < -kNumericLimit)
        return -kMicrosLimit - 1;
    return std::llround(value * 1e6);
}

bool NumericRange::contains(std::int64_t micros) const
{
    if (hasLow && (lowOpen ? micros <= low : micros < low))
        return false;
    if (hasHigh && (highOpen ? micros >= high : micros > high))
        return false;
    return true;
}

bool matchesValue(const ValueMatcher& matcher, const nlohmann::json& leaf)
{
    return std::visit(LeafVisitor{leaf}, matcher);
}

}  // namespace lambdadesk::core::filter
