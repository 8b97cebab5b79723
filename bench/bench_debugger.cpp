// SPDX-License-Identifier: MIT
// bench_debugger: what debugging costs. A native cold start launched under LLDB next to the same cold
// start spawned plainly, and the time from a breakpoint stop reaching LambdaDesk to the stop frame's
// locals (and a watch expression) being read — the work behind the Debug dock's first paint (goal
// ≤ 50 ms) — next to a warm invoke of the same function, all in one run.
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

// Reads what the dock shows first at every stop, timing it from the moment the stop reached us.
class LocalsTimer final : public debugger::DebugObserver {
public:
    void stopped(const std::shared_ptr<debugger::DebugSession>& session, const debugger::StopInfo& stop) override
    {
        const auto start = Clock::now();
        const auto threads = session->threads();
        const auto frames = session->frames(stop.threadId);
        const auto locals = session->variables(stop.threadId, stop.frame.index, "locals");
        const auto watch = session->evaluate(stop.threadId, stop.frame.index, "total * 2");
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
    std::mutex m_mutex;
    std::vector<double> samples;
};

struct ColdStarts {
    std::vector<double> initMs;
    std::vector<double> latencyMs;
};

ColdStarts coldStarts(core::Engine& engine, int runs)
{
    ColdStarts result;
    for (int i = 0; i < runs; ++i) {
        engine.reloadFunction("Debuggee");  // the next invoke starts a new environment
        core::InvokeRequest request;
        request.function = "Debuggee";
        request.payload = R"({"items":[1,2,3]})";
        const auto start = Clock::now();
        const auto invoked = engine.invoke(request);
        result.latencyMs.push_back(msSince(start));
        result.initMs.push_back(invoked.initDurationMs);
        if (!invoked.ok() || !invoked.cold)
            std::fprintf(stderr, "bench_debugger: unexpected result %s\n", invoked.payload.c_str());
    }
    return result;
}

}  // namespace

int main(int argc, char** argv)
{
    const auto args = bench::parseBenchArgs(argc, argv);
    const bool quick = args.quick;
    const std::string& jsonPath = args.jsonPath;
    const int runs = quick ? 3 : 10;

    core::EngineOptions plainOptions;
    plainOptions.shutdownGrace = std::chrono::milliseconds(200);
    ColdStarts plain;
    {
        core::Engine engine(plainOptions);
        engine.putFunction(tests::debuggeeFunction());
        plain = coldStarts(engine, runs);
    }

    auto book = std::make_shared<debugger::BreakpointBook>();
    auto timer = std::make_shared<LocalsTimer>();
    auto launcher = std::make_shared<debugger::DebugLauncher>(book, timer);
    launcher->setDebugged("Debuggee", true);
    core::EngineOptions debugOptions = plainOptions;
    debugOptions.launcher = launcher;
    ColdStarts debugged;
    std::vector<double> warmMs;
    {
        core::Engine engine(debugOptions);
        engine.putFunction(tests::debuggeeFunction());
        debugged = coldStarts(engine, runs);
        // Warm invokes without breakpoints: the baseline for the stop-to-locals figure.
        for (int i = 0; i < runs * 5; ++i) {
            core::InvokeRequest request;
            request.function = "Debuggee";
            request.payload = R"({"items":[1,2,3]})";
            const auto start = Clock::now();
            engine.invoke(request);
            warmMs.push_back(msSince(start));
        }
        debugger::BreakpointSpec loop;
        loop.file = "handler.c";
        loop.line = tests::lineOf("loop");
        book->add(loop);
        launcher->applyBreakpoints();
        core::InvokeRequest request;
        request.function = "Debuggee";
        std::string items = "[";
        for (int i = 0; i < runs * 3; ++i)
            items += (i ? "," : "") + std::to_string(i);
        request.payload = "{\"items\":" + items + "]}";
        engine.invoke(request);
    }
    const auto stops = timer->taken();

    using bench::percentile;
    std::printf("%-44s %10s %10s %10s\n", "figure", "p50 ms", "p90 ms", "samples");
    const auto row = [](const char* name, const std::vector<double>& values) {
        std::printf("%-44s %10.2f %10.2f %10zu\n", name, percentile(values, 50), percentile(values, 90), values.size());
    };
    row("cold start INIT, plain spawn (baseline)", plain.initMs);
    row("cold start INIT, under LLDB", debugged.initMs);
    row("cold invoke latency, plain spawn (baseline)", plain.latencyMs);
    row("cold invoke latency, under LLDB", debugged.latencyMs);
    row("warm invoke under LLDB, no stop (baseline)", warmMs);
    row("stop -> threads+stack+locals+1 watch read", stops);
    const double ratio = percentile(debugged.latencyMs, 50) / std::max(0.001, percentile(plain.latencyMs, 50));
    std::printf("launch under LLDB / plain spawn (cold latency p50): %.1fx\n", ratio);
    std::printf("stop -> locals p90 %.2f ms against the 50 ms goal: %s (%zu locals%s)\n", percentile(stops, 90),
                percentile(stops, 90) <= 50 ? "met" : "MISSED", timer->localsSeen,
                timer->complete ? "" : "; some stops answered incompletely");

    if (!jsonPath.empty()) {
        const auto figures = [](const std::vector<double>& values) {
            return nlohmann::json{{"p50_ms", percentile(values, 50)}, {"p90_ms", percentile(values, 90)},
                                  {"samples", values.size()}};
        };
        nlohmann::json out = {{"bench", "debugger"},
                              {"cold_init_plain", figures(plain.initMs)},
                              {"cold_init_lldb", figures(debugged.initMs)},
                              {"cold_latency_plain", figures(plain.latencyMs)},
                              {"cold_latency_lldb", figures(debugged.latencyMs)},
                              {"warm_invoke_lldb", figures(warmMs)},
                              {"stop_to_locals", figures(stops)},
                              {"lldb_over_plain_cold_latency", ratio}};
        std::ofstream(jsonPath) << out.dump(2) << '\n';
    }
    return 0;
}
