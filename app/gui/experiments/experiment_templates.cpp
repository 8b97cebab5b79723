// SPDX-License-Identifier: MIT
// Ready experiments for the project at hand, written as FIS templates a user can edit before starting them.
#include "experiments/experiment_templates.h"

#include "experiments/experiment_countdown.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace lambdadesk::gui {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kArnsPerTarget = 5;  // FIS's limit on targets.<name>.resourceArns

std::string arnOf(const core::Project& project, const core::FunctionConfig& function)
{
    // The project's ARN when the template reader set one; else the one FIS expects for the project's account.
    if (!function.arn.empty())
        return function.arn;
    return "arn:aws:lambda:" + project.region + ":" + project.accountId + ":function:" + function.name;
}

Json functionsTarget(std::vector<std::string> arns)
{
    Json target;
    target["resourceType"] = "aws:lambda:function";
    target["resourceArns"] = std::move(arns);
    target["selectionMode"] = "ALL";
    return target;
}

Json action(const std::string& actionId, const std::string& description, Json parameters, const std::string& target)
{
    Json result;
    result["actionId"] = actionId;
    result["description"] = description;
    result["parameters"] = std::move(parameters);
    result["targets"] = Json{{"Functions", target}};
    return result;
}

Json experiment(const std::string& description, Json targets, Json actions)
{
    Json result;
    result["description"] = description;
    result["stopConditions"] = Json::array({Json{{"source", "none"}}});
    result["targets"] = std::move(targets);
    result["actions"] = std::move(actions);
    return result;
}

ReadyExperiment ready(const QString& title, const Json& document)
{
    return {title, QString::fromStdString(document.dump(2))};
}

ReadyExperiment slowCalls(const core::Project& project, const core::FunctionConfig& function)
{
    const std::string title = "30 % of " + function.name + " calls 500 ms slower";
    Json parameters;
    parameters["duration"] = "PT2M";
    parameters["invocationPercentage"] = "30";
    parameters["startupDelayMilliseconds"] = "500";
    Json document =
        experiment(title + " for 2 minutes", Json{{"Slowed", functionsTarget({arnOf(project, function)})}},
                   Json{{"slowCalls", action("aws:lambda:invocation-add-delay", "500 ms before the handler runs",
                                             std::move(parameters), "Slowed")}});
    // A seed makes the same invocations of the same traffic slow in every run.
    document["lambdadesk"] = Json{{"seed", 1}};
    return ready(QString::fromStdString(title), document);
}

ReadyExperiment functionDown(const core::Project& project, const core::FunctionConfig& function)
{
    const std::string title = function.name + " down for 20 s";
    Json parameters;
    parameters["duration"] = "PT20S";
    parameters["preventExecution"] = "true";
    const Json document =
        experiment(title + ": every invocation fails without running the handler",
                   Json{{"Down", functionsTarget({arnOf(project, function)})}},
                   Json{{"down", action("aws:lambda:invocation-error", "fail every invocation, handler not run",
                                        std::move(parameters), "Down")}});
    return ready(QString::fromStdString(title), document);
}

ReadyExperiment coldStartStorm(const core::Project& project)
{
    // One target (and one action on it) per five functions: FIS takes at most five ARNs a target.
    Json targets = Json::object();
    Json actions = Json::object();
    const auto& functions = project.functions;
    for (std::size_t first = 0; first < functions.size(); first += kArnsPerTarget) {
        std::vector<std::string> arns;
        for (std::size_t i = first; i < std::min(functions.size(), first + kArnsPerTarget); ++i)
            arns.push_back(arnOf(project, functions[i]));
        const std::string suffix = first == 0 ? std::string() : std::to_string(first / kArnsPerTarget + 1);
        const std::string target = "AllFunctions" + suffix;
        targets[target] = functionsTarget(std::move(arns));
        Json parameters;
        parameters["duration"] = "PT1M";
        parameters["invocationPercentage"] = "100";
        actions["coldStarts" + suffix] =
            action("lambdadesk:cold-start", "every invocation starts a new environment", std::move(parameters), target);
    }
    const Json document = experiment("Cold-start storm: every invocation of every function starts cold for a minute",
                                     std::move(targets), std::move(actions));
    return ready(QStringLiteral("Cold-start storm (all functions, 1 minute)"), document);
}

QString plural(std::size_t count, const char* one, const char* many)
{
    return QStringLiteral("%1 %2").arg(count).arg(QLatin1String(count == 1 ? one : many));
}

}  // namespace

std::vector<ReadyExperiment> readyExperiments(const core::Project& project)
{
    if (project.functions.empty())
        return {};
    const auto& functions = project.functions;
    return {slowCalls(project, functions.front()),
            functionDown(project, functions.size() > 1 ? functions[1] : functions.front()), coldStartStorm(project)};
}

QString templateSummary(const faults::ExperimentTemplate& spec)
{
    return QStringLiteral("valid: %1 on %2, runs %3")
        .arg(plural(spec.actions.size(), "action", "actions"), plural(spec.targets.size(), "target", "targets"),
             formatCountdown(plannedLength(spec)));
}

}  // namespace lambdadesk::gui
