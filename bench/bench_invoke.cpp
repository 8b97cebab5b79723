// SPDX-License-Identifier: MIT
// bench_invoke: warm invoke latency and throughput, cold starts and engine memory per environment,
// each next to a baseline measured in the same run. Usage: bench_invoke [--quick] [--json FILE]
#include "bench_stats.h"
#include "loopback_baseline.h"

#include "engine.h"
#include "model/function_name.h"
#include "test_paths.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

using namespace lambdadesk;
using Clock = std::chrono::steady_clock;

namespace {

struct Subject {
    const char* label;
    const char* runtime;
    std::string codeDir;
    const char* handler;
};

core::FunctionConfig functionFor(const Subject& subject, const std::string& name)
{
    core::FunctionConfig function;
    function.name = name;
    function.runtime = subject.runtime;
    function.handler = subject.handler;
    function.codeDir = subject.codeDir;
    function.memoryMb = 512;
    function.timeoutSeconds = 30;
    function.arn = core::functionArn("us-east-1", "123456789012", name);
    return function;
}

core::InvokeRequest request(const std::string& name, const std::string& payload)
{
    core::InvokeRequest invoke;
    invoke.function = name;
    invoke.payload = payload;
    return invoke;
}

struct WarmFigures {
    double p50Ms = 0;
    double p99Ms = 0;
    double perSecond = 0;
};

// `callers` threads invoke synchronously in a loop for `seconds`, each with `payload`.
WarmFigures measureWarm(core::Engine& engine, const std::string& name, int callers, double seconds,
                        const std::string& payload = R"({"hello":"bench"})")
{
    for (int i = 0; i < callers * 2; ++i) {
        engine.invoke(request(name, R"({"warm":true})"));
    }
    std::mutex mutex;
    std::vector<double> latencies;
    std::atomic<long> count{0};
    const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    for (int c = 0; c < callers; ++c) {
        threads.emplace_back([&] {
            std::vector<double> local;
            while (Clock::now() < deadline) {
                const auto sent = Clock::now();
                const auto result = engine.invoke(request(name, payload));
                local.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
                if (!result.ok())
                    std::fprintf(stderr, "invoke failed: %s\n", result.payload.c_str());
                ++count;
            }
            std::lock_guard lock(mutex);
            latencies.insert(latencies.end(), local.begin(), local.end());
        });
    }
    for (auto& thread : threads)
        thread.join();
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    return {bench::percentile(latencies, 50), bench::percentile(latencies, 99), static_cast<double>(count) / wall};
}

// Each round retires the idle environment (hot reload) so the next invoke is a cold start.
std::vector<double> measureCold(core::Engine& engine, const std::string& name, int rounds)
{
    std::vector<double> inits;
    for (int i = 0; i < rounds; ++i) {
        engine.reloadFunction(name);
        const auto result = engine.invoke(request(name, "{}"));
        if (result.cold)
            inits.push_back(result.initDurationMs);
    }
    return inits;
}

}  // namespace

int main(int argc, char** argv)
{
    bool quick = false;
    int ioThreads = core::EngineOptions{}.ioThreads;
    std::string jsonPath = "bench_invoke.json";
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            quick = true;
        else if (std::strcmp(argv[i], "--io-threads") == 0 && i + 1 < argc)
            ioThreads = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            jsonPath = argv[++i];
    }
    const double seconds = quick ? 1.0 : 3.0;
    const int coldRounds = quick ? 10 : 30;
    nlohmann::json report;

    const auto loopback = bench::loopbackRoundTrips(quick ? 5000 : 20000);
    const double loopbackP50 = bench::percentile(loopback, 50);
    const double loopbackP99 = bench::percentile(loopback, 99);
    report["ioThreads"] = ioThreads;
    report["baseline"] = {{"loopbackP50Ms", loopbackP50}, {"loopbackP99Ms", loopbackP99}};
    std::printf("baseline: bare loopback HTTP round trip p50 %.4f ms, p99 %.4f ms\n\n", loopbackP50, loopbackP99);

    const Subject subjects[] = {
        {"native", "provided.al2023", lambdadesk::tests::fixturesBuildDir() + "/native/echo", "bootstrap"},
        {"python", "python3.12", lambdadesk::tests::fixturesDir() + "/python/echo", "app.handler"},
        {"node", "nodejs20.x", lambdadesk::tests::fixturesDir() + "/node/echo", "index.handler"},
    };
    const auto pythonBaseline = bench::timeCommand({"/usr/bin/python3", "-c", "pass"}, coldRounds);
    const auto nodeBaseline = bench::timeCommand({"/usr/bin/node", "-e", "0"}, coldRounds);
    const auto trueBaseline = bench::timeCommand({"/bin/true"}, coldRounds);

    std::printf("%-7s %11s %11s %9s %11s %11s %9s %11s %13s\n", "runtime", "1× p50 ms", "1× p99 ms", "1× inv/s",
                "4× p50 ms", "4× p99 ms", "4× inv/s", "p50/loop", "cold p50 ms");
    for (const auto& subject : subjects) {
        core::EngineOptions options;
        options.ioThreads = ioThreads;
        core::Engine engine(options);
        const std::string name = std::string("echo-") + subject.label;
        engine.putFunction(functionFor(subject, name));
        // The baseline is re-measured right before each subject so both see the same machine noise.
        const double baselineP50 = bench::percentile(bench::loopbackRoundTrips(5000), 50);
        const auto one = measureWarm(engine, name, 1, seconds);
        const auto four = measureWarm(engine, name, 4, seconds);
        const auto cold = measureCold(engine, name, coldRounds);
        const double coldP50 = bench::percentile(cold, 50);
        std::printf("%-7s %11.4f %11.4f %9.0f %11.4f %11.4f %9.0f %10.2fx %13.2f\n", subject.label, one.p50Ms,
                    one.p99Ms, one.perSecond, four.p50Ms, four.p99Ms, four.perSecond, one.p50Ms / baselineP50, coldP50);
        report["warm"][subject.label] = {{"callers1", {{"p50Ms", one.p50Ms}, {"p99Ms", one.p99Ms}, {"perSecond", one.perSecond}}},
                                          {"callers4", {{"p50Ms", four.p50Ms}, {"p99Ms", four.p99Ms}, {"perSecond", four.perSecond}}},
                                          {"loopbackP50Ms", baselineP50},
                                          {"p50OverLoopback", one.p50Ms / baselineP50}};
        report["cold"][subject.label] = {{"initP50Ms", coldP50}, {"initP99Ms", bench::percentile(cold, 99)}};
    }
    const double pythonBare = bench::percentile(pythonBaseline, 50);
    const double nodeBare = bench::percentile(nodeBaseline, 50);
    const double trueBare = bench::percentile(trueBaseline, 50);
    report["cold"]["baselines"] = {{"python3 -c pass", pythonBare}, {"node -e 0", nodeBare}, {"/bin/true", trueBare}};
    std::printf("\ncold-start baselines (spawn to exit, p50): /bin/true %.2f ms, python3 -c pass %.2f ms, node -e 0 %.2f ms\n",
                trueBare, pythonBare, nodeBare);
    std::printf("cold start over baseline: python %+.2f ms, node %+.2f ms\n",
                report["cold"]["python"]["initP50Ms"].get<double>() - pythonBare,
                report["cold"]["node"]["initP50Ms"].get<double>() - nodeBare);

    // What keeping every invocation's event for replay (EngineOptions::keptEvents, "Debug This Invocation") costs
    // a warm invoke: two engines, one keeping none (the baseline), measured in alternating rounds so both see
    // the same machine noise.
    {
        std::vector<double> kept;
        std::vector<double> none;
        const std::string payload = R"({"pad":")" + std::string(900, 'x') + R"("})";
        for (int round = 0; round < (quick ? 2 : 4); ++round) {
            for (const bool keep : {true, false}) {
                core::EngineOptions options;
                options.ioThreads = ioThreads;
                options.keptEvents = keep ? core::EngineOptions{}.keptEvents : 0;
                core::Engine engine(options);
                engine.putFunction(functionFor(subjects[0], "echo-kept"));
                engine.invoke(request("echo-kept", payload));  // cold start out of the way
                const auto figures = measureWarm(engine, "echo-kept", 1, seconds / 2, payload);
                (keep ? kept : none).push_back(figures.p50Ms);
            }
        }
        std::sort(kept.begin(), kept.end());
        std::sort(none.begin(), none.end());
        const double keptP50 = kept[kept.size() / 2];
        const double noneP50 = none[none.size() / 2];
        report["recentEvents"] = {{"keptP50Ms", keptP50}, {"noneP50Ms", noneP50}, {"payloadBytes", payload.size()}};
        std::printf("\nevents kept for replay (native, 1 caller, %zu-byte event): p50 %.4f ms, none kept %.4f ms "
                    "(%+.1f µs)\n",
                    payload.size(), keptP50, noneP50, (keptP50 - noneP50) * 1000.0);
    }

    // Engine-side memory per idle environment: our own RSS growth while N environments sit idle.
    {
        const int environments = quick ? 20 : 50;
        core::Engine engine;
        auto function = functionFor(subjects[0], "idle-native");
        function.provisionedConcurrency = environments;
        const long before = bench::residentKb();
        const long heapBefore = bench::heapInUseBytes();
        engine.putFunction(function);
        const auto deadline = Clock::now() + std::chrono::seconds(30);
        while (Clock::now() < deadline) {
            const auto stats = engine.stats("idle-native");
            if (stats && stats->idle == environments)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        const long after = bench::residentKb();
        const long heapAfter = bench::heapInUseBytes();
        const double rssPerEnvironmentKb = static_cast<double>(after - before) / environments;
        const double heapPerEnvironmentKb = static_cast<double>(heapAfter - heapBefore) / 1024.0 / environments;
        report["memory"] = {{"environments", environments},
                            {"engineHeapKbPerIdleEnvironment", heapPerEnvironmentKb},
                            {"engineRssKbPerIdleEnvironment", rssPerEnvironmentKb}};
        std::printf("engine memory per idle environment: %.1f kB heap, %.1f kB RSS (%d environments)\n",
                    heapPerEnvironmentKb, rssPerEnvironmentKb, environments);
    }

    std::ofstream(jsonPath) << report.dump(2) << '\n';
    std::printf("\nwrote %s\n", jsonPath.c_str());
    return 0;
}
