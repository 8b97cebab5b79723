// SPDX-License-Identifier: MIT
#include "free_port.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <random>

namespace lambdadesk::tests {

namespace {

/// Binds `port` on loopback (0: any) and releases it; the port bound, or -1.
int probe(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    socklen_t length = sizeof address;
    int bound = -1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        bound = ntohs(address.sin_port);
    ::close(fd);
    return bound;
}

}  // namespace

int freeLoopbackPort()
{
    return probe(0);
}

int freeRegisteredLoopbackPort(int except)
{
    // Start somewhere different each time so parallel suites do not race for the same port.
    std::mt19937 random(std::random_device{}());
    std::uniform_int_distribution<int> first(20000, 49151);
    const int start = first(random);
    for (int offset = 0; offset < 29152; ++offset) {
        const int candidate = 20000 + (start - 20000 + offset) % 29152;
        if (candidate != except && probe(candidate) == candidate)
            return candidate;
    }
    return -1;
}

}  // namespace lambdadesk::tests
