// SPDX-License-Identifier: MIT
#include "fis/fis_handler.h"

#include "endpoint/aws_errors.h"

#include <run/experiment_runner.h>

#include <algorithm>
#include <cctype>

namespace lambdadesk::bridge {

using core::net::HttpResponse;
using Json = nlohmann::json;

namespace {

/// FIS's HTTP status for an error code (botocore's fis model: the exceptions' httpStatusCode).
int statusFor(const std::string& code)
{
    if (code == "ResourceNotFoundException")
        return 404;
    if (code == "ConflictException")
        return 409;
    if (code == "ServiceQuotaExceededException")
        return 402;
    if (code == "InternalServerException" || code == "InternalFailure")
        return 500;
    return 400;
}

bool isDigits(const std::string& text)
{
    return !text.empty() && text.size() <= 9 &&
           std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

} // namespace

FisHandler::FisHandler(std::shared_ptr<faults::ExperimentRunner> runner) : m_runner(std::move(runner)) {}

void FisHandler::handle(core::net::HttpRequest&& request, const RequestContext& context,
                        core::net::HttpResponder respond)
{
    const FisCall call{request, context, pathSegments(request.path()), parseQuery(queryOf(request.target), false)};
    respond(dispatch(call));
}

HttpResponse FisHandler::dispatch(const FisCall& call)
{
    const auto& method = call.request.method;
    const auto& s = call.segments;
    const auto size = s.size();
    if (call.request.bodyTooLarge)
        return error(call, 400, "ValidationException", "The request body is larger than the endpoint accepts");
    const std::string resource = size > 0 ? s[0] : std::string();

    if (resource == "experimentTemplates") {
        if (size == 1 && method == "POST")
            return createTemplate(call);
        if (size == 1 && method == "GET")
            return listTemplates(call);
        if (size == 2 && method == "GET")
            return getTemplate(call, s[1]);
        if (size == 2 && method == "PATCH")
            return updateTemplate(call, s[1]);
        if (size == 2 && method == "DELETE")
            return deleteTemplate(call, s[1]);
    }
    if (resource == "experiments") {
        if (size == 1 && method == "POST")
            return startExperiment(call);
        if (size == 1 && method == "GET")
            return listExperiments(call);
        if (size == 2 && method == "GET")
            return getExperiment(call, s[1]);
        if (size == 2 && method == "DELETE")
            return stopExperiment(call, s[1]);
        if (size == 3 && method == "GET" && (s[2] == "report" || s[2] == "report.html"))
            return getReport(call, s[1], s[2] == "report.html");
    }
    if (resource == "actions") {
        if (size == 1 && method == "GET")
            return listActions(call);
        if (size == 2 && method == "GET")
            return getAction(call, s[1]);
    }
    if (resource == "targetResourceTypes") {
        if (size == 1 && method == "GET")
            return listTargetResourceTypes(call);
        if (size == 2 && method == "GET")
            return getTargetResourceType(call, s[1]);
    }
    return error(call, 404, "UnknownOperationException",
                 "No FIS API operation matches " + method + " " + std::string(call.request.path()) +
                     " (LambdaDesk serves experimentTemplates, experiments, actions, targetResourceTypes and "
                     "GET /experiments/{id}/report[.html]; tags, target account configurations and safety levers "
                     "are not emulated)");
}

core::Expected<Json> FisHandler::bodyJson(const FisCall& call, const std::string& operation)
{
    const auto& body = call.request.body;
    if (std::all_of(body.begin(), body.end(), [](unsigned char c) { return std::isspace(c) != 0; }))
        return Json::object();
    Json parsed;
    try {
        parsed = Json::parse(body);
    } catch (const Json::exception& failure) {
        // nlohmann's text says where: "parse error at line 1, column 7: syntax error while parsing value…"; numbers
        // too large for a double (1e999) are out_of_range errors.
        std::string what = failure.what();
        if (const auto bracket = what.find("] "); what.starts_with("[json.exception") && bracket != std::string::npos)
            what.erase(0, bracket + 2);
        return core::Error{"ValidationException", "The " + operation + " request body is not valid JSON: " + what};
    }
    if (!parsed.is_object())
        return core::Error{"ValidationException", "The " + operation + " request body must be a JSON object, not " +
                                                      std::string(parsed.type_name())};
    return parsed;
}

HttpResponse FisHandler::listPage(const FisCall& call, const std::string& key, Json items)
{
    std::size_t offset = 0;
    std::size_t limit = items.size();
    if (const auto* text = findParameter(call.query, "maxResults")) {
        if (!isDigits(*text) || std::stoi(*text) < 1 || std::stoi(*text) > 100)
            return error(call, 400, "ValidationException",
                         "maxResults must be a whole number from 1 to 100 (got '" + *text + "')");
        limit = static_cast<std::size_t>(std::stoi(*text));
    }
    if (const auto* token = findParameter(call.query, "nextToken"); token && !token->empty()) {
        if (!isDigits(*token) || static_cast<std::size_t>(std::stoi(*token)) > items.size())
            return error(call, 400, "ValidationException",
                         "nextToken '" + *token +
                             "' is not one this endpoint gave: pass the nextToken of the "
                             "previous page, or none for the first page");
        offset = static_cast<std::size_t>(std::stoi(*token));
    }
    const auto end = std::min(items.size(), offset + limit);
    Json page = Json::array();
    for (auto i = offset; i < end; ++i)
        page.push_back(std::move(items[i]));
    Json out = {{key, std::move(page)}};
    if (end < items.size())
        out["nextToken"] = std::to_string(end);
    return ok(out);
}

HttpResponse FisHandler::ok(const Json& body)
{
    return HttpResponse::json(200, body.dump(-1, ' ', false, Json::error_handler_t::replace));
}

HttpResponse FisHandler::error(const FisCall& call, int status, const std::string& code, const std::string& message)
{
    // FIS's rest-json errors: the code in x-amzn-ErrorType, the text in the body's `message`.
    const Json body = {{"message", message}};
    auto response = HttpResponse::json(status, body.dump(-1, ' ', false, Json::error_handler_t::replace));
    response.headers.emplace_back("x-amzn-ErrorType", code);
    addRequestId(response, call.context.requestId);
    return response;
}

HttpResponse FisHandler::error(const FisCall& call, const core::Error& failure)
{
    return error(call, statusFor(failure.code), failure.code, failure.message);
}

} // namespace lambdadesk::bridge
