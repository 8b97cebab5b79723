// SPDX-License-Identifier: MIT
#include "apigateway/api_gateway_routes.h"

#include "net/percent_decoding.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace lambdadesk::core {
namespace {

constexpr std::array<std::string_view, 8> kMethods = {"GET",    "POST", "PUT",     "PATCH",
                                                      "DELETE", "HEAD", "OPTIONS", "ANY"};

std::string upper(std::string text)
{
    for (auto& c : text)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::vector<std::string> splitPath(std::string_view path)
{
    std::vector<std::string> segments;
    if (path.size() > 1 && path.back() == '/')
        path.remove_suffix(1); // "/items/" reaches "/items"
    std::size_t start = path.empty() || path.front() != '/' ? 0 : 1;
    while (start < path.size()) {
        const auto end = path.find('/', start);
        segments.emplace_back(path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
        if (start == path.size())
            segments.emplace_back();
    }
    return segments;
}

Error eventError(const FunctionConfig& function, const EventSourceConfig& event, const std::string& why)
{
    return Error{"ValidationException",
                 "function " + function.name + ", event " + event.name + " (" + event.type + "): " + why};
}

} // namespace

std::string ApiRoute::routeKey() const
{
    return isDefault() ? path : method + ' ' + path;
}

Expected<ApiRoute> ApiGatewayRoutes::routeOf(const FunctionConfig& function, const EventSourceConfig& event)
{
    const bool http = event.type == "HttpApi";
    if (!http && event.type != "Api")
        return eventError(function, event, "is not an Api or HttpApi event");
    const auto& properties = event.properties;
    const auto text = [&](const char* key) -> const nlohmann::json* {
        if (!properties.is_object() || !properties.contains(key) || properties.at(key).is_null())
            return nullptr;
        return &properties.at(key);
    };
    ApiRoute route;
    route.kind = http ? ApiKind::Http : ApiKind::Rest;
    route.function = function.name;
    route.eventName = event.name;
    route.payloadFormatVersion = http ? "2.0" : "1.0";
    route.timeout = std::chrono::milliseconds(http ? 30000 : 29000);
    const auto* path = text("Path");
    const auto* method = text("Method");
    if ((path && !path->is_string()) || (method && !method->is_string()))
        return eventError(function, event, "Path and Method must be strings");
    if (!http && (!path || !method))
        return eventError(function, event, "an Api event needs Path and Method (e.g. Path: /items/{id}, Method: get)");
    if (http && !path && method)
        return eventError(function, event, "Method needs a Path; leave both out for the $default route");
    if (path) {
        route.path = path->get<std::string>();
        route.method = method ? upper(method->get<std::string>()) : "ANY";
        if (route.method == "X-AMAZON-APIGATEWAY-ANY-METHOD")
            route.method = "ANY";
    } else {
        route.path = "$default";
    }
    if (const auto* version = text("PayloadFormatVersion")) {
        if (!http || !version->is_string() || (*version != "1.0" && *version != "2.0"))
            return eventError(function, event, R"(PayloadFormatVersion must be "1.0" or "2.0" (HttpApi only))");
        route.payloadFormatVersion = version->get<std::string>();
    }
    if (const auto* timeout = text("TimeoutInMillis")) {
        const int limit = http ? 30000 : 29000;
        if (!timeout->is_number_integer() || timeout->get<long long>() < 50 || timeout->get<long long>() > limit)
            return eventError(function, event,
                              "TimeoutInMillis must be a whole number from 50 to " + std::to_string(limit));
        route.timeout = std::chrono::milliseconds(timeout->get<long long>());
    }
    return route;
}

ApiGatewayRoutes ApiGatewayRoutes::fromFunctions(const std::vector<FunctionConfig>& functions,
                                                 std::vector<Error>* problems)
{
    ApiGatewayRoutes routes;
    for (const auto& function : functions) {
        for (const auto& event : function.events) {
            if (event.type != "Api" && event.type != "HttpApi")
                continue;
            auto route = routeOf(function, event);
            if (!route) {
                if (problems)
                    problems->push_back(route.error());
                continue;
            }
            if (auto added = routes.add(std::move(*route)); !added && problems)
                problems->push_back(eventError(function, event, added.error().message));
        }
    }
    return routes;
}

Expected<std::vector<ApiGatewayRoutes::Segment>> ApiGatewayRoutes::compile(const std::string& path)
{
    std::vector<Segment> segments;
    if (path == "$default")
        return segments;
    const Error bad{"ValidationException", "Path '" + path +
                                               "' is not a resource path; use /, /items, /items/{id} or "
                                               "/files/{proxy+} (whole segments, greedy last)"};
    if (path.empty() || path.front() != '/' || (path.size() > 1 && path.back() == '/'))
        return bad;
    if (path == "/")
        return segments;
    for (const auto& text : splitPath(path)) {
        if (text.empty() || (!segments.empty() && segments.back().rank == 0))
            return bad; // an empty segment, or anything after a greedy one
        const bool braced = text.front() == '{' && text.back() == '}';
        if (!braced) {
            if (text.find_first_of("{}") != std::string::npos)
                return bad;
            segments.push_back(Segment{2, text});
            continue;
        }
        std::string name = text.substr(1, text.size() - 2);
        const bool greedy = !name.empty() && name.back() == '+';
        if (greedy)
            name.pop_back();
        if (name.empty() || name.find_first_of("{}+/") != std::string::npos)
            return bad;
        segments.push_back(Segment{greedy ? 0 : 1, name});
    }
    return segments;
}

Expected<void> ApiGatewayRoutes::add(ApiRoute route)
{
    if (std::find(kMethods.begin(), kMethods.end(), route.method) == kMethods.end())
        return Error{"ValidationException", "Method '" + route.method +
                                                "' is not one API Gateway routes; use GET, POST, PUT, PATCH, "
                                                "DELETE, HEAD, OPTIONS or ANY"};
    auto segments = compile(route.path);
    if (!segments)
        return segments.error();
    for (std::size_t i = 0; i < m_routes.size(); ++i) {
        // Same method and same shape ({id} and {name} are the same resource) cannot both be reached.
        const auto& other = m_segments[i];
        const bool sameShape =
            m_routes[i].isDefault() == route.isDefault() && other.size() == segments->size() &&
            std::equal(other.begin(), other.end(), segments->begin(), [](const Segment& a, const Segment& b) {
                return a.rank == b.rank && (a.rank != 2 || a.text == b.text);
            });
        if (sameShape && (m_routes[i].method == route.method || route.isDefault()))
            return Error{"ValidationException", "route " + route.routeKey() + " is already served by function " +
                                                    m_routes[i].function + " (event " + m_routes[i].eventName + ")"};
    }
    m_routes.push_back(std::move(route));
    m_segments.push_back(std::move(*segments));
    return {};
}

bool ApiGatewayRoutes::matchSegments(const std::vector<Segment>& pattern, const std::vector<std::string>& segments,
                                     std::map<std::string, std::string>& parameters)
{
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const Segment& segment = pattern[i];
        if (segment.rank == 0) {
            // {proxy+} takes one or more remaining segments.
            if (i >= segments.size())
                return false;
            std::string rest = segments[i];
            for (std::size_t j = i + 1; j < segments.size(); ++j)
                rest += '/' + segments[j];
            parameters[segment.text] = net::percentDecode(rest);
            return true;
        }
        if (i >= segments.size() || segments[i].empty())
            return false;
        if (segment.rank == 2 && segment.text != segments[i])
            return false;
        if (segment.rank == 1)
            parameters[segment.text] = net::percentDecode(segments[i]);
    }
    return pattern.size() == segments.size();
}

std::optional<ApiRouteMatch> ApiGatewayRoutes::match(std::string_view method, std::string_view path) const
{
    const auto segments = splitPath(path);
    std::optional<ApiRouteMatch> best;
    std::vector<int> bestRanks;
    for (std::size_t i = 0; i < m_routes.size(); ++i) {
        const ApiRoute& route = m_routes[i];
        if (route.method != "ANY" && route.method != method)
            continue;
        std::map<std::string, std::string> parameters;
        std::vector<int> ranks;
        if (route.isDefault()) {
            ranks.push_back(-1); // below everything, even a greedy segment
        } else {
            if (!matchSegments(m_segments[i], segments, parameters))
                continue;
            for (const auto& segment : m_segments[i])
                ranks.push_back(segment.rank);
            ranks.push_back(3); // ends here: ranks above a greedy segment that would go on
        }
        bool better = !best;
        if (best) {
            if (ranks != bestRanks)
                better = std::lexicographical_compare(bestRanks.begin(), bestRanks.end(), ranks.begin(), ranks.end());
            else
                better = best->route.method == "ANY" && route.method != "ANY";
        }
        if (better) {
            best = ApiRouteMatch{route, std::move(parameters)};
            bestRanks = std::move(ranks);
        }
    }
    return best;
}

ApiKind ApiGatewayRoutes::unmatchedKind() const
{
    const bool allRest = !m_routes.empty() && std::all_of(m_routes.begin(), m_routes.end(),
                                                          [](const ApiRoute& r) { return r.kind == ApiKind::Rest; });
    return allRest ? ApiKind::Rest : ApiKind::Http;
}

} // namespace lambdadesk::core
