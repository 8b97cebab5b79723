// SPDX-License-Identifier: MIT
#include "sqs/sqs_handler.h"

#include "endpoint/aws_errors.h"
#include "endpoint/url_codec.h"
#include "sqs/sqs_errors.h"

#include <queues/queue_errors.h>
#include <queues/queue_service.h>
#include <regions/region_directory.h>
#include <regions/region_names.h>

#include <atomic>
#include <exception>
#include <optional>

namespace lambdadesk::bridge {
namespace {

using core::net::HttpRequest;
using core::net::HttpResponse;
namespace queue_error = core::queue_error;

constexpr std::string_view kTargetPrefix = "AmazonSQS.";

bool isJsonProtocol(const HttpRequest& request)
{
    return request.header("x-amz-target").starts_with(kTargetPrefix) ||
           request.header("content-type").find("application/x-amz-json") != std::string_view::npos;
}

/// POST /<account-id>/<queue-name>: older SDKs send query requests to the queue's URL and leave
/// QueueUrl out. Returns the queue name, or "" for other paths.
std::string queueOfPath(std::string_view path)
{
    if (path.starts_with('/'))
        path.remove_prefix(1);
    if (path.ends_with('/'))
        path.remove_suffix(1);
    const auto slash = path.find('/');
    if (slash == std::string_view::npos || slash == 0)
        return {};
    const auto account = path.substr(0, slash);
    const auto name = path.substr(slash + 1);
    if (account.find_first_not_of("0123456789") != std::string_view::npos || name.empty() ||
        name.find('/') != std::string_view::npos)
        return {};
    return percentDecode(name);
}

/// The responder of one request, answering at most once.
struct Answer {
    explicit Answer(core::net::HttpResponder responder) : respond(std::move(responder)) {}
    void send(HttpResponse response)
    {
        if (!sent.exchange(true))
            respond(std::move(response));
    }
    core::net::HttpResponder respond;
    std::atomic<bool> sent{false};
};

/// The action and its input, or the error that stops the request before any operation runs.
struct ParsedRequest {
    std::string action;
    std::optional<SqsInput> input;
    std::optional<core::Error> error;
};

ParsedRequest parseJson(const HttpRequest& request)
{
    ParsedRequest parsed;
    const auto target = request.header("x-amz-target");
    if (!target.starts_with(kTargetPrefix)) {
        parsed.error = core::Error{sqs_error::kMissingAction,
                                   "An AWS JSON 1.0 request to SQS must name its operation in the X-Amz-Target "
                                   "header, e.g. AmazonSQS.SendMessage."};
        return parsed;
    }
    parsed.action = std::string(target.substr(kTargetPrefix.size()));
    // Operations without members may come with an empty body.
    const bool blank = request.body.find_first_not_of(" \t\r\n") == std::string::npos;
    auto object =
        nlohmann::json::parse(blank ? std::string_view("{}") : std::string_view(request.body), nullptr, false);
    if (object.is_discarded()) {
        parsed.error = core::Error{sqs_error::kSerialization, "The request body is not valid JSON: " + parsed.action +
                                                                  " expects a JSON object of its members."};
        return parsed;
    }
    if (!object.is_object()) {
        parsed.error = core::Error{sqs_error::kSerialization,
                                   "The request body must be a JSON object of " + parsed.action + "'s members."};
        return parsed;
    }
    parsed.input = SqsInput::fromJson(std::move(object));
    return parsed;
}

ParsedRequest parseQuery(const HttpRequest& request)
{
    ParsedRequest parsed;
    // GET puts the members in the URL; POST in the form body. Take both, the URL's first.
    auto parameters = bridge::parseQuery(queryOf(request.target));
    for (auto& parameter : bridge::parseQuery(request.body))
        parameters.push_back(std::move(parameter));
    const auto* action = findParameter(parameters, "Action");
    if (!action || action->empty()) {
        parsed.error = core::Error{sqs_error::kMissingAction,
                                   "The request must contain the parameter Action (a query-protocol form such as "
                                   "Action=SendMessage&QueueUrl=…), or be an AWS JSON 1.0 request with "
                                   "X-Amz-Target: AmazonSQS.<Action>."};
        return parsed;
    }
    parsed.action = *action;
    parsed.input = SqsInput::fromForm(std::move(parameters));
    return parsed;
}

HttpResponse successResponse(SqsProtocol protocol, const std::string& action, const SqsOutput& output,
                             const std::string& requestId)
{
    HttpResponse response;
    if (protocol == SqsProtocol::Json) {
        response.body = output.toJson();
        response.headers.emplace_back("Content-Type", "application/x-amz-json-1.0");
    } else {
        response.body = output.toXml(action, requestId);
        response.headers.emplace_back("Content-Type", "text/xml");
    }
    addRequestId(response, requestId);
    return response;
}

/// " It exists in eu-west-1; …" for a queue asked for in the wrong region; empty when it exists nowhere else.
std::string elsewhereHint(const std::vector<std::string>& regions, const std::string& region)
{
    if (regions.empty())
        return {};
    std::string list;
    for (const auto& other : regions)
        list += (list.empty() ? "" : ", ") + other;
    return " A queue of this name exists in " + list + "; this request was for " + region +
           " (the region the client signs for, or the one in the queue URL).";
}

} // namespace

SqsHandler::SqsHandler(std::shared_ptr<core::QueueService> queues, const std::string& endpointUrl)
    : SqsHandler([queues](const std::string&) -> core::Expected<std::shared_ptr<core::QueueService>> {
          if (!queues)
              return core::Error{queue_error::kInternalFailure,
                                 "The queue database is unavailable: LambdaDesk could not open its state database, so "
                                 "SQS requests cannot be served. The engine's log says why."};
          return queues;
      })
{
    if (queues && !endpointUrl.empty())
        queues->setEndpointUrl(endpointUrl);
}

SqsHandler::SqsHandler(QueueResolver resolver) : m_resolve(std::move(resolver))
{
    addQueueOperations(m_operations);
    addMessageOperations(m_operations);
    addBatchOperations(m_operations);
    addTagAndMoveOperations(m_operations);
    addPermissionOperations(m_operations);
}

void SqsHandler::handle(HttpRequest&& request, const RequestContext& context, core::net::HttpResponder respond)
{
    const SqsProtocol protocol = isJsonProtocol(request) ? SqsProtocol::Json : SqsProtocol::Query;
    const auto fail = [&](const core::Error& error) { respond(sqsErrorResponse(protocol, error, context.requestId)); };
    if (request.bodyTooLarge || request.body.size() > kMaxRequestBytes) {
        fail(core::Error{sqs_error::kRequestTooLarge,
                         "The request is larger than the " + std::to_string(kMaxRequestBytes) +
                             " bytes an SQS request may have here (a message may have at most 1048576)."});
        return;
    }
    auto parsed = protocol == SqsProtocol::Json ? parseJson(request) : parseQuery(request);
    if (parsed.error) {
        fail(*parsed.error);
        return;
    }
    const auto operation = m_operations.find(parsed.action);
    if (operation == m_operations.end()) {
        fail(
            core::Error{sqs_error::kInvalidAction, "The action " + parsed.action + " is not valid for this endpoint."});
        return;
    }
    SqsInput& input = *parsed.input;
    input.setPathQueue(queueOfPath(request.path()));
    // A queue URL or ARN that names a region wins over the signing region, as the URL picks AWS's host.
    auto named = input.optionalString("QueueUrl");
    if (!named)
        named = input.optionalString("SourceArn");
    const auto region = core::regionOfQueueArgument(named.value_or(std::string()), context.region);
    const auto queues = m_resolve(region);
    if (!queues) {
        fail(queues.error());
        return;
    }
    auto answer = std::make_shared<Answer>(std::move(respond));
    auto queueName = input.optionalString("QueueName").value_or(named.value_or(std::string()));
    queueName = queueName.substr(queueName.find_last_of("/:") + 1);
    auto reply = [protocol, action = parsed.action, requestId = context.requestId, answer, region, queueName,
                  otherRegions = m_otherRegions](SqsResult result) {
        if (result) {
            answer->send(successResponse(protocol, action, *result, requestId));
            return;
        }
        auto error = result.error();
        if (error.code == queue_error::kNonExistentQueue && otherRegions && !queueName.empty())
            error.message += elsewhereHint(otherRegions(queueName, region), region);
        answer->send(sqsErrorResponse(protocol, error, requestId));
    };
    SqsCall call{**queues, m_memory};
    try {
        operation->second(call, input, std::move(reply));
    } catch (const std::exception& exception) {
        // Nothing here is meant to throw; if something did, the request still gets one answer.
        answer->send(sqsErrorResponse(
            protocol, core::Error{queue_error::kInternalFailure, std::string("Internal error: ") + exception.what()},
            context.requestId));
    }
}

std::unique_ptr<SqsHandler> makeRegionalSqsHandler(core::RegionDirectory& regions, const std::string& endpointUrl)
{
    regions.setEndpointUrl(endpointUrl);
    auto handler = std::make_unique<SqsHandler>(
        [&regions](const std::string& region) -> core::Expected<std::shared_ptr<core::QueueService>> {
            auto services = regions.services(region);
            if (!services)
                return services.error();
            return services->queues;
        });
    handler->setRegionFinder([&regions](const std::string& queueName, const std::string& region) {
        std::vector<std::string> holding;
        for (const auto& other : regions.all()) {
            if (other.region != region && other.queues->stats(queueName))
                holding.push_back(other.region);
        }
        return holding;
    });
    return handler;
}

} // namespace lambdadesk::bridge
