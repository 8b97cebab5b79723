// SPDX-License-Identifier: MIT
#include "invoke_command.h"

#include "engine.h"
#include "invoke_summary.h"
#include "payload_input.h"
#include "project_loading.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <fstream>
#include <algorithm>
#include <mutex>
#include <optional>
#include <sstream>

namespace lambdadesk::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Prints function output and platform lines to stderr as they happen (--logs).
class LogPrinter final : public core::EventSink {
public:
    void onEvent(const core::Event& event) override
    {
        const auto* line = std::get_if<core::LogLine>(&event.payload);
        if (!line)
            return;
        std::lock_guard lock(m_mutex);
        std::fprintf(stderr, "[%s] %s\n", line->functionName.c_str(), line->text.c_str());
    }

private:
    std::mutex m_mutex;
};

// Counts every environment started and every INIT (also those whose invocation another environment took).
class StartupCounter final : public core::EventSink {
public:
    void onEvent(const core::Event& event) override
    {
        std::lock_guard lock(m_mutex);
        if (std::holds_alternative<core::EnvironmentStarted>(event.payload))
            ++m_started;
        else if (const auto* init = std::get_if<core::InitDone>(&event.payload))
            m_inits.push_back(init->initDurationMs);
    }
    std::string toText(const core::HostCapacityStats& host, const core::FunctionMetricsSnapshot& metrics)
    {
        std::lock_guard lock(m_mutex);
        std::sort(m_inits.begin(), m_inits.end());
        const auto at = [&](double p) {
            return m_inits.empty() ? 0.0 : m_inits[static_cast<std::size_t>(p / 100.0 * (m_inits.size() - 1))];
        };
        char text[512];
        std::snprintf(text, sizeof text,
                      "%d environment(s) started, INIT p50 %.2f ms, p99 %.2f ms | %llu waited for the host "
                      "(%.0f ms in all) | host bounds: %s\n",
                      m_started, at(50), at(99), static_cast<unsigned long long>(metrics.hostWaits),
                      metrics.hostWaitMsTotal,
                      host.unbounded ? "none (--scale-out aws)"
                                     : (std::to_string(host.maxConcurrentInits) + " INITs, " +
                                        std::to_string(host.maxEnvironments) + " environments").c_str());
        return text;
    }

private:
    std::mutex m_mutex;
    int m_started = 0;
    std::vector<double> m_inits;
};

// Event invocations: each is accepted (the 202) and then followed to its outcome.
class AsyncOutcomes final : public core::EventSink {
public:
    void onEvent(const core::Event& event) override
    {
        std::lock_guard lock(m_mutex);
        if (const auto* finished = std::get_if<core::AsyncEventFinished>(&event.payload)) {
            m_finished.push_back(*finished);
            m_changed.notify_all();
        } else if (const auto* retry = std::get_if<core::AsyncRetryScheduled>(&event.payload)) {
            m_retries.push_back(*retry);
        }
    }
    std::optional<core::AsyncEventFinished> waitFor(const std::string& requestId)
    {
        std::unique_lock lock(m_mutex);
        std::optional<core::AsyncEventFinished> found;
        m_changed.wait(lock, [&] {
            for (const auto& finished : m_finished) {
                if (finished.requestId == requestId)
                    found = finished;
            }
            return found.has_value();
        });
        return found;
    }
    int retriesOf(const std::string& requestId)
    {
        std::lock_guard lock(m_mutex);
        return static_cast<int>(std::count_if(m_retries.begin(), m_retries.end(),
                                              [&](const auto& retry) { return retry.requestId == requestId; }));
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<core::AsyncEventFinished> m_finished;
    std::vector<core::AsyncRetryScheduled> m_retries;
};

int runEventInvocations(core::Engine& engine, const std::string& function, const std::string& payload,
                        const InvokeOptions& options)
{
    auto outcomes = std::make_shared<AsyncOutcomes>();
    engine.events().subscribe(outcomes);
    std::vector<std::string> accepted;
    for (int i = 0; i < options.repeat; ++i) {
        auto id = engine.invokeEvent(function, payload);
        if (!id) {
            std::fprintf(stderr, "lambdadesk-cli: %s: %s\n", id.error().code.c_str(), id.error().message.c_str());
            return 1;
        }
        accepted.push_back(*id);
        if (!options.json)
            std::fprintf(stderr, "accepted %s (202)\n", id->c_str());
    }
    bool allOk = true;
    for (const auto& id : accepted) {
        const auto outcome = outcomes->waitFor(id);
        allOk = allOk && outcome->condition == "Success";
        if (options.json) {
            nlohmann::json line = {{"requestId", id},
                                   {"status", outcome->condition},
                                   {"attempts", outcome->attempts},
                                   {"retries", outcomes->retriesOf(id)},
                                   {"destination", outcome->target}};
            if (!outcome->targetError.empty())
                line["destinationError"] = outcome->targetError;
            std::printf("%s\n", line.dump().c_str());
        } else {
            std::printf("%s %s after %d attempt(s)%s%s\n", id.c_str(), outcome->condition.c_str(), outcome->attempts,
                        outcome->target.empty() ? "" : ", sent to ", outcome->target.c_str());
        }
    }
    std::fflush(stdout);
    return allOk ? 0 : 1;
}

}  // namespace

void addInvokeCommand(CLI::App& app, InvokeOptions& options, int& exitStatus)
{
    auto* command = app.add_subcommand("invoke", "Invoke a function of a SAM project and print the result");
    command->add_option("template", options.templatePath, "template.yaml / template.json, or its folder")->required();
    command->add_option("function", options.function, "function name or logical id")->required();
    command->add_option("--payload", options.payload, "event JSON, or @file to read it from a file");
    command->add_flag("--log-tail", options.logTail, "show the last 4 KB of the invocation's log");
    command->add_flag("--logs", options.logs, "stream all function output to stderr as it happens");
    command->add_option("--repeat", options.repeat, "number of invocations")->check(CLI::Range(1, 100000000));
    command->add_option("--concurrency", options.concurrency, "invocations in flight at once")
        ->check(CLI::Range(1, 10000));
    command->add_flag("--json", options.json, "one JSON object per line per invocation, then a summary line");
    command->add_option("--keep-alive", options.keepAliveSeconds, "seconds an idle environment is kept")
        ->check(CLI::PositiveNumber);
    command->add_option("--account-concurrency", options.accountConcurrency, "account concurrency limit")
        ->check(CLI::Range(1, 100000));
    command->add_option("--invocation-type", options.invocationType,
                        "RequestResponse (default) or Event: accepted into the durable async queue, retried on "
                        "errors and sent to destinations; the command waits for each event's outcome")
        ->check(CLI::IsMember({"RequestResponse", "Event"}));
    command->add_option("--time-scale", options.timeScale,
                        "shrink retry delays, event ages, visibility timeouts and windows (e.g. 0.01)")
        ->check(CLI::Range(0.0001, 1000.0));
    addHostCapacityFlags(*command, options.hostCapacity);
    command->callback([&options, &exitStatus] { exitStatus = runInvoke(options); });
}

int runInvoke(const InvokeOptions& options)
{
    auto project = loadProjectOrReport(options.templatePath);
    if (!project)
        return 2;
    const auto* function = project->findFunction(options.function);
    if (!function) {
        std::string names;
        for (const auto& candidate : project->functions)
            names += (names.empty() ? "" : ", ") + candidate.name;
        std::fprintf(stderr, "lambdadesk-cli: no function '%s' in %s; it has: %s\n", options.function.c_str(),
                     options.templatePath.c_str(), names.empty() ? "no functions" : names.c_str());
        return 2;
    }
    const auto payload = readPayload(options.payload);
    if (!payload)
        return 2;

    auto engineOptions = projectEngineOptions(*project);
    engineOptions.keepAlive = std::chrono::milliseconds(static_cast<std::int64_t>(options.keepAliveSeconds * 1000));
    engineOptions.accountConcurrency = options.accountConcurrency;
    engineOptions.timeScale = options.timeScale;
    applyHostCapacityFlags(options.hostCapacity, engineOptions);
    core::Engine engine(engineOptions);
    if (options.logs)
        engine.events().subscribe(std::make_shared<LogPrinter>());
    auto startups = std::make_shared<StartupCounter>();
    engine.events().subscribe(startups);
    engine.loadProject(*project);
    if (options.invocationType == "Event")
        return runEventInvocations(engine, function->name, *payload, options);

    std::mutex mutex;
    std::condition_variable finished;
    InvokeSummary summary;
    int started = 0;
    int completed = 0;
    const auto wallStart = Clock::now();

    // Keeps `concurrency` invocations in flight until `repeat` have been made.
    std::function<void()> launchOne = [&] {
        core::InvokeRequest request;
        request.function = function->name;
        request.payload = *payload;
        request.logTail = options.logTail;
        const auto sentAt = Clock::now();
        engine.invokeAsync(std::move(request), [&, sentAt](core::InvokeResult result) {
            const double latencyMs = std::chrono::duration<double, std::milli>(Clock::now() - sentAt).count();
            bool launchAnother = false;
            {
                std::lock_guard lock(mutex);
                summary.add(result, latencyMs);
                if (options.json)
                    std::printf("%s\n", invocationToJson(result, latencyMs).dump().c_str());
                else if (options.repeat == 1)
                    printInvocation(result);
                ++completed;
                if (started < options.repeat) {
                    ++started;
                    launchAnother = true;
                }
                finished.notify_all();
            }
            if (launchAnother)
                launchOne();
        });
    };
    {
        std::unique_lock lock(mutex);
        const int initial = std::min(options.concurrency, options.repeat);
        started = initial;
        lock.unlock();
        for (int i = 0; i < initial; ++i)
            launchOne();
        lock.lock();
        finished.wait(lock, [&] { return completed == options.repeat; });
    }
    const double wallSeconds = std::chrono::duration<double>(Clock::now() - wallStart).count();
    std::fflush(stdout);
    if (options.json && options.repeat > 1)
        std::printf("%s\n", nlohmann::json{{"summary", summary.toJson(wallSeconds)}}.dump().c_str());
    else if (options.repeat > 1)
        std::printf("%s%s", summary.toText(wallSeconds).c_str(),
                    startups->toText(engine.hostStats(), engine.metrics().snapshot(function->name)).c_str());
    std::fflush(stdout);
    return summary.allOk() ? 0 : 1;
}

}  // namespace lambdadesk::cli
