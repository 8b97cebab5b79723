// SPDX-License-Identifier: MIT
#pragma once

namespace lambdadesk::tests {

/// A loopback port nobody listens on right now (bound to port 0, read back, released), for a server a test
/// starts on a port it must name up front; -1 when no socket could be bound.
[[nodiscard]] int freeLoopbackPort();

}  // namespace lambdadesk::tests
