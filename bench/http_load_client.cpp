// SPDX-License-Identifier: MIT
#include "http_load_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace lambdadesk::bench {

HttpLoadClient::HttpLoadClient(const std::string& host, std::uint16_t port) : m_host(host), m_port(port)
{
    connect();
}

HttpLoadClient::~HttpLoadClient()
{
    if (m_socket >= 0)
        ::close(m_socket);
}

void HttpLoadClient::connect()
{
    if (m_socket >= 0)
        ::close(m_socket);
    m_buffer.clear();
    m_socket = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_port);
    ::inet_pton(AF_INET, m_host.c_str(), &address.sin_addr);
    if (::connect(m_socket, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
        throw std::runtime_error("cannot connect to " + m_host + ":" + std::to_string(m_port));
    int one = 1;
    ::setsockopt(m_socket, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

HttpLoadClient::Response HttpLoadClient::request(const std::string& method, const std::string& target,
                                                 const std::string& body,
                                                 const std::vector<std::pair<std::string, std::string>>& headers)
{
    std::string wire = method + ' ' + target + " HTTP/1.1\r\nHost: " + m_host + ':' + std::to_string(m_port) +
                       "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
    for (const auto& [name, value] : headers)
        wire += name + ": " + value + "\r\n";
    wire += "\r\n" + body;
    Response response;
    if (!exchange(wire, response)) {
        connect();
        if (!exchange(wire, response))
            throw std::runtime_error("the server closed the connection");
    }
    return response;
}

bool HttpLoadClient::exchange(const std::string& wire, Response& response)
{
    std::size_t sent = 0;
    while (sent < wire.size()) {
        const auto n = ::send(m_socket, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        sent += static_cast<std::size_t>(n);
    }
    char chunk[16384];
    auto readMore = [&]() {
        const auto n = ::recv(m_socket, chunk, sizeof chunk, 0);
        if (n <= 0)
            return false;
        m_buffer.append(chunk, static_cast<std::size_t>(n));
        return true;
    };
    std::size_t headerEnd;
    while ((headerEnd = m_buffer.find("\r\n\r\n")) == std::string::npos) {
        if (!readMore())
            return false;
    }
    const std::string head = m_buffer.substr(0, headerEnd);
    response.status = std::atoi(head.c_str() + head.find(' ') + 1);
    std::size_t length = 0;
    bool close = false;
    for (std::size_t line = head.find("\r\n"); line != std::string::npos; line = head.find("\r\n", line + 2)) {
        const auto next = head.find("\r\n", line + 2);
        const std::string header = head.substr(line + 2, next == std::string::npos ? std::string::npos : next - line - 2);
        if (strncasecmp(header.c_str(), "content-length:", 15) == 0)
            length = std::stoul(header.substr(15));
        if (strncasecmp(header.c_str(), "connection: close", 17) == 0)
            close = true;
    }
    const std::size_t total = headerEnd + 4 + length;
    while (m_buffer.size() < total) {
        if (!readMore())
            return false;
    }
    response.body = m_buffer.substr(headerEnd + 4, length);
    m_buffer.erase(0, total);
    if (close)  // e.g. moto_server's Werkzeug: the next request needs a new connection
        connect();
    return true;
}

std::uint16_t freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t size = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace lambdadesk::bench
