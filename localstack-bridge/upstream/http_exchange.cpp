// SPDX-License-Identifier: MIT
// HttpClient's exchange of a request read whole, and the helpers both kinds of exchange share.
#include "upstream/http_exchange.h"

#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <optional>

namespace lambdadesk::bridge::http_client_detail {

using core::Error;
using core::net::equalsIgnoreCase;
using core::net::HttpRequest;
using core::net::HttpResponse;

std::string seconds(std::chrono::milliseconds duration)
{
    const auto count = duration.count();
    if (count % 1000 == 0)
        return std::to_string(count / 1000) + " s";
    return std::to_string(count) + " ms";
}

bool bodyExpected(std::string_view method)
{
    return method == "POST" || method == "PUT" || method == "PATCH";
}

core::Error readError(beast::error_code ec, std::string_view what)
{
    if (ec == http::error::end_of_stream || ec == asio::error::connection_reset || ec == asio::error::eof)
        return Error{"ConnectionFailed", "the server closed the connection " + std::string(what)};
    if (ec == beast::error::timeout)
        return Error{"Timeout", "the server stopped answering " + std::string(what)};
    if (ec.category() == http::make_error_code(http::error::bad_version).category())
        return Error{"BadResponse", "the answer is not valid HTTP: " + ec.message()};
    return Error{"ConnectionFailed", "connection lost " + std::string(what) + ": " + ec.message()};
}

core::Error connectError(beast::error_code ec, std::chrono::milliseconds connectTimeout)
{
    if (ec == beast::error::timeout)
        return Error{"ConnectTimeout", "no connection within " + seconds(connectTimeout)};
    if (ec == asio::error::connection_refused)
        return Error{"ConnectionRefused", "connection refused"};
    return Error{"ConnectionFailed", "cannot connect: " + ec.message()};
}

core::net::Headers headersOf(const http::fields& fields)
{
    core::net::Headers headers;
    for (const auto& field : fields)
        headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    return headers;
}

void hangUp(tcp::resolver& resolver, beast::tcp_stream& stream)
{
    resolver.cancel();
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
}

namespace {

/// One request on its own connection: resolve → connect → write → read, bounded by a deadline. Every step
/// runs on the executor; complete() runs once and drops the callback, so nothing the callback holds is kept
/// alive by operations still queued.
class Exchange : public Cancellable, public std::enable_shared_from_this<Exchange> {
public:
    Exchange(const asio::any_io_executor& executor, HttpUrl server, HttpRequest request, const HttpClientOptions& options,
             HttpClientCallback done)
        : m_resolver(executor), m_stream(executor), m_deadline(executor), m_server(std::move(server)),
          m_options(options), m_done(std::move(done))
    {
        buildRequest(std::move(request));
        m_buffer.reserve(64 * 1024);  // reads fill the spare capacity: without this, 512 bytes at a time
    }

    void start() override
    {
        if (m_finished)
            return;
        m_startedAt = std::chrono::steady_clock::now();
        m_deadline.expires_after(m_options.requestTimeout);
        m_deadline.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (ec)
                return;  // cancelled: the exchange completed
            if (!self->m_connected)
                self->complete(Error{"ConnectTimeout", "no connection within " + seconds(self->m_options.requestTimeout)});
            else
                self->complete(Error{"Timeout", "no answer within " + seconds(self->m_options.requestTimeout)});
        });
        m_resolver.async_resolve(m_server.host, std::to_string(m_server.port),
                                 [self = shared_from_this()](beast::error_code ec,
                                                             const tcp::resolver::results_type& results) {
                                     self->onResolved(ec, results);
                                 });
    }

    void abort(Error error) override { complete(std::move(error)); }

private:
    void buildRequest(HttpRequest request)
    {
        m_head = request.method == "HEAD";
        setRequestLine(m_request, request.method, request.target);
        bool hasHost = false;
        bool hadContentLength = false;
        for (const auto& [name, value] : request.headers) {
            if (equalsIgnoreCase(name, "Content-Length")) {
                hadContentLength = true;
                continue;
            }
            if (equalsIgnoreCase(name, "Transfer-Encoding"))
                continue;  // the body goes whole, with its length
            hasHost = hasHost || equalsIgnoreCase(name, "Host");
            m_request.insert(name, value);
        }
        if (!hasHost)
            m_request.set(http::field::host, m_server.authority());
        const bool withLength = !request.body.empty() || hadContentLength || bodyExpected(request.method);
        m_request.body() = std::move(request.body);
        if (withLength)
            m_request.content_length(m_request.body().size());
    }

    void onResolved(beast::error_code ec, const tcp::resolver::results_type& results)
    {
        if (m_finished)
            return;
        if (ec)
            return complete(Error{"ResolveFailed", "cannot resolve '" + m_server.host + "': " + ec.message()});
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                                    m_startedAt);
        m_stream.expires_after(std::max(std::chrono::milliseconds(1), m_options.connectTimeout - elapsed));
        m_stream.async_connect(results, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
            self->onConnected(ec);
        });
    }

    void onConnected(beast::error_code ec)
    {
        if (m_finished)
            return;
        if (ec)
            return complete(connectError(ec, m_options.connectTimeout));
        m_connected = true;
        beast::error_code ignored;
        m_stream.socket().set_option(tcp::no_delay(true), ignored);
        m_stream.expires_never();  // the deadline timer bounds the rest
        http::async_write(m_stream, m_request, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            self->onWritten(ec);
        });
    }

    void onWritten(beast::error_code ec)
    {
        if (m_finished)
            return;
        if (ec)
            return complete(Error{"ConnectionFailed", "connection lost while sending the request: " + ec.message()});
        readResponse();
    }

    void readResponse()
    {
        m_parser.emplace();
        m_parser->body_limit(m_options.responseBodyLimit);
        m_parser->header_limit(256 * 1024);
        if (m_head)
            m_parser->skip(true);  // a HEAD answer announces a length but carries no body
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onRead(ec); });
    }

    void onRead(beast::error_code ec)
    {
        if (m_finished)
            return;
        if (ec == http::error::body_limit)
            return complete(Error{"ResponseTooLarge", "the answer's body is larger than " +
                                                          std::to_string(m_options.responseBodyLimit) + " bytes"});
        if (ec)
            return complete(readError(ec, "before answering"));
        auto& message = m_parser->get();
        const auto status = message.result_int();
        if (status >= 100 && status < 200 && status != 101) {
            readResponse();  // 100 Continue and friends: the real answer follows
            return;
        }
        HttpResponse response;
        response.status = static_cast<int>(status);
        response.headers = headersOf(message);
        response.body = std::move(message.body());
        complete(std::move(response));
    }

    void complete(core::Expected<HttpResponse> result)
    {
        if (m_finished)
            return;
        m_finished = true;
        m_deadline.cancel();
        hangUp(m_resolver, m_stream);
        auto done = std::move(m_done);
        m_done = nullptr;
        if (done)
            done(std::move(result));
    }

    tcp::resolver m_resolver;
    beast::tcp_stream m_stream;
    asio::steady_timer m_deadline;
    beast::flat_buffer m_buffer;
    http::request<http::string_body> m_request;
    std::optional<http::response_parser<http::string_body>> m_parser;
    HttpUrl m_server;
    HttpClientOptions m_options;
    HttpClientCallback m_done;
    std::chrono::steady_clock::time_point m_startedAt;
    bool m_head = false;
    bool m_connected = false;
    bool m_finished = false;
};

}  // namespace

std::shared_ptr<Cancellable> makeExchange(const asio::any_io_executor& executor, HttpUrl server,
                                          core::net::HttpRequest request, const HttpClientOptions& options,
                                          HttpClientCallback done)
{
    return std::make_shared<Exchange>(executor, std::move(server), std::move(request), options, std::move(done));
}

}  // namespace lambdadesk::bridge::http_client_detail
