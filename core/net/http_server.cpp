// SPDX-License-Identifier: MIT
// The only translation unit of core that includes Boost.Beast: keeps compile times and type leakage down.
#include "net/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <limits>
#include <list>
#include <optional>
#include <string_view>
#include <utility>

namespace lambdadesk::core::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session;

// Sessions the listener knows about, so stop() can close them.
using SessionList = std::list<std::weak_ptr<Session>>;

struct Handlers {
    HttpHandler whole;
    HttpStreaming streaming;
};

constexpr std::size_t kPieceSize = 64 * 1024;
/// What a session starts with: a request header and a small body in one read. Bodies that need more get up to
/// kPieceSize once their header says so, so an idle keep-alive connection (one per execution environment on
/// its Runtime API) does not hold 64 KiB.
constexpr std::size_t kInitialBuffer = 4 * 1024;
constexpr std::uint64_t kNoBodyLimit = std::numeric_limits<std::uint64_t>::max();

// The bytes of a response as they go on the wire, for an answer that waits to be sent with the next one.
std::string serialized(http::response<http::string_body>& message)
{
    std::string bytes;
    http::response_serializer<http::string_body> serializer(message);
    beast::error_code ec;
    do {
        serializer.next(ec, [&](beast::error_code&, const auto& buffers) {
            for (const auto buffer : beast::buffers_range_ref(buffers))
                bytes.append(static_cast<const char*>(buffer.data()), buffer.size());
            serializer.consume(beast::buffer_bytes(buffers));
        });
    } while (!ec && !serializer.is_done());
    return bytes;
}

// One connection. A request's header is read first; then either its body is read whole and the request goes
// to the ordinary handler, or (HttpStreaming::wants) the request goes to the streaming handler with its body
// still on the wire, read and answered piece by piece through the BodyReader and AnswerWriter below.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, const HttpServerOptions& options, std::shared_ptr<const Handlers> handlers)
        : m_stream(std::move(socket)), m_options(options), m_handlers(std::move(handlers))
    {
        m_buffer.reserve(kInitialBuffer);
    }

    void start() { readRequest(); }

    void close()
    {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        m_stream.close();
    }

    // The streamed exchange's side of the session; `exchange` tells a late call about an exchange already
    // over (the connection may be serving the next request) from a current one.
    void readPiece(std::uint64_t exchange, std::function<void(Expected<BodyPiece>)> done);
    void beginAnswer(std::uint64_t exchange, int status, std::vector<std::pair<std::string, std::string>> headers,
                     std::optional<std::uint64_t> contentLength, HttpResponseSink::Done done);
    void writePiece(std::uint64_t exchange, std::string piece, HttpResponseSink::Done done);
    void endAnswer(std::uint64_t exchange, HttpResponseSink::Done done);
    void abortAnswer(std::uint64_t exchange)
    {
        if (exchange == m_exchange && m_streamed)
            close();
    }

private:
    void readRequest()
    {
        m_head.emplace();
        m_head->body_limit(kNoBodyLimit);  // checked once the route is known: the streamed path has none
        m_head->header_limit(64 * 1024);
        if (m_options.requestReadTimeout.count() == 0) {
            m_stream.expires_never();
            readHeader();
            return;
        }
        // A pipelined request (a client that sent its next request without waiting for this answer, as the
        // runtime loops do with POST /response + GET /next) is already in the buffer: the socket may never
        // become readable again, so waiting for it would hang.
        if (m_buffer.size() > 0) {
            m_stream.expires_after(m_options.requestReadTimeout);
            readHeader();
            return;
        }
        // Wait for the first byte without a deadline (an idle keep-alive connection is fine), then
        // bound the time the rest of the request may take.
        m_stream.socket().async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
            if (ec)
                return self->close();
            self->m_stream.expires_after(self->m_options.requestReadTimeout);
            self->readHeader();
        });
    }

    void readHeader()
    {
        http::async_read_header(m_stream, m_buffer, *m_head,
                                [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec)
    {
        if (ec) {
            // A request that is not HTTP gets 400 (a header past the limit 431) and the connection closes, as
            // other servers answer; a client that went away or stopped sending mid-way gets nothing.
            const bool malformed = ec.category() == http::make_error_code(http::error::bad_method).category() &&
                                   ec != http::error::end_of_stream && ec != http::error::partial_message;
            if (!malformed)
                return close();
            return refuse(ec == http::error::header_limit ? 431 : 400, ec.message());
        }
        const auto& message = m_head->get();
        m_request = HttpRequest{};
        m_request.method = std::string(message.method_string());
        m_request.target = std::string(message.target());
        m_request.headers.reserve(8);
        for (const auto& field : message)
            m_request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        m_keepAlive = message.keep_alive();
        m_headRequest = message.method() == http::verb::head;
        m_continuePending = equalsIgnoreCase(m_request.header("expect"), "100-continue") && !m_head->is_done();
        reserveForBody();
        if (m_handlers->streaming.wants && m_handlers->streaming.wants(m_request))
            return startStreamed();
        if (const auto length = m_head->content_length(); length && *length > m_options.bodyLimit) {
            // Answer at once and close: the body stays unread (a client that asked for 100 Continue never
            // sends it).
            m_keepAlive = false;
            return dispatchWhole(true);
        }
        m_whole.emplace(std::move(*m_head));
        m_whole->body_limit(m_options.bodyLimit);  // a chunked body is counted as it comes
        sendContinueThen([self = shared_from_this()] {
            http::async_read(self->m_stream, self->m_buffer, *self->m_whole,
                             [self](beast::error_code ec, std::size_t) { self->onBody(ec); });
        });
    }

    // Beast reads into the buffer's spare capacity: left at a header's size, a body arrives 512 bytes per read
    // (measured through the upstream proxy: 50 MiB/s instead of 1,400). A body gets room for itself, up to a
    // piece; one of unknown length (chunked) gets a piece.
    void reserveForBody()
    {
        if (m_head->is_done())
            return;
        const auto length = m_head->content_length();
        const std::size_t wanted = length ? static_cast<std::size_t>(std::min<std::uint64_t>(*length, kPieceSize))
                                          : kPieceSize;
        m_buffer.reserve(m_buffer.size() + wanted);
    }

    // Clients that sent "Expect: 100-continue" wait for this go-ahead before sending the body.
    void sendContinueThen(std::function<void()> next)
    {
        if (!m_continuePending)
            return next();
        m_continuePending = false;
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        writeAfterHeld(std::string(kContinue), std::move(next));
    }

    // Writes the answers held back (HttpResponse::mayWaitForNext), then `tail`, in one write, then calls `then`
    // (or closes on an error). Every write on the connection goes through here while something is held: the held
    // answers belong to earlier requests and must go first.
    template <class Then>
    void writeAfterHeld(std::string tail, Then then)
    {
        auto bytes = std::make_shared<std::string>(std::exchange(m_held, {}));
        *bytes += tail;
        asio::async_write(m_stream, asio::buffer(*bytes),
                          [self = shared_from_this(), bytes, then = std::move(then)](beast::error_code ec,
                                                                                      std::size_t) mutable {
                              if (ec)
                                  return self->close();
                              then();
                          });
    }

    void onBody(beast::error_code ec)
    {
        if (ec == http::error::body_limit) {
            m_keepAlive = false;  // the rest of the body is still on the wire
            return dispatchWhole(true);
        }
        if (ec)
            return close();
        m_request.body = std::move(m_whole->get().body());
        dispatchWhole(false);
    }

    void dispatchWhole(bool bodyTooLarge)
    {
        m_request.bodyTooLarge = bodyTooLarge;
        auto responder = [self = shared_from_this()](HttpResponse response) mutable {
            auto executor = self->m_stream.get_executor();
            asio::dispatch(executor, [self = std::move(self), response = std::move(response)]() mutable {
                self->write(std::move(response));
            });
        };
        m_handlers->whole(std::move(m_request), std::move(responder));
    }

    void startStreamed();

    void refuse(int status, const std::string& why)
    {
        m_keepAlive = false;  // what follows on the connection cannot be framed
        m_headRequest = false;
        HttpResponse response;
        response.status = status;
        response.headers = {{"Content-Type", "text/plain; charset=utf-8"}};
        response.body = "malformed HTTP request: " + why + '\n';
        response.closeConnection = true;
        write(std::move(response));
    }

    void write(HttpResponse response)
    {
        auto message = std::make_shared<http::response<http::string_body>>();
        message->version(11);
        message->result(static_cast<unsigned>(response.status));
        // A HEAD answer has no body but may announce the resource's length (a proxied S3 HeadObject):
        // a Content-Length the handler set is kept for it; otherwise the length is the body's.
        std::string announcedLength;
        for (auto& [name, value] : response.headers) {
            if (m_headRequest && equalsIgnoreCase(name, "Content-Length"))
                announcedLength = value;
            else
                message->insert(name, value);
        }
        message->body() = std::move(response.body);
        const bool keepAlive = m_keepAlive && !response.closeConnection;
        message->keep_alive(keepAlive);
        message->prepare_payload();
        if (!announcedLength.empty())
            message->set(http::field::content_length, announcedLength);
        m_stream.expires_never();
        if (response.mayWaitForNext && keepAlive && !m_headRequest && nextRequestBuffered()) {
            // Sent with the next answer (see HttpResponse::mayWaitForNext); the next request is read meanwhile.
            m_held += serialized(*message);
            return nextRequest(true);
        }
        if (!m_held.empty())
            return writeAfterHeld(serialized(*message), [this, keepAlive] { nextRequest(keepAlive); });
        http::async_write(m_stream, *message,
                          [self = shared_from_this(), message, keepAlive](beast::error_code ec, std::size_t) {
                              if (ec)
                                  return self->close();
                              self->nextRequest(keepAlive);
                          });
    }

    // The whole header of another request is in the buffer: the client sent it without waiting for this answer, so
    // it is reading, not waiting to send. (Stray bytes, such as the CRLF some clients put after a body, are not.)
    [[nodiscard]] bool nextRequestBuffered() const
    {
        const auto data = m_buffer.cdata();
        const std::string_view buffered(static_cast<const char*>(data.data()), data.size());
        const auto start = buffered.find_first_not_of("\r\n");
        return start != std::string_view::npos && buffered.find("\r\n\r\n", start) != std::string_view::npos;
    }

    void nextRequest(bool keepAlive)
    {
        if (!keepAlive)
            return lingeringClose();
        readRequest();
    }

    // Closing a socket with unread data makes Linux send a reset, which can destroy the response
    // before the peer reads it (an oversized body is exactly that case). So: stop sending, read and
    // drop what is still coming for a bounded time, then close.
    void lingeringClose()
    {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        m_stream.expires_after(std::chrono::seconds(2));
        discard();
    }

    void discard()
    {
        m_buffer.consume(m_buffer.size());
        m_stream.async_read_some(m_buffer.prepare(64 * 1024),
                                 [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (ec)
                                         return self->close();
                                     self->discard();
                                 });
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::empty_body>> m_head;     // reads a request's header
    std::optional<http::request_parser<http::string_body>> m_whole;   // then its body whole…
    std::optional<http::request_parser<http::buffer_body>> m_streamed;  // …or piece by piece
    HttpRequest m_request;
    std::string m_held;  // answers waiting to go out with the next one (HttpResponse::mayWaitForNext)
    HttpServerOptions m_options;  // a copy: a session may outlive its server
    std::shared_ptr<const Handlers> m_handlers;
    bool m_keepAlive = true;
    bool m_headRequest = false;
    bool m_continuePending = false;

    // The streamed exchange under way.
    std::uint64_t m_exchange = 0;
    std::string m_incoming;  // the piece being read from the client
    std::string m_outgoing;  // the piece being written to the client
    std::optional<http::response<http::buffer_body>> m_answer;
    std::optional<http::response_serializer<http::buffer_body>> m_serializer;
};

class BodyReader final : public HttpBodySource {
public:
    BodyReader(std::shared_ptr<Session> session, std::uint64_t exchange)
        : m_session(std::move(session)), m_exchange(exchange)
    {
    }
    void read(std::function<void(Expected<BodyPiece>)> done) override
    {
        m_session->readPiece(m_exchange, std::move(done));
    }

private:
    std::shared_ptr<Session> m_session;
    std::uint64_t m_exchange;
};

class AnswerWriter final : public HttpResponseSink {
public:
    AnswerWriter(std::shared_ptr<Session> session, std::uint64_t exchange)
        : m_session(std::move(session)), m_exchange(exchange)
    {
    }
    void begin(int status, std::vector<std::pair<std::string, std::string>> headers,
               std::optional<std::uint64_t> contentLength, Done done) override
    {
        m_session->beginAnswer(m_exchange, status, std::move(headers), contentLength, std::move(done));
    }
    void write(std::string piece, Done done) override { m_session->writePiece(m_exchange, std::move(piece), std::move(done)); }
    void end(Done done) override { m_session->endAnswer(m_exchange, std::move(done)); }
    void abort() override { m_session->abortAnswer(m_exchange); }

private:
    std::shared_ptr<Session> m_session;
    std::uint64_t m_exchange;
};

void Session::startStreamed()
{
    if (!m_held.empty())  // they go out before this exchange, whose answer is written piece by piece
        return writeAfterHeld({}, [this] { startStreamed(); });
    m_streamed.emplace(std::move(*m_head));
    m_streamed->body_limit(kNoBodyLimit);
    ++m_exchange;
    auto self = shared_from_this();
    m_handlers->streaming.handle(std::move(m_request), std::make_shared<BodyReader>(self, m_exchange),
                                 std::make_shared<AnswerWriter>(self, m_exchange));
}

void Session::readPiece(std::uint64_t exchange, std::function<void(Expected<BodyPiece>)> done)
{
    if (exchange != m_exchange || !m_streamed)
        return done(Error{"ClientGone", "the request is over"});
    if (m_streamed->is_done())
        return done(BodyPiece{{}, true});
    sendContinueThen([self = shared_from_this(), exchange, done = std::move(done)]() mutable {
        auto& body = self->m_streamed->get().body();
        self->m_incoming.resize(kPieceSize);
        body.data = self->m_incoming.data();
        body.size = self->m_incoming.size();
        if (self->m_options.requestReadTimeout.count() > 0)
            self->m_stream.expires_after(self->m_options.requestReadTimeout);
        http::async_read_some(
            self->m_stream, self->m_buffer, *self->m_streamed,
            [self, exchange, done = std::move(done)](beast::error_code ec, std::size_t) mutable {
                if (ec == http::error::need_buffer)
                    ec = {};
                if (ec) {
                    const bool malformed = ec.category() == http::make_error_code(http::error::bad_chunk).category();
                    return done(Error{malformed ? "BadBody" : "ClientGone",
                                      (malformed ? "malformed request body: " : "the client went away: ") +
                                          ec.message()});
                }
                const auto got = kPieceSize - self->m_streamed->get().body().size;
                const bool last = self->m_streamed->is_done();
                if (got == 0 && !last)
                    return self->readPiece(exchange, std::move(done));  // only framing (a chunk header) arrived
                done(BodyPiece{std::string(self->m_incoming.data(), got), last});
            });
    });
}

void Session::beginAnswer(std::uint64_t exchange, int status, std::vector<std::pair<std::string, std::string>> headers,
                          std::optional<std::uint64_t> contentLength, HttpResponseSink::Done done)
{
    if (exchange != m_exchange || !m_streamed || m_answer)
        return done(false);
    m_answer.emplace();
    m_answer->version(11);
    m_answer->result(static_cast<unsigned>(status));
    for (auto& [name, value] : headers) {
        if (!equalsIgnoreCase(name, "Content-Length") && !equalsIgnoreCase(name, "Transfer-Encoding"))
            m_answer->insert(name, value);
    }
    // Answered before the body was read (an early error): the rest of it is on the wire, so close after.
    if (!m_streamed->is_done())
        m_keepAlive = false;
    m_answer->keep_alive(m_keepAlive);
    const bool bodyless = (status >= 100 && status < 200) || status == 204 || status == 304;
    if (m_headRequest) {
        if (contentLength)
            m_answer->set(http::field::content_length, std::to_string(*contentLength));
    } else if (!bodyless) {
        if (contentLength)
            m_answer->content_length(*contentLength);
        else
            m_answer->chunked(true);
    }
    m_answer->body().data = nullptr;
    m_answer->body().size = 0;
    m_answer->body().more = !(m_headRequest || bodyless);
    m_serializer.emplace(*m_answer);
    m_stream.expires_never();
    http::async_write_header(m_stream, *m_serializer,
                             [self = shared_from_this(), done = std::move(done)](beast::error_code ec, std::size_t) {
                                 if (ec)
                                     self->close();
                                 done(!ec);
                             });
}

void Session::writePiece(std::uint64_t exchange, std::string piece, HttpResponseSink::Done done)
{
    if (exchange != m_exchange || !m_serializer)
        return done(false);
    if (piece.empty() || !m_answer->body().more)  // nothing to send, or a HEAD/204 answer that has no body
        return done(true);
    m_outgoing = std::move(piece);
    m_answer->body().data = m_outgoing.data();
    m_answer->body().size = m_outgoing.size();
    http::async_write(m_stream, *m_serializer,
                      [self = shared_from_this(), done = std::move(done)](beast::error_code ec, std::size_t) {
                          if (ec == http::error::need_buffer)
                              ec = {};
                          if (ec)
                              self->close();
                          done(!ec);
                      });
}

void Session::endAnswer(std::uint64_t exchange, HttpResponseSink::Done done)
{
    if (exchange != m_exchange || !m_serializer)
        return done(false);
    m_answer->body().data = nullptr;
    m_answer->body().size = 0;
    m_answer->body().more = false;
    http::async_write(m_stream, *m_serializer,
                      [self = shared_from_this(), done = std::move(done)](beast::error_code ec, std::size_t) {
                          if (ec) {
                              self->close();
                              return done(false);
                          }
                          const bool keepAlive = self->m_keepAlive && self->m_streamed->is_done();
                          self->m_serializer.reset();
                          self->m_answer.reset();
                          self->m_streamed.reset();
                          ++self->m_exchange;  // late calls of this exchange's reader and writer do nothing
                          done(true);
                          self->nextRequest(keepAlive);
                      });
}

class BeastHttpServer final : public HttpServer {
public:
    BeastHttpServer(const asio::any_io_executor& executor, HttpServerOptions options, HttpHandler handler,
                    HttpStreaming streaming)
        : m_acceptor(executor), m_options(std::move(options)),
          m_handlers(std::make_shared<const Handlers>(Handlers{std::move(handler), std::move(streaming)}))
    {
    }

    Expected<void> listen()
    {
        beast::error_code ec;
        const auto address = asio::ip::make_address(m_options.bindAddress, ec);
        if (ec)
            return Error{"InvalidAddress", "cannot bind to '" + m_options.bindAddress + "': " + ec.message() +
                                               " (give an IPv4 or IPv6 address such as 127.0.0.1)"};
        const tcp::endpoint endpoint(address, m_options.port);
        m_acceptor.open(endpoint.protocol(), ec);
        if (!ec)
            m_acceptor.set_option(asio::socket_base::reuse_address(true), ec);
        if (!ec)
            m_acceptor.bind(endpoint, ec);
        if (!ec)
            m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
        if (ec)
            return Error{"AddressInUse", "cannot listen on " + m_options.bindAddress + ':' +
                                             std::to_string(m_options.port) + ": " + ec.message()};
        m_port = m_acceptor.local_endpoint().port();
        return {};
    }

    void accept()
    {
        m_acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
            if (ec)
                return;  // stopped
            socket.set_option(tcp::no_delay(true), ec);
            auto session = std::make_shared<Session>(std::move(socket), m_options, m_handlers);
            m_sessions.remove_if([](const std::weak_ptr<Session>& weak) { return weak.expired(); });
            m_sessions.push_back(session);
            session->start();
            accept();
        });
    }

    [[nodiscard]] std::uint16_t port() const override { return m_port; }

    void stop() override
    {
        beast::error_code ignored;
        m_acceptor.close(ignored);
        for (auto& weak : m_sessions) {
            if (auto session = weak.lock())
                session->close();
        }
        m_sessions.clear();
    }

    ~BeastHttpServer() override { stop(); }

private:
    tcp::acceptor m_acceptor;
    HttpServerOptions m_options;
    std::shared_ptr<const Handlers> m_handlers;
    SessionList m_sessions;
    std::uint16_t m_port = 0;
};

}  // namespace

Expected<std::unique_ptr<HttpServer>> HttpServer::start(const asio::any_io_executor& executor,
                                                        const HttpServerOptions& options, HttpHandler handler,
                                                        HttpStreaming streaming)
{
    auto server = std::make_unique<BeastHttpServer>(executor, options, std::move(handler), std::move(streaming));
    if (auto listening = server->listen(); !listening)
        return listening.error();
    server->accept();
    return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace lambdadesk::core::net
