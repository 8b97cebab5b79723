// SPDX-License-Identifier: MIT
// HttpClient's streamed exchange: the request's body and the answer's pass through piece by piece.
#include "upstream/http_exchange.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>

namespace lambdadesk::bridge::http_client_detail {

using core::Error;
using core::net::equalsIgnoreCase;
using core::net::HttpRequest;
using core::net::HttpResponse;

namespace {

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

    void start() override
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

std::shared_ptr<Cancellable> makeStreamExchange(const asio::any_io_executor& executor, HttpUrl server,
                                                core::net::HttpRequest head,
                                                std::shared_ptr<core::net::HttpBodySource> body,
                                                std::shared_ptr<core::net::HttpResponseSink> answer,
                                                const HttpClientOptions& options, HttpStreamCallback done)
{
    return std::make_shared<StreamExchange>(executor, std::move(server), std::move(head), std::move(body),
                                            std::move(answer), options, std::move(done));
}

}  // namespace lambdadesk::bridge::http_client_detail
