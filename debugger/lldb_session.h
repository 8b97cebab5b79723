// SPDX-License-Identifier: MIT
#pragma once

#include "debug_session.h"
#include "runtime/environment_launcher.h"

#include <functional>

namespace lldb {
class SBEvent;
}

namespace lambdadesk::debugger {

/// A native function's process under LLDB: its own SBDebugger, target and event thread. Every SB call is
/// made under one recursive API mutex; no SB type leaves the lldb_session*.cpp files.
class LldbSession final : public DebugSession {
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
    ~LldbSession() override;

    [[nodiscard]] int id() const override;
    [[nodiscard]] int pid() const override;
    [[nodiscard]] const std::string& functionName() const override;
    [[nodiscard]] std::string engineName() const override { return "LLDB"; }
    [[nodiscard]] bool isStopped() const override;
    [[nodiscard]] bool hasEnded() const override;

    void continueRun() override;
    void pause() override;
    void stepOver(std::uint64_t threadId) override;
    void stepInto(std::uint64_t threadId) override;
    void stepOut(std::uint64_t threadId) override;
    core::Expected<void> runToLine(const std::string& file, int line) override;
    void kill() override;

    std::vector<BreakpointState> setBreakpoints(const std::vector<BreakpointSpec>& breakpoints) override;
    [[nodiscard]] std::vector<BreakpointState> breakpointStates() const override;

    [[nodiscard]] std::vector<ThreadInfo> threads() const override;
    [[nodiscard]] std::vector<FrameInfo> frames(std::uint64_t threadId) const override;
    [[nodiscard]] std::vector<VariableInfo> variables(std::uint64_t threadId, int frame,
                                                      const std::string& scope) const override;
    [[nodiscard]] std::vector<VariableInfo> children(std::uint64_t threadId, int frame,
                                                     const std::string& path) const override;
    [[nodiscard]] EvalResult evaluate(std::uint64_t threadId, int frame, const std::string& expression) const override;

    int waitForExitStatus(std::chrono::milliseconds patience) const override;

    struct Impl;

private:
    LldbSession();
    void handleEvent(lldb::SBEvent& event);
    /// Reads the listener on the session's own thread until the process ends or the session goes.
    void startEventThread();
    [[nodiscard]] StopInfo describeStop() const;
    std::unique_ptr<Impl> m_impl;
};

/// The LLDB version liblldb reports ("lldb version 22.1.8"), for diagnostics.
std::string lldbVersion();

}  // namespace lambdadesk::debugger
