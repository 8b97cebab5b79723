// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "runtime/unique_fd.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// What to start for an execution environment.
struct LaunchSpec {
    std::vector<std::string> argv;      ///< argv[0] is an absolute path
    std::vector<std::string> env;       ///< "NAME=value", the complete environment
    std::filesystem::path workingDir;   ///< the function's code folder
    std::string functionName;           ///< for launchers that treat functions differently (debugger)
    /// For launchers that run the process under a debugger: call it with true and where ("handler.c:21 in
    /// sum_items") when the process stops (breakpoint, step, signal), and false when it runs again, from any
    /// thread. The environment pauses the invocation's timeout while stopped and publishes DebugStateChanged.
    std::function<void(bool stopped, const std::string& location)> debugStateChanged;
};

/// A started process: the leader of its own process group, with its output as pipes.
struct LaunchedProcess {
    int pid = -1;                ///< also the process group id
    UniqueFd stdoutFd;           ///< non-blocking read end
    UniqueFd stderrFd;           ///< non-blocking read end
    UniqueFd pidFd;              ///< becomes readable when the process exits (pidfd_open)
    /// Set for a process that is not our child (a debugger's server started it): its waitpid-style
    /// status, asked once pidFd is readable. Null: the environment reaps it with waitpid.
    std::function<int()> exitStatus;
    /// Launched under a debugger: the runtime gets a deadline this far away and INIT this long, because a
    /// user may hold the process on a breakpoint; the function timeout then counts running time only.
    std::optional<std::chrono::milliseconds> debugTimeCap;
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
