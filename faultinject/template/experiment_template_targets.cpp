// SPDX-License-Identifier: MIT
// `targets.<name>` of an experiment template: which functions, by ARN or by tags, with filters and a selection mode.
#include "template/template_fields.h"

#include <charconv>
#include <limits>
#include <regex>

namespace lambdadesk::faults::detail {
namespace {

constexpr std::size_t kMaxResourceArns = 5;
constexpr std::size_t kMaxResourceTags = 50;
constexpr std::string_view kFunctionType = "aws:lambda:function";
constexpr std::string_view kAcceptedArn =
    "arn:aws:lambda:REGION:ACCOUNT:function:NAME (optionally :QUALIFIER) or a function name";

bool isFunctionReference(const std::string& text)
{
    // Lambda's own ARN pattern (partitions aws, aws-cn, aws-us-gov…), or a bare name as LambdaDesk projects use.
    static const std::regex kArn(R"(arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:[a-zA-Z0-9_-]{1,64})"
                                 R"((:(\$LATEST|[a-zA-Z0-9_-]{1,128}))?)");
    static const std::regex kName(R"([a-zA-Z0-9_-]{1,64})");
    return std::regex_match(text, kName) || std::regex_match(text, kArn);
}

/// "ALL", "COUNT(n)" with n ≥ 1, "PERCENT(n)" with 1 ≤ n ≤ 100; nullopt when none of those.
std::optional<SelectionMode> parseSelectionMode(const std::string& text)
{
    if (text == "ALL")
        return SelectionMode{};
    const auto withNumber = [&text](std::string_view prefix, SelectionMode::Kind kind, int min,
                                    int max) -> std::optional<SelectionMode> {
        if (text.size() <= prefix.size() + 1 || text.compare(0, prefix.size(), prefix) != 0 || text.back() != ')')
            return std::nullopt;
        const char* first = text.data() + prefix.size();
        const char* last = text.data() + text.size() - 1;
        int value = 0;
        const auto [end, status] = std::from_chars(first, last, value);
        if (status != std::errc{} || end != last || value < min || value > max)
            return std::nullopt;
        return SelectionMode{kind, value};
    };
    if (auto count = withNumber("COUNT(", SelectionMode::Kind::Count, 1, std::numeric_limits<int>::max()))
        return count;
    return withNumber("PERCENT(", SelectionMode::Kind::Percent, 1, 100);
}

core::Expected<std::vector<TargetFilter>> parseFilters(const Json& value, const std::string& path)
{
    if (!value.is_array())
        return typeError(path,
                         R"(an array of filters such as [{"path": "Configuration.Runtime", "values": ["python3.12"]}])",
                         value);
    std::vector<TargetFilter> filters;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string filterPath = indexPath(path, i);
        const Json& entry = value[i];
        if (!entry.is_object())
            return typeError(filterPath, R"(an object {"path": …, "values": […]})", entry);
        if (auto members = checkMembers(entry, filterPath, {"path", "values"}); !members)
            return members.error();
        TargetFilter filter;
        const Json* filterPathValue = findMember(entry, "path");
        if (!filterPathValue)
            return fieldError(childPath(filterPath, "path"),
                              "is required; accepted: a path into the function's description such as "
                              "Configuration.Runtime");
        auto pathText = readString(*filterPathValue, childPath(filterPath, "path"));
        if (!pathText)
            return pathText.error();
        if (pathText->empty())
            return fieldError(childPath(filterPath, "path"),
                              "is empty; accepted: a path such as Configuration.Runtime");
        filter.path = std::move(*pathText);
        const Json* values = findMember(entry, "values");
        if (!values)
            return fieldError(childPath(filterPath, "values"), "is required; accepted: an array of strings");
        auto valueTexts = readStringArray(*values, childPath(filterPath, "values"));
        if (!valueTexts)
            return valueTexts.error();
        if (valueTexts->empty())
            return fieldError(childPath(filterPath, "values"), "is empty; accepted: an array of at least one string");
        filter.values = std::move(*valueTexts);
        filters.push_back(std::move(filter));
    }
    return filters;
}

core::Expected<ExperimentTarget> parseTarget(const Json& value, const std::string& path)
{
    if (!value.is_object())
        return typeError(path, "an object with resourceType, resourceArns or resourceTags and selectionMode", value);
    if (auto members = checkMembers(
            value, path, {"resourceType", "resourceArns", "resourceTags", "filters", "selectionMode", "parameters"});
        !members)
        return members.error();

    ExperimentTarget target;
    const std::string typePath = childPath(path, "resourceType");
    const Json* type = findMember(value, "resourceType");
    if (!type)
        return fieldError(typePath, "is required; accepted: \"" + std::string(kFunctionType) + "\"");
    if (!type->is_string() || type->get_ref<const std::string&>() != kFunctionType)
        return fieldError(typePath,
                          (type->is_string() ? inQuotes(type->get_ref<const std::string&>()) : describe(*type)) +
                              " is not accepted; accepted: \"" + std::string(kFunctionType) +
                              "\" (LambdaDesk's faults act on Lambda functions only)");
    target.resourceType = kFunctionType;

    // FIS: resourceArns or resourceTags, not both. An empty one counts as not given, so toJson's echo reads back.
    const Json* arns = findMember(value, "resourceArns");
    const Json* tags = findMember(value, "resourceTags");
    const std::string arnsPath = childPath(path, "resourceArns");
    const std::string tagsPath = childPath(path, "resourceTags");
    if (arns) {
        auto arnTexts = readStringArray(*arns, arnsPath);
        if (!arnTexts)
            return arnTexts.error();
        if (arnTexts->size() > kMaxResourceArns)
            return fieldError(arnsPath, "holds " + std::to_string(arnTexts->size()) + " ARNs; accepted: at most " +
                                            std::to_string(kMaxResourceArns) +
                                            " (use resourceTags to pick more functions)");
        for (std::size_t i = 0; i < arnTexts->size(); ++i) {
            if (!isFunctionReference((*arnTexts)[i]))
                return fieldError(indexPath(arnsPath, i),
                                  inQuotes((*arnTexts)[i]) +
                                      " is not a Lambda function ARN; accepted: " + std::string(kAcceptedArn));
        }
        target.resourceArns = std::move(*arnTexts);
    }
    if (tags) {
        auto tagMap = readStringMap(*tags, tagsPath);
        if (!tagMap)
            return tagMap.error();
        if (tagMap->size() > kMaxResourceTags)
            return fieldError(tagsPath, "holds " + std::to_string(tagMap->size()) + " tags; accepted: at most " +
                                            std::to_string(kMaxResourceTags));
        target.resourceTags = std::move(*tagMap);
    }
    if (!target.resourceArns.empty() && !target.resourceTags.empty())
        return fieldError(path, "gives both resourceArns and resourceTags; accepted: exactly one of them");
    if (target.resourceArns.empty() && target.resourceTags.empty())
        return fieldError(path, "gives neither resourceArns nor resourceTags; accepted: exactly one of them, as in "
                                R"("resourceArns": ["arn:aws:lambda:us-east-1:000000000000:function:f"] or )"
                                R"("resourceTags": {"team": "orders"})");

    if (const Json* filters = findMember(value, "filters")) {
        auto parsed = parseFilters(*filters, childPath(path, "filters"));
        if (!parsed)
            return parsed.error();
        target.filters = std::move(*parsed);
    }

    if (const Json* mode = findMember(value, "selectionMode")) {
        const std::string modePath = childPath(path, "selectionMode");
        auto text = readString(*mode, modePath);
        if (!text)
            return text.error();
        auto parsed = parseSelectionMode(*text);
        if (!parsed)
            return fieldError(modePath, inQuotes(*text) +
                                            " is not a selection mode; accepted: ALL, COUNT(n) with n at least 1, or "
                                            "PERCENT(n) with n from 1 to 100");
        target.selectionMode = *parsed;
        target.selectionModeText = std::move(*text);
    }

    // Lambda targets take no target parameters in FIS; an empty object is what some tools write.
    if (const Json* parameters = findMember(value, "parameters")) {
        if (!parameters->is_object() || !parameters->empty())
            return fieldError(childPath(path, "parameters"), "is not taken by " + std::string(kFunctionType) +
                                                                 " targets; accepted: {} or leave it out");
    }
    return target;
}

}  // namespace

core::Expected<std::map<std::string, ExperimentTarget>> parseTargets(const Json& targets)
{
    if (!targets.is_object())
        return typeError("targets", R"(an object of named targets such as {"Fns": {"resourceType": …}})", targets);
    std::map<std::string, ExperimentTarget> result;
    for (const auto& [name, value] : targets.items()) {
        if (auto valid = checkName(name, "targets", "target"); !valid)
            return valid.error();
        auto target = parseTarget(value, childPath("targets", name));
        if (!target)
            return target.error();
        result.emplace(name, std::move(*target));
    }
    return result;
}

}  // namespace lambdadesk::faults::detail
