// SPDX-License-Identifier: MIT
// The Conditions section: Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition, evaluated once each.
#include "project/diagnostic_collector.h"
#include "project/intrinsics.h"
#include "project/name_list.h"

namespace lambdadesk::core {

std::optional<bool> IntrinsicResolver::condition(const std::string& name, const TemplateNode& at)
{
    if (const auto known = m_conditionValues.find(name); known != m_conditionValues.end())
        return known->second;
    const TemplateNode* definition = m_conditions ? m_conditions->find(name) : nullptr;
    if (!definition) {
        m_diagnostics.error(at, "unknown condition '" + name +
                                    "'; the Conditions section defines: " + joinKeys(m_conditions));
        return std::nullopt;
    }
    if (!m_conditionsInProgress.insert(name).second) {
        m_diagnostics.error(at, "condition '" + name + "' depends on itself");
        return std::nullopt;
    }
    const auto value = evaluateCondition(*definition);
    m_conditionsInProgress.erase(name);
    m_conditionValues[name] = value;
    return value;
}

void IntrinsicResolver::evaluateAllConditions()
{
    if (!m_conditions)
        return;
    if (!m_conditions->isMapping()) {
        m_diagnostics.error(*m_conditions,
                            "Conditions must be a map of names to conditions, got " + m_conditions->describe());
        return;
    }
    for (const auto& entry : m_conditions->entries)
        condition(entry.key, entry.value);
}

std::optional<bool> IntrinsicResolver::evaluateCondition(const TemplateNode& node)
{
    std::string name = intrinsicName(node);
    if (name.empty() && node.isMapping() && node.entries.size() == 1 && node.entries.front().key == "Condition")
        name = "Condition";
    TemplateNode argument;
    if (!node.tag.empty()) {
        argument = node;
        argument.tag.clear();
    } else if (!name.empty()) {
        argument = node.entries.front().value;
    } else {
        argument = node;
    }

    if (name == "Fn::Equals")
        return evaluateEquals(argument);
    if (name == "Condition") {
        if (!argument.isScalar() || !argument.tag.empty()) {
            m_diagnostics.error(node, "Condition takes the name of a condition, got " + argument.describe());
            return std::nullopt;
        }
        return condition(argument.scalar, node);
    }
    if (name == "Fn::Not") {
        if (!expectList(argument, name, 1, 1, "[condition]"))
            return std::nullopt;
        const auto value = evaluateCondition(argument.items.front());
        return value ? std::optional<bool>(!*value) : std::nullopt;
    }
    if (name == "Fn::And" || name == "Fn::Or") {
        if (!expectList(argument, name, 2, 10, "a list of 2 to 10 conditions"))
            return std::nullopt;
        const bool isAnd = name == "Fn::And";
        bool result = isAnd;
        bool failed = false;
        // Every operand is evaluated, not short-circuited, so all of their errors are reported.
        for (const auto& operand : argument.items) {
            const auto value = evaluateCondition(operand);
            if (!value)
                failed = true;
            else
                result = isAnd ? (result && *value) : (result || *value);
        }
        return failed ? std::nullopt : std::optional<bool>(result);
    }
    if (node.isInvalid())
        return std::nullopt;
    m_diagnostics.error(node, "a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition, got " +
                                  (name.empty() ? node.describe() : name));
    return std::nullopt;
}

std::optional<bool> IntrinsicResolver::evaluateEquals(const TemplateNode& argument)
{
    if (!expectList(argument, "Fn::Equals", 2, 2, "[value, value]"))
        return std::nullopt;
    const auto left = resolve(argument.items[0]);
    const auto right = resolve(argument.items[1]);
    if ((left && left->isInvalid()) || (right && right->isInvalid()))
        return std::nullopt;
    if (!left || !right)
        return !left && !right;
    if (left->isScalar() && right->isScalar())
        return left->scalar == right->scalar;
    return toJson(*left) == toJson(*right);
}

} // namespace lambdadesk::core
