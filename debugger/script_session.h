// SPDX-License-Identifier: MIT
#pragma once

#include "debug_session.h"

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>

namespace lambdadesk::debugger {

/// What Python and Node sessions share: a process the plain launcher started (the environment reaps it), a
/// debugger reached over a socket, the environment's stop hook, and the breakpoint states last reported.
class ScriptSession : public DebugSession {
public:
    [[nodiscard]] int id() const override { return m_id; }
    [[nodiscard]] int pid() const override { return m_pid; }
    [[nodiscard]] const std::string& functionName() const override { return m_functionName; }
    [[nodiscard]] bool isStopped() const override { return m_stopped; }
    [[nodiscard]] bool hasEnded() const override;
    /// Ends the process group, as the environment would on a timeout.
    void kill() override;
    int waitForExitStatus(std::chrono::milliseconds patience) const override;
    [[nodiscard]] std::vector<BreakpointState> breakpointStates() const override;
    std::vector<BreakpointState> setBreakpoints(const std::vector<BreakpointSpec>& breakpoints) final;

protected:
    ScriptSession(int pid, std::string functionName, std::filesystem::path codeDir,
                  std::function<void(bool, const std::string&)> stateChanged, std::shared_ptr<DebugObserver> observer);

    /// Sends the user's set (m_specs) to the debugger and records what it made of each; one call at a time
    /// (under m_applyMutex).
    virtual std::vector<BreakpointState> applyBreakpoints() = 0;
    void announceStarted();
    /// Tells the environment (its timeout stops counting) and the observer. Call on the session's event thread.
    void announceStopped(const StopInfo& stop);
    /// The process runs again; a no-op when it was not stopped.
    void announceResumed();
    void announceEnded(const std::string& how);
    void announceBreakpoints(std::vector<BreakpointState> states);

    /// The files under the function's code folder that `spec` names (namesFile), nearest first; a spec
    /// with an absolute path that exists names that file only.
    [[nodiscard]] std::vector<std::filesystem::path> sourceFilesFor(const BreakpointSpec& spec) const;
    /// The user's breakpoint a stop at FILE:LINE belongs to, 0 when none.
    [[nodiscard]] int specAt(const std::string& file, int line) const;

    const std::filesystem::path m_codeDir;
    std::mutex m_applyMutex;              ///< one applyBreakpoints at a time
    mutable std::mutex m_stateMutex;      ///< guards m_specs and m_states
    std::vector<BreakpointSpec> m_specs;  ///< the user's set, as last given
    std::vector<BreakpointState> m_states;

private:
    const int m_id;
    const int m_pid;
    const std::string m_functionName;
    std::function<void(bool, const std::string&)> m_stateChanged;
    std::shared_ptr<DebugObserver> m_observer;
    std::atomic<bool> m_stopped{false};
    mutable std::mutex m_endMutex;
    mutable std::condition_variable m_endChanged;
    std::optional<std::string> m_ended;
};

/// "app.py:12 in handler": where a stop is, for the environment's hook and the timeline.
std::string stopLocation(const FrameInfo& frame);

}  // namespace lambdadesk::debugger
