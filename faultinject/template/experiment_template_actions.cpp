// SPDX-License-Identifier: MIT
// `actions.<name>` of an experiment template: a catalogue action, its string parameters, its target and the
// actions it starts after (which must not wait for each other in a cycle).
#include "template/action_catalog.h"
#include "template/template_fields.h"

#include <algorithm>
#include <set>

namespace lambdadesk::faults::detail {
namespace {

constexpr std::size_t kMaxDescription = 512;
constexpr std::string_view kFunctionsKey = "Functions";

std::string knownActionIds()
{
    std::vector<std::string> ids;
    for (const auto& spec : actionCatalog())
        ids.push_back(spec.id);
    return joined(ids);
}

std::string acceptedValue(const ParameterSpec& spec)
{
    switch (spec.kind) {
    case ParameterSpec::Kind::Duration:
        return "an ISO 8601 duration such as PT1M";
    case ParameterSpec::Kind::Integer:
        return "an integer from " + std::to_string(spec.min) + " to " + std::to_string(spec.max);
    case ParameterSpec::Kind::Boolean:
        return R"("true" or "false")";
    case ParameterSpec::Kind::String:
        break;
    }
    return spec.choices.empty() ? "a string" : "one of " + joined(spec.choices);
}

core::Expected<std::map<std::string, std::string>> parseParameters(const Json* value, const ActionSpec& spec,
                                                                   const std::string& path)
{
    std::vector<std::string> accepted;
    for (const auto& parameter : spec.parameters)
        accepted.push_back(parameter.name);

    std::map<std::string, std::string> parameters;
    if (value) {
        if (!value->is_object())
            return typeError(path, R"(an object of string values such as {"duration": "PT1M"})", *value);
        for (const auto& [name, member] : value->items()) {
            const std::string memberPath = childPath(path, name);
            const auto parameter = std::find_if(spec.parameters.begin(), spec.parameters.end(),
                                                [&name = name](const ParameterSpec& p) { return p.name == name; });
            if (parameter == spec.parameters.end())
                return fieldError(memberPath, "is not a parameter of " + spec.id + "; accepted: " + joined(accepted));
            if (!member.is_string()) {
                // FIS refuses `"invocationPercentage": 25`; say how to write it rather than only that it is wrong.
                std::string problem = "must be a string, got " + describe(member) +
                                      "; FIS takes parameter values "
                                      "as strings";
                if (member.is_number() || member.is_boolean())
                    problem += ": write \"" + member.dump() + "\"";
                return fieldError(memberPath, problem);
            }
            const auto& text = member.get_ref<const std::string&>();
            if (auto problem = checkParameter(*parameter, text))
                return fieldError(memberPath, *problem);
            parameters.emplace(name, text);
        }
    }
    for (const auto& parameter : spec.parameters) {
        if (parameter.required && parameters.count(parameter.name) == 0)
            return fieldError(childPath(path, parameter.name),
                              "is required by " + spec.id + "; accepted: " + acceptedValue(parameter));
    }
    return parameters;
}

std::string targetNames(const std::map<std::string, ExperimentTarget>& targets)
{
    if (targets.empty())
        return "none is defined; add one under \"targets\"";
    std::vector<std::string> names;
    names.reserve(targets.size());
    for (const auto& [name, target] : targets)
        names.push_back(name);
    return "one of " + joined(names);
}

core::Expected<std::map<std::string, std::string>>
parseActionTargets(const Json* value, const ActionSpec& spec, const std::map<std::string, ExperimentTarget>& targets,
                   const std::string& path)
{
    std::map<std::string, std::string> result;
    if (value) {
        auto names = readStringMap(*value, path);
        if (!names)
            return names.error();
        result = std::move(*names);
    }
    if (spec.targetResourceType.empty()) {
        if (!result.empty())
            return fieldError(path, spec.id + " takes no targets; accepted: {} or leave it out");
        return result;
    }
    for (const auto& [key, targetName] : result) {
        const std::string keyPath = childPath(path, key);
        if (key != kFunctionsKey)
            return fieldError(keyPath, "is not a target of " + spec.id + "; accepted: " + std::string(kFunctionsKey));
        const auto target = targets.find(targetName);
        if (target == targets.end())
            return fieldError(keyPath, inQuotes(targetName) +
                                           " is not a target of this template; accepted: " + targetNames(targets));
        if (target->second.resourceType != spec.targetResourceType)
            return fieldError(keyPath, "target " + inQuotes(targetName) + " holds " + target->second.resourceType +
                                           "; accepted: a target of " + spec.targetResourceType);
    }
    if (spec.targetRequired && result.empty())
        return fieldError(childPath(path, kFunctionsKey),
                          "is required by " + spec.id + "; accepted: the name of a target, " + targetNames(targets));
    return result;
}

core::Expected<std::vector<std::string>> parseStartAfter(const Json& value, const std::string& actionName,
                                                         const Json& allActions, const std::string& path)
{
    auto names = readStringArray(value, path);
    if (!names)
        return names;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < names->size(); ++i) {
        const std::string& name = (*names)[i];
        const std::string entryPath = indexPath(path, i);
        if (name == actionName)
            return fieldError(entryPath, "an action cannot start after itself; accepted: the name of another action");
        if (!findMember(allActions, name)) {
            std::vector<std::string> others;
            for (const auto& [other, spec] : allActions.items()) {
                if (other != actionName)
                    others.push_back(other);
            }
            return fieldError(entryPath, inQuotes(name) + " is not an action of this template; accepted: " +
                                             (others.empty() ? std::string("no other action is defined")
                                                             : "one of " + joined(others)));
        }
        if (!seen.insert(name).second)
            return fieldError(entryPath, inQuotes(name) + " is listed twice; accepted: each action once");
    }
    return names;
}

core::Expected<ExperimentAction> parseAction(const Json& value, const std::string& name, const Json& allActions,
                                             const std::map<std::string, ExperimentTarget>& targets)
{
    const std::string path = childPath("actions", name);
    if (!value.is_object())
        return typeError(path, R"(an object such as {"actionId": "aws:fis:wait", "parameters": {"duration": "PT1M"}})",
                         value);
    if (auto members = checkMembers(value, path, {"actionId", "description", "parameters", "targets", "startAfter"});
        !members)
        return members.error();

    ExperimentAction action;
    const std::string idPath = childPath(path, "actionId");
    const Json* id = findMember(value, "actionId");
    if (!id)
        return fieldError(idPath, "is required; accepted: " + knownActionIds());
    auto idText = readString(*id, idPath);
    if (!idText)
        return idText.error();
    const ActionSpec* spec = findAction(*idText);
    if (!spec)
        return fieldError(idPath, inQuotes(*idText) + " is not a known action; accepted: " + knownActionIds());
    action.actionId = std::move(*idText);

    if (const Json* description = findMember(value, "description")) {
        auto text = readString(*description, childPath(path, "description"));
        if (!text)
            return text.error();
        if (const std::size_t length = characterCount(*text); length > kMaxDescription)
            return fieldError(childPath(path, "description"), "is " + std::to_string(length) +
                                                                  " characters long; accepted: at most " +
                                                                  std::to_string(kMaxDescription) + " characters");
        action.description = std::move(*text);
    }

    auto parameters = parseParameters(findMember(value, "parameters"), *spec, childPath(path, "parameters"));
    if (!parameters)
        return parameters.error();
    action.parameters = std::move(*parameters);

    auto actionTargets = parseActionTargets(findMember(value, "targets"), *spec, targets, childPath(path, "targets"));
    if (!actionTargets)
        return actionTargets.error();
    action.targets = std::move(*actionTargets);

    if (const Json* startAfter = findMember(value, "startAfter")) {
        auto names = parseStartAfter(*startAfter, name, allActions, childPath(path, "startAfter"));
        if (!names)
            return names.error();
        action.startAfter = std::move(*names);
    }
    return action;
}

/// Depth-first search for an action that, through startAfter, waits for itself. Returns the cycle as
/// {a, b, a} (a starts after b, b after a), or nothing when there is none.
class CycleFinder {
public:
    explicit CycleFinder(const std::map<std::string, ExperimentAction>& actions) : m_actions(actions) {}

    std::vector<std::string> find()
    {
        for (const auto& [name, action] : m_actions) {
            if (m_state[name] == State::Unvisited && visit(name))
                return m_cycle;
        }
        return {};
    }

private:
    enum class State { Unvisited, OnStack, Done };

    bool visit(const std::string& name)
    {
        m_state[name] = State::OnStack;
        m_stack.push_back(name);
        for (const auto& next : m_actions.at(name).startAfter) {
            const State state = m_state[next];
            if (state == State::OnStack) {
                const auto start = std::find(m_stack.begin(), m_stack.end(), next);
                m_cycle.assign(start, m_stack.end());
                m_cycle.push_back(next);
                return true;
            }
            if (state == State::Unvisited && visit(next))
                return true;
        }
        m_stack.pop_back();
        m_state[name] = State::Done;
        return false;
    }

    const std::map<std::string, ExperimentAction>& m_actions;
    std::map<std::string, State> m_state;
    std::vector<std::string> m_stack;
    std::vector<std::string> m_cycle;
};

}  // namespace

core::Expected<std::map<std::string, ExperimentAction>>
parseActions(const Json& actions, const std::map<std::string, ExperimentTarget>& targets)
{
    if (!actions.is_object())
        return typeError("actions", R"(an object of named actions such as {"delay": {"actionId": …}})", actions);
    if (actions.empty())
        return fieldError("actions", R"(is empty; accepted: at least one action, such as {"wait": {"actionId": )"
                                     R"("aws:fis:wait", "parameters": {"duration": "PT1M"}}})");
    std::map<std::string, ExperimentAction> result;
    for (const auto& [name, value] : actions.items()) {
        if (auto valid = checkName(name, "actions", "action"); !valid)
            return valid.error();
        auto action = parseAction(value, name, actions, targets);
        if (!action)
            return action.error();
        result.emplace(name, std::move(*action));
    }

    const std::vector<std::string> cycle = CycleFinder(result).find();
    if (!cycle.empty()) {
        std::string chain;
        for (const auto& name : cycle)
            chain.append(chain.empty() ? "" : " -> ").append(name);
        return fieldError(childPath(childPath("actions", cycle.front()), "startAfter"),
                          "the actions wait for each other in a cycle: " + chain +
                              " (each starts after the next); accepted: startAfter entries that form no cycle");
    }
    return result;
}

}  // namespace lambdadesk::faults::detail
