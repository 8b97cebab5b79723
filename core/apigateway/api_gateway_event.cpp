// SPDX-License-Identifier: MIT
#include "apigateway/api_gateway_event.h"

#include "encoding/base64.h"
#include "encoding/ids.h"
#include "net/percent_decoding.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <functional>
#include <utility>
#include <vector>

namespace lambdadesk::core {
namespace {

using json = nlohmann::ordered_json;
using Pairs = std::vector<std::pair<std::string, std::vector<std::string>>>;

std::string lower(std::string_view text)
{
    std::string result(text);
    for (auto& c : result)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

/// Groups values by name, in first-seen order; names compare case-insensitively when asked.
void addValue(Pairs& pairs, const std::string& name, std::string value, bool ignoreCase)
{
    for (auto& [key, values] : pairs) {
        if (ignoreCase ? net::equalsIgnoreCase(key, name) : key == name) {
            values.push_back(std::move(value));
            return;
        }
    }
    pairs.emplace_back(name, std::vector<std::string>{std::move(value)});
}

std::string_view rawQuery(const net::HttpRequest& request)
{
    const auto question = request.target.find('?');
    return question == std::string::npos ? std::string_view{} : std::string_view(request.target).substr(question + 1);
}

Pairs queryParameters(std::string_view query)
{
    Pairs pairs;
    std::size_t start = 0;
    while (start <= query.size() && !query.empty()) {
        const auto end = query.find('&', start);
        const auto piece = query.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!piece.empty()) {
            const auto equals = piece.find('=');
            addValue(pairs, net::percentDecode(piece.substr(0, equals), true),
                     equals == std::string_view::npos ? std::string()
                                                      : net::percentDecode(piece.substr(equals + 1), true),
                     false);
        }
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }
    return pairs;
}

std::string joined(const std::vector<std::string>& values, std::string_view separator)
{
    std::string result;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0)
            result += separator;
        result += values[i];
    }
    return result;
}

/// Six lower-case letters and digits derived from `text`, the shape of API Gateway's resource ids.
std::string shortId(const std::string& text)
{
    constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    auto hash = std::hash<std::string>{}(text);
    std::string id;
    for (int i = 0; i < 6; ++i, hash /= kAlphabet.size())
        id.push_back(kAlphabet[hash % kAlphabet.size()]);
    return id;
}

/// The request's headers plus those API Gateway adds in front of the function.
Pairs requestHeaders(const net::HttpRequest& request, const ApiRequestContext& context)
{
    Pairs headers;
    for (const auto& [name, value] : request.headers)
        addValue(headers, name, value, true);
    const auto host = request.header("Host");
    const auto colon = host.rfind(':');
    const std::string port = colon == std::string_view::npos ? "80" : std::string(host.substr(colon + 1));
    const std::pair<const char*, std::string> added[] = {{"X-Amzn-Trace-Id", newTraceId()},
                                                         {"X-Forwarded-For", context.sourceIp},
                                                         {"X-Forwarded-Port", port},
                                                         {"X-Forwarded-Proto", "http"}};
    for (const auto& [name, value] : added) {
        if (request.header(name).empty())
            headers.emplace_back(name, std::vector<std::string>{value});
    }
    return headers;
}

std::string domainName(const net::HttpRequest& request)
{
    std::string host(request.header("Host"));
    if (const auto colon = host.rfind(':'); colon != std::string::npos && host.find(']') == std::string::npos)
        host.erase(colon);
    return host.empty() ? "localhost" : host;
}

std::string domainPrefix(const std::string& domain)
{
    return domain.substr(0, domain.find('.'));
}

std::int64_t epochMillis(std::chrono::system_clock::time_point time)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

/// "09/Apr/2015:12:34:56 +0000", the form of requestTime and time.
std::string requestTime(std::chrono::system_clock::time_point time)
{
    using namespace std::chrono;
    static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = floor<days>(time);
    const year_month_day date{day};
    const hh_mm_ss clock{floor<seconds>(time - day)};
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%02u/%s/%04d:%02d:%02d:%02d +0000", static_cast<unsigned>(date.day()),
                  kMonths[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return buffer;
}

/// The body as API Gateway passes it on: text when it is UTF-8 of a textual type, else base64.
std::pair<std::string, bool> proxyBody(const net::HttpRequest& request)
{
    const auto contentType = request.header("Content-Type");
    if ((contentType.empty() || isTextualContentType(contentType)) && isValidUtf8(request.body))
        return {request.body, false};
    return {encodeBase64(request.body), true};
}

json pathParametersJson(const ApiRouteMatch& match)
{
    if (match.pathParameters.empty())
        return nullptr;
    json parameters = json::object();
    for (const auto& [name, value] : match.pathParameters)
        parameters[name] = value;
    return parameters;
}

} // namespace

bool isTextualContentType(std::string_view contentType)
{
    const std::string type = lower(contentType.substr(0, contentType.find(';')));
    const auto endsWith = [&](std::string_view suffix) {
        return type.size() >= suffix.size() && type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return type.rfind("text/", 0) == 0 || endsWith("json") || endsWith("xml") || endsWith("javascript") ||
           endsWith("yaml") || type == "application/x-www-form-urlencoded" || type == "application/graphql";
}

bool isValidUtf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t value = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0) {
            length = 2;
            value = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            value = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            value = c & 0x07;
        } else {
            return false;
        }
        if (i + length > text.size())
            return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return false;
            value = (value << 6) | (next & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
        static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (value < kMinimum[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

json buildProxyEventV1(const net::HttpRequest& request, const ApiRouteMatch& match, const ApiRequestContext& context)
{
    const bool rest = match.route.kind == ApiKind::Rest;
    const std::string stage = rest ? context.restStage : "$default";
    const std::string path(request.path());
    const auto headers = requestHeaders(request, context);
    const auto query = queryParameters(rawQuery(request));
    const std::string domain = domainName(request);
    const auto [body, base64] = proxyBody(request);

    json event = json::object();
    event["resource"] = match.route.path;
    event["path"] = path;
    event["httpMethod"] = request.method;
    json single = json::object();
    json multi = json::object();
    for (const auto& [name, values] : headers) {
        single[name] = values.back(); // the single-value map keeps the last of repeated headers
        multi[name] = values;
    }
    event["headers"] = single;
    event["multiValueHeaders"] = multi;
    if (query.empty()) {
        event["queryStringParameters"] = nullptr;
        event["multiValueQueryStringParameters"] = nullptr;
    } else {
        json singleQuery = json::object();
        json multiQuery = json::object();
        for (const auto& [name, values] : query) {
            singleQuery[name] = values.back();
            multiQuery[name] = values;
        }
        event["queryStringParameters"] = singleQuery;
        event["multiValueQueryStringParameters"] = multiQuery;
    }
    event["pathParameters"] = pathParametersJson(match);
    event["stageVariables"] = nullptr;

    json identity = json::object();
    for (const char* key :
         {"accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType",
          "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId"})
        identity[key] = nullptr;
    identity["sourceIp"] = context.sourceIp;
    identity["user"] = nullptr;
    identity["userAgent"] = std::string(request.header("User-Agent"));
    identity["userArn"] = nullptr;

    json requestContext = json::object();
    requestContext["accountId"] = context.accountId;
    requestContext["apiId"] = context.apiId;
    requestContext["domainName"] = domain;
    requestContext["domainPrefix"] = domainPrefix(domain);
    requestContext["extendedRequestId"] = encodeBase64(context.requestId.substr(0, 12));
    requestContext["httpMethod"] = request.method;
    requestContext["identity"] = identity;
    // Through the execute-api address the stage is the first path segment; $default has none.
    requestContext["path"] = rest ? '/' + stage + path : path;
    requestContext["protocol"] = context.protocol;
    requestContext["requestId"] = context.requestId;
    requestContext["requestTime"] = requestTime(context.time);
    requestContext["requestTimeEpoch"] = epochMillis(context.time);
    requestContext["resourceId"] = shortId(match.route.routeKey());
    requestContext["resourcePath"] = match.route.path;
    requestContext["stage"] = stage;
    event["requestContext"] = requestContext;
    event["body"] = request.body.empty() ? json(nullptr) : json(body);
    event["isBase64Encoded"] = base64 && !request.body.empty();
    return event;
}

json buildProxyEventV2(const net::HttpRequest& request, const ApiRouteMatch& match, const ApiRequestContext& context)
{
    const auto headers = requestHeaders(request, context);
    const auto query = queryParameters(rawQuery(request));
    const std::string domain = domainName(request);

    json event = json::object();
    event["version"] = "2.0";
    event["routeKey"] = match.route.routeKey();
    event["rawPath"] = std::string(request.path());
    event["rawQueryString"] = std::string(rawQuery(request));
    std::vector<std::string> cookies;
    json headerMap = json::object();
    for (const auto& [name, values] : headers) {
        if (net::equalsIgnoreCase(name, "Cookie")) {
            for (const auto& value : values) {
                for (std::size_t start = 0; start < value.size();) {
                    const auto end = std::min(value.find(';', start), value.size());
                    const auto first = value.find_first_not_of(' ', start);
                    if (first < end)
                        cookies.push_back(value.substr(first, value.find_last_not_of(' ', end - 1) - first + 1));
                    start = end + 1;
                }
            }
            continue;
        }
        headerMap[lower(name)] = joined(values, ",");
    }
    if (!cookies.empty())
        event["cookies"] = cookies;
    event["headers"] = headerMap;
    if (!query.empty()) {
        json queryMap = json::object();
        for (const auto& [name, values] : query)
            queryMap[name] = joined(values, ",");
        event["queryStringParameters"] = queryMap;
    }
    if (!match.pathParameters.empty())
        event["pathParameters"] = pathParametersJson(match);

    json http = json::object();
    http["method"] = request.method;
    http["path"] = std::string(request.path());
    http["protocol"] = context.protocol;
    http["sourceIp"] = context.sourceIp;
    http["userAgent"] = std::string(request.header("User-Agent"));
    json requestContext = json::object();
    requestContext["accountId"] = context.accountId;
    requestContext["apiId"] = context.apiId;
    requestContext["domainName"] = domain;
    requestContext["domainPrefix"] = domainPrefix(domain);
    requestContext["http"] = http;
    requestContext["requestId"] = context.requestId;
    requestContext["routeKey"] = match.route.routeKey();
    requestContext["stage"] = "$default";
    requestContext["time"] = requestTime(context.time);
    requestContext["timeEpoch"] = epochMillis(context.time);
    event["requestContext"] = requestContext;
    if (!request.body.empty()) {
        const auto [body, base64] = proxyBody(request);
        event["body"] = body;
        event["isBase64Encoded"] = base64;
    } else {
        event["isBase64Encoded"] = false;
    }
    return event;
}

} // namespace lambdadesk::core
