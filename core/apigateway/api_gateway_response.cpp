// SPDX-License-Identifier: MIT
#include "apigateway/api_gateway_response.h"

#include "encoding/base64.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <string>

namespace lambdadesk::core {
namespace {

using nlohmann::json;

/// Framing headers belong to the HTTP server, not to the function.
bool isFramingHeader(std::string_view name)
{
    static constexpr std::array<std::string_view, 4> kFraming = {"Content-Length", "Transfer-Encoding", "Connection",
                                                                 "Keep-Alive"};
    return std::any_of(kFraming.begin(), kFraming.end(),
                       [&](std::string_view framing) { return net::equalsIgnoreCase(name, framing); });
}

bool hasHeader(const net::HttpResponse& response, std::string_view name)
{
    return std::any_of(response.headers.begin(), response.headers.end(),
                       [&](const auto& header) { return net::equalsIgnoreCase(header.first, name); });
}

/// A header value as API Gateway accepts it: strings as they are, numbers and booleans as text.
std::optional<std::string> scalarText(const json& value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number() || value.is_boolean())
        return value.dump();
    return std::nullopt;
}

std::optional<int> statusCode(const json& value)
{
    long long code = 0;
    if (value.is_number_integer()) {
        code = value.get<long long>();
    } else if (value.is_string()) {
        const auto text = value.get<std::string>();
        if (text.empty() || text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        code = std::stoll(text);
    } else {
        return std::nullopt;
    }
    if (code < 100 || code > 599)
        return std::nullopt;
    return static_cast<int>(code);
}

/// Reads statusCode, headers, multiValueHeaders, body and isBase64Encoded of a response object.
std::optional<net::HttpResponse> readStructured(const json& object)
{
    net::HttpResponse response;
    const auto code = statusCode(object.at("statusCode"));
    if (!code)
        return std::nullopt;
    response.status = *code;
    const auto field = [&](const char* key) -> const json* {
        const auto it = object.find(key);
        return it == object.end() || it->is_null() ? nullptr : &*it;
    };
    if (const json* multi = field("multiValueHeaders")) {
        if (!multi->is_object())
            return std::nullopt;
        for (const auto& [name, values] : multi->items()) {
            if (values.is_null())
                continue;
            if (!values.is_array())
                return std::nullopt;
            for (const auto& value : values) {
                const auto text = scalarText(value);
                if (!text)
                    return std::nullopt;
                if (!isFramingHeader(name))
                    response.headers.emplace_back(name, *text);
            }
        }
    }
    if (const json* headers = field("headers")) {
        if (!headers->is_object())
            return std::nullopt;
        for (const auto& [name, value] : headers->items()) {
            if (value.is_null())
                continue;
            const auto text = scalarText(value);
            if (!text)
                return std::nullopt;
            // The same name in both: only the multiValueHeaders values are sent.
            if (!isFramingHeader(name) && !hasHeader(response, name))
                response.headers.emplace_back(name, *text);
        }
    }
    bool base64 = false;
    if (const json* flag = field("isBase64Encoded")) {
        if (!flag->is_boolean())
            return std::nullopt;
        base64 = flag->get<bool>();
    }
    if (const json* body = field("body")) {
        if (!body->is_string())
            return std::nullopt;
        response.body = body->get<std::string>();
        if (base64) {
            std::string decoded;
            if (!decodeBase64(response.body, decoded))
                return std::nullopt;
            response.body = std::move(decoded);
        }
    }
    return response;
}

} // namespace

net::HttpResponse apiGatewayFailure(ApiKind kind, ApiGatewayFailure failure)
{
    const bool rest = kind == ApiKind::Rest;
    net::HttpResponse response;
    std::string errorType;
    switch (failure) {
    case ApiGatewayFailure::NotFound:
        response = rest ? net::HttpResponse::json(403, R"({"message":"Missing Authentication Token"})")
                        : net::HttpResponse::json(404, R"({"message":"Not Found"})");
        errorType = rest ? "MissingAuthenticationTokenException" : "";
        break;
    case ApiGatewayFailure::BadResponse:
    case ApiGatewayFailure::FunctionError:
        response = rest ? net::HttpResponse::json(502, R"({"message": "Internal server error"})")
                        : net::HttpResponse::json(500, R"({"message":"Internal Server Error"})");
        errorType = rest ? "InternalServerErrorException" : "";
        break;
    case ApiGatewayFailure::InvokeRejected:
        response = rest ? net::HttpResponse::json(500, R"({"message": "Internal server error"})")
                        : net::HttpResponse::json(500, R"({"message":"Internal Server Error"})");
        errorType = rest ? "InternalServerErrorException" : "";
        break;
    case ApiGatewayFailure::Timeout:
        response = rest ? net::HttpResponse::json(504, R"({"message": "Endpoint request timed out"})")
                        : net::HttpResponse::json(503, R"({"message":"Service Unavailable"})");
        break;
    case ApiGatewayFailure::PayloadTooLarge:
        response = rest ? net::HttpResponse::json(413, R"({"message":"Request Too Long"})")
                        : net::HttpResponse::json(413, R"({"message":"Request Entity Too Large"})");
        response.closeConnection = true;
        break;
    }
    if (!errorType.empty())
        response.headers.emplace_back("x-amzn-ErrorType", errorType);
    return response;
}

std::optional<net::HttpResponse> mapProxyResponseV1(std::string_view payload, bool strictKeys)
{
    const json object = json::parse(payload, nullptr, false);
    if (object.is_discarded() || !object.is_object() || !object.contains("statusCode"))
        return std::nullopt;
    if (strictKeys) {
        static constexpr std::array<std::string_view, 5> kKeys = {"statusCode", "headers", "multiValueHeaders", "body",
                                                                  "isBase64Encoded"};
        for (const auto& [key, value] : object.items()) {
            if (std::find(kKeys.begin(), kKeys.end(), key) == kKeys.end())
                return std::nullopt;
        }
    }
    auto response = readStructured(object);
    if (response && !hasHeader(*response, "Content-Type"))
        response->headers.emplace_back("Content-Type", "application/json");
    return response;
}

std::optional<net::HttpResponse> mapProxyResponseV2(std::string_view payload)
{
    const json value = json::parse(payload, nullptr, false);
    if (value.is_discarded())
        return std::nullopt;
    if (!value.is_object() || !value.contains("statusCode")) {
        // Without a statusCode the whole answer is the body.
        net::HttpResponse response = net::HttpResponse::json(200, std::string(payload));
        response.headers.front().first = "content-type";
        return response;
    }
    auto response = readStructured(value);
    if (!response)
        return std::nullopt;
    if (const auto cookies = value.find("cookies"); cookies != value.end() && !cookies->is_null()) {
        if (!cookies->is_array())
            return std::nullopt;
        for (const auto& cookie : *cookies) {
            if (!cookie.is_string())
                return std::nullopt;
            response->headers.emplace_back("Set-Cookie", cookie.get<std::string>());
        }
    }
    if (!hasHeader(*response, "Content-Type"))
        response->headers.emplace_back("content-type", "text/plain; charset=utf-8");
    return response;
}

net::HttpResponse mapInvokeResult(const ApiRoute& route, const InvokeResult& result)
{
    switch (result.status) {
    case InvokeStatus::Ok: {
        auto response = route.payloadFormatVersion == "2.0"
                            ? mapProxyResponseV2(result.payload)
                            : mapProxyResponseV1(result.payload, route.kind == ApiKind::Rest);
        return response ? std::move(*response) : apiGatewayFailure(route.kind, ApiGatewayFailure::BadResponse);
    }
    case InvokeStatus::FunctionError:
        return apiGatewayFailure(route.kind, ApiGatewayFailure::FunctionError);
    case InvokeStatus::Throttled:
    case InvokeStatus::NotFound:
    case InvokeStatus::InvalidRequest:
    case InvokeStatus::ServiceError:
        break;
    }
    return apiGatewayFailure(route.kind, ApiGatewayFailure::InvokeRejected);
}

} // namespace lambdadesk::core
