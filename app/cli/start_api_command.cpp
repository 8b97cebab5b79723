// SPDX-License-Identifier: MIT
#include "start_api_command.h"

#include "engine.h"
#include "project_loading.h"
#include "termination.h"
#include "apigateway/api_gateway_listener.h"

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>

namespace lambdadesk::cli {
namespace {

int runStartApi(const StartApiOptions& options)
{
    // Before any thread starts, so every engine thread inherits the mask and only waitForTermination sees them.
    blockTerminationSignals();
    auto project = loadProjectOrReport(options.templatePath);
    if (!project)
        return 2;
    auto engineOptions = projectEngineOptions(*project);
    engineOptions.timeScale = options.timeScale;
    applyHostCapacityFlags(options.hostCapacity, engineOptions);
    core::Engine engine(engineOptions);
    engine.loadProject(*project);
    engine.watchProject(project->templatePath);

    core::ApiGatewayListenerOptions listenerOptions;
    listenerOptions.port = options.port;
    std::vector<core::Error> problems;
    auto listener = core::ApiGatewayListener::start(engine.executor(), engine, listenerOptions, &problems);
    for (const auto& problem : problems)
        std::fprintf(stderr, "lambdadesk-cli: %s\n", problem.message.c_str());
    if (!listener) {
        std::fprintf(stderr, "lambdadesk-cli: %s (choose another with --port)\n", listener.error().message.c_str());
        return 2;
    }
    // Wait for SIGINT/SIGTERM: a clean shutdown stops every environment.
    std::printf("ready http://127.0.0.1:%u\n", static_cast<unsigned>((*listener)->port()));
    std::fflush(stdout);
    waitForTermination();
    (*listener)->stop();
    return 0;
}

}  // namespace

void addStartApiCommand(CLI::App& app, StartApiOptions& options, int& exitStatus)
{
    auto* command = app.add_subcommand("start-api", "Serve the project's Api/HttpApi events over HTTP, like "
                                                    "`sam local start-api`, until interrupted");
    command->add_option("template", options.templatePath, "template.yaml / template.json, or its folder")->required();
    command->add_option("--port", options.port, "port on 127.0.0.1 (0 = any free port)");
    command->add_option("--time-scale", options.timeScale, "shrink retry delays, windows and schedules")
        ->check(CLI::Range(0.0001, 1000.0));
    addHostCapacityFlags(*command, options.hostCapacity);
    command->callback([&options, &exitStatus] { exitStatus = runStartApi(options); });
}

}  // namespace lambdadesk::cli
