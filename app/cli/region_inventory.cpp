// SPDX-License-Identifier: MIT
#include "region_inventory.h"

#include "engine.h"
#include "lambda/function_catalog.h"
#include "lambda/mapping_catalog.h"
#include "mappings/event_sources.h"
#include "model/arn.h"
#include "queues/queue_service.h"
#include "regions/region_directory.h"
#include "regions/region_names.h"
#include "streams/stream_service.h"

#include <algorithm>
#include <map>

namespace lambdadesk::cli {
namespace {

std::string lastSegment(const std::string& arn)
{
    const auto cut = arn.find_last_of(":/");
    return cut == std::string::npos ? arn : arn.substr(cut + 1);
}

}  // namespace

std::vector<RegionInventory> takeInventory(const core::Project& project, core::Engine& engine,
                                           std::vector<std::string>& problems)
{
    const std::string& home = project.region;
    std::map<std::string, RegionInventory> regions;
    const auto in = [&](const std::string& region) -> RegionInventory& {
        auto& inventory = regions[region.empty() ? home : region];
        inventory.region = region.empty() ? home : region;
        inventory.isDefault = inventory.region == home;
        return inventory;
    };
    in(home);

    // Functions: the template's live in the default region; saved ones in the region their ARN names, unless
    // the template defines the same name there (the template's wins, as at start).
    for (const auto& function : project.functions)
        in(home).functions.push_back({function.name, function.runtime, "template"});
    const auto workspace = project.rootDir / ".lambdadesk" / "functions";
    for (const auto& saved : bridge::readSavedFunctions(workspace, problems)) {
        const auto region = core::regionOfArn(saved.function.arn);
        const auto name = lastSegment(saved.function.arn);
        auto& functions = in(region).functions;
        if (std::none_of(functions.begin(), functions.end(), [&](const auto& f) { return f.name == name; }))
            functions.push_back({name, saved.function.runtime, "api"});
    }

    // Queues and streams as every region's database holds them now.
    if (auto* sources = engine.sources()) {
        for (const auto& services : sources->regions()->all()) {
            auto& inventory = in(services.region);
            for (const auto& name : services.queues->queueNames()) {
                const auto stats = services.queues->stats(name).value_or(core::QueueStats{});
                inventory.queues.push_back({name, stats.visible, stats.inFlight, stats.delayed, true});
            }
            for (const auto& name : services.streams->streamNames()) {
                auto summary = services.streams->describeStreamSummary(name);
                if (!summary) {
                    problems.push_back("stream " + name + " in " + services.region + ": " + summary.error().message);
                    continue;
                }
                inventory.streams.push_back({name, summary->openShardCount, summary->streamMode, true});
            }
        }
    }
    // The template's queues and streams not created yet (the project has not run under this default region).
    auto& defaults = in(home);
    for (const auto& queue : project.queues) {
        if (std::none_of(defaults.queues.begin(), defaults.queues.end(),
                         [&](const auto& q) { return q.name == queue.name; }))
            defaults.queues.push_back({queue.name, 0, 0, 0, false});
    }
    for (const auto& stream : project.streams) {
        if (std::none_of(defaults.streams.begin(), defaults.streams.end(),
                         [&](const auto& s) { return s.name == stream.name; }))
            defaults.streams.push_back({stream.name, stream.shardCount, "PROVISIONED", false});
    }

    // Mappings: the template's from its functions' events, the API's from mappings.json (saved by function ARN).
    for (const auto& function : project.functions) {
        for (const auto& mapping : core::mappingsFromEvents(function, &problems))
            defaults.mappings.push_back({lastSegment(mapping.eventSourceArn), function.name, "template", mapping.enabled});
    }
    bridge::MappingCatalog catalog(workspace / "mappings.json");
    for (const auto& mapping : catalog.load(problems)) {
        const auto region = core::regionOfArn(mapping.functionName);
        in(region).mappings.push_back(
            {lastSegment(mapping.eventSourceArn), lastSegment(mapping.functionName), "api", mapping.enabled});
    }

    std::vector<RegionInventory> ordered;
    ordered.push_back(std::move(regions.at(home)));
    for (auto& [name, inventory] : regions) {
        if (name != home)
            ordered.push_back(std::move(inventory));
    }
    return ordered;
}

}  // namespace lambdadesk::cli
