// SPDX-License-Identifier: MIT
// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
// UpdateFunctionConfiguration, DeleteFunction.
#include "lambda/code_archive.h"
#include "lambda/function_json.h"
#include "lambda/lambda_handler.h"
#include "lambda/s3_code.h"
#include "upstream/http_client.h"

#include <engine.h>
#include <encoding/base64.h>
#include <encoding/ids.h>
#include <model/function_name.h>

#include <algorithm>
#include <regex>

namespace lambdadesk::bridge {

using core::net::HttpResponse;
using Json = nlohmann::json;

namespace {

bool validFunctionName(const std::string& name)
{
    static const std::regex pattern("[a-zA-Z0-9-_]{1,64}");
    return std::regex_match(name, pattern);
}

/// The zip bytes of a Code / UpdateFunctionCode body, or the error naming what is accepted. Code in S3 was
/// fetched before (`fetched`, see LambdaHandler::handle), or is fetched now, blocking (no executor: tests).
core::Expected<std::string> zipFromBody(const Json& body, const std::string& upstreamUrl, const std::string* fetched)
{
    auto zipFile = member(body, "ZipFile", Json::value_t::string);
    if (!zipFile)
        return zipFile.error();
    if (!*zipFile) {
        if (fetched)
            return *fetched;
        if (const auto location = s3CodeLocation(body)) {
            auto request = s3CodeRequest(*location, upstreamUrl);
            if (!request)
                return request.error();
            auto server = parseHttpUrl(upstreamUrl);
            if (!server)
                return server.error();
            return s3CodeFromAnswer(sendHttpRequestBlocking(*server, std::move(*request)), *location, upstreamUrl);
        }
        if (body.contains("ImageUri"))
            return core::Error{"InvalidParameterValueException",
                               "Container images (ImageUri) are not supported: LambdaDesk runs .zip functions"};
        return core::Error{"InvalidParameterValueException",
                           "Please provide a source for function code: ZipFile (base64 of a .zip archive)"};
    }
    std::string zip;
    if (!core::decodeBase64((*zipFile)->get<std::string>(), zip))
        return core::Error{"InvalidParameterValueException",
                           "ZipFile is not valid base64: it must be the .zip archive's bytes in base64"};
    return zip;
}

}  // namespace

HttpResponse LambdaHandler::createFunction(const LambdaCall& call, const std::string* fetchedZip)
{
    auto body = bodyJson(call);
    if (!body)
        return error(call, body.error());
    const auto& input = *body;
    auto nameMember = requiredMember(input, "FunctionName", "functionName", Json::value_t::string);
    if (!nameMember)
        return error(call, nameMember.error());
    const auto name = core::functionNameFromIdentifier((*nameMember)->get<std::string>());
    if (!validFunctionName(name))
        return error(call, 400, "ValidationException",
                     "1 validation error detected: Value '" + name +
                         "' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression "
                         "pattern: [a-zA-Z0-9-_]+ and have length at most 64");
    const auto key = core::functionKey(name, call.context.region, m_engine.options().region);
    if (m_engine.function(key))
        return error(call, 409, "ResourceConflictException", "Function already exist: " + name);
    if (input.value("PackageType", std::string("Zip")) == "Image")
        return error(call, 400, "InvalidParameterValueException",
                     "Container images (PackageType Image) are not supported: LambdaDesk runs .zip functions");
    if (!input.contains("Role"))
        return error(call, 400, "ValidationException",
                     "1 validation error detected: Value null at 'role' failed to satisfy constraint: Member must "
                     "not be null");
    if (!input.contains("Runtime"))
        return error(call, 400, "InvalidParameterValueException",
                     "Runtime and Handler are mandatory parameters for functions created with .zip deployment "
                     "packages.");
    if (input.contains("Layers") && !input["Layers"].empty())
        return error(call, 400, "InvalidParameterValueException",
                     "Layers given by ARN are not available here: put the layer's files in the zip, or declare the "
                     "function in a SAM template with local LayerVersion ContentUri folders");
    auto code = requiredMember(input, "Code", "code", Json::value_t::object);
    if (!code)
        return error(call, code.error());
    auto zip = zipFromBody(**code, m_upstreamUrl, fetchedZip);
    if (!zip)
        return error(call, zip.error());

    core::FunctionConfig function;
    function.name = key;
    function.logicalId = name;
    function.arn = core::functionArn(call.context.region, call.context.accountId, name);
    function.handler = "";
    FunctionRecord record;
    record.fromApi = true;
    if (auto applied = applyConfigurationInput(input, function, record); !applied)
        return error(call, applied.error());
    if (auto tags = member(input, "Tags", Json::value_t::object); !tags) {
        return error(call, tags.error());
    } else if (*tags) {
        for (const auto& [key, value] : (*tags)->items())
            function.tags[key] = value.is_string() ? value.get<std::string>() : value.dump();
    }
    function.codeDir = m_functions.codeDir(key);
    if (auto unpacked = unpackZip(*zip, function.codeDir); !unpacked)
        return error(call, unpacked.error());
    record.codeSha256 = sha256Base64(*zip);
    record.codeSize = static_cast<std::int64_t>(zip->size());
    record.lastModified = lambdaTimestamp();
    record.revisionId = core::newRequestId();
    if (auto saved = m_functions.save(function, record); !saved)
        return error(call, saved.error());
    m_engine.putFunction(function);
    record.state = "Pending";  // CreateFunction's own answer; the function is Active from the next read
    return ok(201, functionConfigurationJson(function, record));
}

HttpResponse LambdaHandler::getFunction(const LambdaCall& call, const std::string& name)
{
    auto function = findFunction(call, name);
    if (!function)
        return error(call, function.error());
    Json body = {{"Configuration", functionConfigurationJson(*function, m_functions.record(*function))},
                 {"Code", {{"RepositoryType", "S3"}, {"Location", codeLocation(function->name)}}}};
    if (!function->tags.empty())
        body["Tags"] = function->tags;
    if (function->reservedConcurrency)
        body["Concurrency"] = {{"ReservedConcurrentExecutions", *function->reservedConcurrency}};
    return ok(200, body);
}

HttpResponse LambdaHandler::getFunctionConfiguration(const LambdaCall& call, const std::string& name)
{
    auto function = findFunction(call, name);
    if (!function)
        return error(call, function.error());
    return ok(200, functionConfigurationJson(*function, m_functions.record(*function)));
}

HttpResponse LambdaHandler::listFunctions(const LambdaCall& call)
{
    auto requested = maxItems(call, 50);
    if (!requested)
        return error(call, requested.error());
    const int pageSize = std::min(*requested, 50);  // Lambda returns at most 50 per page whatever is asked
    const auto* marker = findParameter(call.query, "Marker");
    auto functions = m_engine.functions();
    std::erase_if(functions, [&](const core::FunctionConfig& function) { return !inRegion(call, function); });
    std::sort(functions.begin(), functions.end(),
              [](const core::FunctionConfig& a, const core::FunctionConfig& b) { return a.name < b.name; });
    // The marker is the name of the first function of the next page.
    auto it = functions.begin();
    if (marker && !marker->empty()) {
        it = std::lower_bound(functions.begin(), functions.end(), *marker,
                              [](const core::FunctionConfig& f, const std::string& m) { return f.name < m; });
    }
    Json list = Json::array();
    for (; it != functions.end() && static_cast<int>(list.size()) < pageSize; ++it)
        list.push_back(functionConfigurationJson(*it, m_functions.record(*it)));
    Json body = {{"Functions", list}};
    if (it != functions.end())
        body["NextMarker"] = it->name;
    return ok(200, body);
}

HttpResponse LambdaHandler::updateFunctionCode(const LambdaCall& call, const std::string& name,
                                               const std::string* fetchedZip)
{
    auto target = functionAndBody(call, name);
    if (!target)
        return error(call, target.error());
    auto& [function, body] = *target;
    auto record = m_functions.record(*function);
    if (!record.fromApi)
        return error(call, 409, "ResourceConflictException",
                     function->name + " is defined by the project's template; edit its code in " +
                         function->codeDir.string() + " instead (LambdaDesk reloads it on save)");
    if (const auto revision = body->value("RevisionId", std::string()); !revision.empty() && revision != record.revisionId)
        return error(call, 412, "PreconditionFailedException",
                     "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias "
                     "API to retrieve the latest Revision Id");
    auto zip = zipFromBody(*body, m_upstreamUrl, fetchedZip);
    if (!zip)
        return error(call, zip.error());
    if (body->value("DryRun", false)) {
        record.codeSha256 = sha256Base64(*zip);
        record.codeSize = static_cast<std::int64_t>(zip->size());
        return ok(200, functionConfigurationJson(*function, record));
    }
    if (auto unpacked = unpackZip(*zip, function->codeDir); !unpacked)
        return error(call, unpacked.error());
    record.codeSha256 = sha256Base64(*zip);
    record.codeSize = static_cast<std::int64_t>(zip->size());
    record.lastModified = lambdaTimestamp();
    record.revisionId = core::newRequestId();
    if (auto saved = m_functions.save(*function, record); !saved)
        return error(call, saved.error());
    m_engine.reloadFunction(function->name);
    record.lastUpdateStatus = "InProgress";
    return ok(200, functionConfigurationJson(*function, record));
}

HttpResponse LambdaHandler::updateFunctionConfiguration(const LambdaCall& call, const std::string& name)
{
    auto target = functionAndBody(call, name);
    if (!target)
        return error(call, target.error());
    auto& [function, body] = *target;
    auto record = m_functions.record(*function);
    if (const auto revision = body->value("RevisionId", std::string()); !revision.empty() && revision != record.revisionId)
        return error(call, 412, "PreconditionFailedException",
                     "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias "
                     "API to retrieve the latest Revision Id");
    auto updated = *function;
    if (auto applied = applyConfigurationInput(*body, updated, record); !applied)
        return error(call, applied.error());
    record.lastModified = lambdaTimestamp();
    record.revisionId = core::newRequestId();
    if (auto saved = m_functions.save(updated, record); !saved)
        return error(call, saved.error());
    m_engine.putFunction(updated);
    record.lastUpdateStatus = "InProgress";
    return ok(200, functionConfigurationJson(updated, record));
}

HttpResponse LambdaHandler::deleteFunction(const LambdaCall& call, const std::string& name)
{
    auto function = findFunction(call, name);
    if (!function)
        return error(call, function.error());
    m_engine.removeFunction(function->name);
    m_functions.forget(function->name);
    HttpResponse response;
    response.status = 204;
    return response;
}

}  // namespace lambdadesk::bridge
