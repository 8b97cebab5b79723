// SPDX-License-Identifier: MIT
#include "kinesis/kinesis_handler.h"

#include "endpoint/aws_errors.h"
#include "endpoint/service_registry.h"
#include "kinesis/cbor_error.h"
#include "kinesis/kinesis_operations.h"

#include <engine.h>
#include <mappings/event_sources.h>
#include <regions/region_names.h>
#include <streams/stream_service.h>

#include <nlohmann/json.hpp>

namespace lambdadesk::bridge {
namespace {

using core::net::HttpRequest;
using core::net::HttpResponse;

constexpr const char* kJsonContentType = "application/x-amz-json-1.1";

/// Client errors are 400 in Kinesis's JSON protocol; only a failure of the service itself is 500.
int statusOf(const std::string& code)
{
    return code == "InternalFailure" || code.empty() ? 500 : 400;
}

HttpResponse success(const nlohmann::json& members)
{
    // Partition keys and messages came in as JSON, so they are UTF-8; replace rather than throw if not.
    auto response = HttpResponse::json(200, members.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    response.headers.front().second = kJsonContentType;
    return response;
}

std::string typeName(const nlohmann::json& value)
{
    if (value.is_array())
        return "a list";
    if (value.is_string())
        return "a string";
    if (value.is_number())
        return "a number";
    if (value.is_boolean())
        return "a boolean";
    return "null";
}

/// The region an ARN member of the request names (StreamARN, ConsumerARN), else the signing region.
std::string regionOfRequest(const nlohmann::json& body, const std::string& signingRegion)
{
    for (const char* member : {"StreamARN", "ConsumerARN"}) {
        const auto found = body.find(member);
        if (found != body.end() && found->is_string()) {
            if (auto region = core::regionOfArn(found->get_ref<const std::string&>()); !region.empty())
                return region;
        }
    }
    return signingRegion;
}

} // namespace

KinesisHandler::KinesisHandler(std::shared_ptr<core::StreamService> streams)
    : KinesisHandler([streams](const std::string&) -> core::Expected<std::shared_ptr<core::StreamService>> {
          if (!streams)
              return core::Error{"InternalFailure",
                                 "Kinesis is unavailable: the engine's stream service is not open (its state "
                                 "database could not be opened; the engine's log says why)."};
          return streams;
      })
{
}

KinesisHandler::KinesisHandler(StreamResolver resolver) : m_resolve(std::move(resolver)) {}

void KinesisHandler::handle(HttpRequest&& request, const RequestContext& context, core::net::HttpResponder respond)
{
    respond(answer(request, context));
}

HttpResponse KinesisHandler::answer(const HttpRequest& request, const RequestContext& context) const
{
    const auto& requestId = context.requestId;
    if (request.header("content-type").starts_with("application/x-amz-cbor")) {
        return kinesis::cborProtocolError(
            415, "UnsupportedMediaTypeException",
            "LambdaDesk's Kinesis speaks JSON (application/x-amz-json-1.1), not CBOR. The AWS SDKs for Java use "
            "CBOR by default: turn it off, for SDK 1.x (and the KCL/KPL on it), with the system property "
            "com.amazonaws.sdk.disableCbor=true or the environment variable AWS_CBOR_DISABLE=true; for SDK 2.x with "
            "the system property aws.cborEnabled=false or the environment variable CBOR_ENABLED=false.",
            requestId);
    }
    if (request.bodyTooLarge || request.body.size() > kMaxRequestBytes) {
        return jsonProtocolError(413, "RequestEntityTooLargeException",
                                 "The request body is larger than Kinesis's limit of 10 MiB (" +
                                     std::to_string(kMaxRequestBytes) +
                                     " bytes). PutRecords takes at most 5 MiB of data in 500 records.",
                                 requestId);
    }
    if (request.method != "POST") {
        return jsonProtocolError(405, "MethodNotAllowed",
                                 "Kinesis operations are POST requests with X-Amz-Target: " +
                                     std::string(kTargetPrefix) + "<Operation>; got " + request.method + ".",
                                 requestId);
    }
    const auto target = request.header("x-amz-target");
    if (!target.starts_with(kTargetPrefix)) {
        return jsonProtocolError(400, "UnknownOperationException",
                                 target.empty()
                                     ? "The request has no X-Amz-Target header; Kinesis requests name "
                                       "their operation in it, as " +
                                           std::string(kTargetPrefix) + "<Operation>."
                                     : "X-Amz-Target '" + std::string(target) + "' is not a Kinesis " +
                                           "operation; they are " + std::string(kTargetPrefix) + "<Operation>.",
                                 requestId);
    }
    nlohmann::json body = nlohmann::json::object();
    if (!request.body.empty()) {
        try {
            body = nlohmann::json::parse(request.body);
        } catch (const nlohmann::json::parse_error& error) {
            // The parser's own message quotes the bytes it read, which need not be UTF-8: name the position only.
            return jsonProtocolError(400, "SerializationException",
                                     "The request body is not valid JSON (at byte " + std::to_string(error.byte) +
                                         "); Kinesis takes a JSON object of the operation's members.",
                                     requestId);
        }
    }
    if (!body.is_object()) {
        return jsonProtocolError(400, "SerializationException",
                                 "The request body must be a JSON object of the operation's members, got " +
                                     typeName(body) + ".",
                                 requestId);
    }
    const auto operation = target.substr(std::string_view(kTargetPrefix).size());
    const auto streams = m_resolve(regionOfRequest(body, context.region));
    if (!streams) {
        const auto& error = streams.error();
        return jsonProtocolError(statusOf(error.code), error.code == "InvalidParameterValue" ? "InvalidArgumentException"
                                                                                             : error.code,
                                 error.message, requestId);
    }
    auto result = kinesis::runOperation(**streams, operation, body);
    if (!result) {
        const auto& error = result.error();
        const auto code = error.code.empty() ? std::string("InternalFailure") : error.code;
        return jsonProtocolError(statusOf(code), code, error.message, requestId);
    }
    auto response = success(*result);
    addRequestId(response, requestId);
    return response;
}

std::unique_ptr<ServiceHandler> makeKinesisHandler(const ServiceDependencies& dependencies)
{
    auto* sources = dependencies.engine.sources();
    auto* regions = sources ? sources->regions() : nullptr;
    if (!regions)
        return std::make_unique<KinesisHandler>(std::shared_ptr<core::StreamService>());
    return std::make_unique<KinesisHandler>(
        [regions](const std::string& region) -> core::Expected<std::shared_ptr<core::StreamService>> {
            auto services = regions->services(region);
            if (!services)
                return services.error();
            return services->streams;
        });
}

} // namespace lambdadesk::bridge
