// SPDX-License-Identifier: MIT
// Streamed HTTP exchanges as plain interfaces, so no Beast type leaves core/net: the server hands a request
// whose body is still arriving to a handler that passes it on piece by piece (the upstream proxy), and that
// handler answers piece by piece as its own answer arrives. Pull-based in both directions: the next piece is
// asked for only when the last one went out, so a slow side slows the other instead of filling memory.
#pragma once

#include "model/expected.h"
#include "net/http_message.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lambdadesk::core::net {

/// One piece of a streamed body; `last` marks the end (its data may be empty).
struct BodyPiece {
    std::string data;
    bool last = false;
};

/// A request body still arriving on the client's connection.
class HttpBodySource {
public:
    virtual ~HttpBodySource() = default;
    /// Reads the next piece (up to 64 KiB, never empty unless last) and calls `done` with it on the server's
    /// executor, or with an Error (code ClientGone or BadBody) when the client went away or sent a malformed
    /// body. Call again only after `done` ran.
    virtual void read(std::function<void(Expected<BodyPiece>)> done) = 0;
};

/// The answer to a streamed request, written as it becomes known. `done(ok)` runs on the server's executor;
/// ok is false when the client went away (stop writing then).
class HttpResponseSink {
public:
    using Done = std::function<void(bool ok)>;
    virtual ~HttpResponseSink() = default;

    /// Sends the status line and headers. `contentLength` is the body's length; without it the body goes
    /// chunked. For an answer to HEAD it is the length announced (the resource's), and no body follows.
    /// Content-Length and Transfer-Encoding in `headers` are ignored: they follow from `contentLength`.
    virtual void begin(int status, std::vector<std::pair<std::string, std::string>> headers,
                       std::optional<std::uint64_t> contentLength, Done done) = 0;
    /// Sends the next piece of the body. Call again only after `done` ran.
    virtual void write(std::string piece, Done done) = 0;
    /// Ends the body; the connection then serves the client's next request unless it must close.
    virtual void end(Done done) = 0;
    /// Gives up on an answer that cannot be completed (the upstream went away after it began): closes the
    /// connection, so the client sees a truncated answer rather than a wrong one.
    virtual void abort() = 0;

    /// Sends a whole answer (an error before anything went out) into `sink`: begin, write, end.
    static void respond(const std::shared_ptr<HttpResponseSink>& sink, HttpResponse response, Done done = {});
};

/// How a server streams some of its requests.
struct HttpStreaming {
    /// Called once a request's header has arrived (the body is not read: `head.body` is empty). True hands the
    /// request to `handle` with its body still on the wire; false reads it whole for the ordinary handler.
    std::function<bool(const HttpRequest& head)> wants;
    /// Runs on the server's executor; must eventually end or abort the sink.
    std::function<void(HttpRequest&& head, std::shared_ptr<HttpBodySource> body,
                       std::shared_ptr<HttpResponseSink> answer)>
        handle;
};

/// The body length a request announces: Content-Length's value, or nullopt when it has none or is chunked.
std::optional<std::uint64_t> announcedContentLength(const HttpRequest& head);
/// Whether a request or answer's Transfer-Encoding ends in "chunked".
bool isChunked(std::string_view transferEncoding);

}  // namespace lambdadesk::core::net
