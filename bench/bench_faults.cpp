// SPDX-License-Identifier: MIT
// bench_faults: what the fault-injection seam costs a warm invoke, and how precisely a startup delay lands.
// Baseline, measured in the same run: the same warm invoke with no fault policy installed.
// Usage: bench_faults [--quick] [--json FILE]
#include "bench_stats.h"

#include "engine.h"
#include "model/function_name.h"
#include "test_paths.h"

#include <run/experiment_runner.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

using namespace lambdadesk;
using Clock = std::chrono::steady_clock;

namespace {

core::FunctionConfig nativeEcho(const std::string& name)
{
    core::FunctionConfig function;
    function.name = name;
    function.runtime = "provided.al2023";
    function.handler = "bootstrap";
    function.codeDir = lambdadesk::tests::fixturesBuildDir() + "/native/echo";
    function.memoryMb = 512;
    function.timeoutSeconds = 30;
    function.arn = core::functionArn("us-east-1", "123456789012", name);
    return function;
}

/// Warm invoke latencies of `count` sequential invocations (after one to warm up).
std::vector<double> warmLatencies(core::Engine& engine, const std::string& name, int count)
{
    core::InvokeRequest warm;
    warm.function = name;
    warm.payload = R"({"n":1})";
    (void)engine.invoke(warm);
    std::vector<double> latencies;
    latencies.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        core::InvokeRequest request;
        request.function = name;
        request.payload = R"({"n":1})";
        const auto start = Clock::now();
        const auto result = engine.invoke(std::move(request));
        latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        if (!result.ok())
            std::fprintf(stderr, "bench_faults: invocation failed: %s\n", result.errorType.c_str());
    }
    return latencies;
}

nlohmann::json oneAction(const std::string& function, const std::string& actionId, nlohmann::json parameters)
{
    return {{"description", "bench " + actionId},
            {"stopConditions", {{{"source", "none"}}}},
            {"targets", {{"Fns", {{"resourceType", "aws:lambda:function"}, {"resourceArns", {function}}}}}},
            {"actions", {{"act", {{"actionId", actionId}, {"parameters", std::move(parameters)},
                                  {"targets", {{"Functions", "Fns"}}}}}}},
            {"lambdadesk", {{"seed", 1}}}};
}

struct Row {
    std::string label;
    double p50 = 0;
    double p99 = 0;
    double ratio = 0;  ///< p50 against the baseline's
};

}  // namespace

int main(int argc, char** argv)
{
    const auto args = bench::parseBenchArgs(argc, argv);
    const bool quick = args.quick;
    const std::string& jsonPath = args.jsonPath;
    const int count = quick ? 500 : 3000;
    std::vector<Row> rows;

    core::Engine engine;
    engine.putFunction(nativeEcho("Echo"));
    engine.putFunction(nativeEcho("Other"));
    const auto baseline = warmLatencies(engine, "Echo", count);
    const double base = bench::percentile(baseline, 50);
    rows.push_back({"no fault policy (baseline)", base, bench::percentile(baseline, 99), 1.0});
    const auto measure = [&](const std::string& label) {
        const auto latencies = warmLatencies(engine, "Echo", count);
        const double p50 = bench::percentile(latencies, 50);
        rows.push_back({label, p50, bench::percentile(latencies, 99), p50 / base});
        return latencies;
    };

    auto runner = faults::ExperimentRunner::create(engine);
    measure("runner installed, no experiment");

    const auto elsewhere = runner->createTemplate(
        oneAction("Other", "aws:lambda:invocation-add-delay", {{"duration", "PT1H"}, {"startupDelayMilliseconds", "0"}}));
    const auto elsewhereRun = runner->start(elsewhere->id);
    measure("experiment on another function");
    runner->stop(elsewhereRun->id);

    const auto zeroDelay = runner->createTemplate(
        oneAction("Echo", "aws:lambda:invocation-add-delay", {{"duration", "PT1H"}, {"startupDelayMilliseconds", "0"}}));
    const auto zeroRun = runner->start(zeroDelay->id);
    measure("every invocation hit (0 ms delay)");
    runner->stop(zeroRun->id);

    // Precision: a 20 ms startup delay should add 20 ms and little more.
    const auto delay = runner->createTemplate(
        oneAction("Echo", "aws:lambda:invocation-add-delay", {{"duration", "PT1H"}, {"startupDelayMilliseconds", "20"}}));
    const auto delayRun = runner->start(delay->id);
    const auto delayed = warmLatencies(engine, "Echo", quick ? 100 : 300);
    runner->stop(delayRun->id);
    const double delayedP50 = bench::percentile(delayed, 50);
    const double overshootP50 = delayedP50 - base - 20.0;
    const double overshootP99 = bench::percentile(delayed, 99) - base - 20.0;
    runner->shutdown();

    std::printf("%-36s %10s %10s %8s\n", "warm invoke (native echo)", "p50 ms", "p99 ms", "p50 ×");
    for (const auto& row : rows)
        std::printf("%-36s %10.3f %10.3f %8.2f\n", row.label.c_str(), row.p50, row.p99, row.ratio);
    std::printf("%-36s %10.3f %10.3f   (overshoot past base + 20 ms: p50 %.3f ms, p99 %.3f ms)\n",
                "20 ms startup delay", delayedP50, bench::percentile(delayed, 99), overshootP50, overshootP99);

    if (!jsonPath.empty()) {
        nlohmann::json out;
        for (const auto& row : rows)
            out["warm"].push_back({{"label", row.label}, {"p50Ms", row.p50}, {"p99Ms", row.p99}, {"ratioToBaseline", row.ratio}});
        out["delay20ms"] = {{"p50Ms", delayedP50}, {"overshootP50Ms", overshootP50}, {"overshootP99Ms", overshootP99}};
        std::ofstream(jsonPath) << out.dump(2) << '\n';
    }
    return 0;
}
