// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "runtime/unique_fd.h"

#include <filesystem>

namespace lambdadesk::debugger {

/// Named pipes for a debugged process's stdout and stderr. lldb-server drops dup2 file actions and would
/// otherwise give the process one pty (stdout and stderr merged, "\r\n", isatty true); opening FIFOs by
/// path keeps the two streams apart exactly as a plain spawn does.
class OutputFifos {
public:
    static core::Expected<OutputFifos> create();
    OutputFifos(OutputFifos&&) = default;
    OutputFifos& operator=(OutputFifos&&) = default;
    ~OutputFifos();

    [[nodiscard]] std::string stdoutPath() const { return (m_dir / "stdout").string(); }
    [[nodiscard]] std::string stderrPath() const { return (m_dir / "stderr").string(); }
    /// Once the process has opened its ends: drops our placeholder writers (so the readers see end of
    /// file when the process goes) and the FIFOs' names.
    void processAttached();

    core::UniqueFd stdoutRead;   ///< non-blocking
    core::UniqueFd stderrRead;   ///< non-blocking

private:
    OutputFifos() = default;
    std::filesystem::path m_dir;
    core::UniqueFd m_stdoutHold;  ///< keeps a reader from seeing EOF before the process opens its end
    core::UniqueFd m_stderrHold;
};

}  // namespace lambdadesk::debugger
