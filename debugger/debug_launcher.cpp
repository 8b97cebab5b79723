// SPDX-License-Identifier: MIT
#include "debug_launcher.h"
#include "lldb_session.h"
#include "node_session.h"
#include "python_session.h"
#include "script_launch.h"

#include <signal.h>

#include <algorithm>
#include <future>
#include <optional>

namespace lambdadesk::debugger {

bool debuggableRuntime(std::string_view runtime)
{
    // The launcher picks the debugger by the runtime loop a launch starts (scriptRuntimeOf), LLDB otherwise;
    // these are the runtimes core's runtime catalog starts at all.
    return runtime.starts_with("provided") || runtime.starts_with("python3") || runtime.starts_with("nodejs");
}

// Forwards to the user's observer and forgets sessions whose process ended.
class DebugLauncher::Tracker final : public DebugObserver {
public:
    Tracker(std::weak_ptr<DebugLauncher> launcher, std::shared_ptr<DebugObserver> observer)
        : m_launcher(std::move(launcher)), m_observer(std::move(observer))
    {
    }
    void sessionStarted(const std::shared_ptr<DebugSession>& session) override
    {
        if (m_observer)
            m_observer->sessionStarted(session);
    }
    void stopped(const std::shared_ptr<DebugSession>& session, const StopInfo& stop) override
    {
        if (m_observer)
            m_observer->stopped(session, stop);
    }
    void resumed(const std::shared_ptr<DebugSession>& session) override
    {
        if (m_observer)
            m_observer->resumed(session);
    }
    void breakpointsResolved(const std::shared_ptr<DebugSession>& session,
                             const std::vector<BreakpointState>& states) override
    {
        if (m_observer)
            m_observer->breakpointsResolved(session, states);
    }
    void sessionEnded(const std::shared_ptr<DebugSession>& session, const std::string& how) override
    {
        if (m_observer)
            m_observer->sessionEnded(session, how);
        if (auto launcher = m_launcher.lock())
            launcher->ended(session);
    }

private:
    std::weak_ptr<DebugLauncher> m_launcher;
    std::shared_ptr<DebugObserver> m_observer;
};

DebugLauncher::DebugLauncher(std::shared_ptr<BreakpointBook> breakpoints, std::shared_ptr<DebugObserver> observer,
                             std::shared_ptr<core::EnvironmentLauncher> plain)
    : m_breakpoints(std::move(breakpoints)), m_observer(std::move(observer)), m_plain(std::move(plain)),
      m_launchThread([this] { runLaunches(); })
{
}

DebugLauncher::~DebugLauncher()
{
    {
        std::lock_guard lock(m_jobsMutex);
        m_quit = true;
    }
    m_jobsChanged.notify_all();
    m_launchThread.join();
}

void DebugLauncher::runLaunches()
{
    std::unique_lock lock(m_jobsMutex);
    while (true) {
        m_jobsChanged.wait(lock, [this] { return m_quit || !m_jobs.empty(); });
        if (m_jobs.empty())
            return;
        auto job = std::move(m_jobs.front());
        m_jobs.pop_front();
        lock.unlock();
        job();
        lock.lock();
    }
}

void DebugLauncher::setDebugged(const std::string& function, bool debugged)
{
    std::lock_guard lock(m_mutex);
    if (debugged)
        m_debugged.insert(function);
    else
        m_debugged.erase(function);
}

bool DebugLauncher::isDebugged(const std::string& function) const
{
    std::lock_guard lock(m_mutex);
    return m_debugged.count(function) > 0;
}

void DebugLauncher::setSessionOptions(SessionOptions options)
{
    std::lock_guard lock(m_mutex);
    m_options = std::move(options);
}

void DebugLauncher::setExceptionStops(ExceptionStops stops)
{
    std::lock_guard lock(m_mutex);
    m_options.exceptions = stops;
}

core::Expected<core::LaunchedProcess> DebugLauncher::launch(const core::LaunchSpec& spec)
{
    SessionOptions options;
    std::shared_ptr<Tracker> tracker;
    {
        std::lock_guard lock(m_mutex);
        if (!m_debugged.count(spec.functionName)) {
            auto process = m_plain->launch(spec);
            if (process) {
                std::erase_if(m_plainProcesses, [](const auto& entry) { return ::kill(entry.first, 0) != 0; });
                m_plainProcesses[process->pid] = PlainProcess{spec.functionName, spec.debugStateChanged};
            }
            return process;
        }
        tracker = trackerLocked();
        options = m_options;
    }
    core::LaunchedProcess process;
    std::optional<core::Expected<std::shared_ptr<DebugSession>>> session;
    onLaunchThread([&] {
        switch (scriptRuntimeOf(spec)) {
        case ScriptRuntime::Python:
            session.emplace(PythonSession::launch(spec, *m_plain, m_breakpoints->all(), tracker, options, process));
            break;
        case ScriptRuntime::Node:
            session.emplace(NodeSession::launch(spec, *m_plain, m_breakpoints->all(), tracker, options, process));
            break;
        case ScriptRuntime::None:
            session.emplace(LldbSession::launch(spec, m_breakpoints->all(), tracker, options, process));
            break;
        }
    });
    if (!*session)
        return session->error();
    auto& launched = **session;
    std::lock_guard lock(m_mutex);
    if (!launched->hasEnded())
        m_sessions.push_back(launched);
    return process;
}

core::Expected<std::shared_ptr<DebugSession>> DebugLauncher::attach(int pid)
{
    PlainProcess plain;
    SessionOptions options;
    std::shared_ptr<Tracker> tracker;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& session : m_sessions) {
            if (session->pid() == pid)
                return core::Error{"Debugger.AlreadyDebugged", "process " + std::to_string(pid) + " of " +
                                                                   session->functionName() +
                                                                   " is already under the debugger"};
        }
        const auto found = m_plainProcesses.find(pid);
        if (found == m_plainProcesses.end() || ::kill(pid, 0) != 0)
            return core::Error{"Debugger.NotAnEnvironment",
                               "process " + std::to_string(pid) +
                                   " is not a running environment this engine started (attach to one of the "
                                   "timeline's environments)"};
        plain = found->second;
        tracker = trackerLocked();
        options = m_options;
    }
    std::optional<core::Expected<std::shared_ptr<DebugSession>>> session;
    onLaunchThread([&] {
        session.emplace(LldbSession::attach(pid, plain.functionName, plain.debugStateChanged, m_breakpoints->all(),
                                             tracker, options));
    });
    if (!*session)
        return session->error();
    std::lock_guard lock(m_mutex);
    if (!(**session)->hasEnded())
        m_sessions.push_back(**session);
    return *session;
}

std::shared_ptr<DebugLauncher::Tracker> DebugLauncher::trackerLocked()
{
    if (!m_tracker)
        m_tracker = std::make_shared<Tracker>(weak_from_this(), m_observer);
    return m_tracker;
}

void DebugLauncher::onLaunchThread(const std::function<void()>& job)
{
    std::promise<void> done;
    auto finished = done.get_future();
    {
        std::lock_guard lock(m_jobsMutex);
        m_jobs.emplace_back([&] {
            job();
            done.set_value();
        });
    }
    m_jobsChanged.notify_all();
    finished.wait();
}

std::vector<std::shared_ptr<DebugSession>> DebugLauncher::sessions() const
{
    std::lock_guard lock(m_mutex);
    return m_sessions;
}

void DebugLauncher::applyBreakpoints()
{
    const auto specs = m_breakpoints->all();
    for (const auto& session : sessions()) {
        const auto states = session->setBreakpoints(specs);
        if (m_observer)
            m_observer->breakpointsResolved(session, states);
    }
}

void DebugLauncher::ended(const std::shared_ptr<DebugSession>& session)
{
    std::lock_guard lock(m_mutex);
    std::erase(m_sessions, session);
}

}  // namespace lambdadesk::debugger
