// SPDX-License-Identifier: MIT
#include "export_command.h"

#include <sam/project_export.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>

namespace lambdadesk::cli {
namespace {

int runExport(const ExportCommandOptions& options)
{
    exporter::ExportOptions exportOptions;
    exportOptions.project = options.project;
    exportOptions.outDir = options.outDir;
    exportOptions.functions = options.functions;
    const auto report = exporter::exportProject(exportOptions);
    if (!report) {
        const auto& error = report.error();
        if (options.json)
            std::printf("%s\n", nlohmann::json{{"error", error.code}, {"message", error.message}}.dump().c_str());
        std::fprintf(stderr, "lambdadesk-cli export: %s\n", error.message.c_str());
        const bool cannotStart = error.code == "InvalidTemplate" || error.code == "FunctionNotFound" ||
                                 error.code == "InvalidSavedFunction" || error.code == "NothingToExport";
        return cannotStart ? 2 : 1;
    }
    if (options.json) {
        std::printf("%s\n", nlohmann::json{{"outDir", report->outDir.string()},
                                           {"functions", report->functions},
                                           {"files", report->files},
                                           {"warnings", report->warnings},
                                           {"commit", report->commit},
                                           {"changed", report->changed},
                                           {"createdRepository", report->createdRepository}}
                                .dump()
                                .c_str());
        return 0;
    }
    // Each warning reads "Function: Field: warning: what", as the checks write it.
    for (const auto& warning : report->warnings)
        std::fprintf(stderr, "%s\n", warning.c_str());
    std::printf("exported %zu function(s) to %s (%zu files)\n", report->functions.size(),
                report->outDir.string().c_str(), report->files.size());
    if (report->changed)
        std::printf("%s commit %s on main\n", report->createdRepository ? "first" : "new", report->commit.c_str());
    else
        std::printf("nothing changed since the last export; no commit\n");
    std::printf("next: cd %s && sam build && sam deploy\n", report->outDir.string().c_str());
    return 0;
}

}  // namespace

void addExportCommand(CLI::App& app, ExportCommandOptions& options, int& exitStatus)
{
    auto* command = app.add_subcommand(
        "export", "Write a SAM project folder (template, samconfig, code, events, README) under git");
    command->add_option("project", options.project, "the project folder or its template")->required();
    command->add_option("--out", options.outDir, "the SAM project folder to write")->required();
    command->add_option("--function", options.functions, "a function to export (repeatable; default: all)");
    command->add_flag("--json", options.json, "print the report as JSON");
    command->callback([&options, &exitStatus] { exitStatus = runExport(options); });
}

}  // namespace lambdadesk::cli
