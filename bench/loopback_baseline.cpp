// SPDX-License-Identifier: MIT
#include "loopback_baseline.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace lambdadesk::bench {
namespace {

// Reads until a blank line (requests here have no body) or a Content-Length body is complete. `bodyAt`
// and `bodySize` say where the body is in `buffer`.
bool readMessage(int fd, std::string& buffer, std::size_t* bodyAt = nullptr, std::size_t* bodySize = nullptr)
{
    buffer.clear();
    char chunk[4096];
    for (;;) {
        const auto end = buffer.find("\r\n\r\n");
        if (end != std::string::npos) {
            auto length = buffer.find("Content-Length: ");
            if (length == std::string::npos || length > end)
                length = buffer.find("content-length: ");
            const std::size_t body =
                length == std::string::npos || length > end ? 0 : std::stoul(buffer.substr(length + 16));
            if (buffer.size() >= end + 4 + body) {
                if (bodyAt)
                    *bodyAt = end + 4;
                if (bodySize)
                    *bodySize = body;
                return true;
            }
        }
        const ssize_t count = ::read(fd, chunk, sizeof chunk);
        if (count <= 0)
            return false;
        buffer.append(chunk, static_cast<std::size_t>(count));
    }
}

}  // namespace

std::vector<double> loopbackRoundTrips(int count)
{
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener, 1);
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);

    std::thread server([listener] {
        const int connection = ::accept(listener, nullptr, nullptr);
        const int one = 1;
        ::setsockopt(connection, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
        std::string request;
        while (readMessage(connection, request))
            ::write(connection, response.data(), response.size());
        ::close(connection);
    });

    const int client = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address);
    const std::string request = "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}";
    std::vector<double> times;
    times.reserve(static_cast<std::size_t>(count));
    std::string response;
    for (int i = 0; i < count; ++i) {
        const auto start = std::chrono::steady_clock::now();
        ::write(client, request.data(), request.size());
        if (!readMessage(client, response))
            break;
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    ::close(client);
    server.join();
    ::close(listener);
    return times;
}

LoopbackEchoServer::LoopbackEchoServer()
    : m_server([](LoopbackServer& server, int connection) {
          server.spawn([connection] {
              std::string request;
              std::size_t bodyAt = 0;
              std::size_t bodySize = 0;
              while (readMessage(connection, request, &bodyAt, &bodySize)) {
                  std::string response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                         std::to_string(bodySize) + "\r\n\r\n";
                  response.append(request, bodyAt, bodySize);
                  if (::write(connection, response.data(), response.size()) < 0)
                      return;
              }
          });
      })
{
}

}  // namespace lambdadesk::bench
