// SPDX-License-Identifier: MIT
#include "list_command.h"

#include "engine.h"
#include "project_loading.h"
#include "region_inventory.h"
#include "regions/region_names.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <string_view>
#include <tuple>
#include <vector>

namespace lambdadesk::cli {
namespace {

nlohmann::json toJson(const RegionInventory& inventory)
{
    nlohmann::json region = {{"region", inventory.region},
                             {"default", inventory.isDefault},
                             {"functions", nlohmann::json::array()},
                             {"queues", nlohmann::json::array()},
                             {"streams", nlohmann::json::array()},
                             {"mappings", nlohmann::json::array()}};
    for (const auto& f : inventory.functions)
        region["functions"].push_back({{"name", f.name}, {"runtime", f.runtime}, {"origin", f.origin}});
    for (const auto& q : inventory.queues)
        region["queues"].push_back({{"name", q.name},
                                    {"visible", q.visible},
                                    {"inFlight", q.inFlight},
                                    {"delayed", q.delayed},
                                    {"created", q.created}});
    for (const auto& s : inventory.streams)
        region["streams"].push_back(
            {{"name", s.name}, {"openShards", s.openShards}, {"mode", s.mode}, {"created", s.created}});
    for (const auto& m : inventory.mappings)
        region["mappings"].push_back(
            {{"source", m.source}, {"function", m.function}, {"origin", m.origin}, {"enabled", m.enabled}});
    return region;
}

void printText(const RegionInventory& inventory)
{
    std::printf("%s%s\n", inventory.region.c_str(), inventory.isDefault ? " (default region)" : "");
    // One line per item under a column naming its kind, names aligned, so `grep` finds an item with its region
    // above it.
    std::vector<std::tuple<const char*, std::string, std::string>> rows;  // kind, name, what it holds
    const std::string notYet = "(template; created at the next run)";
    for (const auto& f : inventory.functions)
        rows.emplace_back("functions", f.name, f.runtime + "  (" + f.origin + ")");
    for (const auto& q : inventory.queues)
        rows.emplace_back("queues", q.name,
                          q.created ? std::to_string(q.visible) + " visible, " + std::to_string(q.inFlight) +
                                          " in flight, " + std::to_string(q.delayed) + " delayed"
                                    : notYet);
    for (const auto& s : inventory.streams)
        rows.emplace_back("streams", s.name,
                          s.created ? std::to_string(s.openShards) + " open shard(s), " + s.mode : notYet);
    for (const auto& m : inventory.mappings)
        rows.emplace_back("mappings", m.source + " -> " + m.function,
                          "(" + m.origin + (m.enabled ? "" : ", disabled") + ")");
    std::size_t width = 0;
    for (const auto& row : rows)
        width = std::max(width, std::get<1>(row).size());
    const char* previous = nullptr;
    for (const auto& [kind, name, detail] : rows) {
        const bool sameKind = previous && std::string_view(kind) == previous;
        std::printf("  %-10s %-*s  %s\n", sameKind ? "" : kind, static_cast<int>(width), name.c_str(), detail.c_str());
        previous = kind;
    }
    if (rows.empty())
        std::printf("  (nothing)\n");
}

int runList(const ListOptions& options)
{
    if (!options.onlyRegion.empty()) {
        if (auto valid = core::checkRegionName(options.onlyRegion); !valid) {
            std::fprintf(stderr, "lambdadesk-cli: --only-region: %s\n", valid.error().message.c_str());
            return 2;
        }
    }
    auto project = loadProjectOrReport(options.templatePath);
    if (!project)
        return 2;
    // The project's state without the project: nothing starts, no mapping polls, no schedule fires.
    const auto engineOptions = projectEngineOptions(*project);
    core::Engine engine(engineOptions);
    if (!engine.sources()) {
        std::fprintf(stderr,
                     "lambdadesk-cli: cannot open the project's state in %s (is the project open in a LambdaDesk "
                     "that holds it exclusively?)\n",
                     engineOptions.stateDir.c_str());
        return 2;
    }
    std::vector<std::string> problems;
    const auto regions = takeInventory(*project, engine, problems);
    for (const auto& problem : problems)
        std::fprintf(stderr, "lambdadesk-cli: %s\n", problem.c_str());
    nlohmann::json all = nlohmann::json::array();
    bool first = true;
    for (const auto& region : regions) {
        if (!options.onlyRegion.empty() && region.region != options.onlyRegion)
            continue;
        if (options.json) {
            all.push_back(toJson(region));
            continue;
        }
        if (!first)
            std::printf("\n");
        first = false;
        printText(region);
    }
    if (options.json)
        std::printf("%s\n", nlohmann::json{{"defaultRegion", project->region}, {"regions", all}}.dump().c_str());
    else if (first)
        std::printf("%s: nothing in this project\n", options.onlyRegion.c_str());
    return 0;
}

}  // namespace

void addListCommand(CLI::App& app, ListOptions& options, int& exitStatus)
{
    auto* command = app.add_subcommand(
        "list", "What each region of the project holds: functions, queues and their messages, streams, mappings");
    command->add_option("template", options.templatePath, "template.yaml / template.json, or its folder")->required();
    command->add_option("--only-region", options.onlyRegion, "show this region only (e.g. eu-west-1)");
    command->add_flag("--json", options.json, "print one JSON object: {defaultRegion, regions: [...]}");
    command->callback([&options, &exitStatus] { exitStatus = runList(options); });
}

}  // namespace lambdadesk::cli
