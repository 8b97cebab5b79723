// SPDX-License-Identifier: MIT
#pragma once
// Helpers for the Kinesis protocol suites: a KinesisHandler over an in-memory StreamService on a manual clock,
// driven without a network (requests as HttpRequest values in, answers through its responder).

#include "kinesis/kinesis_handler.h"

#include <net/http_message.h>
#include <streams/stream_service.h>

#include <nlohmann/json.hpp>

#include <QtGlobal>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <string>

namespace lambdadesk::tests {

using nlohmann::json;

struct Reply {
    int status = 0;
    std::string raw;
    json body;
    std::string contentType;
    std::string errorType; ///< x-amzn-ErrorType
    std::string requestId; ///< x-amzn-RequestId
    [[nodiscard]] std::string type() const { return body.is_object() ? body.value("__type", "") : ""; }
};

/// True when no member anywhere in `value` is null: optional members are left out instead.
inline bool hasNoNulls(const json& value)
{
    if (value.is_null())
        return false;
    if (value.is_object() || value.is_array()) {
        for (const auto& item : value)
            if (!hasNoNulls(item))
                return false;
    }
    return true;
}

inline core::net::HttpRequest kinesisRequest(const std::string& operation, std::string body)
{
    core::net::HttpRequest request;
    request.method = "POST";
    request.target = "/";
    request.headers = {{"Host", "127.0.0.1:4566"},
                       {"Content-Type", "application/x-amz-json-1.1"},
                       {"X-Amz-Target", "Kinesis_20131202." + operation}};
    request.body = std::move(body);
    return request;
}

/// A handler over an in-memory service on a manual clock.
struct Harness {
    explicit Harness(bool writeLimits = false)
    {
        core::StreamServiceOptions options;
        options.databasePath = ":memory:";
        options.clock = [this] { return now.load(); };
        options.enforceShardWriteLimits = writeLimits;
        auto opened = core::StreamService::open(options);
        if (!opened)
            qFatal("cannot open the stream service: %s", opened.error().message.c_str());
        service = *opened;
        handler = std::make_unique<bridge::KinesisHandler>(service);
    }

    Reply send(core::net::HttpRequest request)
    {
        bridge::RequestContext context;
        context.requestId = "req-" + std::to_string(++requests);
        context.service = "kinesis";
        context.region = "us-east-1";
        context.accountId = "123456789012";
        auto promise = std::make_shared<std::promise<core::net::HttpResponse>>();
        auto future = promise->get_future();
        handler->handle(std::move(request), context,
                        [promise](core::net::HttpResponse response) { promise->set_value(std::move(response)); });
        if (future.wait_for(std::chrono::seconds(5)) != std::future_status::ready)
            qFatal("the Kinesis handler did not answer within 5 s");
        const auto response = future.get();
        Reply reply;
        reply.status = response.status;
        reply.raw = response.body;
        for (const auto& [name, value] : response.headers) {
            if (core::net::equalsIgnoreCase(name, "content-type"))
                reply.contentType = value;
            else if (core::net::equalsIgnoreCase(name, "x-amzn-ErrorType"))
                reply.errorType = value;
            else if (core::net::equalsIgnoreCase(name, "x-amzn-RequestId"))
                reply.requestId = value;
        }
        reply.body = json::parse(response.body, nullptr, false);
        return reply;
    }
    Reply call(const std::string& operation, const json& body) { return send(kinesisRequest(operation, body.dump())); }
    /// Calls and insists on a 200.
    json ok(const std::string& operation, const json& body)
    {
        auto reply = call(operation, body);
        if (reply.status != 200)
            qFatal("%s answered %d: %s", operation.c_str(), reply.status, reply.raw.c_str());
        return reply.body;
    }
    void create(const std::string& name, int shards)
    {
        ok("CreateStream", {{"StreamName", name}, {"ShardCount", shards}});
    }
    std::string iterator(const json& request) { return ok("GetShardIterator", request)["ShardIterator"]; }
    void advance(double seconds) { now += static_cast<std::int64_t>(seconds * 1e6); }

    std::atomic<std::int64_t> now{1'700'000'000'000'000};
    std::shared_ptr<core::StreamService> service;
    std::unique_ptr<bridge::KinesisHandler> handler;
    int requests = 0;
};

inline std::string allBytes()
{
    std::string bytes;
    for (int i = 0; i < 256; ++i)
        bytes.push_back(static_cast<char>(i));
    return bytes;
}

}  // namespace lambdadesk::tests
