// SPDX-License-Identifier: MIT
#include "lambda/lambda_handler.h"

#include "endpoint/aws_errors.h"
#include "lambda/lambda_operations.h"
#include "lambda/s3_code.h"

#include <engine.h>
#include <model/arn.h>
#include <model/function_name.h>
#include <mappings/event_sources.h>

#include <cstdio>
#include <set>

namespace lambdadesk::bridge {

using core::net::HttpResponse;
using Json = nlohmann::json;

namespace {

/// Lambda's HTTP status for an error code (reference §2).
int statusFor(const std::string& code)
{
    if (code == "ResourceNotFoundException")
        return 404;
    if (code == "ResourceConflictException")
        return 409;
    if (code == "PreconditionFailedException")
        return 412;
    if (code == "RequestTooLargeException" || code == "RequestEntityTooLargeException")
        return 413;
    if (code == "UnsupportedMediaTypeException")
        return 415;
    if (code == "TooManyRequestsException")
        return 429;
    if (code == "ServiceException")
        return 500;
    if (code == "InvalidRuntimeException" || code == "InvalidZipFileException" || code == "ResourceNotReadyException")
        return 502;
    return 400;
}

}  // namespace

LambdaHandler::LambdaHandler(core::Engine& engine, std::filesystem::path workspace, std::string endpointUrl,
                             std::string upstreamUrl, std::optional<boost::asio::any_io_executor> executor)
    : m_engine(engine), m_functions(engine, workspace), m_mappings(workspace / "mappings.json"),
      m_endpointUrl(std::move(endpointUrl)), m_upstreamUrl(std::move(upstreamUrl))
{
    if (executor && !m_upstreamUrl.empty())
        m_s3Client = std::make_unique<HttpClient>(*executor);
    auto problems = m_functions.restore();
    if (auto* sources = m_engine.sources()) {
        for (auto& config : m_mappings.load(problems)) {
            if (sources->mapping(config.uuid))
                continue;
            // Saved by ARN (older files by name): today's key for that function.
            config.functionName = core::functionKeyFromIdentifier(config.functionName, m_engine.options().region);
            if (auto created = sources->createMapping(config); !created)
                problems.push_back("mapping " + config.uuid + ": " + created.error().message);
        }
    }
    for (const auto& problem : problems)
        std::fprintf(stderr, "lambdadesk: %s\n", problem.c_str());
}

void LambdaHandler::handle(core::net::HttpRequest&& request, const RequestContext& context,
                           core::net::HttpResponder respond)
{
    LambdaCall call{request, context, pathSegments(request.path()), parseQuery(queryOf(request.target), false)};
    // Invoke is the one operation answered later, when the function is done.
    if (const auto operation = lambdaOperationOf(request.method, call.segments); operation && operation->name == "Invoke") {
        invoke(call, operation->resource, std::move(respond));
        return;
    }
    if (fetchS3CodeThenDispatch(request, context, respond))
        return;
    respond(dispatch(call));
}

bool LambdaHandler::fetchS3CodeThenDispatch(core::net::HttpRequest& request, const RequestContext& context,
                                            core::net::HttpResponder& respond)
{
    if (!m_s3Client || request.bodyTooLarge)
        return false;
    const auto segments = pathSegments(request.path());
    const bool create = request.method == "POST" && segments.size() == 2 && segments[0] == "2015-03-31" &&
                        segments[1] == "functions";
    const bool update = request.method == "PUT" && segments.size() == 4 && segments[0] == "2015-03-31" &&
                        segments[1] == "functions" && segments[3] == "code";
    if (!create && !update)
        return false;
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (!body.is_object())
        return false;  // dispatch() answers the malformed body
    const auto* code = create ? (body.contains("Code") && body["Code"].is_object() ? &body["Code"] : nullptr) : &body;
    const auto location = code ? s3CodeLocation(*code) : std::nullopt;
    if (!location)
        return false;
    auto get = s3CodeRequest(*location, m_upstreamUrl);
    auto server = parseHttpUrl(m_upstreamUrl);
    if (!get || !server)
        return false;  // dispatch() answers with the error
    // The request waits here while the object downloads; the answer is given on this handler's thread.
    struct Pending {
        core::net::HttpRequest request;
        RequestContext context;
        core::net::HttpResponder respond;
    };
    auto pending = std::make_shared<Pending>(Pending{std::move(request), context, std::move(respond)});
    m_s3Client->send(*server, std::move(*get),
                     [this, pending, location = *location, update](core::Expected<core::net::HttpResponse> answer) {
                         auto& request = pending->request;
                         LambdaCall call{request, pending->context, pathSegments(request.path()),
                                         parseQuery(queryOf(request.target), false)};
                         auto zip = s3CodeFromAnswer(std::move(answer), location, m_upstreamUrl);
                         if (!zip)
                             return pending->respond(error(call, zip.error()));
                         pending->respond(update ? updateFunctionCode(call, call.segments[2], &*zip)
                                                 : createFunction(call, &*zip));
                     });
    return true;
}

HttpResponse LambdaHandler::dispatch(const LambdaCall& call)
{
    if (call.request.bodyTooLarge)
        return error(call, 413, "RequestTooLargeException", "Request body is larger than the endpoint accepts");

    const auto operation = lambdaOperationOf(call.request.method, call.segments);
    const std::string name = operation ? operation->name : std::string();
    const std::string resource = operation ? operation->resource : std::string();
    if (name == "CreateFunction")
        return createFunction(call);
    if (name == "ListFunctions")
        return listFunctions(call);
    if (name == "GetFunction")
        return getFunction(call, resource);
    if (name == "DeleteFunction")
        return deleteFunction(call, resource);
    if (name == "GetFunctionConfiguration")
        return getFunctionConfiguration(call, resource);
    if (name == "UpdateFunctionConfiguration")
        return updateFunctionConfiguration(call, resource);
    if (name == "UpdateFunctionCode")
        return updateFunctionCode(call, resource);
    static const std::set<std::string> kVersionsAndAliases = {"PublishVersion", "ListVersionsByFunction",
                                                              "CreateAlias",    "ListAliases",
                                                              "GetAlias",       "UpdateAlias",
                                                              "DeleteAlias"};
    if (kVersionsAndAliases.contains(name))
        return error(call, 400, "InvalidParameterValueException",
                     "LambdaDesk runs $LATEST only: versions and aliases are not emulated");
    if (name == "InvokeAsync")
        return invokeEvent(call, resource, true);
    if (name == "PutFunctionConcurrency")
        return putConcurrency(call, resource);
    if (name == "GetFunctionConcurrency")
        return getConcurrency(call, resource);
    if (name == "DeleteFunctionConcurrency")
        return deleteConcurrency(call, resource);
    if (name == "ListFunctionEventInvokeConfigs")
        return listEventInvokeConfigs(call, resource);
    if (name == "PutFunctionEventInvokeConfig")
        return putEventInvokeConfig(call, resource, false);
    if (name == "UpdateFunctionEventInvokeConfig")
        return putEventInvokeConfig(call, resource, true);
    if (name == "GetFunctionEventInvokeConfig")
        return getEventInvokeConfig(call, resource);
    if (name == "DeleteFunctionEventInvokeConfig")
        return deleteEventInvokeConfig(call, resource);
    if (name == "CreateEventSourceMapping")
        return createMapping(call);
    if (name == "ListEventSourceMappings")
        return listMappings(call);
    if (name == "GetEventSourceMapping")
        return getMapping(call, resource);
    if (name == "UpdateEventSourceMapping")
        return updateMapping(call, resource);
    if (name == "DeleteEventSourceMapping")
        return deleteMapping(call, resource);
    if (name == "GetAccountSettings")
        return getAccountSettings(call);
    if (name == "TagResource")
        return tagResource(call, resource);
    if (name == "UntagResource")
        return untagResource(call, resource);
    if (name == "ListTags")
        return listTags(call, resource);
    return error(call, 404, "UnknownOperationException",
                 "No Lambda API operation matches " + call.request.method + " " + std::string(call.request.path()) +
                     " (LambdaDesk serves functions, invocations, concurrency, event-invoke-config, "
                     "event-source-mappings, account-settings and tags)");
}

core::Expected<core::FunctionConfig> LambdaHandler::findFunction(const LambdaCall& call,
                                                                 const std::string& identifier) const
{
    const auto qualifier = core::qualifierFromIdentifier(identifier);
    const auto* queryQualifier = findParameter(call.query, "Qualifier");
    const std::string effective = queryQualifier ? *queryQualifier : qualifier;
    // A name or partial ARN means the request's region; a full ARN its own. A client cannot name a key
    // (`name@region`): '@' is not in AWS's pattern, and a key is ours, not an identifier AWS knows.
    const auto name = core::functionNameFromIdentifier(identifier);
    if (name.find('@') != std::string::npos)
        return core::Error{"ValidationException",
                           "1 validation error detected: Value '" + identifier +
                               "' at 'functionName' failed to satisfy constraint: Member must satisfy regular "
                               "expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?"
                               "(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"};
    const auto region = identifier.starts_with("arn:") ? core::regionOfArn(identifier) : call.context.region;
    auto function = m_engine.function(core::functionKey(name, region, m_engine.options().region));
    if (!function || !inRegion(call, *function) || (!effective.empty() && effective != "$LATEST")) {
        const auto arn = core::functionArn(call.context.region, call.context.accountId, name) +
                         (effective.empty() ? std::string() : ":" + effective);
        return core::Error{"ResourceNotFoundException", "Function not found: " + arn +
                                                             (function && inRegion(call, *function)
                                                                  ? std::string()
                                                                  : elsewhere(call, name))};
    }
    return *function;
}

std::string LambdaHandler::elsewhere(const LambdaCall& call, const std::string& name) const
{
    // A client signing for another region than the function's is the usual cause: say where one is.
    std::string regions;
    for (const auto& function : m_engine.functions()) {
        if (core::awsFunctionName(function.name) == name && !inRegion(call, function))
            regions += (regions.empty() ? "" : ", ") + regionOf(function);
    }
    return regions.empty() ? std::string()
                           : " (a function of this name exists in " + regions + "; this request was for " +
                                 call.context.region + ")";
}

std::string LambdaHandler::regionOf(const core::FunctionConfig& function) const
{
    auto region = core::regionOfArn(function.arn);
    return region.empty() ? m_engine.options().region : region;
}

std::string LambdaHandler::arnOfKey(const LambdaCall& call, const std::string& key) const
{
    return core::functionArnOfKey(key, m_engine.options().region, call.context.accountId);
}

core::Expected<LambdaHandler::FunctionAndBody> LambdaHandler::functionAndBody(const LambdaCall& call,
                                                                              const std::string& identifier) const
{
    auto function = findFunction(call, identifier);
    if (!function)
        return function.error();
    auto body = bodyJson(call);
    if (!body)
        return body.error();
    return FunctionAndBody{std::move(*function), std::move(*body)};
}

std::optional<HttpResponse> LambdaHandler::applySettings(const LambdaCall& call, const core::FunctionConfig& updated)
{
    if (auto saved = m_functions.save(updated, m_functions.record(updated)); !saved)
        return error(call, saved.error());
    m_engine.putFunction(updated);
    return std::nullopt;
}

core::Expected<int> LambdaHandler::maxItems(const LambdaCall& call, int fallback)
{
    const auto* text = findParameter(call.query, "MaxItems");
    if (!text)
        return fallback;
    int value = 0;
    try {
        value = std::stoi(*text);
    } catch (const std::exception&) {
        value = 0;
    }
    if (value < 1 || value > 10000)
        return core::Error{"InvalidParameterValueException",
                           "MaxItems must be a number between 1 and 10000 (got " + *text + ")"};
    return value;
}

core::Expected<Json> LambdaHandler::bodyJson(const LambdaCall& call)
{
    if (call.request.body.empty())
        return Json::object();
    auto parsed = Json::parse(call.request.body, nullptr, false);
    if (parsed.is_discarded())
        return core::Error{"InvalidRequestContentException",
                           "Could not parse request body into json: the body is not valid JSON"};
    if (!parsed.is_object())
        return core::Error{"InvalidRequestContentException",
                           "Could not parse request body into json: expected a JSON object"};
    return parsed;
}

HttpResponse LambdaHandler::ok(int status, const Json& body)
{
    return HttpResponse::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

HttpResponse LambdaHandler::error(const LambdaCall& call, int status, const std::string& code,
                                  const std::string& message)
{
    return restJsonError(status, code, message, call.context.requestId);
}

HttpResponse LambdaHandler::error(const LambdaCall& call, const core::Error& failure)
{
    return restJsonError(statusFor(failure.code), failure.code, failure.message, call.context.requestId);
}

std::string LambdaHandler::codeLocation(const std::string& name) const
{
    return m_endpointUrl + "/_lambdadesk/code/" + percentEncode(name) + ".zip";
}

}  // namespace lambdadesk::bridge
