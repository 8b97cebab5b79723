// SPDX-License-Identifier: MIT
#pragma once

namespace lambdadesk::tests {

/// A loopback port nobody listens on right now (bound to port 0, read back, released), for a server a test
/// starts on a port it must name up front; -1 when no socket could be bound.
[[nodiscard]] int freeLoopbackPort();

/// The same, below 49152 and other than `except`: lldb-server refuses ports outside the registered range
/// (1024–49151), where Linux's ephemeral ports (32768–60999) often fall.
[[nodiscard]] int freeRegisteredLoopbackPort(int except = 0);

}  // namespace lambdadesk::tests
