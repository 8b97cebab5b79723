// SPDX-License-Identifier: MIT
#pragma once
// What the upstream suites share: header lookups, and an endpoint on an ephemeral port forwarding to an upstream.

#include <endpoint/endpoint.h>
#include <engine.h>
#include <upstream/http_client.h>

#include <QByteArray>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lambdadesk::tests {

using Headers = std::vector<std::pair<std::string, std::string>>;

inline QByteArray bytes(const std::string& text)
{
    return QByteArray::fromStdString(text);
}

inline std::string headerOf(const Headers& headers, std::string_view name)
{
    for (const auto& [key, value] : headers) {
        if (core::net::equalsIgnoreCase(key, name))
            return value;
    }
    return {};
}

inline bool hasHeader(const Headers& headers, std::string_view name)
{
    return std::any_of(headers.begin(), headers.end(),
                       [name](const auto& header) { return core::net::equalsIgnoreCase(header.first, name); });
}

struct RunningEndpoint {
    std::unique_ptr<core::Engine> engine;
    std::unique_ptr<bridge::Endpoint> endpoint;
};

inline core::Expected<RunningEndpoint> startEndpoint(const std::string& upstreamUrl)
{
    RunningEndpoint running;
    running.engine = std::make_unique<core::Engine>(core::EngineOptions{});
    bridge::EndpointOptions options;
    options.port = 0;
    options.upstreamUrl = upstreamUrl;
    auto endpoint = bridge::Endpoint::start(*running.engine, options);
    if (!endpoint)
        return endpoint.error();
    running.endpoint = std::move(*endpoint);
    return running;
}

inline core::Expected<core::net::HttpResponse> send(const bridge::Endpoint& endpoint, core::net::HttpRequest request,
                                                    std::chrono::milliseconds timeout = std::chrono::seconds(30))
{
    auto url = bridge::parseHttpUrl(endpoint.url());
    bridge::HttpClientOptions options;
    options.requestTimeout = timeout;
    return bridge::sendHttpRequestBlocking(*url, std::move(request), options);
}

}  // namespace lambdadesk::tests
