// SPDX-License-Identifier: MIT
#include "validate_command.h"

#include "project_loading.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace lambdadesk::cli {
namespace {

int runValidate(const ValidateOptions& options)
{
    auto project = loadProjectOrReport(options.templatePath);
    if (!project)
        return 2;
    if (options.json) {
        nlohmann::json functions = nlohmann::json::array();
        for (const auto& function : project->functions) {
            functions.push_back({{"name", function.name},
                                 {"runtime", function.runtime},
                                 {"handler", function.handler},
                                 {"codeUri", function.codeDir.string()},
                                 {"memoryMB", function.memoryMb},
                                 {"timeoutSeconds", function.timeoutSeconds},
                                 {"events", function.events.size()}});
        }
        nlohmann::json queues = nlohmann::json::array();
        for (const auto& queue : project->queues)
            queues.push_back({{"name", queue.name}, {"arn", queue.arn}, {"fifo", queue.fifo}});
        nlohmann::json streams = nlohmann::json::array();
        for (const auto& stream : project->streams)
            streams.push_back({{"name", stream.name}, {"arn", stream.arn}, {"shards", stream.shardCount}});
        std::printf("%s\n", nlohmann::json{{"functions", functions},
                                           {"queues", queues},
                                           {"streams", streams},
                                           {"warnings", project->warnings.size()}}
                                .dump()
                                .c_str());
        return 0;
    }
    for (const auto& function : project->functions)
        std::printf("function %-24s %-16s %-28s %5d MB %4d s  %zu event(s)\n", function.name.c_str(),
                    function.runtime.c_str(), function.handler.c_str(), function.memoryMb, function.timeoutSeconds,
                    function.events.size());
    for (const auto& queue : project->queues)
        std::printf("queue    %-24s %s\n", queue.name.c_str(), queue.arn.c_str());
    for (const auto& stream : project->streams)
        std::printf("stream   %-24s %d shard(s)\n", stream.name.c_str(), stream.shardCount);
    return 0;
}

}  // namespace

void addValidateCommand(CLI::App& app, ValidateOptions& options, int& exitStatus)
{
    auto* command = app.add_subcommand("validate", "Read a SAM template and list its functions, queues and streams");
    command->add_option("template", options.templatePath, "template.yaml / template.json, or its folder")->required();
    command->add_flag("--json", options.json, "print JSON");
    command->callback([&options, &exitStatus] { exitStatus = runValidate(options); });
}

}  // namespace lambdadesk::cli
