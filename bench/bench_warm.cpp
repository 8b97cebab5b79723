// SPDX-License-Identifier: MIT
// bench_warm: warm runtimes at the machine's limit (issue 11 §2). For native, Python and Node echo functions,
// warm invokes/s and p50/p99 through the Invoke API at 1, 8 and 32 keep-alive connections, each next to three
// limits measured in the same run with the same client: (a) a bare loopback HTTP echo in C++, (b) a minimal
// keep-alive HTTP echo server written in that runtime (bench/echo_servers/) and (c) the Runtime API's shape with
// nothing but sockets in it (RuntimeApiRelay: what any engine that keeps a runtime process could reach). Then the
// time to steady state under a burst of 8 callers on a function with no environment, how many environments it
// started, and the same callers on the runtime's echo as the burst's baseline.
// Usage: bench_warm [--quick] [--json FILE] [--runtime native|python|node] [--connections N] [--seconds S] [--no-burst]
//        [--slow-calls]
// (--runtime to --no-burst narrow a run down, e.g. to profile one row with perf; --slow-calls prints the burst's
// slow calls, and its baseline's, on stderr)
#include "bench_stats.h"
#include "http_load_client.h"
#include "loopback_baseline.h"
#include "runtime_api_relay.h"
#include "script_echo_server.h"
#include "test_paths.h"

#include <endpoint/endpoint.h>
#include <engine.h>
#include <model/function_name.h>
#include <runtime/runtime_catalog.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

using namespace lambdadesk;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

namespace {

const std::string kPayload = R"({"order":"bench","items":[1,2,3]})";

struct Load {
    double perSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    long failures = 0;
};

/// `connections` threads, each on its own keep-alive connection, POST kPayload to `target` in a loop for
/// `seconds` after a warm-up; a request counts when it answered 200 with the payload echoed.
Load drive(std::uint16_t port, const std::string& target, int connections, double seconds)
{
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::atomic<bool> stop{false};
    std::atomic<long> failures{0};
    std::mutex mutex;
    std::vector<double> latencies;
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c) {
        threads.emplace_back([&] {
            bench::HttpLoadClient client("127.0.0.1", port);
            for (int i = 0; i < 20; ++i)  // warm-up: connection, environment, the runtime's JIT
                client.request("POST", target, kPayload);
            ++ready;
            while (!go.load())
                std::this_thread::yield();
            std::vector<double> local;
            local.reserve(100000);
            while (!stop.load(std::memory_order_relaxed)) {
                const auto sent = Clock::now();
                const auto answer = client.request("POST", target, kPayload);
                local.push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
                // An echo answers the payload; Python's json.dumps adds spaces, so only the shape is checked.
                if (answer.status != 200 || answer.body.size() < kPayload.size() || answer.body.front() != '{')
                    ++failures;
            }
            std::lock_guard lock(mutex);
            latencies.insert(latencies.end(), local.begin(), local.end());
        });
    }
    while (ready.load() < connections)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const auto start = Clock::now();
    go = true;
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& thread : threads)
        thread.join();
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    return {static_cast<double>(latencies.size()) / wall, bench::percentile(latencies, 50),
            bench::percentile(latencies, 99), failures.load()};
}

Json toJson(const Load& load)
{
    return {{"perSecond", load.perSecond}, {"p50Ms", load.p50Ms}, {"p99Ms", load.p99Ms}, {"failures", load.failures}};
}

struct Subject {
    const char* label;
    core::FunctionConfig function;
    std::string echoServer;  ///< bench/echo_servers/ script, empty: the C++ loopback echo is the runtime's own
};

core::FunctionConfig echoFunction(const std::string& name, const char* runtime, const std::string& codeDir,
                                  const char* handler)
{
    core::FunctionConfig function;
    function.name = name;
    function.runtime = runtime;
    function.handler = handler;
    function.codeDir = codeDir;
    function.memoryMb = 512;
    function.timeoutSeconds = 30;
    function.arn = core::functionArn("us-east-1", "123456789012", name);
    return function;
}

/// Records when each environment of one function started and finished INIT.
class InitRecorder final : public core::EventSink {
public:
    explicit InitRecorder(std::string function) : m_function(std::move(function)) {}
    void onEvent(const core::Event& event) override
    {
        std::lock_guard lock(m_mutex);
        if (const auto* started = std::get_if<core::EnvironmentStarted>(&event.payload)) {
            if (started->functionName == m_function)
                ++m_started;
        } else if (const auto* done = std::get_if<core::InitDone>(&event.payload)) {
            if (done->functionName == m_function)
                m_lastInitDone = std::max(m_lastInitDone, event.time);
        }
    }
    int started()
    {
        std::lock_guard lock(m_mutex);
        return m_started;
    }
    Clock::time_point lastInitDone()
    {
        std::lock_guard lock(m_mutex);
        return m_lastInitDone;
    }

private:
    std::string m_function;
    std::mutex m_mutex;
    int m_started = 0;
    Clock::time_point m_lastInitDone{};
};

/// (sent, answered) in ms after the start of each call `callers` threads, one keep-alive connection each,
/// made to `target` in a loop for `seconds`, all starting at once.
std::vector<std::pair<double, double>> callInLoops(std::uint16_t port, const std::string& target, int callers,
                                                   double seconds)
{
    std::vector<std::pair<double, double>> calls;
    std::mutex mutex;
    std::vector<std::unique_ptr<bench::HttpLoadClient>> clients;
    for (int c = 0; c < callers; ++c)
        clients.push_back(std::make_unique<bench::HttpLoadClient>("127.0.0.1", port));
    const auto start = Clock::now();
    const auto deadline = start + std::chrono::duration<double>(seconds);
    auto since = [start](Clock::time_point at) { return std::chrono::duration<double, std::milli>(at - start).count(); };
    std::vector<std::thread> threads;
    for (int c = 0; c < callers; ++c) {
        threads.emplace_back([&, c] {
            std::vector<std::pair<double, double>> local;
            while (Clock::now() < deadline) {
                const auto sent = Clock::now();
                clients[c]->request("POST", target, kPayload);
                local.emplace_back(since(sent), since(Clock::now()));
            }
            std::lock_guard lock(mutex);
            calls.insert(calls.end(), local.begin(), local.end());
        });
    }
    for (auto& thread : threads)
        thread.join();
    std::sort(calls.begin(), calls.end());
    return calls;
}

/// When the last call slower than `slowMs` ended (0: none), each printed on stderr with `trace`.
double lastSlowCallEnd(const std::vector<std::pair<double, double>>& calls, double slowMs, const char* trace)
{
    double lastSlowEnd = 0;
    for (const auto& [sent, answered] : calls) {
        if (answered - sent > slowMs) {
            lastSlowEnd = std::max(lastSlowEnd, answered);
            if (trace)
                std::fprintf(stderr, "  %s slow call: sent at %.1f ms, took %.1f ms\n", trace, sent, answered - sent);
        }
    }
    return lastSlowEnd;
}

/// When the last 100 ms window (by the calls' start) whose p90 is slower than `slowMs` ended (0: none). A
/// stall of the whole machine slows one call per caller; a backlog behind cold starts slows most of a window.
double lastSlowWindowEnd(const std::vector<std::pair<double, double>>& calls, double slowMs)
{
    constexpr double kWindowMs = 100;
    std::map<long, std::vector<double>> windows;
    for (const auto& [sent, answered] : calls)
        windows[static_cast<long>(sent / kWindowMs)].push_back(answered - sent);
    double lastSlowEnd = 0;
    for (auto& [index, latencies] : windows) {
        if (bench::percentile(latencies, 90) > slowMs)
            lastSlowEnd = static_cast<double>(index + 1) * kWindowMs;
    }
    return lastSlowEnd;
}

struct Burst {
    int callers = 0;
    int environmentsStarted = 0;
    double lastInitDoneMs = 0;     ///< after the burst began
    double warmP50Ms = 0;          ///< the burst's last second
    double steadyStateMs = 0;      ///< the later of the last INIT and the end of the last slow window
    double lastSlowCallMs = 0;     ///< the later of the last INIT and the end of the last slow call
    double echoSlowWindowMs = 0;   ///< the same callers on the runtime's own echo: its last window as slow
    double echoSlowCallMs = 0;     ///< ... and its last call as slow (0: none)
};

/// `callers` threads start at once on a function with no environment and invoke it in a loop for
/// `seconds`. Steady state: no environment starts any more and no 100 ms window has a p90 slower than 5× the
/// warm p50 (the median of the burst's last second) plus 2 ms; the last single call as slow is reported
/// too. Then the same callers call the runtime's own echo (`echoPort`) for as long, judged by the same
/// threshold: what is as slow there is the machine's (two cores, sixteen busy threads), not the engine's.
Burst burst(core::Engine& engine, std::uint16_t port, const std::string& name, std::uint16_t echoPort, int callers,
            double seconds, bool traceSlowCalls)
{
    engine.reloadFunction(name);  // idle environments retire: the burst meets none
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto recorder = std::make_shared<InitRecorder>(name);
    engine.events().subscribe(recorder);
    const auto start = Clock::now();
    const auto calls = callInLoops(port, "/2015-03-31/functions/" + name + "/invocations", callers, seconds);
    engine.events().unsubscribe(recorder);

    Burst result;
    result.callers = callers;
    result.environmentsStarted = recorder->started();
    result.lastInitDoneMs = recorder->lastInitDone() > start
                                ? std::chrono::duration<double, std::milli>(recorder->lastInitDone() - start).count()
                                : 0;
    std::vector<double> lastSecond;
    for (const auto& [sent, answered] : calls) {
        if (sent >= seconds * 1000 - 1000)
            lastSecond.push_back(answered - sent);
    }
    result.warmP50Ms = bench::percentile(lastSecond, 50);
    const double slowMs = 5 * result.warmP50Ms + 2;
    result.steadyStateMs = std::max(result.lastInitDoneMs, lastSlowWindowEnd(calls, slowMs));
    result.lastSlowCallMs =
        std::max(result.lastInitDoneMs, lastSlowCallEnd(calls, slowMs, traceSlowCalls ? name.c_str() : nullptr));
    const auto echoCalls = callInLoops(echoPort, "/echo", callers, seconds);
    result.echoSlowWindowMs = lastSlowWindowEnd(echoCalls, slowMs);
    result.echoSlowCallMs = lastSlowCallEnd(echoCalls, slowMs, traceSlowCalls ? "echo" : nullptr);
    return result;
}

}  // namespace

int main(int argc, char** argv)
{
    auto args = bench::parseBenchArgs(argc, argv);
    if (args.jsonPath.empty())
        args.jsonPath = "bench_warm.json";
    double seconds = args.quick ? 1.0 : 3.0;
    std::vector<int> connectionCounts = {1, 8, 32};
    std::string onlyRuntime;
    bool burstRows = true;
    bool traceSlowCalls = false;  // the burst's slow calls on stderr: what keeps it from steady state
    for (int i = 1; i < argc; ++i) {
        const bool hasValue = i + 1 < argc;
        if (std::strcmp(argv[i], "--runtime") == 0 && hasValue)
            onlyRuntime = argv[++i];
        else if (std::strcmp(argv[i], "--connections") == 0 && hasValue)
            connectionCounts = {std::max(1, std::atoi(argv[++i]))};
        else if (std::strcmp(argv[i], "--seconds") == 0 && hasValue)
            seconds = std::max(0.1, std::atof(argv[++i]));
        else if (std::strcmp(argv[i], "--no-burst") == 0)
            burstRows = false;
        else if (std::strcmp(argv[i], "--slow-calls") == 0)
            traceSlowCalls = true;
    }

    // The checkout's bench/echo_servers/, found from the checkout's tests/fixtures.
    const std::string echoServers = tests::fixturesDir() + "/../../bench/echo_servers/";
    std::vector<Subject> subjects = {
        {"native", echoFunction("echo-native", "provided.al2023", tests::fixturesBuildDir() + "/native/echo", "bootstrap"),
         ""},
        {"python", echoFunction("echo-python", "python3.12", tests::fixturesDir() + "/python/echo", "app.handler"),
         echoServers + "echo_server.py"},
        {"node", echoFunction("echo-node", "nodejs20.x", tests::fixturesDir() + "/node/echo", "index.handler"),
         echoServers + "echo_server.js"},
    };
    if (!onlyRuntime.empty()) {
        std::erase_if(subjects, [&](const Subject& subject) { return subject.label != onlyRuntime; });
        if (subjects.empty()) {
            std::fprintf(stderr, "bench_warm: unknown --runtime '%s' (use native, python or node)\n",
                         onlyRuntime.c_str());
            return 1;
        }
    }

    core::Engine engine;
    for (const auto& subject : subjects)
        engine.putFunction(subject.function);
    bridge::EndpointOptions options;
    options.port = 0;
    auto endpoint = bridge::Endpoint::start(engine, options);
    if (!endpoint) {
        std::fprintf(stderr, "bench_warm: %s\n", endpoint.error().message.c_str());
        return 1;
    }
    const auto port = (*endpoint)->port();

    Json report;
    report["seconds"] = seconds;
    std::printf("%-7s %5s | %26s | %13s | %14s | %14s | %7s | %8s\n", "runtime", "conns",
                "Invoke API inv/s p50/p99 ms", "bare C++ echo", "runtime's echo", "Runtime API relay", "of echo",
                "of relay");
    for (const auto& subject : subjects) {
        const std::string target = "/2015-03-31/functions/" + subject.function.name + "/invocations";
        std::unique_ptr<bench::ScriptEchoServer> runtimeEcho;
        if (!subject.echoServer.empty()) {
            const auto command = core::resolveRuntime(subject.function);
            if (!command) {
                std::fprintf(stderr, "bench_warm: %s\n", command.error().message.c_str());
                return 1;
            }
            runtimeEcho = std::make_unique<bench::ScriptEchoServer>(command->argv.front(), subject.echoServer);
        }
        for (const int connections : connectionCounts) {
            // The four run back to back with the same client, so each sees the same machine.
            const auto lambda = drive(port, target, connections, seconds);
            Load bare;
            {
                bench::LoopbackEchoServer server;
                bare = drive(server.port(), "/echo", connections, seconds);
            }
            const Load own = runtimeEcho ? drive(runtimeEcho->port(), "/echo", connections, seconds) : bare;
            Load relay;
            {
                bench::RuntimeApiRelay server;
                relay = drive(server.port(), "/echo", connections, seconds);
            }
            const double ofEcho = lambda.perSecond / own.perSecond;
            const double ofRelay = lambda.perSecond / relay.perSecond;
            std::printf("%-7s %5d | %9.0f %6.2f/%6.2f ms | %13.0f | %14.0f | %17.0f | %6.0f%% | %7.0f%%%s\n",
                        subject.label, connections, lambda.perSecond, lambda.p50Ms, lambda.p99Ms, bare.perSecond,
                        own.perSecond, relay.perSecond, ofEcho * 100, ofRelay * 100,
                        lambda.failures > 0 || relay.failures > 0 ? "  (failures!)" : "");
            report["warm"][subject.label][std::to_string(connections)] = {
                {"invokeApi", toJson(lambda)},
                {"bareEcho", toJson(bare)},
                {"runtimeEcho", toJson(own)},
                {"runtimeApiRelay", toJson(relay)},
                {"invokeApiOverRuntimeEcho", ofEcho},
                {"invokeApiOverRuntimeApiRelay", ofRelay}};
        }
    }

    std::printf("\n%-7s %7s %12s %12s %11s | %15s %15s | %26s\n", "runtime", "callers", "environments",
                "last INIT ms", "warm p50 ms", "steady state ms", "last slow call", "runtime's echo: same two ms");
    for (const auto& subject : subjects) {
        if (!burstRows)
            break;
        // The baseline: the same callers on the runtime's own echo (the C++ one for native).
        std::unique_ptr<bench::ScriptEchoServer> scriptEcho;
        std::unique_ptr<bench::LoopbackEchoServer> loopbackEcho;
        std::uint16_t echoPort = 0;
        if (!subject.echoServer.empty()) {
            scriptEcho = std::make_unique<bench::ScriptEchoServer>(core::resolveRuntime(subject.function)->argv.front(),
                                                                   subject.echoServer);
            echoPort = scriptEcho->port();
        } else {
            loopbackEcho = std::make_unique<bench::LoopbackEchoServer>();
            echoPort = loopbackEcho->port();
        }
        const auto figures =
            burst(engine, port, subject.function.name, echoPort, 8, args.quick ? 2.0 : 3.0, traceSlowCalls);
        std::printf("%-7s %7d %12d %12.0f %11.2f | %15.0f %15.0f | %12.0f %13.0f   (goal <= 1000 ms: %s)\n",
                    subject.label, figures.callers, figures.environmentsStarted, figures.lastInitDoneMs,
                    figures.warmP50Ms, figures.steadyStateMs, figures.lastSlowCallMs, figures.echoSlowWindowMs,
                    figures.echoSlowCallMs, figures.steadyStateMs <= 1000 ? "met" : "MISSED");
        report["burst"][subject.label] = {{"callers", figures.callers},
                                          {"environmentsStarted", figures.environmentsStarted},
                                          {"lastInitDoneMs", figures.lastInitDoneMs},
                                          {"steadyStateMs", figures.steadyStateMs},
                                          {"warmP50Ms", figures.warmP50Ms},
                                          {"lastSlowCallMs", figures.lastSlowCallMs},
                                          {"runtimeEchoSlowWindowMs", figures.echoSlowWindowMs},
                                          {"runtimeEchoLastSlowCallMs", figures.echoSlowCallMs},
                                          {"goalMs", 1000}};
    }
    report["goals"] = {{"invokeApiOverRuntimeEchoAt8", 0.5}, {"steadyStateMs", 1000}};
    std::ofstream(args.jsonPath) << report.dump(2) << '\n';
    std::printf("\nwrote %s\n", args.jsonPath.c_str());
    (*endpoint)->stop();
    return 0;
}
