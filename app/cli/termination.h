// SPDX-License-Identifier: MIT
#pragma once

namespace lambdadesk::cli {

/// Blocks SIGINT and SIGTERM in every thread started from now on (call it before starting services), so
/// waitForTermination() receives them instead of the default action killing the process mid-work.
void blockTerminationSignals();
/// Waits for SIGINT or SIGTERM; returns the signal number.
int waitForTermination();

}  // namespace lambdadesk::cli
