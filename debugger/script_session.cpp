// SPDX-License-Identifier: MIT
#include "script_session.h"

#include "breakpoint_book.h"

#include <signal.h>

#include <algorithm>

namespace lambdadesk::debugger {

std::string stopLocation(const FrameInfo& frame)
{
    return std::filesystem::path(frame.file).filename().string() + ':' + std::to_string(frame.line) + " in " +
           frame.function;
}

ScriptSession::ScriptSession(int pid, std::string functionName, std::filesystem::path codeDir,
                             std::function<void(bool, const std::string&)> stateChanged,
                             std::shared_ptr<DebugObserver> observer)
    : m_codeDir(std::move(codeDir)), m_id(nextSessionId()), m_pid(pid), m_functionName(std::move(functionName)),
      m_stateChanged(std::move(stateChanged)), m_observer(std::move(observer))
{
}

bool ScriptSession::hasEnded() const
{
    std::lock_guard lock(m_endMutex);
    return m_ended.has_value();
}

void ScriptSession::kill()
{
    if (!hasEnded())
        ::kill(-m_pid, SIGKILL);
}

int ScriptSession::waitForExitStatus(std::chrono::milliseconds patience) const
{
    // The environment reaps the process itself (it is its child); this says only whether the debugger saw
    // the end, in the waitpid encoding the native session uses.
    std::unique_lock lock(m_endMutex);
    m_endChanged.wait_for(lock, patience, [&] { return m_ended.has_value(); });
    return m_ended ? 0 : SIGKILL;
}

std::vector<BreakpointState> ScriptSession::breakpointStates() const
{
    std::lock_guard lock(m_stateMutex);
    return m_states;
}

std::vector<BreakpointState> ScriptSession::setBreakpoints(const std::vector<BreakpointSpec>& breakpoints)
{
    {
        std::lock_guard lock(m_stateMutex);
        m_specs = breakpoints;
    }
    return applyBreakpoints();
}

void ScriptSession::announceStarted()
{
    if (m_observer)
        m_observer->sessionStarted(shared_from_this());
}

void ScriptSession::announceStopped(const StopInfo& stop)
{
    m_stopped = true;
    if (m_stateChanged)
        m_stateChanged(true, stopLocation(stop.frame));
    if (m_observer)
        m_observer->stopped(shared_from_this(), stop);
}

void ScriptSession::announceResumed()
{
    if (!m_stopped.exchange(false))
        return;
    if (m_stateChanged)
        m_stateChanged(false, {});
    if (m_observer)
        m_observer->resumed(shared_from_this());
}

void ScriptSession::announceEnded(const std::string& how)
{
    {
        std::lock_guard lock(m_endMutex);
        if (m_ended)
            return;
        m_ended = how;
    }
    m_endChanged.notify_all();
    if (m_stopped.exchange(false) && m_stateChanged)
        m_stateChanged(false, {});
    m_stateChanged = nullptr;  // nothing more to tell the environment, which may soon be gone
    if (m_observer)
        m_observer->sessionEnded(shared_from_this(), how);
}

void ScriptSession::announceBreakpoints(std::vector<BreakpointState> states)
{
    {
        std::lock_guard lock(m_stateMutex);
        m_states = states;
    }
    if (m_observer)
        m_observer->breakpointsResolved(shared_from_this(), states);
}

std::vector<std::filesystem::path> ScriptSession::sourceFilesFor(const BreakpointSpec& spec) const
{
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    const std::filesystem::path asked(spec.file);
    if (asked.is_absolute() && std::filesystem::is_regular_file(asked, ec))
        return {asked.lexically_normal()};
    std::filesystem::recursive_directory_iterator walk(m_codeDir, std::filesystem::directory_options::skip_permission_denied, ec);
    for (; !ec && walk != std::filesystem::recursive_directory_iterator(); walk.increment(ec)) {
        const auto& path = walk->path();
        // Dependencies and caches are not where a user sets breakpoints, and can hold thousands of files.
        const auto name = path.filename().string();
        if (walk->is_directory(ec) && (name == "node_modules" || name == "__pycache__" || name.front() == '.')) {
            walk.disable_recursion_pending();
            continue;
        }
        if (walk->is_regular_file(ec) && namesFile(spec, path.string()))
            files.push_back(path.lexically_normal());
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
        const auto depth = [](const std::filesystem::path& p) { return std::distance(p.begin(), p.end()); };
        return depth(a) != depth(b) ? depth(a) < depth(b) : a < b;
    });
    return files;
}

int ScriptSession::specAt(const std::string& file, int line) const
{
    std::lock_guard lock(m_stateMutex);
    for (const auto& spec : m_specs) {
        if (spec.enabled && !spec.file.empty() && spec.line == line && namesFile(spec, file))
            return spec.id;
    }
    return 0;
}

}  // namespace lambdadesk::debugger
