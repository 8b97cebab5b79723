// SPDX-License-Identifier: MIT
#include "output_fifos.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace lambdadesk::debugger {

core::Expected<OutputFifos> OutputFifos::create()
{
    const char* runtimeDir = std::getenv("XDG_RUNTIME_DIR");
    std::string pattern = std::string(runtimeDir && *runtimeDir ? runtimeDir : "/tmp") + "/lambdadesk-debug-XXXXXX";
    if (!::mkdtemp(pattern.data()))
        return core::Error{"ServiceException", "cannot create a folder for the debugged process's output (" +
                                                   pattern + "): " + std::strerror(errno)};
    OutputFifos fifos;
    fifos.m_dir = pattern;
    for (const auto* name : {"stdout", "stderr"}) {
        const auto path = fifos.m_dir / name;
        if (::mkfifo(path.c_str(), 0600) != 0)
            return core::Error{"ServiceException", "mkfifo " + path.string() + ": " + std::strerror(errno)};
    }
    // Read ends first and non-blocking (a blocking open would wait for a writer), then our own writers.
    fifos.stdoutRead = core::UniqueFd(::open(fifos.stdoutPath().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    fifos.stderrRead = core::UniqueFd(::open(fifos.stderrPath().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    fifos.m_stdoutHold = core::UniqueFd(::open(fifos.stdoutPath().c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
    fifos.m_stderrHold = core::UniqueFd(::open(fifos.stderrPath().c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC));
    if (!fifos.stdoutRead.valid() || !fifos.stderrRead.valid() || !fifos.m_stdoutHold.valid() ||
        !fifos.m_stderrHold.valid())
        return core::Error{"ServiceException", "cannot open the output FIFOs in " + pattern + ": " + std::strerror(errno)};
    return fifos;
}

void OutputFifos::processAttached()
{
    m_stdoutHold = core::UniqueFd();
    m_stderrHold = core::UniqueFd();
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
    m_dir.clear();
}

OutputFifos::~OutputFifos()
{
    if (!m_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
}

}  // namespace lambdadesk::debugger
