// SPDX-License-Identifier: MIT
#include "project/parameters.h"

#include "project/diagnostic_collector.h"
#include "project/name_list.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <regex>
#include <vector>

namespace lambdadesk::core {
namespace {

constexpr auto kParameterKeys = std::to_array<std::string_view>({"Type", "Default", "Description", "AllowedValues",
                                                                 "AllowedPattern", "ConstraintDescription", "MinLength",
                                                                 "MaxLength", "MinValue", "MaxValue", "NoEcho"});

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool isNumber(const std::string& text)
{
    static const std::regex kNumber(R"(\s*[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\s*)");
    return std::regex_match(text, kNumber);
}

bool isListType(const std::string& type)
{
    return type == "CommaDelimitedList" || type.rfind("List<", 0) == 0;
}

bool isKnownType(const std::string& type)
{
    return type == "String" || type == "Number" || type == "CommaDelimitedList" || type == "List<Number>" ||
           type.rfind("AWS::", 0) == 0 || type.rfind("List<AWS::", 0) == 0;
}

class ParameterChecker {
public:
    ParameterChecker(const MapEntry& parameter, DiagnosticCollector& diagnostics)
        : m_parameter(parameter), m_diagnostics(diagnostics)
    {
    }

    void error(const TemplateNode& at, const std::string& message)
    {
        m_diagnostics.error(at, "parameter '" + m_parameter.key + "' " + message);
    }

    // Checks one value (a whole String/Number, or each item of a list) against the constraints.
    void checkValue(const std::string& value, const std::string& type, const TemplateNode& definition,
                    const TemplateNode& at)
    {
        const bool numeric = type == "Number" || type == "List<Number>";
        if (numeric && !isNumber(value))
            error(at, "is a " + type + ", but its value '" + value + "' is not a number");
        if (const TemplateNode* allowed = definition.find("AllowedValues"); allowed && allowed->isSequence()) {
            std::vector<std::string> options;
            bool found = false;
            for (const auto& option : allowed->items) {
                options.push_back(option.scalar);
                found = found || (option.isScalar() && option.scalar == value);
            }
            if (!found)
                error(at, "is '" + value + "', which is not one of its AllowedValues: " + joinNames(options));
        }
        if (const TemplateNode* pattern = definition.find("AllowedPattern"); pattern && pattern->isScalar()) {
            try {
                if (!std::regex_match(value, std::regex(pattern->scalar)))
                    error(at, "is '" + value + "', which does not match its AllowedPattern " + pattern->scalar);
            } catch (const std::regex_error&) {
                m_diagnostics.warning(*pattern, "parameter '" + m_parameter.key + "': AllowedPattern '" +
                                                    pattern->scalar +
                                                    "' is not a regular expression LambdaDesk "
                                                    "understands; not checked");
            }
        }
        checkBound(definition, "MinLength", at, static_cast<double>(value.size()), false, "characters long");
        checkBound(definition, "MaxLength", at, static_cast<double>(value.size()), true, "characters long");
        if (numeric && isNumber(value)) {
            checkBound(definition, "MinValue", at, std::strtod(value.c_str(), nullptr), false, "");
            checkBound(definition, "MaxValue", at, std::strtod(value.c_str(), nullptr), true, "");
        }
    }

private:
    void checkBound(const TemplateNode& definition, const char* key, const TemplateNode& at, double actual, bool isMax,
                    const std::string& unit)
    {
        const TemplateNode* bound = definition.find(key);
        if (!bound || !bound->isScalar() || !isNumber(bound->scalar))
            return;
        const double limit = std::strtod(bound->scalar.c_str(), nullptr);
        if (isMax ? actual > limit : actual < limit) {
            std::string shown = std::to_string(actual);
            shown.erase(shown.find_last_not_of('0') + 1);
            if (!shown.empty() && shown.back() == '.')
                shown.pop_back();
            error(at, "is " + shown + (unit.empty() ? "" : ' ' + unit) + ", but its " + key + " is " + bound->scalar);
        }
    }

    const MapEntry& m_parameter;
    DiagnosticCollector& m_diagnostics;
};

} // namespace

std::map<std::string, TemplateNode> readParameters(const TemplateNode* section, const LoadOptions& options,
                                                   DiagnosticCollector& diagnostics)
{
    std::map<std::string, TemplateNode> values;
    if (section && !section->isMapping()) {
        diagnostics.error(*section,
                          "Parameters must be a map of parameter names to definitions, got " + section->describe());
        section = nullptr;
    }
    if (section) {
        for (const auto& parameter : section->entries) {
            ParameterChecker checker(parameter, diagnostics);
            TemplateNode keyAt;
            keyAt.line = parameter.line;
            keyAt.column = parameter.column;
            const TemplateNode& definition = parameter.value;
            if (!definition.isMapping()) {
                checker.error(definition, "must be a map with at least a Type, got " + definition.describe());
                values[parameter.key] = TemplateNode::makeInvalid(definition);
                continue;
            }
            for (const auto& key : definition.entries) {
                if (std::find(kParameterKeys.begin(), kParameterKeys.end(), key.key) == kParameterKeys.end()) {
                    diagnostics.warning(key.line, key.column,
                                        "unsupported property '" + key.key + "' on parameter '" + parameter.key +
                                            "'; ignored");
                }
            }
            const TemplateNode* typeNode = definition.find("Type");
            std::string type = "String";
            if (!typeNode || !typeNode->isScalar()) {
                checker.error(
                    typeNode ? *typeNode : keyAt,
                    "needs a Type (String, Number, List<Number>, CommaDelimitedList or an AWS-specific type)");
            } else if (!isKnownType(typeNode->scalar)) {
                checker.error(*typeNode, "has unknown Type '" + typeNode->scalar +
                                             "'; accepted: String, Number, List<Number>, CommaDelimitedList, "
                                             "AWS::... types");
            } else {
                type = typeNode->scalar;
            }

            std::string value;
            TemplateNode valueAt = keyAt;
            if (const auto override = options.parameterOverrides.find(parameter.key);
                override != options.parameterOverrides.end()) {
                value = override->second;
            } else if (const TemplateNode* fallback = definition.find("Default")) {
                if (!fallback->isScalar() || !fallback->tag.empty()) {
                    checker.error(*fallback, "Default must be a string or a number, got " + fallback->describe());
                    values[parameter.key] = TemplateNode::makeInvalid(*fallback);
                    continue;
                }
                value = fallback->scalar;
                valueAt = *fallback;
            } else {
                checker.error(keyAt, "has no Default and no value was given; pass one as a parameter override (" +
                                         parameter.key + "=value)");
                // Known but without a value: its Refs fail quietly instead of calling it an unknown name.
                values[parameter.key] = TemplateNode::makeInvalid(keyAt);
                continue;
            }

            if (type.rfind("AWS::SSM::", 0) == 0) {
                diagnostics.warning(valueAt, "parameter '" + parameter.key +
                                                 "' is read from SSM Parameter Store on "
                                                 "AWS; locally its value '" +
                                                 value + "' is used as it is");
            }
            if (isListType(type)) {
                TemplateNode list = TemplateNode::makeSequence(valueAt);
                std::string::size_type start = 0;
                for (;;) {
                    const auto comma = value.find(',', start);
                    const std::string item = trimmed(value.substr(start, comma - start));
                    checker.checkValue(item, type, definition, valueAt);
                    list.items.push_back(TemplateNode::makeString(item, valueAt));
                    if (comma == std::string::npos)
                        break;
                    start = comma + 1;
                }
                values[parameter.key] = std::move(list);
            } else {
                checker.checkValue(value, type, definition, valueAt);
                values[parameter.key] = TemplateNode::makeString(value, valueAt);
            }
        }
    }
    for (const auto& [name, value] : options.parameterOverrides) {
        if (!section || !section->find(name)) {
            diagnostics.warning(0, 0,
                                "parameter override '" + name +
                                    "' does not match any parameter of the "
                                    "template; ignored (parameters: " +
                                    joinKeys(section) + ')');
        }
    }
    return values;
}

} // namespace lambdadesk::core
