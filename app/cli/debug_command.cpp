// SPDX-License-Identifier: MIT
#include "debug_command.h"

#include "debug_launcher.h"
#include "engine.h"
#include "invoke_summary.h"
#include "payload_input.h"
#include "project_loading.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>

namespace lambdadesk::cli {
namespace {

/// "9100" or "9100-9103".
std::optional<std::pair<std::uint16_t, std::uint16_t>> parsePortRange(const std::string& text)
{
    const auto dash = text.find('-');
    const auto number = [](const std::string& part) -> std::optional<std::uint16_t> {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || ec != std::errc() || end != part.data() + part.size() || value < 1 || value > 65535)
            return std::nullopt;
        return static_cast<std::uint16_t>(value);
    };
    const auto first = number(text.substr(0, dash));
    const auto last = dash == std::string::npos ? first : number(text.substr(dash + 1));
    if (!first || !last || *last < *first)
        return std::nullopt;
    return std::pair{*first, *last};
}

// At every stop: where, the frame's locals and each --eval, then on. Runs on the session's event thread.
class StopPrinter final : public debugger::DebugObserver {
public:
    StopPrinter(std::vector<std::string> evals, bool json) : m_evals(std::move(evals)), m_json(json) {}

    void stopped(const std::shared_ptr<debugger::DebugSession>& session, const debugger::StopInfo& stop) override
    {
        const auto locals = session->variables(stop.threadId, stop.frame.index, "locals");
        std::vector<std::pair<std::string, std::string>> evals;
        for (const auto& expression : m_evals) {
            const auto result = session->evaluate(stop.threadId, stop.frame.index, expression);
            evals.emplace_back(expression, result.ok ? result.value : "<error: " + result.value + ">");
        }
        const std::string file = std::filesystem::path(stop.frame.file).filename().string();
        {
            std::lock_guard lock(m_mutex);
            if (m_json) {
                nlohmann::json line = {{"event", "stopped"},
                                       {"reason", debugger::toString(stop.reason)},
                                       {"file", file},
                                       {"line", stop.frame.line},
                                       {"function", stop.frame.function}};
                if (stop.reason == debugger::StopReason::Signal || stop.reason == debugger::StopReason::Exception)
                    line["description"] = stop.description;
                nlohmann::json localsJson = nlohmann::json::object();
                for (const auto& variable : locals)
                    localsJson[variable.name] = variable.value;
                line["locals"] = localsJson;
                nlohmann::json evalJson = nlohmann::json::object();
                for (const auto& [expression, value] : evals)
                    evalJson[expression] = value;
                line["eval"] = evalJson;
                std::printf("%s\n", line.dump().c_str());
            } else {
                std::printf("stopped (%s) at %s:%d in %s\n", stop.description.c_str(), file.c_str(), stop.frame.line,
                            stop.frame.function.c_str());
                for (const auto& variable : locals)
                    std::printf("  %s %s = %s\n", variable.type.c_str(), variable.name.c_str(), variable.value.c_str());
                for (const auto& [expression, value] : evals)
                    std::printf("  eval %s = %s\n", expression.c_str(), value.c_str());
            }
            std::fflush(stdout);
        }
        session->continueRun();
    }

    void sessionStarted(const std::shared_ptr<debugger::DebugSession>& session) override
    {
        record(session->breakpointStates());
    }
    void breakpointsResolved(const std::shared_ptr<debugger::DebugSession>&,
                             const std::vector<debugger::BreakpointState>& states) override
    {
        record(states);
    }

    /// Breakpoints no launched process could place, with LLDB's reason.
    std::vector<debugger::BreakpointState> neverVerified()
    {
        std::lock_guard lock(m_mutex);
        std::vector<debugger::BreakpointState> unverified;
        for (const auto& [id, state] : m_states) {
            if (!state.verified)
                unverified.push_back(state);
        }
        return unverified;
    }

private:
    void record(const std::vector<debugger::BreakpointState>& states)
    {
        std::lock_guard lock(m_mutex);
        for (const auto& state : states) {
            auto& kept = m_states[state.specId];
            if (!kept.verified)
                kept = state;
        }
    }

    std::vector<std::string> m_evals;
    bool m_json;
    std::mutex m_mutex;
    std::map<int, debugger::BreakpointState> m_states;
};

}  // namespace

void addDebugCommand(CLI::App& app, DebugOptions& options, int& exitStatus)
{
    auto* command = app.add_subcommand(
        "debug", "Invoke a function once under its debugger (LLDB for provided.*, debugpy for python3.*, the "
                 "Node inspector for nodejs*), print every stop with its locals, then the result as `invoke --json` "
                 "does");
    command->add_option("template", options.templatePath, "template.yaml / template.json, or its folder")->required();
    command->add_option("function", options.function, "function name or logical id")->required();
    // --condition belongs to the --break before it, so both are collected in command-line order.
    command->add_option_function<std::vector<std::string>>(
        "--break",
        [&options](const std::vector<std::string>& values) {
            for (const auto& value : values) {
                options.breakpoints.push_back(value);
                options.conditions.emplace_back();
            }
        },
        "FILE:LINE (FILE matches by path suffix) or a function name; repeatable")
        ->trigger_on_parse();
    command->add_option_function<std::string>(
        "--condition",
        [&options](const std::string& value) {
            if (options.conditions.empty())
                throw CLI::ValidationError("--condition", "must follow the --break it applies to");
            options.conditions.back() = value;
        },
        "stop only when EXPR is true; applies to the --break before it")
        ->trigger_on_parse();
    command->add_option("--payload", options.payload, "event JSON, or @file to read it from a file");
    command->add_option("--eval", options.evals, "an expression printed at every stop; repeatable");
    command->add_option("--break-on-exception", options.exceptions,
                        "Python and Node: stop on exceptions that leave your code (uncaught, the default), on every "
                        "one raised in your code (raised), or never (none); native functions always stop on a crash");
    command->add_flag("--json", options.json, "one JSON object per line: each stop, then the invocation result");
    command->add_option("--platform", options.platformUrl,
                        "run the function on a remote lldb-server platform (connect://HOST:PORT; see "
                        "docs/remote-debugging.md)");
    command->add_option("--source-map", options.sourceMap, "FROM=TO: a build path prefix and where it is here");
    command->add_option("--runtime-api-bind", options.runtimeApiBind,
                        "address the Runtime API listens on (default 127.0.0.1); a non-loopback address exposes "
                        "an unauthenticated API: prefer an SSH tunnel (docs/remote-debugging.md)");
    command->add_option("--runtime-api-host", options.runtimeApiHost,
                        "the host a remote function process reaches the Runtime API at (default: the bind address)");
    command->add_option("--runtime-api-ports", options.runtimeApiPorts,
                        "PORT or FROM-TO: Runtime API listeners take the first free port of the range instead of an "
                        "ephemeral one, so `ssh -R` can carry them to a remote host (docs/remote-debugging.md)");
    command->callback([&options, &exitStatus] { exitStatus = runDebug(options); });
}

int runDebug(const DebugOptions& options)
{
    auto project = loadProjectOrReport(options.templatePath);
    if (!project)
        return 2;
    const auto* function = project->findFunction(options.function);
    if (!function) {
        std::fprintf(stderr, "lambdadesk-cli: no function '%s' in %s\n", options.function.c_str(),
                     options.templatePath.c_str());
        return 2;
    }
    const auto exceptions = debugger::parseExceptionStops(options.exceptions);
    if (!exceptions) {
        std::fprintf(stderr, "lambdadesk-cli: --break-on-exception %s\n", exceptions.error().message.c_str());
        return 2;
    }
    const auto payload = readPayload(options.payload);
    if (!payload)
        return 2;

    auto book = std::make_shared<debugger::BreakpointBook>();
    for (std::size_t i = 0; i < options.breakpoints.size(); ++i) {
        auto spec = debugger::parseBreakpoint(options.breakpoints[i]);
        if (!spec) {
            std::fprintf(stderr, "lambdadesk-cli: --break %s\n", spec.error().message.c_str());
            return 2;
        }
        spec->condition = options.conditions[i];
        book->add(*spec);
    }
    debugger::SessionOptions sessionOptions;
    sessionOptions.platformUrl = options.platformUrl;
    sessionOptions.exceptions = *exceptions;
    for (const auto& mapping : options.sourceMap) {
        const auto equals = mapping.find('=');
        if (equals == std::string::npos || equals == 0) {
            std::fprintf(stderr, "lambdadesk-cli: --source-map '%s' is not FROM=TO (e.g. /build/src=%s)\n",
                         mapping.c_str(), std::filesystem::current_path().c_str());
            return 2;
        }
        sessionOptions.sourceMap.emplace_back(mapping.substr(0, equals), mapping.substr(equals + 1));
    }
    auto printer = std::make_shared<StopPrinter>(options.evals, options.json);
    auto launcher = std::make_shared<debugger::DebugLauncher>(book, printer);
    launcher->setDebugged(function->name, true);
    launcher->setSessionOptions(sessionOptions);

    core::EngineOptions engineOptions;
    engineOptions.runtimeApiBind = options.runtimeApiBind;
    engineOptions.runtimeApiHost = options.runtimeApiHost;
    if (!options.runtimeApiPorts.empty()) {
        const auto ports = parsePortRange(options.runtimeApiPorts);
        if (!ports) {
            std::fprintf(stderr, "lambdadesk-cli: --runtime-api-ports '%s': expected PORT or FROM-TO with "
                                 "1 <= FROM <= TO <= 65535, e.g. 9100-9103\n",
                         options.runtimeApiPorts.c_str());
            return 2;
        }
        engineOptions.runtimeApiPortFirst = ports->first;
        engineOptions.runtimeApiPortLast = ports->second;
    }
    if (options.runtimeApiBind != "127.0.0.1" && options.runtimeApiBind != "::1")
        std::fprintf(stderr, "lambdadesk-cli: warning: the Runtime API listens on %s without authentication; "
                             "anyone who reaches it can read events and answer for the function\n",
                     options.runtimeApiBind.c_str());
    engineOptions.region = project->region;
    engineOptions.accountId = project->accountId;
    engineOptions.launcher = launcher;
    core::Engine engine(engineOptions);
    engine.loadProject(*project);
    core::InvokeRequest request;
    request.function = function->name;
    request.payload = *payload;
    const auto result = engine.invoke(request);

    const auto unverified = printer->neverVerified();
    for (const auto& state : unverified) {
        const auto spec = book->all();
        std::string label;
        for (const auto& candidate : spec) {
            if (candidate.id == state.specId)
                label = candidate.label();
        }
        if (options.json)
            std::printf("%s\n", nlohmann::json{{"event", "breakpoint"},
                                               {"breakpoint", label},
                                               {"verified", false},
                                               {"message", state.message}}
                                    .dump()
                                    .c_str());
        else
            std::fprintf(stderr, "breakpoint %s was never resolved: %s\n", label.c_str(), state.message.c_str());
    }
    if (options.json)
        std::printf("%s\n", invocationToJson(result, result.durationMs).dump().c_str());
    else
        printInvocation(result);
    std::fflush(stdout);
    if (!unverified.empty())
        return 3;
    return result.ok() ? 0 : 1;
}

}  // namespace lambdadesk::cli
