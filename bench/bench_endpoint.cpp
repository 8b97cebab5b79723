// SPDX-License-Identifier: MIT
// bench_endpoint: what the AWS-compatible endpoint adds. Invoke of a native echo function through the
// endpoint (keep-alive HTTP, one and four clients) next to the same invoke through the core API, and SQS
// send/receive/delete through the endpoint next to QueueService directly — all in the same run. When
// moto_server is on PATH, the same SQS HTTP load against it, for a ratio against a popular emulator.
// Usage: bench_endpoint [--quick] [--json FILE]
#include "bench_stats.h"
#include "http_load_client.h"
#include "test_paths.h"

#include <endpoint/endpoint.h>
#include <engine.h>
#include <mappings/event_sources.h>
#include <queues/queue_service.h>

#include <nlohmann/json.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>

extern char** environ;

using namespace lambdadesk;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

namespace {

double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// Invokes per second with `callers` threads for `seconds`, each running `one` in a loop.
template <typename Call>
double throughput(int callers, double seconds, Call makeCaller)
{
    std::atomic<bool> stop{false};
    std::atomic<long> done{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < callers; ++i) {
        threads.emplace_back([&] {
            auto one = makeCaller();
            while (!stop.load(std::memory_order_relaxed)) {
                one();
                done.fetch_add(1, std::memory_order_relaxed);
            }
        });
    }
    const auto start = Clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& thread : threads)
        thread.join();
    return static_cast<double>(done.load()) / (msSince(start) / 1000.0);
}

const std::vector<std::pair<std::string, std::string>> kSqsJson = {
    {"Content-Type", "application/x-amz-json-1.0"},
    {"Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, "
                      "Signature=0"}};

std::vector<std::pair<std::string, std::string>> sqsHeaders(const std::string& operation)
{
    auto headers = kSqsJson;
    headers.emplace_back("X-Amz-Target", "AmazonSQS." + operation);
    return headers;
}

/// Messages per second of send + receive + delete, one message at a time, over HTTP (JSON protocol).
double sqsOverHttp(std::uint16_t port, const std::string& queueName, int messages)
{
    bench::HttpLoadClient client("127.0.0.1", port);
    auto created = client.request("POST", "/", Json{{"QueueName", queueName}}.dump(), sqsHeaders("CreateQueue"));
    if (created.status != 200)
        throw std::runtime_error("CreateQueue failed: " + created.body);
    const auto url = Json::parse(created.body)["QueueUrl"].get<std::string>();
    const auto start = Clock::now();
    for (int i = 0; i < messages; ++i) {
        client.request("POST", "/", Json{{"QueueUrl", url}, {"MessageBody", "message " + std::to_string(i)}}.dump(),
                       sqsHeaders("SendMessage"));
        auto received = client.request("POST", "/", Json{{"QueueUrl", url}, {"MaxNumberOfMessages", 1}}.dump(),
                                       sqsHeaders("ReceiveMessage"));
        const auto body = Json::parse(received.body, nullptr, false);
        if (body.is_discarded() || !body.contains("Messages") || body["Messages"].empty())
            throw std::runtime_error("ReceiveMessage returned nothing: " + received.body);
        client.request("POST", "/",
                       Json{{"QueueUrl", url}, {"ReceiptHandle", body["Messages"][0]["ReceiptHandle"]}}.dump(),
                       sqsHeaders("DeleteMessage"));
    }
    return messages / (msSince(start) / 1000.0);
}

double sqsDirect(core::QueueService& queues, int messages)
{
    core::CreateQueueRequest create;
    create.queueName = "bench-direct";
    queues.createQueue(create);
    const auto start = Clock::now();
    for (int i = 0; i < messages; ++i) {
        core::SendMessageRequest send;
        send.queueUrl = "bench-direct";
        send.messageBody = "message " + std::to_string(i);
        queues.sendMessage(send);
        core::ReceiveMessageRequest receive;
        receive.queueUrl = "bench-direct";
        receive.waitTimeSeconds = 0;
        auto received = queues.receiveMessage(receive);
        queues.deleteMessage("bench-direct", received->messages.at(0).receiptHandle);
    }
    return messages / (msSince(start) / 1000.0);
}

/// moto_server on a free port, or 0 when it is not installed or does not answer.
pid_t startMoto(std::uint16_t port)
{
    const std::string portText = std::to_string(port);
    const char* argv[] = {"moto_server", "-H", "127.0.0.1", "-p", portText.c_str(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int failed = posix_spawnp(&pid, "moto_server", &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (failed != 0)
        return 0;
    for (int attempt = 0; attempt < 100; ++attempt) {
        try {
            bench::HttpLoadClient probe("127.0.0.1", port);
            if (probe.request("GET", "/moto-api/", "").status > 0)
                return pid;
        } catch (const std::exception&) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid)
            return 0;
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return 0;
}

}  // namespace

int main(int argc, char** argv)
{
    bool quick = false;
    std::string jsonPath = "bench_endpoint.json";
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0)
            quick = true;
        else if (std::strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            jsonPath = argv[++i];
    }
    const int samples = quick ? 500 : 5000;
    const double seconds = quick ? 1.0 : 5.0;
    const int messages = quick ? 300 : 2000;

    core::Engine engine;
    core::FunctionConfig echo;
    echo.name = "echo";
    echo.runtime = "provided.al2023";
    echo.handler = "bootstrap";
    echo.codeDir = lambdadesk::tests::fixturesBuildDir() + "/native/echo";
    engine.putFunction(echo);
    bridge::EndpointOptions options;
    options.port = 0;
    auto endpoint = bridge::Endpoint::start(engine, options);
    if (!endpoint) {
        std::fprintf(stderr, "bench_endpoint: %s\n", endpoint.error().message.c_str());
        return 1;
    }
    const auto port = (*endpoint)->port();
    const std::string payload = R"({"hello":"world"})";
    auto invokeDirect = [&engine, &payload] {
        core::InvokeRequest request;
        request.function = "echo";
        request.payload = payload;
        return engine.invoke(std::move(request));
    };
    bench::HttpLoadClient client("127.0.0.1", port);
    const std::string invokePath = "/2015-03-31/functions/echo/invocations";
    for (int i = 0; i < 200; ++i) {  // warm: the environment, the connection, the allocator
        invokeDirect();
        client.request("POST", invokePath, payload);
    }

    // Latency: alternate the two paths so drift in the machine's speed hits both alike.
    std::vector<double> direct;
    std::vector<double> viaEndpoint;
    for (int i = 0; i < samples; ++i) {
        auto start = Clock::now();
        invokeDirect();
        direct.push_back(msSince(start));
        start = Clock::now();
        const auto response = client.request("POST", invokePath, payload);
        viaEndpoint.push_back(msSince(start));
        if (response.status != 200 || response.body != payload) {
            std::fprintf(stderr, "bench_endpoint: unexpected invoke answer %d %s\n", response.status,
                         response.body.c_str());
            return 1;
        }
    }
    const double directP50 = bench::percentile(direct, 50);
    const double endpointP50 = bench::percentile(viaEndpoint, 50);
    const double overheadUs = (endpointP50 - directP50) * 1000.0;

    const double directRate = throughput(4, seconds, [&] { return [&] { invokeDirect(); }; });
    const double endpointRate = throughput(4, seconds, [&] {
        auto own = std::make_shared<bench::HttpLoadClient>("127.0.0.1", port);
        return [own, &invokePath, &payload] { own->request("POST", invokePath, payload); };
    });

    const double sqsDirectRate = sqsDirect(*engine.sources()->queues(), messages);
    double sqsEndpointRate = 0;
    std::string sqsError;
    try {
        sqsEndpointRate = sqsOverHttp(port, "bench-endpoint", messages);
    } catch (const std::exception& failure) {
        sqsError = failure.what();
    }
    double motoRate = 0;
    const auto motoPort = bench::freePort();
    if (const pid_t moto = startMoto(motoPort)) {
        try {
            motoRate = sqsOverHttp(motoPort, "bench-moto", messages);
        } catch (const std::exception& failure) {
            std::fprintf(stderr, "bench_endpoint: moto_server: %s\n", failure.what());
        }
        kill(moto, SIGTERM);
        waitpid(moto, nullptr, 0);
    }

    std::printf("%-44s %14s %14s %10s\n", "figure", "endpoint", "baseline", "ratio");
    std::printf("%-44s %12.3f ms %12.3f ms %9.2fx\n", "invoke p50 (native echo) vs core API", endpointP50, directP50,
                endpointP50 / directP50);
    std::printf("%-44s %12.1f us %14s %10s\n", "endpoint overhead per invoke (p50 difference)", overheadUs, "goal 100",
                overheadUs <= 100 ? "met" : "MISSED");
    std::printf("%-44s %12.3f ms %12.3f ms %9.2fx\n", "invoke p99 vs core API", bench::percentile(viaEndpoint, 99),
                bench::percentile(direct, 99), bench::percentile(viaEndpoint, 99) / bench::percentile(direct, 99));
    std::printf("%-44s %11.0f /s %11.0f /s %9.2fx\n", "invokes, 4 keep-alive clients vs 4 callers", endpointRate,
                directRate, endpointRate / directRate);
    std::printf("%-44s %11.0f /s %11.0f /s %9.2fx\n", "SQS send+receive+delete vs QueueService", sqsEndpointRate,
                sqsDirectRate, sqsEndpointRate / sqsDirectRate);
    if (motoRate > 0)
        std::printf("%-44s %11.0f /s %11.0f /s %9.2fx\n", "SQS send+receive+delete vs moto_server", sqsEndpointRate,
                    motoRate, sqsEndpointRate / motoRate);
    else
        std::printf("%-44s %14s\n", "SQS vs moto_server", "moto_server not found");
    if (!sqsError.empty())
        std::printf("SQS through the endpoint failed: %s\n", sqsError.c_str());

    Json report = {{"samples", samples},
                   {"invoke",
                    {{"endpointP50Ms", endpointP50},
                     {"directP50Ms", directP50},
                     {"endpointP99Ms", bench::percentile(viaEndpoint, 99)},
                     {"directP99Ms", bench::percentile(direct, 99)},
                     {"overheadP50Us", overheadUs},
                     {"overheadGoalUs", 100},
                     {"endpointPerSecond4Clients", endpointRate},
                     {"directPerSecond4Callers", directRate},
                     {"throughputGoalPerSecond", 5000}}},
                   {"sqs",
                    {{"endpointMessagesPerSecond", sqsEndpointRate},
                     {"directMessagesPerSecond", sqsDirectRate},
                     {"motoMessagesPerSecond", motoRate}}}};
    std::ofstream(jsonPath) << report.dump(2) << '\n';
    std::printf("\nwrote %s\n", jsonPath.c_str());
    (*endpoint)->stop();
    return 0;
}
