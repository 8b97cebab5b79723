// SPDX-License-Identifier: MIT
#pragma once

#include "loopback_server.h"

#include <cstdint>

namespace lambdadesk::bench {

/// The limit of the Runtime API's shape: a warm invoke with nothing but sockets in it. An HTTP/1.1
/// keep-alive server on 127.0.0.1 (kernel-chosen port) whose every connection has its own "runtime" on a
/// second loopback connection, the way an engine and one environment talk: the caller's request becomes the
/// answer to the runtime's parked `GET /next`, the runtime posts the body back with its next `GET` in the same
/// write (as LambdaDesk's loops do), gets its `202`, and the caller gets the body. Blocking threads, one per
/// side, TCP_NODELAY, no parsing beyond the framing: five segments and as many wake-ups per call where an echo
/// has two, and no scheduler, events or bookkeeping. Any engine that keeps the Runtime API and its runtime
/// process is at most this fast on this machine.
class RuntimeApiRelay {
public:
    RuntimeApiRelay();

    [[nodiscard]] std::uint16_t port() const { return m_server.port(); }

private:
    LoopbackServer m_server;
};

}  // namespace lambdadesk::bench
