// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

namespace lambdadesk::bench {

/// The baseline: a bare HTTP/1.1 request/response over loopback between two threads (blocking
/// sockets, keep-alive, TCP_NODELAY), as small as an invoke's round trip could ever be.
/// Returns the round-trip times in milliseconds.
std::vector<double> loopbackRoundTrips(int count);

}  // namespace lambdadesk::bench
