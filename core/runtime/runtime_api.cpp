// SPDX-License-Identifier: MIT
#include "runtime/runtime_api.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace lambdadesk::core {
namespace {

constexpr std::string_view kInvocationPrefix = "/2018-06-01/runtime/invocation/";

}  // namespace

RuntimeApiCall parseRuntimeApiCall(const net::HttpRequest& request)
{
    const std::string_view path = request.path();
    RuntimeApiCall call;
    if (path == "/2018-06-01/runtime/invocation/next" && request.method == "GET") {
        call.kind = RuntimeApiCall::Kind::Next;
    } else if (path == "/2018-06-01/runtime/init/error" && request.method == "POST") {
        call.kind = RuntimeApiCall::Kind::InitError;
    } else if (path == "/2018-06-01/ping" && request.method == "GET") {
        call.kind = RuntimeApiCall::Kind::Ping;
    } else if (path.starts_with(kInvocationPrefix) && request.method == "POST") {
        const std::string_view rest = path.substr(kInvocationPrefix.size());
        const auto slash = rest.find('/');
        if (slash != std::string_view::npos) {
            const std::string_view action = rest.substr(slash + 1);
            call.requestId = std::string(rest.substr(0, slash));
            if (action == "response")
                call.kind = RuntimeApiCall::Kind::Response;
            else if (action == "error")
                call.kind = RuntimeApiCall::Kind::Error;
        }
    }
    return call;
}

net::HttpResponse makeNextResponse(const NextInvocation& invocation)
{
    net::HttpResponse response;
    response.status = 200;
    response.headers.reserve(7);
    response.headers.emplace_back("Content-Type", "application/json");
    response.headers.emplace_back("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
    response.headers.emplace_back("Lambda-Runtime-Deadline-Ms", std::to_string(invocation.deadlineEpochMs));
    response.headers.emplace_back("Lambda-Runtime-Invoked-Function-Arn", invocation.invokedFunctionArn);
    response.headers.emplace_back("Lambda-Runtime-Trace-Id", invocation.traceId);
    // Optional headers are sent only when they have a value, as the RIE does.
    if (!invocation.clientContext.empty())
        response.headers.emplace_back("Lambda-Runtime-Client-Context", invocation.clientContext);
    if (!invocation.cognitoIdentity.empty())
        response.headers.emplace_back("Lambda-Runtime-Cognito-Identity", invocation.cognitoIdentity);
    response.body = invocation.payload;
    return response;
}

net::HttpResponse makeAcceptedResponse()
{
    return net::HttpResponse::json(202, R"({"status":"OK"})");
}

net::HttpResponse makeRuntimeApiError(int status, const std::string& errorType, const std::string& message)
{
    const nlohmann::json body = {{"errorMessage", message}, {"errorType", errorType}};
    return net::HttpResponse::json(status, body.dump());
}

std::string reportedErrorType(const net::HttpRequest& request)
{
    const std::string_view header = request.header("Lambda-Runtime-Function-Error-Type");
    if (header.starts_with("Runtime.") || header.starts_with("Function."))
        return std::string(header);
    // The error body's errorType is what callers see in the payload; report it when present.
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_object() && body.contains("errorType") && body["errorType"].is_string())
        return body["errorType"].get<std::string>();
    if (!header.empty())
        return std::string(header);
    return "Runtime.Unknown";
}

}  // namespace lambdadesk::core
