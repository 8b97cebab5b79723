// SPDX-License-Identifier: MIT
#pragma once

#include <set>

namespace lambdadesk::tests {

/// The process table's view of this process: the pids of its live children (listed per spawning thread in
/// /proc/self/task/*/children), zombies excluded. What environment counts are checked against.
[[nodiscard]] std::set<int> childProcesses();

}  // namespace lambdadesk::tests
