// SPDX-License-Identifier: MIT
#pragma once

#include "runtime/unique_fd.h"

#include <chrono>

namespace lambdadesk::core {

/// How often an environment's memory is read against its function's limit (and, between samples, how stale
/// a reading may be before an invocation's report reads it afresh: a fifth of this).
inline constexpr std::chrono::milliseconds kMemorySamplePeriod{50};

/// The resident set of one process, read through /proc/PID/statm kept open: each reading is one pread()
/// instead of an open, a read and a close (an environment reads it every 50 ms and after short invocations,
/// up to ~100 times a second under load). The descriptor names the process it was opened for, so a pid
/// reused after the process is gone reads as 0, never as another process.
class ResidentSetReader {
public:
    ResidentSetReader() = default;
    explicit ResidentSetReader(int pid) : m_pid(pid) {}

    /// kB, 0 when it cannot be read (the process is gone or not local); opens the file on first use and
    /// retries the open on every call until it succeeds.
    [[nodiscard]] long kilobytes();

private:
    int m_pid = -1;
    UniqueFd m_statm;
};

}  // namespace lambdadesk::core
