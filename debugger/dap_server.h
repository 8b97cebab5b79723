// SPDX-License-Identifier: MIT
#pragma once

#include "breakpoint_book.h"
#include "debug_launcher.h"
#include "debug_observer.h"
#include "telemetry/event_stream.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace lambdadesk::debugger {

/// What the DAP server needs of the engine, without depending on it.
struct DapServerHooks {
    /// The project's function names, for attach's errors.
    std::function<std::vector<std::string>()> functionNames;
    /// Restarts a function's environments so the next ones start under (or without) the debugger; false when
    /// there is no such function.
    std::function<bool(const std::string&)> reloadFunction;
    /// Optional: the functions an editor has attached to, after every attach and when it leaves (empty).
    /// Called on the server's thread.
    std::function<void(const std::vector<std::string>&)> editorChanged;
};

/// A Debug Adapter Protocol server on 127.0.0.1: an editor (VS Code, nvim-dap, Emacs dap-mode) attaches to a
/// function by name and debugs every environment of it — native, Python or Node — through one port, while
/// LambdaDesk keeps the environments' life and the frozen timeout. One editor at a time.
///
/// It is the launcher's observer: stops become `stopped` events, resolved breakpoints `breakpoint` events.
/// Session threads appear as DAP threads named after their function and process; references (frames,
/// variables) live until the session they belong to runs again, as in lldb-dap. With no editor attached a
/// stop continues at once, so no invocation waits for a debugger that is not there.
class DapServer final : public DebugObserver, public std::enable_shared_from_this<DapServer> {
public:
    /// Listens on 127.0.0.1:port (0: a free port). Call setLauncher() before the first client.
    static core::Expected<std::shared_ptr<DapServer>> start(int port, std::shared_ptr<BreakpointBook> book,
                                                            DapServerHooks hooks);
    ~DapServer() override;
    DapServer(const DapServer&) = delete;
    DapServer& operator=(const DapServer&) = delete;

    /// The launcher whose observer this server is (it cannot be given at construction: the launcher needs
    /// the observer first).
    void setLauncher(std::shared_ptr<DebugLauncher> launcher);
    [[nodiscard]] int port() const { return m_port; }
    /// Whether a stop nobody's editor owns runs on at once (the CLI: nothing else would continue it), or is
    /// left to the other observers (the app, whose Debug dock shows it). Default true.
    void setRunsOnWithoutEditor(bool runsOn);
    /// Closes the listener and the client; the functions it attached leave debug mode.
    void stop();
    /// A line `function` printed: an `output` event when an editor is attached to it.
    void functionOutput(const std::string& function, bool isStderr, const std::string& text);

    void sessionStarted(const std::shared_ptr<DebugSession>& session) override;
    void stopped(const std::shared_ptr<DebugSession>& session, const StopInfo& stop) override;
    void resumed(const std::shared_ptr<DebugSession>& session) override;
    void breakpointsResolved(const std::shared_ptr<DebugSession>& session,
                             const std::vector<BreakpointState>& states) override;
    void sessionEnded(const std::shared_ptr<DebugSession>& session, const std::string& how) override;

private:
    DapServer(int listener, int port, std::shared_ptr<BreakpointBook> book, DapServerHooks hooks);
    void acceptLoop();
    void serve(int client);
    /// Answers one request: the response body, or an error whose message the editor shows.
    core::Expected<nlohmann::json> handle(const std::string& command, const nlohmann::json& arguments);
    void send(nlohmann::json message);
    void sendEvent(const std::string& event, nlohmann::json body = nlohmann::json::object());
    void detachFunctions();

    // Requests, one method each.
    core::Expected<nlohmann::json> attach(const nlohmann::json& arguments);
    core::Expected<nlohmann::json> setBreakpoints(const nlohmann::json& arguments);
    core::Expected<nlohmann::json> setFunctionBreakpoints(const nlohmann::json& arguments);
    core::Expected<nlohmann::json> setExceptionBreakpoints(const nlohmann::json& arguments);
    core::Expected<nlohmann::json> threads();
    core::Expected<nlohmann::json> stackTrace(const nlohmann::json& arguments);
    core::Expected<nlohmann::json> scopes(const nlohmann::json& arguments);
    core::Expected<nlohmann::json> variables(const nlohmann::json& arguments);
    core::Expected<nlohmann::json> evaluate(const nlohmann::json& arguments);
    core::Expected<nlohmann::json> control(const std::string& command, const nlohmann::json& arguments);

    /// A session's thread as the editor sees it.
    struct ThreadRef {
        std::weak_ptr<DebugSession> session;
        std::uint64_t threadId = 0;
    };
    struct FrameRef {
        int thread = 0;  ///< the DAP thread id
        int frame = 0;
    };
    /// A scope ("locals"/"globals") or a variable's path, in a frame.
    struct VariableRef {
        int frameRef = 0;
        bool scope = false;
        std::string text;
    };
    int threadIdFor(const std::shared_ptr<DebugSession>& session, std::uint64_t threadId);
    core::Expected<ThreadRef> threadOf(int dapThread) const;
    core::Expected<std::pair<ThreadRef, FrameRef>> frameOf(int dapFrame) const;
    nlohmann::json describeBreakpoint(const BreakpointSpec& spec) const;
    /// Frames and variables of a session are valid until it runs again.
    void forgetReferences(int sessionId);

    const int m_listener;
    const int m_port;
    std::shared_ptr<BreakpointBook> m_book;
    DapServerHooks m_hooks;
    std::shared_ptr<DebugLauncher> m_launcher;

    std::mutex m_writeMutex;
    mutable std::mutex m_mutex;  ///< everything below
    int m_client = -1;
    int m_seq = 1;
    bool m_linesStartAt1 = true;
    std::set<std::string> m_attached;  ///< functions this client put into debug mode
    std::map<int, ThreadRef> m_threads;
    std::map<int, int> m_threadSession;  ///< DAP thread id → session id
    std::map<int, FrameRef> m_frames;
    std::map<int, VariableRef> m_variables;
    std::map<int, BreakpointState> m_states;  ///< by spec id: what the sessions last made of each
    int m_nextThread = 1;
    int m_nextFrame = 1;
    int m_nextVariable = 1;
    std::thread m_acceptThread;
    bool m_stopping = false;
    bool m_runsOnWithoutEditor = true;
};

/// The engine's telemetry subscriber that hands function output to `server` (for `serve`, whose engine lives
/// as long as the server).
std::shared_ptr<core::EventSink> makeDapOutputSink(std::weak_ptr<DapServer> server);

}  // namespace lambdadesk::debugger
