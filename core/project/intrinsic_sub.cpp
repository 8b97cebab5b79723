// SPDX-License-Identifier: MIT
// Fn::Sub: ${Name} substitution with variables, pseudo parameters, parameters and resource attributes.
#include "project/diagnostic_collector.h"
#include "project/intrinsics.h"

namespace lambdadesk::core {
namespace {

std::string trimmed(const std::string& text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

} // namespace

TemplateNode IntrinsicResolver::resolveSub(const TemplateNode& node, const TemplateNode& argument)
{
    std::optional<std::string> pattern;
    std::map<std::string, std::string> variables;
    bool failed = false;
    if (argument.isScalar()) {
        pattern = argument.scalar;
    } else {
        if (!expectList(argument, "Fn::Sub", 1, 2, "a string or [string, {Name: value, ...}]"))
            return TemplateNode::makeInvalid(node);
        pattern = resolveToString(argument.items[0], "the text of Fn::Sub");
        if (argument.items.size() == 2) {
            const auto resolved = resolve(argument.items[1]);
            if (resolved && resolved->isMapping()) {
                for (const auto& entry : resolved->entries) {
                    if (entry.value.isScalar()) {
                        variables[entry.key] = entry.value.scalar;
                    } else {
                        if (!entry.value.isInvalid()) {
                            m_diagnostics.error(entry.value, "Fn::Sub variable '" + entry.key +
                                                                 "' must be a string, got " + entry.value.describe());
                        }
                        failed = true;
                    }
                }
            } else if (!resolved || !resolved->isInvalid()) {
                m_diagnostics.error(argument.items[1], "Fn::Sub variables must be a map of names to values, got " +
                                                           (resolved ? resolved->describe() : std::string("nothing")));
                failed = true;
            } else {
                failed = true;
            }
        }
    }
    if (!pattern)
        return TemplateNode::makeInvalid(node);

    std::string output;
    std::string::size_type position = 0;
    const std::string& text = *pattern;
    while (position < text.size()) {
        const auto start = text.find("${", position);
        if (start == std::string::npos) {
            output.append(text, position, std::string::npos);
            break;
        }
        output.append(text, position, start - position);
        // ${!Name} is the escape for a literal ${Name}.
        if (start + 2 < text.size() && text[start + 2] == '!') {
            output += "${";
            position = start + 3;
            continue;
        }
        const auto end = text.find('}', start + 2);
        if (end == std::string::npos) {
            output.append(text, start, std::string::npos);
            break;
        }
        position = end + 1;
        const std::string name = trimmed(text.substr(start + 2, end - start - 2));
        if (name.empty()) {
            m_diagnostics.error(node, "Fn::Sub has an empty ${} in '" + text + '\'');
            failed = true;
            continue;
        }
        if (const auto variable = variables.find(name); variable != variables.end()) {
            output += variable->second;
            continue;
        }
        std::optional<TemplateNode> value;
        const auto dot = name.find('.');
        if (dot != std::string::npos && name.rfind("AWS::", 0) != 0)
            value = attributeOf(name.substr(0, dot), name.substr(dot + 1), node, "Fn::Sub ${" + name + '}');
        else
            value = valueOfName(name, node, "Fn::Sub ${" + name + '}');
        if (!value) {
            m_diagnostics.error(node, "Fn::Sub cannot substitute AWS::NoValue in ${" + name + '}');
            failed = true;
        } else if (value->isScalar()) {
            output += value->scalar;
        } else {
            if (!value->isInvalid()) {
                m_diagnostics.error(node, "Fn::Sub ${" + name + "} is " + value->describe() +
                                              ", not a string; use Fn::Join for lists");
            }
            failed = true;
        }
    }
    return failed ? TemplateNode::makeInvalid(node) : TemplateNode::makeString(output, node);
}

} // namespace lambdadesk::core
