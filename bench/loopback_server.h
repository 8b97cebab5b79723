// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace lambdadesk::bench {

/// A blocking TCP server on 127.0.0.1 (kernel-chosen port) for the benchmarks' baselines: a thread accepts,
/// and `onConnection` is called for every caller (TCP_NODELAY set) to start the threads that serve it. What it
/// tracks is shut down, joined and closed when the server goes.
class LoopbackServer {
public:
    using OnConnection = std::function<void(LoopbackServer& server, int caller)>;

    explicit LoopbackServer(OnConnection onConnection);
    ~LoopbackServer();  ///< closes the listener and every tracked socket, joins every thread
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    [[nodiscard]] std::uint16_t port() const { return m_port; }

    /// A socket to shut down and close with the server (the callers' are tracked already).
    void track(int socket);
    /// A thread serving a connection; it must return once its sockets are shut down.
    void spawn(std::function<void()> body);

private:
    void acceptLoop();

    OnConnection m_onConnection;
    int m_listener = -1;
    std::uint16_t m_port = 0;
    std::thread m_acceptor;
    std::mutex m_mutex;
    std::vector<int> m_sockets;
    std::vector<std::thread> m_threads;
};

/// Reads HTTP/1.1 messages framed by Content-Length from a blocking socket, keeping what arrived after one
/// message for the next (a pipelined request: the runtime's `GET /next` in the same segment as its POST).
class MessageReader {
public:
    explicit MessageReader(int fd) : m_fd(fd) {}

    /// The next message's body (empty for one without); false when the peer closed.
    bool next(std::string& body);

private:
    int m_fd;
    std::string m_buffer;
};

/// A listening socket on 127.0.0.1 with a kernel-chosen port, and that port.
std::pair<int, std::uint16_t> listenOnLoopback(int backlog);
/// Sets TCP_NODELAY: every baseline sends whole messages and must not wait for Nagle.
void noDelay(int socket);

}  // namespace lambdadesk::bench
