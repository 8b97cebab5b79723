// SPDX-License-Identifier: MIT
#include "import_command.h"

#include <importer/project_importer.h>

#include <CLI/CLI.hpp>

#include <cstdio>

namespace lambdadesk::cli {
namespace {

int runImport(const ImportOptions& options)
{
    bridge::ImportOptions importOptions;
    importOptions.endpointUrl = options.endpointUrl;
    importOptions.functions = options.functions;
    importOptions.outDir = options.outDir;
    importOptions.overwrite = options.force;
    importOptions.http.requestTimeout =
        std::chrono::milliseconds(static_cast<std::int64_t>(options.timeoutSeconds * 1000));
    auto report = bridge::importProject(importOptions, [](const std::string& line) {
        std::printf("%s\n", line.c_str());
        std::fflush(stdout);
    });
    if (!report) {
        std::fprintf(stderr, "lambdadesk-cli import: %s\n", report.error().message.c_str());
        return 2;
    }
    for (const auto& note : report->notes)
        std::printf("note: %s\n", note.c_str());
    for (const auto& failure : report->failed)
        std::fprintf(stderr, "lambdadesk-cli import: failed %s\n", failure.c_str());
    if (report->templatePath.empty()) {
        std::fprintf(stderr, "lambdadesk-cli import: nothing imported from %s (%zu skipped, %zu failed); no template "
                             "written\n",
                     options.endpointUrl.c_str(), report->skipped.size(), report->failed.size());
        return report->failed.empty() ? 0 : 1;
    }
    std::printf("wrote %s: %zu function(s) imported, %zu skipped, %zu failed. Check it with: lambdadesk-cli "
                "validate %s\n",
                report->templatePath.string().c_str(), report->imported.size(), report->skipped.size(),
                report->failed.size(), options.outDir.c_str());
    return report->failed.empty() ? 0 : 1;
}

}  // namespace

void addImportCommand(CLI::App& app, ImportOptions& options, int& exitStatus)
{
    auto* command = app.add_subcommand(
        "import", "Copy functions, their settings and event source mappings from a Lambda endpoint (LocalStack, or "
                  "another LambdaDesk) into a SAM project");
    command->add_option("--endpoint", options.endpointUrl, "the endpoint's http:// URL, e.g. http://127.0.0.1:4566")
        ->required();
    command->add_option("--functions", options.functions, "only these functions (comma-separated; default: all)")
        ->delimiter(',');
    command->add_option("--out", options.outDir, "folder for template.yaml and functions/<name>/")->required();
    command->add_flag("--force", options.force, "replace an existing template.yaml and function folders in --out");
    command->add_option("--timeout", options.timeoutSeconds, "seconds each request may take (default 60)")
        ->check(CLI::Range(1.0, 3600.0));
    command->callback([&options, &exitStatus] { exitStatus = runImport(options); });
}

}  // namespace lambdadesk::cli
