// SPDX-License-Identifier: MIT
#pragma once

#include "loopback_server.h"

#include <cstdint>
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

    [[nodiscard]] std::uint16_t port() const { return m_server.port(); }

private:
    LoopbackServer m_server;
};

}  // namespace lambdadesk::bench
