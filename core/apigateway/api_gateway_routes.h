// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "model/function_config.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::core {

/// The API Gateway flavour a route belongs to: it decides the error responses and the default
/// payload format.
enum class ApiKind {
    Rest, ///< SAM `Api`: a REST API, payload format 1.0
    Http, ///< SAM `HttpApi`: an HTTP API, payload format 2.0 unless PayloadFormatVersion says 1.0
};

/// One route of the local API: a function reachable at a method and a path.
struct ApiRoute {
    ApiKind kind = ApiKind::Rest;
    std::string function;       ///< FunctionConfig::name
    std::string eventName;      ///< the key under Events
    std::string method = "ANY"; ///< upper case, or ANY
    std::string path;           ///< "/items/{id}", "/files/{proxy+}", or "$default" (HTTP API catch-all)
    std::string payloadFormatVersion = "1.0";
    /// TimeoutInMillis: API Gateway's integration timeout (REST 29 s, HTTP API 30 s by default).
    std::chrono::milliseconds timeout{29000};

    /// "GET /items/{id}", or "$default".
    [[nodiscard]] std::string routeKey() const;
    [[nodiscard]] bool isDefault() const { return path == "$default"; }
};

/// A route chosen for a request, with the values of its path parameters (percent-decoded).
struct ApiRouteMatch {
    ApiRoute route;
    std::map<std::string, std::string> pathParameters;
};

/// The routing table of `sam local start-api`: every Api and HttpApi event of a project's functions
/// on one listener. Matching follows API Gateway: a literal segment beats a {parameter}, which beats
/// a greedy {proxy+}; among routes of the same path a specific method beats ANY; the HTTP API
/// `$default` route catches what nothing else matches.
class ApiGatewayRoutes {
public:
    /// Routes of every Api / HttpApi event. Events that cannot be routed (no Path, a bad path, a
    /// duplicate route…) are skipped and reported in `problems`, each naming function and event.
    static ApiGatewayRoutes fromFunctions(const std::vector<FunctionConfig>& functions,
                                          std::vector<Error>* problems = nullptr);
    /// The route of one Api or HttpApi event.
    static Expected<ApiRoute> routeOf(const FunctionConfig& function, const EventSourceConfig& event);

    /// Adds a route; a malformed path or method, or a method+path already taken, is an Error.
    Expected<void> add(ApiRoute route);
    /// The route a request reaches, or nullopt (see unmatchedKind()).
    [[nodiscard]] std::optional<ApiRouteMatch> match(std::string_view method, std::string_view path) const;

    [[nodiscard]] const std::vector<ApiRoute>& routes() const { return m_routes; }
    [[nodiscard]] bool empty() const { return m_routes.empty(); }
    /// Whose "no such route" answer an unmatched request gets: REST's 403 Missing Authentication
    /// Token when every route is a REST route, the HTTP API's 404 Not Found otherwise.
    [[nodiscard]] ApiKind unmatchedKind() const;

private:
    /// A path segment: 2 = literal, 1 = {parameter}, 0 = {greedy+}; higher ranks match first.
    struct Segment {
        int rank = 2;
        std::string text; ///< the literal, or the parameter's name
    };
    static Expected<std::vector<Segment>> compile(const std::string& path);
    static bool matchSegments(const std::vector<Segment>& pattern, const std::vector<std::string>& segments,
                              std::map<std::string, std::string>& parameters);

    std::vector<ApiRoute> m_routes;
    std::vector<std::vector<Segment>> m_segments; ///< per route, same index
};

} // namespace lambdadesk::core
