// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lambdadesk::core::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// A received HTTP request as plain data, so no Beast type leaves core/net.
struct HttpRequest {
    std::string method;
    std::string target;                                        ///< path and query as sent
    Headers headers;
    std::string body;
    bool bodyTooLarge = false;                                 ///< body exceeded the server's limit; body is empty
    bool bodyStreamed = false;  ///< the body was not read: it streams past (see http_stream.h); body is empty

    /// First header with this name (case-insensitive), or "" when absent.
    [[nodiscard]] std::string_view header(std::string_view name) const;
    /// The path without the query string.
    [[nodiscard]] std::string_view path() const;
};

/// A response to send; Content-Length is always set.
struct HttpResponse {
    int status = 200;
    Headers headers;
    std::string body;
    bool closeConnection = false;
    /// The answer may wait for the answer to the next request on the connection and go out with it in one write,
    /// when that request is already in the server's buffer (the client pipelined it, so it is only reading now).
    /// The Runtime API's 202 to a runtime loop that sent its POST /response and GET /next together: the 202 and
    /// the next event reach the runtime in one segment and one wake-up instead of two. Ignored otherwise.
    bool mayWaitForNext = false;

    static HttpResponse json(int status, std::string body);
};

/// Sends the response to a request. Call exactly once, from any thread.
using HttpResponder = std::function<void(HttpResponse)>;

/// Handles one request. Runs on the server's executor; may answer later (long polls).
using HttpHandler = std::function<void(HttpRequest&&, HttpResponder)>;

bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace lambdadesk::core::net
