// SPDX-License-Identifier: MIT
#include "importer/lambda_api_client.h"

namespace lambdadesk::bridge {

using core::Error;
using core::net::HttpRequest;
using core::net::HttpResponse;
using Json = nlohmann::json;

namespace {

constexpr const char* kDummyAuthorization =
    "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0";

/// "404 ResourceNotFoundException: Function not found: …" from a Lambda error answer.
std::string describeError(const HttpResponse& response)
{
    std::string code;
    std::string message;
    for (const auto& [name, value] : response.headers) {
        if (core::net::equalsIgnoreCase(name, "x-amzn-ErrorType"))
            code = value.substr(0, value.find(':'));  // "Code:http://internal.amazon.com/…" on some services
    }
    const auto body = Json::parse(response.body, nullptr, false);
    if (body.is_object()) {
        for (const char* key : {"__type", "Type", "code"}) {
            if (code.empty() && body.contains(key) && body[key].is_string() && body[key] != "User")
                code = body[key].get<std::string>();
        }
        for (const char* key : {"message", "Message"}) {
            if (message.empty() && body.contains(key) && body[key].is_string())
                message = body[key].get<std::string>();
        }
    } else if (!response.body.empty()) {
        message = response.body.substr(0, 200);
    }
    std::string text = "answered " + std::to_string(response.status);
    if (!code.empty())
        text += " " + code;
    if (!message.empty())
        text += ": " + message;
    return text;
}

bool success(const HttpResponse& response)
{
    return response.status >= 200 && response.status < 300;
}

}  // namespace

core::Expected<LambdaApiClient> LambdaApiClient::create(const std::string& endpointUrl, HttpClientOptions options)
{
    auto url = parseHttpUrl(endpointUrl);
    if (!url)
        return Error{url.error().code, "--endpoint: " + url.error().message};
    if (url->target.find('?') != std::string::npos)
        return Error{"InvalidUrl", "--endpoint: '" + endpointUrl +
                                      "' has a query string; give the endpoint's base URL, e.g. http://127.0.0.1:4566"};
    return LambdaApiClient(std::move(*url), options);
}

LambdaApiClient::LambdaApiClient(HttpUrl endpoint, HttpClientOptions options)
    : m_endpoint(std::move(endpoint)), m_options(options)
{
    m_basePath = m_endpoint.target;
    while (m_basePath.ends_with('/'))
        m_basePath.pop_back();
    m_endpointText = "http://" + m_endpoint.authority() + m_basePath;
}

std::string LambdaApiClient::where(const std::string& operation) const
{
    return operation + " at " + m_endpointText;
}

core::Expected<HttpResponse> LambdaApiClient::call(const std::string& operation, const std::string& target) const
{
    HttpRequest request;
    request.method = "GET";
    request.target = m_basePath + target;
    request.headers = {{"Accept", "application/json"},
                       {"Authorization", kDummyAuthorization},
                       {"User-Agent", "lambdadesk-cli/0.1.0 import"}};
    auto response = sendHttpRequestBlocking(m_endpoint, std::move(request), m_options);
    if (!response)
        return Error{response.error().code, where(operation) + ": " + response.error().message};
    return response;
}

core::Expected<Json> LambdaApiClient::get(const std::string& operation, const std::string& target) const
{
    auto found = getIfPresent(operation, target);
    if (!found)
        return found.error();
    if (!*found)
        return Error{"ResourceNotFoundException", where(operation) + " answered 404 for GET " + target};
    return std::move(**found);
}

core::Expected<std::optional<Json>> LambdaApiClient::getIfPresent(const std::string& operation,
                                                                  const std::string& target) const
{
    auto response = call(operation, target);
    if (!response)
        return response.error();
    if (response->status == 404)
        return std::optional<Json>();
    if (!success(*response))
        return Error{"RequestFailed", where(operation) + " " + describeError(*response)};
    if (response->body.empty())
        return std::optional<Json>(Json::object());
    auto body = Json::parse(response->body, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        return Error{"BadResponse", where(operation) + " answered " + std::to_string(response->status) +
                                        " with a body that is not a JSON object (is it a Lambda API endpoint?)"};
    return std::optional<Json>(std::move(body));
}

core::Expected<std::string> LambdaApiClient::download(const std::string& location) const
{
    auto url = parseHttpUrl(location);
    if (!url && location.starts_with("https://"))
        return Error{url.error().code, "downloading the code from " + location +
                                           ": an https:// location cannot be fetched (LambdaDesk speaks plain "
                                           "HTTP; LocalStack hands out http:// locations)"};
    if (!url)
        return Error{url.error().code, "downloading the code from " + location + ": " + url.error().message};
    HttpRequest request;
    request.method = "GET";
    request.target = url->target.empty() ? "/" : url->target;
    // No Authorization: a presigned location carries its own in the query.
    request.headers = {{"Host", url->authority()}, {"User-Agent", "lambdadesk-cli/0.1.0 import"}};
    auto response = sendHttpRequestBlocking(*url, request, m_options);
    if (response && success(*response))
        return std::move(response->body);
    auto code = response ? std::string("RequestFailed") : response.error().code;
    auto problem = response ? describeError(*response) : response.error().message;
    const bool elsewhere = url->host != m_endpoint.host || url->port != m_endpoint.port;
    if (!response && elsewhere && code != "Timeout") {
        auto retried = sendHttpRequestBlocking(m_endpoint, request, m_options);
        if (retried && success(*retried))
            return std::move(retried->body);
        problem += "; at " + m_endpointText + " instead: " +
                   (retried ? describeError(*retried) : retried.error().message);
    }
    return Error{code, "downloading the code from " + location + ": " + problem};
}

}  // namespace lambdadesk::bridge
