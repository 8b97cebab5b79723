// SPDX-License-Identifier: MIT
#pragma once
// An HTTP server on 127.0.0.1:0 with its own thread, answering with a handler the test gives: fake
// upstreams and fake Lambda endpoints for the bridge suites.

#include <net/http_server.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>

#include <future>
#include <memory>
#include <string>
#include <thread>

namespace lambdadesk::tests {

class FakeHttpServer {
public:
    explicit FakeHttpServer(core::net::HttpHandler handler, core::net::HttpStreaming streaming = {})
        : m_work(boost::asio::make_work_guard(m_io))
    {
        auto server = core::net::HttpServer::start(m_io.get_executor(), core::net::HttpServerOptions{},
                                                   std::move(handler), std::move(streaming));
        if (server)
            m_server = std::move(*server);
        m_thread = std::thread([this] { m_io.run(); });
    }
    ~FakeHttpServer()
    {
        std::promise<void> stopped;
        boost::asio::post(m_io, [this, &stopped] {
            if (m_server)
                m_server->stop();
            stopped.set_value();
        });
        stopped.get_future().wait();
        m_work.reset();
        m_io.stop();
        m_thread.join();
    }
    FakeHttpServer(const FakeHttpServer&) = delete;
    FakeHttpServer& operator=(const FakeHttpServer&) = delete;

    [[nodiscard]] bool listening() const { return m_server != nullptr; }
    [[nodiscard]] std::uint16_t port() const { return m_server ? m_server->port() : 0; }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }

private:
    boost::asio::io_context m_io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work;
    std::unique_ptr<core::net::HttpServer> m_server;
    std::thread m_thread;
};

/// A port nothing listens on (bound, read, closed).
inline std::uint16_t closedPort()
{
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(
        io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
    const auto port = acceptor.local_endpoint().port();
    acceptor.close();
    return port;
}

}  // namespace lambdadesk::tests
