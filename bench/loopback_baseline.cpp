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
        MessageReader reader(connection);
        std::string request;
        while (reader.next(request))
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
    MessageReader reader(client);
    std::string response;
    for (int i = 0; i < count; ++i) {
        const auto start = std::chrono::steady_clock::now();
        ::write(client, request.data(), request.size());
        if (!reader.next(response))
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
              MessageReader reader(connection);
              std::string body;
              while (reader.next(body)) {
                  const std::string response =
                      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body;
                  if (::write(connection, response.data(), response.size()) < 0)
                      return;
              }
          });
      })
{
}

}  // namespace lambdadesk::bench
