// SPDX-License-Identifier: MIT
// The only translation unit of core that includes Boost.Beast: keeps compile times and type leakage down.
#include "net/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <list>
#include <optional>

namespace lambdadesk::core::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session;

// Sessions the listener knows about, so stop() can close them.
using SessionList = std::list<std::weak_ptr<Session>>;

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, const HttpServerOptions& options, std::shared_ptr<HttpHandler> handler)
        : m_stream(std::move(socket)), m_options(options), m_handler(std::move(handler))
    {
    }

    void start() { readRequest(); }

    void close()
    {
        beast::error_code ignored;
        m_stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        m_stream.close();
    }

private:
    void readRequest()
    {
        m_parser.emplace();
        m_parser->body_limit(m_options.bodyLimit);
        m_parser->header_limit(64 * 1024);
        if (m_options.requestReadTimeout.count() == 0) {
            m_stream.expires_never();
            doRead();
            return;
        }
        // Wait for the first byte without a deadline (an idle keep-alive connection is fine), then
        // bound the time the rest of the request may take.
        m_stream.socket().async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
            if (ec)
                return self->close();
            self->m_stream.expires_after(self->m_options.requestReadTimeout);
            self->doRead();
        });
    }

    void doRead()
    {
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onRead(ec); });
    }

    void onRead(beast::error_code ec)
    {
        if (ec == http::error::body_limit) {
            // Beast reports this while parsing Content-Length, before the header is complete; the
            // request line (method, target) is known. Answer, then close: the body is still on the wire.
            dispatchToHandler(true);
            return;
        }
        if (ec) {
            close();
            return;
        }
        dispatchToHandler(false);
    }

    void dispatchToHandler(bool bodyTooLarge)
    {
        auto message = m_parser->release();
        HttpRequest request;
        request.method = std::string(message.method_string());
        request.target = std::string(message.target());
        request.headers.reserve(8);
        for (const auto& field : message)
            request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
        request.bodyTooLarge = bodyTooLarge;
        if (!bodyTooLarge)
            request.body = std::move(message.body());
        m_keepAlive = message.keep_alive() && !bodyTooLarge;
        m_headRequest = message.method() == http::verb::head;

        auto responder = [self = shared_from_this()](HttpResponse response) mutable {
            auto executor = self->m_stream.get_executor();
            asio::dispatch(executor, [self = std::move(self), response = std::move(response)]() mutable {
                self->write(std::move(response));
            });
        };
        (*m_handler)(std::move(request), std::move(responder));
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
        http::async_write(m_stream, *message,
                          [self = shared_from_this(), message, keepAlive](beast::error_code ec, std::size_t) {
                              if (ec)
                                  return self->close();
                              if (!keepAlive)
                                  return self->lingeringClose();
                              self->readRequest();
                          });
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
    std::optional<http::request_parser<http::string_body>> m_parser;
    HttpServerOptions m_options;  // a copy: a session may outlive its server
    std::shared_ptr<HttpHandler> m_handler;
    bool m_keepAlive = true;
    bool m_headRequest = false;
};

class BeastHttpServer final : public HttpServer {
public:
    BeastHttpServer(const asio::any_io_executor& executor, HttpServerOptions options, HttpHandler handler)
        : m_acceptor(executor), m_options(std::move(options)),
          m_handler(std::make_shared<HttpHandler>(std::move(handler)))
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
            auto session = std::make_shared<Session>(std::move(socket), m_options, m_handler);
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
    std::shared_ptr<HttpHandler> m_handler;
    SessionList m_sessions;
    std::uint16_t m_port = 0;
};

}  // namespace

Expected<std::unique_ptr<HttpServer>> HttpServer::start(const asio::any_io_executor& executor,
                                                        const HttpServerOptions& options, HttpHandler handler)
{
    auto server = std::make_unique<BeastHttpServer>(executor, options, std::move(handler));
    if (auto listening = server->listen(); !listening)
        return listening.error();
    server->accept();
    return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace lambdadesk::core::net
