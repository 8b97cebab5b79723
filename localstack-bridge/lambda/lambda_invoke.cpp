// SPDX-License-Identifier: MIT
// Invoke (RequestResponse, Event, DryRun) and the deprecated InvokeAsync.
#include "endpoint/aws_errors.h"
#include "lambda/lambda_handler.h"

#include <engine.h>
#include <encoding/base64.h>
#include <model/function_name.h>

namespace lambdadesk::bridge {

using core::net::HttpResponse;
using Json = nlohmann::json;

namespace {

/// Lambda's asynchronous payload limit.
constexpr std::size_t kMaxEventPayloadBytes = 256 * 1024;
/// X-Amz-Client-Context's limit, in base64 characters.
constexpr std::size_t kMaxClientContextBytes = 3583;

HttpResponse invokeResponse(const core::InvokeResult& result)
{
    HttpResponse response;
    switch (result.status) {
    case core::InvokeStatus::Ok:
    case core::InvokeStatus::FunctionError:
        response.status = 200;
        break;
    case core::InvokeStatus::Throttled:
        response.status = 429;
        break;
    case core::InvokeStatus::NotFound:
        response.status = 404;
        break;
    case core::InvokeStatus::InvalidRequest:
        response.status = result.errorType == "RequestTooLargeException" ? 413 : 400;
        break;
    case core::InvokeStatus::ServiceError:
        response.status = result.errorType == "InvalidRuntimeException" ? 502 : 500;
        break;
    }
    response.body = result.payload;
    if (response.status == 200) {
        response.headers.emplace_back("Content-Type", result.contentType.empty() ? "application/json"
                                                                                 : result.contentType);
        response.headers.emplace_back("X-Amz-Executed-Version", result.executedVersion);
        if (!result.functionError.empty())
            response.headers.emplace_back("X-Amz-Function-Error", result.functionError);
        if (!result.logTail.empty())
            response.headers.emplace_back("X-Amz-Log-Result", core::encodeBase64(result.logTail));
    } else {
        response.headers.emplace_back("Content-Type", "application/json");
        response.headers.emplace_back("x-amzn-ErrorType", result.errorType);
        if (result.status == core::InvokeStatus::Throttled)
            response.headers.emplace_back("Retry-After", "1");
    }
    return response;
}

}  // namespace

void LambdaHandler::invoke(const LambdaCall& call, const std::string& name, core::net::HttpResponder respond)
{
    const auto& request = call.request;
    std::string type(request.header("x-amz-invocation-type"));
    if (type.empty())
        type = "RequestResponse";
    if (type != "RequestResponse" && type != "Event" && type != "DryRun") {
        respond(error(call, 400, "InvalidParameterValueException",
                      "Unsupported invocation type " + type + ": use RequestResponse, Event or DryRun"));
        return;
    }
    if (request.bodyTooLarge) {
        respond(error(call, 413, "RequestTooLargeException",
                      "Request must be smaller than 6291456 bytes for the InvokeFunction operation"));
        return;
    }
    auto function = findFunction(call, name);
    if (!function) {
        respond(error(call, function.error()));
        return;
    }
    if (type == "DryRun") {
        HttpResponse response;
        response.status = 204;
        respond(std::move(response));
        return;
    }
    if (type == "Event") {
        respond(invokeEvent(call, name, false));
        return;
    }
    const auto logType = request.header("x-amz-log-type");
    if (!logType.empty() && logType != "None" && logType != "Tail") {
        respond(error(call, 400, "InvalidParameterValueException",
                      "Unsupported log type " + std::string(logType) + ": use None or Tail"));
        return;
    }
    const auto clientContext = request.header("x-amz-client-context");
    if (clientContext.size() > kMaxClientContextBytes) {
        respond(error(call, 400, "InvalidParameterValueException",
                      "Client context must be at most " + std::to_string(kMaxClientContextBytes) +
                          " bytes of base64"));
        return;
    }
    core::InvokeRequest invokeRequest;
    invokeRequest.function = function->name;
    invokeRequest.payload = request.body;
    invokeRequest.logTail = logType == "Tail";
    invokeRequest.clientContext = std::string(clientContext);
    invokeRequest.traceId = std::string(request.header("x-amzn-trace-id"));
    m_engine.invokeAsync(std::move(invokeRequest), [respond = std::move(respond),
                                                    requestId = call.context.requestId](core::InvokeResult result) {
        auto response = invokeResponse(result);
        // The invocation's own id, as START/END/REPORT print it, so logs and callers agree.
        addRequestId(response, result.requestId.empty() ? requestId : result.requestId);
        respond(std::move(response));
    });
}

HttpResponse LambdaHandler::invokeEvent(const LambdaCall& call, const std::string& name, bool legacyInvokeAsync)
{
    auto function = findFunction(call, name);
    if (!function)
        return error(call, function.error());
    if (call.request.body.size() > kMaxEventPayloadBytes)
        return error(call, 413, "RequestTooLargeException",
                     "Request must be smaller than " + std::to_string(kMaxEventPayloadBytes) +
                         " bytes for the InvokeFunction operation");
    auto queued = m_engine.invokeEvent(function->name, call.request.body);
    if (!queued)
        return error(call, queued.error());
    HttpResponse response;
    response.status = 202;
    if (legacyInvokeAsync) {
        response = ok(202, Json{{"Status", 202}});
    }
    addRequestId(response, *queued);
    return response;
}

}  // namespace lambdadesk::bridge
