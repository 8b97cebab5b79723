// SPDX-License-Identifier: MIT
#pragma once

#include "net/http_message.h"
#include "apigateway/api_gateway_routes.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace lambdadesk::core {

/// What API Gateway knows about a request beyond its HTTP message.
struct ApiRequestContext {
    std::string requestId;
    std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
    std::string accountId = "123456789012";
    std::string apiId = "lambdadesk";
    /// The stage of REST routes: SAM's implicit API deploys "Prod". HTTP API routes use "$default".
    std::string restStage = "Prod";
    /// net::HttpRequest does not carry the peer address; the listener binds 127.0.0.1, so this is it.
    std::string sourceIp = "127.0.0.1";
    std::string protocol = "HTTP/1.1";
};

/// The Lambda proxy event of payload format 1.0 (REST APIs, and HTTP API routes with
/// PayloadFormatVersion 1.0): resource, path, httpMethod, headers, multiValueHeaders,
/// queryStringParameters, multiValueQueryStringParameters, pathParameters, stageVariables,
/// requestContext, body, isBase64Encoded. Absent parts are null, as on AWS.
nlohmann::ordered_json buildProxyEventV1(const net::HttpRequest& request, const ApiRouteMatch& match,
                                         const ApiRequestContext& context);

/// The Lambda proxy event of payload format 2.0 (HTTP APIs): version, routeKey, rawPath,
/// rawQueryString, cookies, headers (lower-case names, repeated headers joined with commas, Cookie
/// moved to cookies), queryStringParameters (repeats joined with commas), pathParameters,
/// requestContext, body, isBase64Encoded. Absent parts are left out, as on AWS.
nlohmann::ordered_json buildProxyEventV2(const net::HttpRequest& request, const ApiRouteMatch& match,
                                         const ApiRequestContext& context);

/// True for content types API Gateway hands over as text (text/*, JSON, XML, JavaScript, forms…).
bool isTextualContentType(std::string_view contentType);
bool isValidUtf8(std::string_view text);

} // namespace lambdadesk::core
