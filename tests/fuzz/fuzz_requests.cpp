// SPDX-License-Identifier: MIT
// A libFuzzer target for the endpoint's request parsers: the router, the Host/Origin guard, SigV4's
// header parsing, the SQS (query and JSON), Kinesis and Lambda handlers. The input is an HTTP request in
// plain text ("METHOD TARGET\nName: value\n…\n\nbody"); its first byte picks the service. Any crash, hang
// or sanitizer report is a bug: malformed requests must get AWS-shaped errors.
#include "endpoint/aws_router.h"
#include "endpoint/request_guard.h"
#include "endpoint/sigv4.h"
#include "kinesis/kinesis_handler.h"
#include "lambda/lambda_handler.h"
#include "sqs/sqs_handler.h"

#include <engine.h>
#include <queues/queue_service.h>
#include <streams/stream_service.h>

#include <boost/asio/io_context.hpp>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

using namespace lambdadesk;

namespace {

core::net::HttpRequest parseRequest(std::string_view text)
{
    core::net::HttpRequest request;
    const auto lineEnd = [&text] { return text.find('\n'); };
    auto end = lineEnd();
    const auto first = text.substr(0, end);
    const auto space = first.find(' ');
    request.method = std::string(first.substr(0, space));
    request.target = space == std::string_view::npos ? "/" : std::string(first.substr(space + 1));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    while (!text.empty()) {
        end = lineEnd();
        const auto line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (line.empty())
            break;
        const auto colon = line.find(':');
        auto value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);  // as the HTTP server hands values over
        request.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    request.body = std::string(text);
    return request;
}

struct Services {
    boost::asio::io_context io;
    std::shared_ptr<core::QueueService> queues;
    std::shared_ptr<core::StreamService> streams;
    std::unique_ptr<core::Engine> engine;
    std::unique_ptr<bridge::SqsHandler> sqs;
    std::unique_ptr<bridge::KinesisHandler> kinesis;
    std::unique_ptr<bridge::LambdaHandler> lambda;

    Services()
    {
        queues = *core::QueueService::open(io.get_executor());
        streams = *core::StreamService::open();
        core::CreateQueueRequest queue;
        queue.queueName = "q";
        queues->createQueue(queue);
        streams->createStream("s", 1);
        engine = std::make_unique<core::Engine>();
        // A function to configure, so the Lambda API's settings parsers are reached (it is never invoked).
        core::FunctionConfig function;
        function.name = "f";
        function.runtime = "python3.12";
        function.handler = "app.handler";
        function.codeDir = std::filesystem::temp_directory_path();
        engine->putFunction(function);
        const auto workspace = std::filesystem::temp_directory_path() / ("lambdadesk-fuzz-" + std::to_string(::getpid()));
        sqs = std::make_unique<bridge::SqsHandler>(queues, "http://127.0.0.1:4566");
        kinesis = std::make_unique<bridge::KinesisHandler>(streams);
        lambda = std::make_unique<bridge::LambdaHandler>(*engine, workspace, "http://127.0.0.1:4566");
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static Services services;
    if (size == 0)
        return 0;
    const auto selector = data[0] % 4;
    auto request = parseRequest(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
    bridge::RequestContext context;
    context.requestId = "fuzz";
    context.region = "us-east-1";
    context.accountId = "123456789012";
    context.endpointUrl = "http://127.0.0.1:4566";
    (void)bridge::routeRequest(request);
    (void)bridge::checkRequest(request, bridge::GuardOptions{}, context.requestId);
    (void)bridge::verifySignature(request, {{"AKID", "secret"}}, std::chrono::system_clock::now());
    // LAMBDADESK_FUZZ_VERBOSE=1 prints each answer's status and the start of its body (to read a corpus).
    static const bool verbose = std::getenv("LAMBDADESK_FUZZ_VERBOSE") != nullptr;
    auto ignore = [](core::net::HttpResponse response) {
        if (verbose)
            std::fprintf(stderr, "%d %.120s\n", response.status, response.body.c_str());
    };
    switch (selector) {
    case 0:
        services.sqs->handle(std::move(request), context, ignore);
        break;
    case 1:
        services.kinesis->handle(std::move(request), context, ignore);
        break;
    case 2:
        // Invocations are left out: they would start processes. Everything else of the Lambda API parses.
        if (request.target.find("/invocations") == std::string::npos &&
            request.target.find("invoke-async") == std::string::npos)
            services.lambda->handle(std::move(request), context, ignore);
        break;
    default:
        break;
    }
    services.io.poll();
    return 0;
}
