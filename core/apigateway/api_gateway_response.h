// SPDX-License-Identifier: MIT
#pragma once

#include "model/invocation.h"
#include "net/http_message.h"
#include "apigateway/api_gateway_routes.h"

#include <optional>
#include <string_view>

namespace lambdadesk::core {

/// Why API Gateway answers by itself instead of with the function's response.
enum class ApiGatewayFailure {
    NotFound,        ///< no route: HTTP API 404 Not Found, REST 403 Missing Authentication Token
    BadResponse,     ///< not a valid proxy response: REST 502, HTTP API 500
    FunctionError,   ///< the function failed (also its own timeout): REST 502, HTTP API 500
    InvokeRejected,  ///< Lambda refused the invoke (throttled, unknown function, payload too large): 500
    Timeout,         ///< the integration timeout passed: REST 504, HTTP API 503
    PayloadTooLarge, ///< the request body is over the limit: 413
};

/// API Gateway's own answer, with its status, body and x-amzn-ErrorType header.
net::HttpResponse apiGatewayFailure(ApiKind kind, ApiGatewayFailure failure);

/// Maps a proxy response of payload format 1.0 — {statusCode, headers, multiValueHeaders, body,
/// isBase64Encoded} — to HTTP; nullopt when it is malformed (not an object, no or a bad statusCode,
/// a body that is not a string, bad base64, and with `strictKeys` (REST) any other key).
/// multiValueHeaders win over headers of the same name; Content-Type defaults to application/json.
std::optional<net::HttpResponse> mapProxyResponseV1(std::string_view payload, bool strictKeys);

/// Maps a payload format 2.0 response: an object with statusCode is read like 1.0 plus `cookies`
/// (each a Set-Cookie header; Content-Type defaults to text/plain; charset=utf-8); any other JSON
/// value becomes 200 with that JSON as body and Content-Type application/json. nullopt when the
/// payload is not JSON or its statusCode form is malformed.
std::optional<net::HttpResponse> mapProxyResponseV2(std::string_view payload);

/// The HTTP answer to a request on `route` once its invocation ended with `result`.
net::HttpResponse mapInvokeResult(const ApiRoute& route, const InvokeResult& result);

} // namespace lambdadesk::core
