// SPDX-License-Identifier: MIT
// The bridge's only translation unit that includes Boost.Beast (the server's is core/net/http_server.cpp).
#include "upstream/http_client.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <limits>
#include <list>
#include <mutex>
#include <optional>

namespace lambdadesk::bridge {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using core::Error;
using core::net::equalsIgnoreCase;
using core::net::HttpRequest;
using core::net::HttpResponse;

namespace {

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

/// What HttpClient::cancelAll() reaches: an exchange under way.
class Cancellable {
public:
    virtual ~Cancellable() = default;
    /// Ends the exchange with `error` unless it already ended. On the executor.
    virtual void abort(Error error) = 0;
};

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

core::net::Headers headersOf(const http::fields& fields)
{
    core::net::Headers headers;
    for (const auto& field : fields)
        headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    return headers;
}

/// Ends an exchange's connection, whatever step it is at.
void hangUp(tcp::resolver& resolver, beast::tcp_stream& stream)
{
    resolver.cancel();
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
}

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

    void start()
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

constexpr std::size_t kPieceSize = 64 * 1024;

/// One streamed request on its own connection: resolve → connect → the request's header → its body piece by
/// piece from the source → the answer's header → its body piece by piece into the sink. Each read and write
/// must make progress within the request timeout (a large upload or download may take as long as it needs).
class StreamExchange : public Cancellable, public std::enable_shared_from_this<StreamExchange> {
public:
    StreamExchange(const asio::any_io_executor& executor, HttpUrl server, HttpRequest head,
                   std::shared_ptr<core::net::HttpBodySource> body, std::shared_ptr<core::net::HttpResponseSink> answer,
                   const HttpClientOptions& options, HttpStreamCallback done)
        : m_resolver(executor), m_stream(executor), m_server(std::move(server)), m_body(std::move(body)),
          m_answer(std::move(answer)), m_options(options), m_done(std::move(done))
    {
        m_contentLength = core::net::announcedContentLength(head);
        buildHead(std::move(head));
        m_buffer.reserve(kPieceSize);  // reads fill the spare capacity: a piece's size, not 512 bytes
    }

    void start()
    {
        if (m_finished)
            return;
        m_resolver.async_resolve(m_server.host, std::to_string(m_server.port),
                                 [self = shared_from_this()](beast::error_code ec,
                                                             const tcp::resolver::results_type& results) {
                                     if (self->m_finished)
                                         return;
                                     if (ec)
                                         return self->fail(Error{"ResolveFailed", "cannot resolve '" +
                                                                                      self->m_server.host +
                                                                                      "': " + ec.message()});
                                     self->connect(results);
                                 });
    }

    void abort(Error error) override { fail(std::move(error)); }

private:
    void buildHead(HttpRequest head)
    {
        m_headMethod = head.method == "HEAD";
        setRequestLine(m_request, head.method, head.target);
        m_method = std::move(head.method);
        bool hasHost = false;
        for (const auto& [name, value] : head.headers) {
            if (equalsIgnoreCase(name, "Content-Length") || equalsIgnoreCase(name, "Transfer-Encoding"))
                continue;  // set from the body's framing once its first piece is known
            hasHost = hasHost || equalsIgnoreCase(name, "Host");
            m_request.insert(name, value);
        }
        if (!hasHost)
            m_request.set(http::field::host, m_server.authority());
    }

    void connect(const tcp::resolver::results_type& results)
    {
        m_stream.expires_after(m_options.connectTimeout);
        m_stream.async_connect(results, [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
            if (self->m_finished)
                return;
            if (ec)
                return self->fail(connectError(ec, self->m_options.connectTimeout));
            beast::error_code ignored;
            self->m_stream.socket().set_option(tcp::no_delay(true), ignored);
            // The first piece tells a body from none when the client announced no length.
            self->readPiece([self](core::net::BodyPiece first) { self->sendHead(std::move(first)); });
        });
    }

    void readPiece(std::function<void(core::net::BodyPiece)> next)
    {
        m_body->read([self = shared_from_this(), next = std::move(next)](core::Expected<core::net::BodyPiece> piece) {
            if (self->m_finished)
                return;
            if (!piece)
                return self->fail(Error{piece.error().code, "the client's request body: " + piece.error().message});
            next(std::move(*piece));
        });
    }

    void sendHead(core::net::BodyPiece first)
    {
        if (m_contentLength)
            m_request.content_length(*m_contentLength);
        else if (!(first.last && first.data.empty()))
            m_request.chunked(true);  // a body of unknown length: it goes on in chunks
        else if (bodyExpected(m_method))
            m_request.content_length(0);
        m_request.body().data = nullptr;
        m_request.body().size = 0;
        m_request.body().more = true;
        m_requestWriter.emplace(m_request);
        m_stream.expires_after(m_options.requestTimeout);
        http::async_write_header(m_stream, *m_requestWriter,
                                 [self = shared_from_this(), first = std::move(first)](beast::error_code ec,
                                                                                       std::size_t) mutable {
                                     if (self->m_finished)
                                         return;
                                     if (ec)
                                         return self->failSending(ec);
                                     self->sendPiece(std::move(first));
                                 });
    }

    void sendPiece(core::net::BodyPiece piece)
    {
        if (piece.data.empty())
            return piece.last ? endBody() : readPiece([self = shared_from_this()](core::net::BodyPiece next) {
                self->sendPiece(std::move(next));
            });
        m_piece = std::move(piece);
        writeBody(m_piece.data.data(), m_piece.data.size(), true, [self = shared_from_this()] {
            if (self->m_piece.last)
                return self->endBody();
            self->readPiece([self](core::net::BodyPiece next) { self->sendPiece(std::move(next)); });
        });
    }

    void endBody()
    {
        writeBody(nullptr, 0, false, [self = shared_from_this()] { self->readHead(); });
    }

    /// Sends `size` bytes of the body (none with `more` false: its end), then runs `next`.
    void writeBody(char* data, std::size_t size, bool more, std::function<void()> next)
    {
        m_request.body().data = data;
        m_request.body().size = size;
        m_request.body().more = more;
        m_stream.expires_after(m_options.requestTimeout);
        http::async_write(m_stream, *m_requestWriter,
                          [self = shared_from_this(), next = std::move(next)](beast::error_code ec, std::size_t) {
                              if (self->m_finished)
                                  return;
                              if (ec && ec != http::error::need_buffer)
                                  return self->failSending(ec);
                              next();
                          });
    }

    void failSending(beast::error_code ec)
    {
        if (ec == beast::error::timeout)
            return fail(Error{"Timeout", "the upstream took no more of the request within " +
                                             seconds(m_options.requestTimeout)});
        fail(Error{"ConnectionFailed", "connection lost while sending the request: " + ec.message()});
    }

    void readHead()
    {
        m_parser.emplace();
        m_parser->body_limit(std::numeric_limits<std::uint64_t>::max());  // streamed: no size to keep in memory
        m_parser->header_limit(256 * 1024);
        if (m_headMethod)
            m_parser->skip(true);  // a HEAD answer announces a length but carries no body
        m_stream.expires_after(m_options.requestTimeout);
        http::async_read_header(m_stream, m_buffer, *m_parser,
                                [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                    self->onHead(ec);
                                });
    }

    void onHead(beast::error_code ec)
    {
        if (m_finished)
            return;
        if (ec == beast::error::timeout)
            return fail(Error{"Timeout", "no answer within " + seconds(m_options.requestTimeout)});
        if (ec)
            return fail(readError(ec, "before answering"));
        const auto& message = m_parser->get();
        const auto status = message.result_int();
        if (status >= 100 && status < 200 && status != 101)
            return readHead();  // 100 Continue and friends: the real answer follows
        auto headers = headersOf(message);
        std::optional<std::uint64_t> length;
        if (m_headMethod) {
            HttpRequest announced;
            announced.headers = headers;
            length = core::net::announcedContentLength(announced);
        } else if (!m_parser->chunked()) {
            if (const auto announced = m_parser->content_length())
                length = *announced;
            if (!length && m_parser->is_done())
                length = 0;  // 204, 304: no body at all
        }
        m_began = true;
        m_answer->begin(static_cast<int>(status), std::move(headers), length, [self = shared_from_this()](bool ok) {
            if (self->m_finished)
                return;
            if (!ok)
                return self->fail(Error{"ClientGone", "the client went away during the answer"});
            self->pumpAnswer();
        });
    }

    void pumpAnswer()
    {
        if (m_parser->is_done()) {
            m_answer->end([self = shared_from_this()](bool ok) {
                if (!ok)
                    return self->fail(Error{"ClientGone", "the client went away during the answer"});
                self->succeed();
            });
            return;
        }
        m_incoming.resize(kPieceSize);
        m_parser->get().body().data = m_incoming.data();
        m_parser->get().body().size = m_incoming.size();
        m_stream.expires_after(m_options.requestTimeout);
        http::async_read_some(m_stream, m_buffer, *m_parser, [self = shared_from_this()](beast::error_code ec,
                                                                                         std::size_t) {
            if (self->m_finished)
                return;
            if (ec == http::error::need_buffer)
                ec = {};
            if (ec)
                return self->fail(ec == beast::error::timeout
                                      ? Error{"Timeout", "the upstream stopped sending its answer for " +
                                                             seconds(self->m_options.requestTimeout)}
                                      : readError(ec, "in the middle of its answer"));
            const auto got = kPieceSize - self->m_parser->get().body().size;
            if (got == 0)
                return self->pumpAnswer();
            self->m_answer->write(std::string(self->m_incoming.data(), got), [self](bool ok) {
                if (self->m_finished)
                    return;
                if (!ok)
                    return self->fail(Error{"ClientGone", "the client went away during the answer"});
                self->pumpAnswer();
            });
        });
    }

    void succeed() { finish({}); }

    void fail(Error error)
    {
        if (!m_finished && m_began && m_answer)
            m_answer->abort();  // the client must not take a truncated answer for a whole one
        finish(std::move(error));
    }

    void finish(core::Expected<void> result)
    {
        if (m_finished)
            return;
        m_finished = true;
        hangUp(m_resolver, m_stream);
        auto done = std::move(m_done);
        m_done = nullptr;
        m_body.reset();
        m_answer.reset();
        if (done)
            done(std::move(result), m_began);
    }

    tcp::resolver m_resolver;
    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    HttpUrl m_server;
    std::shared_ptr<core::net::HttpBodySource> m_body;
    std::shared_ptr<core::net::HttpResponseSink> m_answer;
    HttpClientOptions m_options;
    HttpStreamCallback m_done;
    std::string m_method;
    std::optional<std::uint64_t> m_contentLength;
    http::request<http::buffer_body> m_request;
    std::optional<http::request_serializer<http::buffer_body>> m_requestWriter;
    core::net::BodyPiece m_piece;
    std::optional<http::response_parser<http::buffer_body>> m_parser;
    std::string m_incoming;
    bool m_headMethod = false;
    bool m_began = false;
    bool m_finished = false;
};

}  // namespace

struct HttpClient::Registry {
    std::mutex mutex;
    std::list<std::weak_ptr<Cancellable>> exchanges;

    void add(const std::shared_ptr<Cancellable>& exchange)
    {
        const std::lock_guard lock(mutex);
        exchanges.remove_if([](const std::weak_ptr<Cancellable>& weak) { return weak.expired(); });
        exchanges.push_back(exchange);
    }
};

HttpClient::HttpClient(boost::asio::any_io_executor executor, HttpClientOptions options)
    : m_executor(std::move(executor)), m_options(options), m_registry(std::make_shared<Registry>())
{
}

HttpClient::~HttpClient()
{
    cancelAll();
}

void HttpClient::send(const HttpUrl& server, HttpRequest request, HttpClientCallback done)
{
    auto exchange = std::make_shared<Exchange>(m_executor, server, std::move(request), m_options, std::move(done));
    m_registry->add(exchange);
    asio::post(m_executor, [exchange] { exchange->start(); });
}

void HttpClient::stream(const HttpUrl& server, core::net::HttpRequest head,
                        std::shared_ptr<core::net::HttpBodySource> body,
                        std::shared_ptr<core::net::HttpResponseSink> answer, HttpStreamCallback done)
{
    auto exchange = std::make_shared<StreamExchange>(m_executor, server, std::move(head), std::move(body),
                                                     std::move(answer), m_options, std::move(done));
    m_registry->add(exchange);
    asio::post(m_executor, [exchange] { exchange->start(); });
}

void HttpClient::cancelAll()
{
    std::list<std::weak_ptr<Cancellable>> exchanges;
    {
        const std::lock_guard lock(m_registry->mutex);
        exchanges.swap(m_registry->exchanges);
    }
    for (auto& weak : exchanges) {
        if (auto exchange = weak.lock()) {
            asio::dispatch(m_executor, [exchange] {
                exchange->abort(Error{"Cancelled", "the request was cancelled: the client is shutting down"});
            });
        }
    }
}

core::Expected<HttpResponse> sendHttpRequestBlocking(const HttpUrl& server, HttpRequest request,
                                                     const HttpClientOptions& options)
{
    asio::io_context io;
    std::optional<core::Expected<HttpResponse>> result;
    {
        HttpClient client(io.get_executor(), options);
        client.send(server, std::move(request), [&result](core::Expected<HttpResponse> answer) {
            result.emplace(std::move(answer));
        });
        io.run();
    }
    if (!result)
        return Error{"Cancelled", "the request ended without an answer"};
    return std::move(*result);
}

}  // namespace lambdadesk::bridge
