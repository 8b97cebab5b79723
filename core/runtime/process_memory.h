// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>

namespace lambdadesk::core {

/// How often an environment's memory is read against its function's limit (and, between samples, how stale
/// a reading may be before an invocation's report reads it afresh: a fifth of this).
inline constexpr std::chrono::milliseconds kMemorySamplePeriod{50};

/// The resident set of a process in kB (/proc/PID/statm), 0 when it cannot be read.
[[nodiscard]] long residentKb(int pid);

}  // namespace lambdadesk::core
