// SPDX-License-Identifier: MIT
#pragma once

// What Python and Node debug sessions share before a debugger is attached: knowing that a launch runs one
// of the bundled runtime loops, starting it through its debug entry, and learning where its debugger listens.

#include "model/expected.h"
#include "runtime/environment_launcher.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace lambdadesk::debugger {

enum class ScriptRuntime { None, Python, Node };

/// Which bundled runtime loop `spec` runs (resources/runtimes/{python,node}); None for a native bootstrap.
ScriptRuntime scriptRuntimeOf(const core::LaunchSpec& spec);
/// The folder of the bundled runtime loop: its frames are the runtime's, hidden from the user's stack.
std::filesystem::path runtimeLoopDir(ScriptRuntime runtime);

/// A script runtime's process started through its debug entry, and what the entry reported.
struct StartedScript {
    core::LaunchedProcess process;
    std::string report;  ///< "port N" (Python) or "url ws://…" (Node)
    std::string what;    ///< "FUNCTION (pid N)", for errors
};

/// Starts spec's runtime loop through `runtime`'s debug entry (debug_entry.py / .js, put before the loop with
/// `interpreterFlags` ahead of it), with `env` added, and waits for the entry's report. Errors leave nothing
/// running.
core::Expected<StartedScript> startScript(const core::LaunchSpec& spec, ScriptRuntime runtime,
                                          core::EnvironmentLauncher& plain,
                                          const std::vector<std::string>& interpreterFlags,
                                          const std::vector<std::string>& env);
/// Ends and reaps a started script whose debug start failed afterwards: the environment never sees it.
void abandonScript(const core::LaunchedProcess& process);

/// A one-shot loopback listener: the debug entry script (debug_entry.py / debug_entry.js) connects to it
/// and writes one line, "port N" or "url ws://…" when its debugger listens, or "error TEXT" when it cannot.
/// This way the debugger's port is chosen by the kernel (no race for a free port) and reported over a
/// channel of its own, not fished out of the function's output.
class DebugReportChannel {
public:
    static core::Expected<DebugReportChannel> open();
    DebugReportChannel(DebugReportChannel&& other) noexcept;
    DebugReportChannel& operator=(DebugReportChannel&&) = delete;
    ~DebugReportChannel();

    /// "127.0.0.1:PORT", for the LAMBDADESK_DEBUG_REPORT variable.
    [[nodiscard]] std::string address() const;
    /// Waits for the report's line. Gives up when `processFd` (a pidfd) says the process ended, or after
    /// `timeout`; the errors say which, with `what` naming the function.
    core::Expected<std::string> receive(int processFd, std::chrono::milliseconds timeout, const std::string& what);

private:
    DebugReportChannel(int fd, int port) : m_fd(fd), m_port(port) {}
    int m_fd = -1;
    int m_port = 0;
};

}  // namespace lambdadesk::debugger
