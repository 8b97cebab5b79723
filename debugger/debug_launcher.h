// SPDX-License-Identifier: MIT
#pragma once

#include "breakpoint_book.h"
#include "debug_observer.h"
#include "debug_session.h"
#include "runtime/environment_launcher.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>

namespace lambdadesk::debugger {

/// Whether debug mode can run a function of `runtime` (its Lambda identifier, e.g. "python3.12"): native
/// (provided*) functions under LLDB, Python under debugpy, Node under the inspector — every runtime the engine runs.
[[nodiscard]] bool debuggableRuntime(std::string_view runtime);

/// Core's EnvironmentLauncher with a debug mode per function: environments of a debugged function start
/// under LLDB with the project's breakpoints already set (so INIT stops too, and every new environment,
/// also after a rebuild or hot reload, gets them without a re-attach); every other function spawns plainly.
class DebugLauncher final : public core::EnvironmentLauncher,
                            public std::enable_shared_from_this<DebugLauncher> {
public:
    DebugLauncher(std::shared_ptr<BreakpointBook> breakpoints, std::shared_ptr<DebugObserver> observer,
                  std::shared_ptr<core::EnvironmentLauncher> plain = core::makeProcessLauncher());
    ~DebugLauncher() override;
    DebugLauncher(const DebugLauncher&) = delete;
    DebugLauncher& operator=(const DebugLauncher&) = delete;

    void setDebugged(const std::string& function, bool debugged);
    [[nodiscard]] bool isDebugged(const std::string& function) const;
    void setSessionOptions(SessionOptions options);
    /// When Python and Node sessions started from now on stop on exceptions.
    void setExceptionStops(ExceptionStops stops);

    core::Expected<core::LaunchedProcess> launch(const core::LaunchSpec& spec) override;

    /// Attaches the debugger to an environment this launcher started plainly (a warm one, not in debug mode),
    /// with the project's breakpoints; its invocation's timeout then pauses while it is stopped, as for a
    /// launched one. Errors name the pid and why (not one of ours, already debugged, no ptrace rights).
    core::Expected<std::shared_ptr<DebugSession>> attach(int pid);

    /// Sessions whose process is alive.
    [[nodiscard]] std::vector<std::shared_ptr<DebugSession>> sessions() const;
    /// The book changed: every live session gets the new set.
    void applyBreakpoints();

private:
    class Tracker;
    void ended(const std::shared_ptr<DebugSession>& session);
    /// Runs `job` on the launch thread and waits for it.
    void onLaunchThread(const std::function<void()>& job);
    std::shared_ptr<Tracker> trackerLocked();

    /// What attach() needs of a plainly started process: whose it is, and its environment's stop hook.
    struct PlainProcess {
        std::string functionName;
        std::function<void(bool, const std::string&)> debugStateChanged;
    };

    std::shared_ptr<BreakpointBook> m_breakpoints;
    std::shared_ptr<DebugObserver> m_observer;
    std::shared_ptr<core::EnvironmentLauncher> m_plain;
    std::shared_ptr<Tracker> m_tracker;
    mutable std::mutex m_mutex;
    std::set<std::string> m_debugged;
    SessionOptions m_options;
    std::vector<std::shared_ptr<DebugSession>> m_sessions;
    std::map<int, PlainProcess> m_plainProcesses;  ///< by pid; pruned of dead ones on every plain launch

    // LLDB launches run on this thread, started with the priority of whoever made the launcher (the GUI thread,
    // nice 0): LLDB's own threads and lldb-server inherit the priority of the thread that launches, and under the
    // engine's background nice (10 in the app) a busy machine starved them until a launch left its process
    // stopped and never reported.
    void runLaunches();
    std::mutex m_jobsMutex;
    std::condition_variable m_jobsChanged;
    std::deque<std::function<void()>> m_jobs;
    bool m_quit = false;
    std::thread m_launchThread;
};

}  // namespace lambdadesk::debugger
