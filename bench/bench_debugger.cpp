// SPDX-License-Identifier: MIT
// bench_debugger: what debugging costs, for a native function under LLDB, a Python one under debugpy and a
// Node one under the inspector. For each: a cold start in debug mode next to the same cold start spawned
// plainly, and the time from a breakpoint stop reaching LambdaDesk to the stop frame's locals (and a watch
// expression) being read — the work behind the Debug dock's first paint (goal ≤ 50 ms) — next to a warm
// invoke of the same function, all in one run.
// Usage: bench_debugger [--quick] [--json FILE]
#include "bench_stats.h"
#include "../tests/debugger/debug_fixture.h"

#include <debug_launcher.h>
#include <engine.h>
#include <model/function_name.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>

using namespace lambdadesk;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// One debuggee: its function, the loop breakpoint, a watch and an event for a stop per item.
struct Debuggee {
    std::string name;    ///< "native", "python", "node"
    std::string engine;  ///< what debugs it
    core::FunctionConfig function;
    debugger::BreakpointSpec loop;
    std::string watch;
    std::string payload(int items) const
    {
        std::string list = "[";
        for (int i = 0; i < items; ++i) {
            list += i ? "," : "";
            list += name == "native" ? std::to_string(i) : R"({"price":)" + std::to_string(i) + R"(,"qty":1})";
        }
        return "{\"items\":" + list + "]}";
    }
};

std::vector<Debuggee> debuggees()
{
    std::vector<Debuggee> all;
    Debuggee native{"native", "LLDB", tests::debuggeeFunction(), {}, "total * 2"};
    native.loop.file = "handler.c";
    native.loop.line = tests::lineOf("loop");
    all.push_back(native);
    for (const auto* runtime : {"python", "node"}) {
        const auto script = tests::scriptDebuggee(runtime);
        Debuggee debuggee{runtime, std::string(runtime) == "python" ? "debugpy" : "inspector", script.function, {},
                          "result * 2"};
        debuggee.loop.file = script.file;
        debuggee.loop.line = tests::markerLine(script.file, "loop");
        all.push_back(debuggee);
    }
    return all;
}

// Reads what the dock shows first at every stop, timing it from the moment the stop reached us.
class LocalsTimer final : public debugger::DebugObserver {
public:
    explicit LocalsTimer(std::string watch) : m_watch(std::move(watch)) {}
    void stopped(const std::shared_ptr<debugger::DebugSession>& session, const debugger::StopInfo& stop) override
    {
        const auto start = Clock::now();
        const auto threads = session->threads();
        const auto frames = session->frames(stop.threadId);
        const auto locals = session->variables(stop.threadId, stop.frame.index, "locals");
        const auto watch = session->evaluate(stop.threadId, stop.frame.index, m_watch);
        const double ms = msSince(start);
        {
            std::lock_guard lock(m_mutex);
            samples.push_back(ms);
            localsSeen = locals.size();
            complete = complete && !threads.empty() && !frames.empty() && watch.ok;
        }
        session->continueRun();
    }
    std::vector<double> taken()
    {
        std::lock_guard lock(m_mutex);
        return samples;
    }
    std::size_t localsSeen = 0;
    bool complete = true;  ///< every stop answered threads, a stack and the watch

private:
    std::string m_watch;
    std::mutex m_mutex;
    std::vector<double> samples;
};

struct ColdStarts {
    std::vector<double> initMs;
    std::vector<double> latencyMs;
};

ColdStarts coldStarts(core::Engine& engine, const Debuggee& debuggee, int runs)
{
    ColdStarts result;
    for (int i = 0; i < runs; ++i) {
        engine.reloadFunction(debuggee.function.name);  // the next invoke starts a new environment
        core::InvokeRequest request;
        request.function = debuggee.function.name;
        request.payload = debuggee.payload(3);
        const auto start = Clock::now();
        const auto invoked = engine.invoke(request);
        result.latencyMs.push_back(msSince(start));
        result.initMs.push_back(invoked.initDurationMs);
        if (!invoked.ok() || !invoked.cold)
            std::fprintf(stderr, "bench_debugger: unexpected result %s\n", invoked.payload.c_str());
    }
    return result;
}

struct Figures {
    ColdStarts plain;
    ColdStarts debugged;
    std::vector<double> warmMs;
    std::vector<double> stops;
    std::size_t localsSeen = 0;
    bool complete = true;
};

Figures measure(const Debuggee& debuggee, int runs)
{
    Figures figures;
    core::EngineOptions plainOptions;
    plainOptions.shutdownGrace = std::chrono::milliseconds(200);
    {
        core::Engine engine(plainOptions);
        engine.putFunction(debuggee.function);
        figures.plain = coldStarts(engine, debuggee, runs);
    }
    auto book = std::make_shared<debugger::BreakpointBook>();
    auto timer = std::make_shared<LocalsTimer>(debuggee.watch);
    auto launcher = std::make_shared<debugger::DebugLauncher>(book, timer);
    launcher->setDebugged(debuggee.function.name, true);
    core::EngineOptions debugOptions = plainOptions;
    debugOptions.launcher = launcher;
    {
        core::Engine engine(debugOptions);
        engine.putFunction(debuggee.function);
        figures.debugged = coldStarts(engine, debuggee, runs);
        // Warm invokes without breakpoints: the baseline for the stop-to-locals figure.
        for (int i = 0; i < runs * 5; ++i) {
            core::InvokeRequest request;
            request.function = debuggee.function.name;
            request.payload = debuggee.payload(3);
            const auto start = Clock::now();
            engine.invoke(request);
            figures.warmMs.push_back(msSince(start));
        }
        book->add(debuggee.loop);
        launcher->applyBreakpoints();
        core::InvokeRequest request;
        request.function = debuggee.function.name;
        request.payload = debuggee.payload(runs * 3);
        engine.invoke(request);
    }
    figures.stops = timer->taken();
    figures.localsSeen = timer->localsSeen;
    figures.complete = timer->complete;
    return figures;
}

}  // namespace

int main(int argc, char** argv)
{
    const auto args = bench::parseBenchArgs(argc, argv);
    const int runs = args.quick ? 3 : 10;

    using bench::percentile;
    nlohmann::json out = {{"bench", "debugger"}};
    std::printf("%-52s %10s %10s %10s\n", "figure", "p50 ms", "p90 ms", "samples");
    const auto row = [](const std::string& name, const std::vector<double>& values) {
        std::printf("%-52s %10.2f %10.2f %10zu\n", name.c_str(), percentile(values, 50), percentile(values, 90),
                    values.size());
    };
    const auto json = [](const std::vector<double>& values) {
        return nlohmann::json{{"p50_ms", percentile(values, 50)}, {"p90_ms", percentile(values, 90)},
                              {"samples", values.size()}};
    };
    std::vector<std::string> summary;
    for (const auto& debuggee : debuggees()) {
        const auto figures = measure(debuggee, runs);
        const auto& name = debuggee.name;
        const auto& engine = debuggee.engine;
        row(name + ": cold start INIT, plain spawn (baseline)", figures.plain.initMs);
        row(name + ": cold start INIT, under " + engine, figures.debugged.initMs);
        row(name + ": cold invoke latency, plain spawn (baseline)", figures.plain.latencyMs);
        row(name + ": cold invoke latency, under " + engine, figures.debugged.latencyMs);
        row(name + ": warm invoke under " + engine + ", no stop (baseline)", figures.warmMs);
        row(name + ": stop -> threads+stack+locals+1 watch read", figures.stops);
        const double ratio = percentile(figures.debugged.latencyMs, 50) /
                             std::max(0.001, percentile(figures.plain.latencyMs, 50));
        char line[256];
        std::snprintf(line, sizeof line, "%s: debug / plain cold latency p50 %.1fx; stop -> locals p90 %.2f ms against "
                      "the 50 ms goal: %s (%zu locals%s)", name.c_str(), ratio, percentile(figures.stops, 90),
                      percentile(figures.stops, 90) <= 50 ? "met" : "MISSED", figures.localsSeen,
                      figures.complete ? "" : "; some stops answered incompletely");
        summary.emplace_back(line);
        out[name] = {{"engine", engine},
                     {"cold_init_plain", json(figures.plain.initMs)},
                     {"cold_init_debug", json(figures.debugged.initMs)},
                     {"cold_latency_plain", json(figures.plain.latencyMs)},
                     {"cold_latency_debug", json(figures.debugged.latencyMs)},
                     {"warm_invoke_debug", json(figures.warmMs)},
                     {"stop_to_locals", json(figures.stops)},
                     {"debug_over_plain_cold_latency", ratio}};
    }
    for (const auto& line : summary)
        std::printf("%s\n", line.c_str());
    if (!args.jsonPath.empty())
        std::ofstream(args.jsonPath) << out.dump(2) << '\n';
    return 0;
}
