// SPDX-License-Identifier: MIT
#pragma once

#include "script_session.h"

#include "runtime/environment_launcher.h"

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <set>

namespace lambdadesk::debugger {

class DapClient;

/// A Python function's process under debugpy, with LambdaDesk as the DAP client (docs/debugging.md). The
/// bundled runtime loop starts through debug_entry.py, waits for the breakpoints, and its own frames are
/// hidden from the user's stack (justMyCode with the loop's folder excluded).
class PythonSession final : public ScriptSession {
public:
    /// Starts spec's process through `plain` under debugpy with `breakpoints` set before INIT runs.
    static core::Expected<std::shared_ptr<DebugSession>> launch(const core::LaunchSpec& spec,
                                                                core::EnvironmentLauncher& plain,
                                                                const std::vector<BreakpointSpec>& breakpoints,
                                                                std::shared_ptr<DebugObserver> observer,
                                                                const SessionOptions& options,
                                                                core::LaunchedProcess& process);
    ~PythonSession() override;

    [[nodiscard]] std::string engineName() const override { return "debugpy"; }

    void continueRun() override;
    void pause() override;
    void stepOver(std::uint64_t threadId) override;
    void stepInto(std::uint64_t threadId) override;
    void stepOut(std::uint64_t threadId) override;
    core::Expected<void> runToLine(const std::string& file, int line) override;

    [[nodiscard]] std::vector<ThreadInfo> threads() const override;
    [[nodiscard]] std::vector<FrameInfo> frames(std::uint64_t threadId) const override;
    [[nodiscard]] std::vector<VariableInfo> variables(std::uint64_t threadId, int frame,
                                                      const std::string& scope) const override;
    [[nodiscard]] std::vector<VariableInfo> children(std::uint64_t threadId, int frame,
                                                     const std::string& path) const override;
    [[nodiscard]] EvalResult evaluate(std::uint64_t threadId, int frame, const std::string& expression) const override;

private:
    PythonSession(int pid, const core::LaunchSpec& spec, std::shared_ptr<DebugObserver> observer,
                  ExceptionStops exceptions);
    void handleEvent(const std::string& event, const nlohmann::json& body);
    /// Sends every breakpoint (and a pending run-to-line one) to debugpy and records what it made of them.
    std::vector<BreakpointState> applyBreakpoints() override;
    void sendExceptionFilters();
    void resumed(const char* command, std::uint64_t threadId);
    [[nodiscard]] StopInfo describeStop(const nlohmann::json& body);
    /// DAP's frame id for frame `index` of the user's stack of `threadId` (0 when there is none).
    [[nodiscard]] long long frameId(std::uint64_t threadId, int index) const;

    std::unique_ptr<DapClient> m_client;
    const ExceptionStops m_exceptions;
    const std::filesystem::path m_loopDir;
    std::map<int, int> m_dapToSpec;            ///< debugpy's breakpoint id → the user's
    std::set<std::string> m_filesWithBreakpoints;  ///< so a file that loses its last one is cleared
    std::optional<std::pair<std::string, int>> m_runTo;
    mutable std::mutex m_framesMutex;
    mutable std::map<std::uint64_t, std::vector<long long>> m_frameIds;  ///< per stop: the user's frames' ids
};

}  // namespace lambdadesk::debugger
