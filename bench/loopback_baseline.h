// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace lambdadesk::bench {

/// The baseline: a bare HTTP/1.1 request/response over loopback between two threads (blocking
/// sockets, keep-alive, TCP_NODELAY), as small as an invoke's round trip could ever be.
/// Returns the round-trip times in milliseconds.
std::vector<double> loopbackRoundTrips(int count);

/// The same bare server for many connections: an HTTP/1.1 keep-alive echo on 127.0.0.1 (kernel-chosen
/// port), one blocking thread per connection, TCP_NODELAY, each request answered with its body. What any
/// HTTP round trip on this machine costs at a given number of connections, with no runtime in the way.
class LoopbackEchoServer {
public:
    LoopbackEchoServer();
    ~LoopbackEchoServer();  ///< closes the listener and every connection, joins the threads
    LoopbackEchoServer(const LoopbackEchoServer&) = delete;
    LoopbackEchoServer& operator=(const LoopbackEchoServer&) = delete;

    [[nodiscard]] std::uint16_t port() const { return m_port; }

private:
    void acceptLoop();

    int m_listener = -1;
    std::uint16_t m_port = 0;
    std::thread m_acceptor;
    std::mutex m_mutex;
    std::vector<int> m_connections;
    std::vector<std::thread> m_servers;
};

}  // namespace lambdadesk::bench
