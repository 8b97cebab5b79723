// SPDX-License-Identifier: MIT
#include "loopback_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

namespace lambdadesk::bench {

bool MessageReader::next(std::string& body)
{
    for (;;) {
        const auto end = m_buffer.find("\r\n\r\n");
        if (end != std::string::npos) {
            auto length = m_buffer.find("Content-Length: ");
            if (length == std::string::npos || length > end)
                length = m_buffer.find("content-length: ");
            const std::size_t size =
                length == std::string::npos || length > end ? 0 : std::stoul(m_buffer.substr(length + 16, 12));
            if (m_buffer.size() >= end + 4 + size) {
                body.assign(m_buffer, end + 4, size);
                m_buffer.erase(0, end + 4 + size);
                return true;
            }
        }
        char chunk[4096];
        const ssize_t count = ::read(m_fd, chunk, sizeof chunk);
        if (count <= 0)
            return false;
        m_buffer.append(chunk, static_cast<std::size_t>(count));
    }
}

std::pair<int, std::uint16_t> listenOnLoopback(int backlog)
{
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener, backlog);
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    return {listener, ntohs(address.sin_port)};
}

void noDelay(int socket)
{
    const int one = 1;
    ::setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

LoopbackServer::LoopbackServer(OnConnection onConnection) : m_onConnection(std::move(onConnection))
{
    std::tie(m_listener, m_port) = listenOnLoopback(128);
    m_acceptor = std::thread([this] { acceptLoop(); });
}

LoopbackServer::~LoopbackServer()
{
    // shutdown() wakes the blocked accept() and read()s; close only after the threads are gone.
    ::shutdown(m_listener, SHUT_RDWR);
    m_acceptor.join();
    {
        std::lock_guard lock(m_mutex);
        for (const int socket : m_sockets)
            ::shutdown(socket, SHUT_RDWR);
    }
    for (auto& thread : m_threads)
        thread.join();
    for (const int socket : m_sockets)
        ::close(socket);
    ::close(m_listener);
}

void LoopbackServer::track(int socket)
{
    std::lock_guard lock(m_mutex);
    m_sockets.push_back(socket);
}

void LoopbackServer::spawn(std::function<void()> body)
{
    std::lock_guard lock(m_mutex);
    m_threads.emplace_back(std::move(body));
}

void LoopbackServer::acceptLoop()
{
    for (;;) {
        const int caller = ::accept(m_listener, nullptr, nullptr);
        if (caller < 0)
            return;
        noDelay(caller);
        track(caller);
        m_onConnection(*this, caller);
    }
}

}  // namespace lambdadesk::bench
