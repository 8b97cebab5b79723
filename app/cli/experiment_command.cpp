// SPDX-License-Identifier: MIT
#include "experiment_command.h"

#include "project_loading.h"

#include <engine.h>
#include <run/experiment_runner.h>
#include <template/action_catalog.h>
#include <traffic/scenario_parser.h>
#include <traffic/traffic_generator.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

namespace lambdadesk::cli {
namespace {

using Clock = std::chrono::steady_clock;

/// The experiment as given: a file, or the name of one the project keeps in experiments/ (the app's Save…).
std::string experimentFile(const std::string& given, const std::filesystem::path& projectDir)
{
    std::error_code error;
    if (std::filesystem::is_regular_file(given, error))
        return given;
    for (const auto& candidate : {projectDir / "experiments" / given, projectDir / "experiments" / (given + ".json")}) {
        if (std::filesystem::is_regular_file(candidate, error))
            return candidate.string();
    }
    return given;
}

std::optional<std::string> readFile(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(file), {});
}

std::string actionLine(const faults::ActionRun& action)
{
    return action.name + " " + toString(action.status) + " (" + std::to_string(action.hits) + "/" +
           std::to_string(action.considered) + " hit)";
}

void printProgress(double elapsed, const faults::Experiment& experiment, const std::vector<core::TrafficPlan>& plans,
                   const std::vector<std::unique_ptr<core::TrafficGenerator>>& generators)
{
    std::string line;
    char head[64];
    std::snprintf(head, sizeof head, "%6.1fs  %-10s", elapsed, toString(experiment.status).c_str());
    line = head;
    for (const auto& action : experiment.actions)
        line += " | " + actionLine(action);
    for (std::size_t i = 0; i < generators.size(); ++i) {
        const auto stats = generators[i]->stats();
        line += " | " + plans[i].targetName() + ": " + std::to_string(stats.sent) + " sent, " +
                std::to_string(stats.errors) + " err, " + std::to_string(stats.throttled) + " thr";
    }
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

void printPhase(const char* name, const faults::PhaseFigures& phase)
{
    std::printf("    %-7s %6.1fs %7llu inv %6llu err (%5.1f%%) %5llu thr %6llu faulted  p50 %8.2f ms  p99 %8.2f ms\n", name,
                phase.seconds, static_cast<unsigned long long>(phase.invocations),
                static_cast<unsigned long long>(phase.errors), phase.errorRate(),
                static_cast<unsigned long long>(phase.throttles), static_cast<unsigned long long>(phase.faulted),
                phase.p50Ms, phase.p99Ms);
}

void printReport(const faults::ExperimentReport& report)
{
    const auto& experiment = report.experiment;
    std::printf("\nexperiment %s %s after %.1f s%s%s (seed %llu)\n", experiment.id.c_str(),
                toString(experiment.status).c_str(), report.durationSeconds, experiment.reason.empty() ? "" : ": ",
                experiment.reason.c_str(), static_cast<unsigned long long>(experiment.seed));
    for (const auto& action : report.actions)
        std::printf("  action %-16s %-48s %-10s %6.1f–%6.1f s  %llu of %llu affected\n", action.name.c_str(),
                    action.actionId.c_str(), action.status.c_str(), action.startSecond, action.endSecond,
                    static_cast<unsigned long long>(action.affected), static_cast<unsigned long long>(action.considered));
    for (const auto& function : report.functions) {
        std::printf("  %s\n", function.function.c_str());
        printPhase("before", function.before);
        printPhase("during", function.during);
        printPhase("after", function.after);
        if (function.recoverySeconds)
            std::printf("    recovered %.2f s after the end; ", *function.recoverySeconds);
        else
            std::printf("    not recovered within the run; ");
        std::printf("%llu async retries, %llu dead letters; %llu records redelivered by its mappings, %llu moved to "
                    "a DLQ\n",
                    static_cast<unsigned long long>(function.asyncRetries),
                    static_cast<unsigned long long>(function.deadLetters),
                    static_cast<unsigned long long>(function.redeliveries),
                    static_cast<unsigned long long>(function.movedToDeadLetterQueue));
        for (const auto& queue : function.queues)
            std::printf("    queue %s: %.0f at the start, up to %.0f during, %.0f at the end, up to %.0f after, %.0f now; "
                        "oldest message %.1f s\n",
                        queue.queue.c_str(), queue.atStart, queue.maxDuring, queue.atEnd, queue.maxAfter, queue.last,
                        queue.maxOldestAgeSeconds);
    }
}

bool writeReport(const std::string& path, const faults::ExperimentReport& report)
{
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (!file)
        return false;
    if (path.ends_with(".json"))
        file << faults::toJson(report).dump(2) << '\n';
    else
        file << faults::toHtml(report);
    return static_cast<bool>(file);
}

int listActions()
{
    for (const auto& action : faults::actionCatalog()) {
        std::printf("%s\n    %s\n", action.id.c_str(), action.description.c_str());
        for (const auto& parameter : action.parameters)
            std::printf("    %-26s %s%s%s\n", parameter.name.c_str(), parameter.description.c_str(),
                        parameter.required ? " (required)" : "",
                        parameter.defaultValue.empty() ? "" : (" (default " + parameter.defaultValue + ")").c_str());
    }
    return 0;
}

}  // namespace

void addExperimentCommand(CLI::App& app, ExperimentOptions& options, int& exitStatus)
{
    auto* command = app.add_subcommand("experiment", "Run fault-injection experiments (AWS FIS templates) locally");
    command->require_subcommand(1);
    auto* run = command->add_subcommand("run", "Run an experiment template against a project, with traffic, and "
                                               "report what it did");
    run->add_option("template", options.templatePath, "template.yaml / template.json, or its folder")->required();
    run->add_option("experiment", options.experimentPath,
                    "experiment template JSON (AWS FIS's shape), or the NAME of the project's experiments/NAME.json")
        ->required();
    run->add_option("--traffic", options.traffic,
                    "load while it runs: demo, or FUNCTION[:SHAPE[:RATE]], queue:NAME[…], stream:NAME[…], comma-separated");
    run->add_option("--seconds", options.seconds, "run this long (default: until the experiment ends, then --after)")
        ->check(CLI::Range(0.1, 86400.0));
    run->add_option("--before", options.before, "seconds of traffic before the experiment starts (the baseline)")
        ->check(CLI::Range(0.0, 3600.0));
    run->add_option("--after", options.after, "seconds of traffic after it ends (recovery; default 5)")
        ->check(CLI::Range(0.0, 3600.0));
    run->add_option("--seed", options.seed, "which invocations are hit: the same seed on the same traffic hits the "
                                             "same positions");
    run->add_option("--report", options.reportPath, "write the report to FILE.html (a page with charts) or FILE.json");
    run->add_flag("--json", options.json, "print progress and the report as JSON lines");
    run->callback([&options, &exitStatus] { exitStatus = runExperiment(options); });
    auto* actions = command->add_subcommand("actions", "List the actions experiments can use, with their parameters");
    actions->callback([&exitStatus] { exitStatus = listActions(); });
}

int runExperiment(const ExperimentOptions& options)
{
    auto project = loadProjectOrReport(options.templatePath);
    if (!project)
        return 2;
    const auto path = experimentFile(options.experimentPath, project->rootDir);
    const auto text = readFile(path);
    if (!text) {
        std::fprintf(stderr,
                     "lambdadesk-cli: cannot read the experiment template %s (neither a file nor one of %s/*.json)\n",
                     options.experimentPath.c_str(), (project->rootDir / "experiments").string().c_str());
        return 2;
    }
    const auto request = nlohmann::json::parse(*text, nullptr, false);
    if (request.is_discarded()) {
        // The parser's own message says where: let the template reader produce it.
        const auto parsed = faults::parseExperimentTemplate(*text);
        std::fprintf(stderr, "lambdadesk-cli: %s: %s\n", path.c_str(),
                     parsed ? "not JSON" : parsed.error().message.c_str());
        return 2;
    }
    const double planSeconds = options.seconds > 0 ? options.seconds : 0;
    std::vector<core::TrafficPlan> plans;
    if (!options.traffic.empty()) {
        // Traffic runs for the whole run; with no --seconds it is stopped when the experiment (and --after) ended.
        auto parsed = core::parseTrafficScenario(options.traffic, *project, planSeconds > 0 ? planSeconds + options.before : 0);
        if (!parsed) {
            std::fprintf(stderr, "lambdadesk-cli: %s\n", parsed.error().message.c_str());
            return 2;
        }
        plans = std::move(*parsed);
    }

    const auto engineOptions = projectEngineOptions(*project);
    core::Engine engine(engineOptions);
    engine.loadProject(*project);
    faults::ExperimentRunner::Options runnerOptions;
    runnerOptions.region = project->region;
    runnerOptions.accountId = project->accountId;
    runnerOptions.afterWindow = std::chrono::seconds(static_cast<std::int64_t>(std::max(options.after, planSeconds) + 1));
    auto runner = faults::ExperimentRunner::create(engine, runnerOptions);

    auto made = runner->createTemplate(request);
    if (!made) {
        std::fprintf(stderr, "lambdadesk-cli: %s: %s\n", path.c_str(), made.error().message.c_str());
        return 2;
    }
    std::vector<std::unique_ptr<core::TrafficGenerator>> generators;
    for (const auto& plan : plans) {
        generators.push_back(std::make_unique<core::TrafficGenerator>(engine, plan));
        generators.back()->start();
    }
    if (options.before > 0)
        std::this_thread::sleep_for(std::chrono::duration<double>(options.before));

    faults::StartOptions start;
    start.seed = options.seed;
    auto started = runner->start(made->id, start);
    if (!started) {
        std::fprintf(stderr, "lambdadesk-cli: %s\n", started.error().message.c_str());
        return 2;
    }
    const std::string id = started->id;
    if (options.json)
        std::printf("%s\n", nlohmann::json{{"event", "started"}, {"experiment", faults::toJson(*started)}}.dump().c_str());
    else
        std::printf("experiment %s started from %s (%s), seed %llu\n", id.c_str(), made->id.c_str(),
                    made->description.c_str(), static_cast<unsigned long long>(started->seed));

    const auto experimentStart = Clock::now();
    std::optional<Clock::time_point> endedAt;
    auto nextProgress = experimentStart;
    while (true) {
        const auto now = Clock::now();
        const auto experiment = runner->experiment(id);
        if (!endedAt && faults::isFinal(experiment->status))
            endedAt = now;
        const double elapsed = std::chrono::duration<double>(now - experimentStart).count();
        if (now >= nextProgress) {
            if (options.json)
                std::printf("%s\n", nlohmann::json{{"event", "progress"}, {"second", elapsed},
                                                   {"experiment", faults::toJson(*experiment)}}
                                        .dump()
                                        .c_str());
            else
                printProgress(elapsed, *experiment, plans, generators);
            std::fflush(stdout);
            nextProgress += std::chrono::seconds(1);
        }
        if (planSeconds > 0 && elapsed >= planSeconds)
            break;
        if (planSeconds == 0 && endedAt && now - *endedAt >= std::chrono::duration<double>(options.after))
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!faults::isFinal(runner->experiment(id)->status))
        runner->stop(id);
    for (auto& generator : generators)
        generator->stop();

    const auto report = runner->report(id);
    runner->shutdown();
    if (options.json)
        std::printf("%s\n", nlohmann::json{{"event", "report"}, {"report", faults::toJson(*report)}}.dump().c_str());
    else
        printReport(*report);
    if (!options.reportPath.empty()) {
        if (!writeReport(options.reportPath, *report)) {
            std::fprintf(stderr, "lambdadesk-cli: cannot write the report to %s\n", options.reportPath.c_str());
            return 1;
        }
        if (!options.json)
            std::printf("report written to %s\n", options.reportPath.c_str());
    }
    return report->experiment.status == faults::ExperimentStatus::Failed ? 1 : 0;
}

}  // namespace lambdadesk::cli
