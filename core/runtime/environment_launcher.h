// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "runtime/unique_fd.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// What to start for an execution environment.
struct LaunchSpec {
    std::vector<std::string> argv;      ///< argv[0] is an absolute path
    std::vector<std::string> env;       ///< "NAME=value", the complete environment
    std::filesystem::path workingDir;   ///< the function's code folder
    std::string functionName;           ///< for launchers that treat functions differently (debugger)
};

/// A started process: the leader of its own process group, with its output as pipes.
struct LaunchedProcess {
    int pid = -1;                ///< also the process group id
    UniqueFd stdoutFd;           ///< non-blocking read end
    UniqueFd stderrFd;           ///< non-blocking read end
    UniqueFd pidFd;              ///< becomes readable when the process exits (pidfd_open)
};

/// The seam through which environments start their processes. The default spawns them
/// directly; the debugger provides one that launches under LLDB.
class EnvironmentLauncher {
public:
    virtual ~EnvironmentLauncher() = default;
    virtual Expected<LaunchedProcess> launch(const LaunchSpec& spec) = 0;
};

/// posix_spawn into a new process group, stdin from /dev/null, stdout/stderr to pipes.
std::shared_ptr<EnvironmentLauncher> makeProcessLauncher();

}  // namespace lambdadesk::core
