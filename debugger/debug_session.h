// SPDX-License-Identifier: MIT
#pragma once

#include "debug_observer.h"
#include "debug_types.h"
#include "model/expected.h"
#include "runtime/environment_launcher.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lldb {
class SBEvent;
}

namespace lambdadesk::debugger {

/// How a session reaches its process.
struct SessionOptions {
    /// Empty: launch locally under LLDB (through a local lldb-server). Otherwise an lldb-server platform
    /// to launch on, "connect://HOST:PORT" (see docs/remote-debugging.md).
    std::string platformUrl;
    /// "settings set target.source-map" pairs: a path prefix in the debug info, and where it is here.
    std::vector<std::pair<std::string, std::string>> sourceMap;
    /// How far away the runtime's deadline is while debugging (docs/debugging.md).
    std::chrono::milliseconds timeCap{std::chrono::hours(1)};
};

/// One function process under LLDB: its own SBDebugger, target and event thread. Every SB call is made
/// under one recursive API mutex; what leaves is plain values. Thread-safe. Inspection (threads, frames,
/// variables, evaluate) answers only while the process is stopped.
class DebugSession : public std::enable_shared_from_this<DebugSession> {
public:
    /// Starts spec's process under the debugger with `breakpoints` set before it runs (so INIT code stops
    /// too). On success `process` is what core's environment watches: output FIFOs, a pidfd, the
    /// debugger's exit status and the debug time cap.
    static core::Expected<std::shared_ptr<DebugSession>> launch(const core::LaunchSpec& spec,
                                                                const std::vector<BreakpointSpec>& breakpoints,
                                                                std::shared_ptr<DebugObserver> observer,
                                                                const SessionOptions& options,
                                                                core::LaunchedProcess& process);
    /// Attaches LLDB to a function process that is already running (a warm environment started without the
    /// debugger), sets `breakpoints` and lets it run on. `stateChanged` is the environment's hook (LaunchSpec::
    /// debugStateChanged), so its invocation's timeout stops counting while it is stopped. The process keeps its
    /// own output and its parent's exit status; LLDB needs ptrace rights over it (docs/debugging.md).
    static core::Expected<std::shared_ptr<DebugSession>> attach(int pid, const std::string& functionName,
                                                                std::function<void(bool, const std::string&)> stateChanged,
                                                                const std::vector<BreakpointSpec>& breakpoints,
                                                                std::shared_ptr<DebugObserver> observer,
                                                                const SessionOptions& options);
    ~DebugSession();
    DebugSession(const DebugSession&) = delete;
    DebugSession& operator=(const DebugSession&) = delete;

    [[nodiscard]] int id() const;
    [[nodiscard]] int pid() const;
    [[nodiscard]] const std::string& functionName() const;
    [[nodiscard]] bool isStopped() const;
    [[nodiscard]] bool hasEnded() const;

    // Control; each returns at once, the outcome arrives through the observer.
    void continueRun();
    void pause();
    void stepOver(std::uint64_t threadId);
    void stepInto(std::uint64_t threadId);
    void stepOut(std::uint64_t threadId);
    /// Continues to FILE:LINE (a one-shot breakpoint); an error when the line has no code.
    core::Expected<void> runToLine(const std::string& file, int line);
    void kill();

    /// Replaces the session's breakpoints (re-applied from the user's list) and reports their states.
    std::vector<BreakpointState> setBreakpoints(const std::vector<BreakpointSpec>& breakpoints);
    [[nodiscard]] std::vector<BreakpointState> breakpointStates() const;

    // Inspection while stopped.
    [[nodiscard]] std::vector<ThreadInfo> threads() const;
    [[nodiscard]] std::vector<FrameInfo> frames(std::uint64_t threadId) const;
    /// Top-level variables of a frame: scope "locals" (arguments and locals) or "globals".
    [[nodiscard]] std::vector<VariableInfo> variables(std::uint64_t threadId, int frame, const std::string& scope) const;
    /// The children of a variable, by the path variables() or children() gave it.
    [[nodiscard]] std::vector<VariableInfo> children(std::uint64_t threadId, int frame, const std::string& path) const;
    [[nodiscard]] EvalResult evaluate(std::uint64_t threadId, int frame, const std::string& expression) const;

    /// How the process ended as a waitpid status; waits up to `patience` for the debugger to say.
    int waitForExitStatus(std::chrono::milliseconds patience) const;

    struct Impl;

private:
    DebugSession();
    void handleEvent(lldb::SBEvent& event);
    /// Reads the listener on the session's own thread until the process ends or the session goes.
    void startEventThread();
    [[nodiscard]] StopInfo describeStop() const;
    std::unique_ptr<Impl> m_impl;
};

/// The LLDB version liblldb reports ("lldb version 22.1.8"), for diagnostics.
std::string lldbVersion();

}  // namespace lambdadesk::debugger
