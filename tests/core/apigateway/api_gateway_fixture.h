// SPDX-License-Identifier: MIT
#pragma once
// What the API Gateway suites share: Api / HttpApi event sources and routes as a template declares them, header
// lookups and a body of every byte value.

#include "apigateway/api_gateway_routes.h"
#include "model/function_config.h"
#include "net/http_message.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lambdadesk::tests::apigateway {

using core::ApiKind;
using core::ApiRoute;
using core::EventSourceConfig;

inline EventSourceConfig apiEvent(const std::string& name, const std::string& type, nlohmann::json properties)
{
    EventSourceConfig event;
    event.name = name;
    event.type = type;
    event.properties = std::move(properties);
    return event;
}

inline ApiRoute route(ApiKind kind, const std::string& function, const std::string& method, const std::string& path)
{
    ApiRoute route;
    route.kind = kind;
    route.function = function;
    route.eventName = function + "Event";
    route.method = method;
    route.path = path;
    route.payloadFormatVersion = kind == ApiKind::Rest ? "1.0" : "2.0";
    return route;
}

inline std::vector<std::string> headers(const std::vector<std::pair<std::string, std::string>>& all,
                                        std::string_view name)
{
    std::vector<std::string> values;
    for (const auto& [key, value] : all) {
        if (core::net::equalsIgnoreCase(key, name))
            values.push_back(value);
    }
    return values;
}

inline std::string allBytes()
{
    std::string bytes;
    for (int i = 0; i < 256; ++i)
        bytes.push_back(static_cast<char>(i));
    return bytes;
}

}  // namespace lambdadesk::tests::apigateway
