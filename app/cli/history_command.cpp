// SPDX-License-Identifier: MIT
#include "history_command.h"

#include "project_loading.h"
#include "store/invocation_history.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

namespace lambdadesk::cli {
namespace {

const char* statusName(core::InvocationStatus status)
{
    switch (status) {
    case core::InvocationStatus::Ok: return "ok";
    case core::InvocationStatus::Error: return "error";
    case core::InvocationStatus::Throttled: return "throttled";
    }
    return "unknown";
}

int runHistory(const HistoryOptions& options)
{
    auto project = loadProjectOrReport(options.templatePath);
    if (!project)
        return 2;
    const auto database = project->rootDir / ".lambdadesk" / "state.db";
    if (!std::filesystem::exists(database)) {
        std::fprintf(stderr, "lambdadesk-cli: no history yet: %s does not exist (invoke something first)\n",
                     database.c_str());
        return 2;
    }
    auto history = core::InvocationHistory::open(database.string());
    if (!history) {
        std::fprintf(stderr, "lambdadesk-cli: %s\n", history.error().message.c_str());
        return 2;
    }
    core::HistoryQuery query;
    query.functionName = options.function;
    query.requestId = options.requestId;
    query.limit = options.limit;
    if (options.status == "ok")
        query.status = core::InvocationStatus::Ok;
    else if (options.status == "error")
        query.status = core::InvocationStatus::Error;
    else if (options.status == "throttled")
        query.status = core::InvocationStatus::Throttled;
    auto rows = (*history)->query(query);
    if (!rows) {
        std::fprintf(stderr, "lambdadesk-cli: %s\n", rows.error().message.c_str());
        return 2;
    }
    for (const auto& row : *rows) {
        if (options.json) {
            std::printf("%s\n", nlohmann::json{{"epochMs", row.epochUs / 1000},
                                               {"function", row.functionName},
                                               {"requestId", row.requestId},
                                               {"environmentId", row.environmentId},
                                               {"status", statusName(row.status)},
                                               {"cold", row.cold},
                                               {"errorType", row.errorType},
                                               {"durationMs", row.durationMs},
                                               {"initDurationMs", row.initDurationMs},
                                               {"billedDurationMs", row.billedDurationMs},
                                               {"maxMemoryUsedMB", row.maxMemoryUsedMb},
                                               {"costUsd", row.costUsd}}
                                    .dump()
                                    .c_str());
        } else {
            std::printf("%-20s %-36s %-9s %-4s %9.2f ms  %s\n", row.functionName.c_str(), row.requestId.c_str(),
                        statusName(row.status), row.cold ? "cold" : "", row.durationMs, row.errorType.c_str());
        }
    }
    return 0;
}

}  // namespace

void addHistoryCommand(CLI::App& app, HistoryOptions& options, int& exitStatus)
{
    auto* command = app.add_subcommand("history", "List recorded invocations of a project, newest first");
    command->add_option("template", options.templatePath, "template.yaml / template.json, or its folder")->required();
    command->add_option("--function", options.function, "only this function");
    command->add_option("--request-id", options.requestId, "only this request");
    command->add_option("--status", options.status, "only ok, error or throttled")
        ->check(CLI::IsMember({"ok", "error", "throttled"}));
    command->add_option("--limit", options.limit, "rows at most (0 = all)")->check(CLI::Range(0, 100000000));
    command->add_flag("--json", options.json, "one JSON object per line");
    command->callback([&options, &exitStatus] { exitStatus = runHistory(options); });
}

}  // namespace lambdadesk::cli
