// SPDX-License-Identifier: MIT
// Inside HttpClient (not for other folders): what its two kinds of exchange share. Beast types appear here and
// in the three files of the client (http_client.cpp, http_exchange.cpp, http_stream_exchange.cpp), nowhere else.
#pragma once

#include "upstream/http_client.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace lambdadesk::bridge::http_client_detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

/// An exchange under way, as HttpClient holds it: started once on the executor, and what cancelAll() reaches.
class Cancellable {
public:
    virtual ~Cancellable() = default;
    /// Resolves, connects and sends. On the executor.
    virtual void start() = 0;
    /// Ends the exchange with `error` unless it already ended. On the executor.
    virtual void abort(core::Error error) = 0;
};

/// One request read whole: resolve → connect → write → read, bounded by the request timeout (http_exchange.cpp).
std::shared_ptr<Cancellable> makeExchange(const asio::any_io_executor& executor, HttpUrl server,
                                          core::net::HttpRequest request, const HttpClientOptions& options,
                                          HttpClientCallback done);

/// One request streamed both ways (http_stream_exchange.cpp).
std::shared_ptr<Cancellable> makeStreamExchange(const asio::any_io_executor& executor, HttpUrl server,
                                                core::net::HttpRequest head,
                                                std::shared_ptr<core::net::HttpBodySource> body,
                                                std::shared_ptr<core::net::HttpResponseSink> answer,
                                                const HttpClientOptions& options, HttpStreamCallback done);

/// "5 s", or "1500 ms" when not whole seconds.
std::string seconds(std::chrono::milliseconds duration);
/// Whether a request with this method is sent with a Content-Length even when its body is empty.
bool bodyExpected(std::string_view method);
/// What a failed read of the answer means, for an Error: closed, timed out, not HTTP, lost.
core::Error readError(beast::error_code ec, std::string_view what);
core::Error connectError(beast::error_code ec, std::chrono::milliseconds connectTimeout);
core::net::Headers headersOf(const http::fields& fields);
/// Ends an exchange's connection, whatever step it is at.
void hangUp(tcp::resolver& resolver, beast::tcp_stream& stream);

/// The request line of `message` from a method name (any token, not only the verbs Beast knows) and a target.
template <typename Message>
void setRequestLine(Message& message, const std::string& method, const std::string& target)
{
    message.version(11);
    if (const auto verb = http::string_to_verb(method); verb != http::verb::unknown)
        message.method(verb);
    else
        message.method_string(method);
    message.target(target.empty() ? std::string("/") : target);
}

}  // namespace lambdadesk::bridge::http_client_detail
