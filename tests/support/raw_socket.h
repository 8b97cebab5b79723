// SPDX-License-Identifier: MIT
#pragma once
// Plain blocking TCP for tests that must control the bytes on the wire and their timing: a client that sends
// a request in pieces and sees an answer arrive piece by piece, a one-connection server that answers slowly
// or breaks off. Every read has a deadline, so a test fails instead of hanging.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <poll.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace lambdadesk::tests {

class RawConnection {
public:
    using Clock = std::chrono::steady_clock;

    explicit RawConnection(boost::asio::ip::tcp::socket socket) : m_socket(std::move(socket)) {}

    /// Connects to 127.0.0.1:port; connected() tells whether it worked.
    static RawConnection to(boost::asio::io_context& io, std::uint16_t port)
    {
        boost::asio::ip::tcp::socket socket(io);
        boost::system::error_code ignored;
        socket.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ignored);
        return RawConnection(std::move(socket));
    }

    [[nodiscard]] bool connected() const { return m_socket.is_open(); }

    bool send(std::string_view bytes)
    {
        boost::system::error_code error;
        boost::asio::write(m_socket, boost::asio::buffer(bytes.data(), bytes.size()), error);
        return !error;
    }

    /// Reads until `marker` has arrived; returns false at the deadline or when the peer closed first.
    bool readUntil(std::string_view marker, std::chrono::milliseconds timeout = std::chrono::seconds(10))
    {
        const auto deadline = Clock::now() + timeout;
        while (m_received.find(marker) == std::string::npos) {
            if (!readSome(deadline))
                return false;
        }
        return true;
    }

    /// Reads until `count` bytes have arrived in all.
    bool readAtLeast(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(10))
    {
        const auto deadline = Clock::now() + timeout;
        while (m_received.size() < count) {
            if (!readSome(deadline))
                return false;
        }
        return true;
    }

    /// Reads until the peer closes the connection; false at the deadline.
    bool readToClose(std::chrono::milliseconds timeout = std::chrono::seconds(10))
    {
        const auto deadline = Clock::now() + timeout;
        while (!m_closed) {
            if (!readSome(deadline))
                return m_closed;
        }
        return true;
    }

    /// Everything received so far.
    std::string& received() { return m_received; }
    [[nodiscard]] bool closedByPeer() const { return m_closed; }
    void close()
    {
        boost::system::error_code ignored;
        m_socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
        m_socket.close(ignored);
    }

private:
    bool readSome(Clock::time_point deadline)
    {
        if (m_closed)
            return false;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
            return false;
        pollfd descriptor{m_socket.native_handle(), POLLIN, 0};
        if (::poll(&descriptor, 1, static_cast<int>(left)) <= 0)
            return false;
        char buffer[64 * 1024];
        boost::system::error_code error;
        const auto got = m_socket.read_some(boost::asio::buffer(buffer), error);
        if (error) {
            m_closed = true;
            return false;
        }
        m_received.append(buffer, got);
        return true;
    }

    boost::asio::ip::tcp::socket m_socket;
    std::string m_received;
    bool m_closed = false;
};

/// Accepts one connection on 127.0.0.1 (an ephemeral port) and runs `serve` with it on its own thread.
class RawServer {
public:
    explicit RawServer(std::function<void(RawConnection&)> serve)
        : m_acceptor(m_io, {boost::asio::ip::make_address("127.0.0.1"), 0})
    {
        m_thread = std::thread([this, serve = std::move(serve)] {
            boost::system::error_code error;
            auto socket = m_acceptor.accept(error);
            if (error)
                return;
            RawConnection connection(std::move(socket));
            serve(connection);
            connection.close();
        });
    }
    ~RawServer()
    {
        // A blocking accept() is not woken by closing the acceptor: a throwaway connection ends it if no
        // client came.
        boost::system::error_code ignored;
        boost::asio::ip::tcp::socket knock(m_io);
        knock.connect({boost::asio::ip::make_address("127.0.0.1"), port()}, ignored);
        m_thread.join();
    }
    RawServer(const RawServer&) = delete;
    RawServer& operator=(const RawServer&) = delete;

    [[nodiscard]] std::uint16_t port() const { return m_acceptor.local_endpoint().port(); }
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }

private:
    boost::asio::io_context m_io;
    boost::asio::ip::tcp::acceptor m_acceptor;
    std::thread m_thread;
};

}  // namespace lambdadesk::tests
