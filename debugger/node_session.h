// SPDX-License-Identifier: MIT
#pragma once

#include "script_session.h"

#include "runtime/environment_launcher.h"

#include <nlohmann/json.hpp>

#include <map>

namespace lambdadesk::debugger {

class CdpClient;

/// A Node function's process under the V8 inspector, spoken to over the Chrome DevTools Protocol
/// (docs/debugging.md). The bundled runtime loop starts through debug_entry.js and waits for the breakpoints;
/// the loop and Node's internals are blackboxed, so steps and the stack stay in the user's code. Lines are
/// 1-based here and 0-based on the wire.
class NodeSession final : public ScriptSession {
public:
    /// Starts spec's process through `plain` with the inspector and `breakpoints` set before INIT runs.
    static core::Expected<std::shared_ptr<DebugSession>> launch(const core::LaunchSpec& spec,
                                                                core::EnvironmentLauncher& plain,
                                                                const std::vector<BreakpointSpec>& breakpoints,
                                                                std::shared_ptr<DebugObserver> observer,
                                                                const SessionOptions& options,
                                                                core::LaunchedProcess& process);
    ~NodeSession() override;

    [[nodiscard]] std::string engineName() const override { return "Node inspector"; }

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
    NodeSession(int pid, const core::LaunchSpec& spec, std::shared_ptr<DebugObserver> observer,
                ExceptionStops exceptions);
    void handleEvent(const std::string& method, const nlohmann::json& params);
    void paused(const nlohmann::json& params);
    std::vector<BreakpointState> applyBreakpoints() override;
    /// Resumes for a reason of LambdaDesk's own (a hit count not reached, an exception outside the user's code).
    void resumeQuietly();
    void resume(const char* method, bool stepping);
    /// The user's frames of the current stop: not Node's internals, not the runtime loop.
    [[nodiscard]] std::vector<nlohmann::json> userFrames() const;
    [[nodiscard]] bool isUserUrl(const std::string& url) const;
    [[nodiscard]] std::string urlOf(const nlohmann::json& frame) const;

    std::unique_ptr<CdpClient> m_client;
    const ExceptionStops m_exceptions;
    const std::string m_loopUrlPrefix;  ///< file:// URL of the runtime loop's folder
    std::map<std::string, int> m_cdpToSpec;         ///< CDP breakpointId → the user's (under m_stateMutex)
    std::map<int, BreakpointState> m_stateById;     ///< under m_stateMutex
    std::map<std::string, std::string> m_scripts;   ///< scriptId → URL (under m_stateMutex)
    mutable std::mutex m_pauseMutex;
    nlohmann::json m_callFrames = nlohmann::json::array();  ///< of the current stop
    bool m_stepping = false;
    bool m_pausing = false;
};

}  // namespace lambdadesk::debugger
