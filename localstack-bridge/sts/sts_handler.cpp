// SPDX-License-Identifier: MIT
#include "sts/sts_handler.h"

#include "endpoint/aws_errors.h"
#include "endpoint/url_codec.h"
#include "sqs/sqs_output.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <map>

namespace lambdadesk::bridge {
namespace {

using nlohmann::json;

constexpr std::string_view kTargetPrefix = "AWSSecurityTokenServiceV20110615.";
constexpr std::string_view kNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

/// One request's action and parameters, whichever wire form carried them.
struct StsCall {
    std::string action;
    std::map<std::string, std::string> parameters;
    bool json = false;
};

StsCall parseCall(const core::net::HttpRequest& request)
{
    StsCall call;
    if (const auto target = request.header("x-amz-target"); target.starts_with(kTargetPrefix)) {
        call.json = true;
        call.action = std::string(target.substr(kTargetPrefix.size()));
        const auto body = json::parse(request.body.empty() ? "{}" : request.body, nullptr, false);
        if (body.is_object()) {
            for (const auto& [name, value] : body.items())
                call.parameters[name] = value.is_string() ? value.get<std::string>() : value.dump();
        }
        return call;
    }
    // Query protocol: a form body (POST) or the query string (GET), the latter first so the body wins.
    for (const auto& source : {parseQuery(queryOf(request.target)), parseQuery(request.body)}) {
        for (const auto& [name, value] : source)
            call.parameters[name] = value;
    }
    call.action = call.parameters["Action"];
    return call;
}

/// The access key a request was signed with (Authorization header or presigned X-Amz-Credential).
std::string accessKeyOf(const core::net::HttpRequest& request)
{
    std::string credential;
    const auto authorization = std::string(request.header("authorization"));
    if (const auto at = authorization.find("Credential="); at != std::string::npos)
        credential = authorization.substr(at + 11);
    else if (const auto* presigned = findParameter(parseQuery(queryOf(request.target), false), "X-Amz-Credential"))
        credential = *presigned;
    return credential.substr(0, credential.find('/'));
}

core::Expected<std::int64_t> durationOf(const StsCall& call, std::int64_t fallback)
{
    const auto found = call.parameters.find("DurationSeconds");
    if (found == call.parameters.end() || found->second.empty())
        return fallback;
    std::int64_t seconds = 0;
    const auto& text = found->second;
    if (std::from_chars(text.data(), text.data() + text.size(), seconds).ec != std::errc())
        return core::Error{"ValidationError", "DurationSeconds '" + text + "' is not a number of seconds"};
    return seconds;
}

/// The response's fields in order, nested one level (Credentials, AssumedRoleUser), for both wire forms.
using Fields = std::vector<std::pair<std::string, std::vector<std::pair<std::string, json>>>>;

core::net::HttpResponse xmlResponse(const std::string& action, const Fields& fields, const std::string& requestId)
{
    std::string out = "<" + action + "Response xmlns=\"" + std::string(kNamespace) + "\"><" + action + "Result>";
    for (const auto& [group, members] : fields) {
        if (!group.empty())
            out += "<" + group + ">";
        for (const auto& [name, value] : members)
            out += "<" + name + ">" + xmlEscape(value.is_string() ? value.get<std::string>() : value.dump()) + "</" +
                   name + ">";
        if (!group.empty())
            out += "</" + group + ">";
    }
    out += "</" + action + "Result><ResponseMetadata><RequestId>" + xmlEscape(requestId) +
           "</RequestId></ResponseMetadata></" + action + "Response>";
    core::net::HttpResponse response;
    response.status = 200;
    response.body = std::move(out);
    response.headers.emplace_back("Content-Type", "text/xml");
    return response;
}

core::net::HttpResponse jsonResponse(const Fields& fields)
{
    json body = json::object();
    for (const auto& [group, members] : fields) {
        json& into = group.empty() ? body : body[group];
        for (const auto& [name, value] : members)
            into[name] = value;
    }
    core::net::HttpResponse response;
    response.status = 200;
    response.body = body.dump();
    response.headers.emplace_back("Content-Type", "application/x-amz-json-1.0");
    return response;
}

core::net::HttpResponse errorResponse(const StsCall& call, int status, const core::Error& error,
                                      const std::string& requestId)
{
    if (call.json)
        return jsonProtocolError(status, error.code, error.message, requestId);
    core::net::HttpResponse response;
    response.status = status;
    response.body = "<ErrorResponse xmlns=\"" + std::string(kNamespace) + "\"><Error><Type>Sender</Type><Code>" +
                    xmlEscape(error.code) + "</Code><Message>" + xmlEscape(error.message) +
                    "</Message></Error><RequestId>" + xmlEscape(requestId) + "</RequestId></ErrorResponse>";
    response.headers.emplace_back("Content-Type", "text/xml");
    return response;
}

std::vector<std::pair<std::string, json>> credentialFields(const StsCredentials& credentials, bool jsonForm)
{
    // JSON protocols carry timestamps as epoch seconds; the query protocol as ISO 8601.
    const json expiration = jsonForm ? json(std::chrono::duration_cast<std::chrono::seconds>(
                                                credentials.expiration.time_since_epoch())
                                                .count())
                                     : json(stsTimestamp(credentials.expiration));
    return {{"AccessKeyId", credentials.accessKeyId},
            {"SecretAccessKey", credentials.secretAccessKey},
            {"SessionToken", credentials.sessionToken},
            {"Expiration", expiration}};
}

}  // namespace

void StsHandler::handle(core::net::HttpRequest&& request, const RequestContext& context,
                        core::net::HttpResponder respond)
{
    const auto call = parseCall(request);
    auto answer = [&](core::Expected<Fields> fields) {
        core::net::HttpResponse response;
        if (!fields)
            response = errorResponse(call, 400, fields.error(), context.requestId);
        else
            response = call.json ? jsonResponse(*fields) : xmlResponse(call.action, *fields, context.requestId);
        addRequestId(response, context.requestId);
        respond(std::move(response));
    };
    const auto parameter = [&](const char* name) {
        const auto found = call.parameters.find(name);
        return found == call.parameters.end() ? std::string() : found->second;
    };

    if (call.action == "GetCallerIdentity") {
        const auto identity = m_identities.callerOf(accessKeyOf(request));
        return answer(Fields{{"", {{"UserId", identity.userId}, {"Account", identity.account}, {"Arn", identity.arn}}}});
    }
    if (call.action == "AssumeRole") {
        const auto duration = durationOf(call, 3600);
        if (!duration)
            return answer(duration.error());
        auto assumed = m_identities.assumeRole(parameter("RoleArn"), parameter("RoleSessionName"), *duration);
        if (!assumed)
            return answer(assumed.error());
        const auto& [credentials, identity] = *assumed;
        return answer(Fields{{"Credentials", credentialFields(credentials, call.json)},
                             {"AssumedRoleUser", {{"AssumedRoleId", identity.userId}, {"Arn", identity.arn}}}});
    }
    if (call.action == "GetSessionToken") {
        const auto duration = durationOf(call, 43200);
        if (!duration)
            return answer(duration.error());
        auto credentials = m_identities.sessionToken(accessKeyOf(request), *duration);
        if (!credentials)
            return answer(credentials.error());
        return answer(Fields{{"Credentials", credentialFields(*credentials, call.json)}});
    }
    answer(core::Error{"InvalidAction",
                       call.action.empty()
                           ? std::string("no Action: STS requests name one (GetCallerIdentity, AssumeRole, "
                                         "GetSessionToken)")
                           : "Could not find operation " + call.action + " for version 2011-06-15 (LambdaDesk "
                                                                         "answers GetCallerIdentity, AssumeRole and "
                                                                         "GetSessionToken)"});
}

}  // namespace lambdadesk::bridge
