// SPDX-License-Identifier: MIT
#include "runtime_api_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <utility>

namespace lambdadesk::bench {
namespace {

bool writeAll(int fd, const std::string& data)
{
    std::size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t count = ::write(fd, data.data() + sent, data.size() - sent);
        if (count <= 0)
            return false;
        sent += static_cast<std::size_t>(count);
    }
    return true;
}

/// Two ends of one loopback TCP connection (engine side, runtime side).
std::pair<int, int> loopbackConnection()
{
    const auto [listener, port] = listenOnLoopback(1);
    const int runtimeSide = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    ::connect(runtimeSide, reinterpret_cast<sockaddr*>(&address), sizeof address);
    const int engineSide = ::accept(listener, nullptr, nullptr);
    ::close(listener);
    noDelay(runtimeSide);
    noDelay(engineSide);
    return {engineSide, runtimeSide};
}

const std::string kNext = "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

/// The runtime: parks a GET, answers each event with its body, the next GET in the same write.
void runRuntime(int fd)
{
    MessageReader reader(fd);
    if (!writeAll(fd, kNext))
        return;
    std::string event;
    std::string accepted;
    while (reader.next(event)) {
        const std::string answer = "POST /2018-06-01/runtime/invocation/relay/response HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   "Content-Length: " + std::to_string(event.size()) + "\r\n\r\n" + event + kNext;
        if (!writeAll(fd, answer) || !reader.next(accepted))
            return;
    }
}

/// The engine's side of one caller: its request to the runtime's parked GET, the runtime's POST to the caller.
void relayCalls(int caller, int runtime)
{
    MessageReader fromCaller(caller);
    MessageReader fromRuntime(runtime);
    const std::string accepted = "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 16\r\n\r\n"
                                 "{\"status\":\"OK\"}\n";
    std::string request;
    std::string ignored;
    std::string response;
    while (fromCaller.next(request)) {
        if (!fromRuntime.next(ignored))  // the parked GET /next
            return;
        const std::string event = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                  "Lambda-Runtime-Aws-Request-Id: relay\r\nContent-Length: " +
                                  std::to_string(request.size()) + "\r\n\r\n" + request;
        if (!writeAll(runtime, event) || !fromRuntime.next(response) || !writeAll(runtime, accepted))
            return;
        const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                   std::to_string(response.size()) + "\r\n\r\n" + response;
        if (!writeAll(caller, answer))
            return;
    }
}

}  // namespace

RuntimeApiRelay::RuntimeApiRelay()
    : m_server([](LoopbackServer& server, int caller) {
          const auto [engineSide, runtimeSide] = loopbackConnection();
          server.track(engineSide);
          server.track(runtimeSide);
          server.spawn([runtimeSide] { runRuntime(runtimeSide); });
          server.spawn([caller, engineSide] { relayCalls(caller, engineSide); });
      })
{
}

}  // namespace lambdadesk::bench
