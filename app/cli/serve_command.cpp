// SPDX-License-Identifier: MIT
#include "serve_command.h"

#include "project_loading.h"
#include "region_option.h"
#include "termination.h"

#include <dap_server.h>
#include <endpoint/endpoint.h>
#include <engine.h>
#include <mappings/event_sources.h>

#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>

namespace lambdadesk::cli {
namespace {

int runServe(const ServeOptions& options)
{
    // Before any thread starts, so every engine thread inherits the mask and only waitForTermination sees them.
    blockTerminationSignals();
    std::optional<core::Project> project;
    if (!options.templatePath.empty()) {
        project = loadProjectOrReport(options.templatePath);
        if (!project)
            return 2;
    }
    bridge::EndpointOptions endpointOptions;
    endpointOptions.port = options.port;
    endpointOptions.bindAddress = options.bindAddress;
    endpointOptions.upstreamUrl = options.upstreamUrl;
    endpointOptions.verifySignatures = options.verifySignatures;
    endpointOptions.allowedOrigins = options.allowedOrigins;
    endpointOptions.allowedHosts = options.allowedHosts;
    for (const auto& pair : options.accessKeys) {
        const auto colon = pair.find(':');
        if (colon == std::string::npos || colon == 0) {
            std::fprintf(stderr, "lambdadesk-cli: --access-key wants ID:SECRET, got '%s'\n", pair.c_str());
            return 2;
        }
        endpointOptions.credentials[pair.substr(0, colon)] = pair.substr(colon + 1);
    }
    if (options.verifySignatures && endpointOptions.credentials.empty()) {
        const char* id = std::getenv("AWS_ACCESS_KEY_ID");
        const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
        if (!id || !secret) {
            std::fprintf(stderr, "lambdadesk-cli: --verify-signatures needs keys: give --access-key ID:SECRET or set "
                                 "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n");
            return 2;
        }
        endpointOptions.credentials[id] = secret;
    }

    core::EngineOptions engineOptions;
    engineOptions.region = defaultRegion();
    if (project) {
        engineOptions = projectEngineOptions(*project);
        endpointOptions.workspaceDir = (project->rootDir / ".lambdadesk" / "functions").string();
    }
    engineOptions.timeScale = options.timeScale;
    applyHostCapacityFlags(options.hostCapacity, engineOptions);
    // With --dap-port, environments of the functions an editor attaches to start under their debugger; the
    // engine comes after the launcher, so the server reaches the engine through hooks set once it exists.
    std::shared_ptr<debugger::DapServer> dap;
    core::Engine* enginePointer = nullptr;
    if (options.dapPort >= 0) {
        debugger::DapServerHooks hooks;
        hooks.functionNames = [&enginePointer] {
            std::vector<std::string> names;
            for (const auto& function : enginePointer->functions())
                names.push_back(function.name);
            return names;
        };
        hooks.reloadFunction = [&enginePointer](const std::string& name) {
            return enginePointer->reloadFunction(name);
        };
        auto book = std::make_shared<debugger::BreakpointBook>();
        auto server = debugger::DapServer::start(options.dapPort, book, hooks);
        if (!server) {
            std::fprintf(stderr, "lambdadesk-cli: --dap-port: %s\n", server.error().message.c_str());
            return 2;
        }
        dap = *server;
        auto launcher = std::make_shared<debugger::DebugLauncher>(book, dap);
        dap->setLauncher(launcher);
        engineOptions.launcher = launcher;
    }
    core::Engine engine(engineOptions);
    enginePointer = &engine;
    if (dap)
        engine.events().subscribe(debugger::makeDapOutputSink(dap));
    if (project) {
        engine.loadProject(*project);
        engine.watchProject(project->templatePath);
    }
    auto endpoint = bridge::Endpoint::start(engine, endpointOptions);
    if (!endpoint) {
        const bool portTaken = endpoint.error().code == "AddressInUse";
        std::fprintf(stderr, "lambdadesk-cli: %s%s\n", endpoint.error().message.c_str(),
                     portTaken ? " (choose another with --port, or --port 0 for any free port)" : "");
        return 2;
    }
    // Wait for SIGINT/SIGTERM: a clean shutdown answers what is under way, then stops every environment.
    if (dap)
        std::printf("dap 127.0.0.1:%d\n", dap->port());
    // Which region the template and unsigned requests are in, and which others have state from earlier runs.
    std::string regions;
    if (auto* directory = engine.sources() ? engine.sources()->regions() : nullptr) {
        for (const auto& region : directory->all())
            regions += (regions.empty() ? "" : ", ") + region.region;
    }
    std::fprintf(stderr, "lambdadesk-cli: default region %s (--region); regions with queues and streams: %s\n",
                 engineOptions.region.c_str(), regions.empty() ? "none" : regions.c_str());
    std::printf("ready %s\n", (*endpoint)->url().c_str());
    std::fflush(stdout);
    waitForTermination();
    if (dap)
        dap->stop();
    (*endpoint)->stop(std::chrono::seconds(5));
    engine.shutdown();
    return 0;
}

}  // namespace

void addServeCommand(CLI::App& app, ServeOptions& options, int& exitStatus)
{
    auto* command = app.add_subcommand(
        "serve", "Run the engine with an AWS-compatible endpoint (Lambda, SQS, Kinesis) until interrupted");
    command->add_option("template", options.templatePath,
                        "template.yaml / template.json, or its folder (optional: without one, only functions "
                        "created through the API run)");
    command->add_option("--port", options.port, "port to listen on (default 4566, LocalStack's; 0 = any free port)");
    command->add_option("--bind", options.bindAddress, "address to listen on (default 127.0.0.1, loopback only)");
    command->add_option("--upstream", options.upstreamUrl,
                        "forward services LambdaDesk does not emulate (S3, DynamoDB, SNS…) to this endpoint, "
                        "e.g. a LocalStack at http://127.0.0.1:4567");
    command->add_flag("--verify-signatures", options.verifySignatures,
                      "check SigV4 signatures against the keys of --access-key (or AWS_ACCESS_KEY_ID/"
                      "AWS_SECRET_ACCESS_KEY)");
    command->add_option("--access-key", options.accessKeys, "ID:SECRET accepted by --verify-signatures (repeatable)");
    command->add_option("--allow-origin", options.allowedOrigins,
                        "a browser origin (scheme://host:port) allowed to call the endpoint (repeatable)");
    command->add_option("--allow-host", options.allowedHosts,
                        "a Host name accepted besides loopback names and the bind address (repeatable)");
    command->add_option("--time-scale", options.timeScale, "shrink retry delays, windows and schedules")
        ->check(CLI::Range(0.0001, 1000.0));
    command->add_option("--dap-port", options.dapPort,
                        "open a Debug Adapter Protocol server on 127.0.0.1:PORT (0 = any free port): an editor attaches "
                        "with {\"function\": NAME} and debugs it, native, Python or Node (docs/debugging.md)")
        ->check(CLI::Range(0, 65535));
    addHostCapacityFlags(*command, options.hostCapacity);
    command->callback([&options, &exitStatus] { exitStatus = runServe(options); });
}

}  // namespace lambdadesk::cli
