// SPDX-License-Identifier: MIT
// A small HTTP/1.1 client for the upstream proxy and the importer. Plain structs in and out: no Beast type
// leaves the client's own files (http_client.cpp, http_exchange.h/.cpp, http_stream_exchange.cpp).
#pragma once

#include "upstream/http_url.h"

#include <model/expected.h>
#include <net/http_message.h>
#include <net/http_stream.h>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace lambdadesk::bridge {

struct HttpClientOptions {
    /// Longest wait for the TCP connection (name resolution included).
    std::chrono::milliseconds connectTimeout{5000};
    /// Longest time for the whole exchange, connection included: long enough for an SQS long poll (20 s).
    std::chrono::milliseconds requestTimeout{60000};
    /// Answers with larger bodies fail (the body is buffered, not streamed).
    std::size_t responseBodyLimit = std::size_t{512} * 1024 * 1024;
};

/// The answer to one request, or an Error whose code says what went wrong: InvalidUrl, ResolveFailed,
/// ConnectionRefused, ConnectTimeout, Timeout, ConnectionFailed, ResponseTooLarge, BadResponse, Cancelled.
/// The message is lowercase prose fit to follow "…: " ("connection refused").
using HttpClientCallback = std::function<void(core::Expected<core::net::HttpResponse>)>;

/// How a streamed exchange ended: ok once the whole answer went into the sink, else an Error (codes as above,
/// plus ClientGone and BadBody for the client's side). `answerBegan` says whether the answer had begun: if it
/// had, the sink was aborted; if not, nothing was sent and the caller answers (502, 504…).
using HttpStreamCallback = std::function<void(core::Expected<void> result, bool answerBegan)>;

/// Sends requests, one connection each, without blocking: every step runs on the executor given, and the
/// callback is called there exactly once. The request goes as given: method, target, headers (Host
/// included, when present; otherwise the URL's authority) and body. Content-Length is set from the body
/// (Transfer-Encoding is dropped: bodies are sent whole). Interim 1xx answers are skipped.
class HttpClient {
public:
    HttpClient(boost::asio::any_io_executor executor, HttpClientOptions options = {});
    /// Cancels what is under way (see cancelAll()).
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Sends `request` to `server` (its host and port; its target is not used: `request.target` is).
    /// Callable from any thread.
    void send(const HttpUrl& server, core::net::HttpRequest request, HttpClientCallback done);

    /// Sends `head` (its target, headers and, from its Content-Length, the body's framing; a body of unknown
    /// length goes chunked) with the body read from `body` as it arrives, and writes the answer into `answer`
    /// as it arrives: nothing is held whole, so size is no limit. Each read and write must progress within
    /// the request timeout. `body` and `answer` must run their callbacks on this client's executor.
    void stream(const HttpUrl& server, core::net::HttpRequest head, std::shared_ptr<core::net::HttpBodySource> body,
                std::shared_ptr<core::net::HttpResponseSink> answer, HttpStreamCallback done);

    /// Ends every request under way: each callback gets a Cancelled error now, and none of them is kept
    /// alive by the executor afterwards. Callable from any thread.
    void cancelAll();

    [[nodiscard]] const HttpClientOptions& options() const { return m_options; }

private:
    struct Registry;
    boost::asio::any_io_executor m_executor;
    HttpClientOptions m_options;
    std::shared_ptr<Registry> m_registry;
};

/// Sends one request and waits for the answer on a private io_context: for command-line tools, never on
/// an executor's thread.
core::Expected<core::net::HttpResponse> sendHttpRequestBlocking(const HttpUrl& server, core::net::HttpRequest request,
                                                                const HttpClientOptions& options = {});

}  // namespace lambdadesk::bridge
