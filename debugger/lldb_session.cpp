// SPDX-License-Identifier: MIT
#include "lldb_session_impl.h"

#include "output_fifos.h"

#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <cstring>
#include <optional>
#include <string_view>

#ifndef LAMBDADESK_LLDB_SERVER
#define LAMBDADESK_LLDB_SERVER "/usr/lib/llvm-22/bin/lldb-server"
#endif

namespace lambdadesk::debugger {
namespace {

void initializeLldbOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // Debian renames the server lldb looks for and liblldb searches beside itself, not on PATH;
        // without this every local launch fails (docs/debugging.md). A user's own setting wins.
        ::setenv("LLDB_DEBUGSERVER_PATH", LAMBDADESK_LLDB_SERVER, 0);
        lldb::SBDebugger::Initialize();
    });
}

StopReason classify(lldb::StopReason reason, int signal)
{
    switch (reason) {
    case lldb::eStopReasonBreakpoint: return StopReason::Breakpoint;
    case lldb::eStopReasonPlanComplete:
    case lldb::eStopReasonTrace: return StopReason::Step;
    case lldb::eStopReasonException: return StopReason::Exception;
    case lldb::eStopReasonSignal:
        if (signal == SIGSTOP || signal == SIGINT)
            return StopReason::Pause;
        // An uncaught C++ exception ends in std::terminate → abort().
        return signal == SIGABRT ? StopReason::Exception : StopReason::Signal;
    default: return StopReason::Other;
    }
}

/// A library of the system (libc, libstdc++, the dynamic loader), not the function's own code.
bool isSystemModule(lldb::SBModule module)
{
    char path[4096] = {};
    if (!module.IsValid() || module.GetFileSpec().GetPath(path, sizeof path) == 0)
        return false;
    const std::string_view file(path);
    for (const std::string_view system : {"/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/libexec/"}) {
        if (file.starts_with(system))
            return true;
    }
    return false;
}

bool isStopReason(lldb::StopReason reason)
{
    return reason != lldb::eStopReasonNone && reason != lldb::eStopReasonInvalid &&
           reason != lldb::eStopReasonThreadExiting;
}

}  // namespace

std::string lldbVersion()
{
    initializeLldbOnce();
    return lldb::SBDebugger::GetVersionString();
}

LldbSession::LldbSession() : m_impl(std::make_unique<Impl>()) {}

LldbSession::~LldbSession()
{
    m_impl->quit = true;
    if (m_impl->eventThread.joinable()) {
        // The last reference may go on the event thread itself (from an observer callback).
        if (m_impl->eventThread.get_id() == std::this_thread::get_id())
            m_impl->eventThread.detach();
        else
            m_impl->eventThread.join();
    }
    std::lock_guard lock(m_impl->api);
    if (m_impl->process.IsValid()) {
        const auto state = m_impl->process.GetState();
        if (state != lldb::eStateExited && state != lldb::eStateDetached && state != lldb::eStateInvalid)
            m_impl->process.Kill();
    }
    lldb::SBDebugger::Destroy(m_impl->debugger);
}

core::Expected<std::shared_ptr<DebugSession>> LldbSession::launch(const core::LaunchSpec& spec,
                                                                   const std::vector<BreakpointSpec>& breakpoints,
                                                                   std::shared_ptr<DebugObserver> observer,
                                                                   const SessionOptions& options,
                                                                   core::LaunchedProcess& launched)
{
    if (spec.argv.empty())
        return core::Error{"Runtime.InvalidEntrypoint", "nothing to launch"};
    initializeLldbOnce();
    auto fifos = OutputFifos::create();
    if (!fifos)
        return fifos.error();

    std::shared_ptr<LldbSession> session(new LldbSession());
    Impl& impl = *session->m_impl;
    impl.id = nextSessionId();
    impl.functionName = spec.functionName;
    impl.observer = std::move(observer);
    impl.stateChanged = spec.debugStateChanged;
    impl.specs = breakpoints;

    std::lock_guard lock(impl.api);
    impl.createDebugger(options);

    if (!options.platformUrl.empty()) {
        lldb::SBPlatform platform("remote-linux");
        lldb::SBPlatformConnectOptions connect(options.platformUrl.c_str());
        auto connected = platform.ConnectRemote(connect);
        if (connected.Fail())
            return core::Error{"Debugger.ConnectFailed",
                               "cannot reach the lldb-server platform at " + options.platformUrl + ": " +
                                   (connected.GetCString() ? connected.GetCString() : "unknown error") +
                                   " (start it with: lldb-server platform --server --listen 127.0.0.1:PORT "
                                   "--gdbserver-port PORT2)"};
        impl.debugger.SetSelectedPlatform(platform);
    }

    lldb::SBError error;
    impl.target = impl.debugger.CreateTarget(spec.argv[0].c_str(), nullptr, nullptr, true, error);
    if (!impl.target.IsValid())
        return core::Error{"Debugger.LaunchFailed", "LLDB cannot load " + spec.argv[0] + ": " +
                                                        (error.GetCString() ? error.GetCString() : "invalid target")};
    impl.applyBreakpoints();

    std::vector<const char*> argv;
    for (std::size_t i = 1; i < spec.argv.size(); ++i)
        argv.push_back(spec.argv[i].c_str());
    argv.push_back(nullptr);
    std::vector<const char*> envp;
    for (const auto& entry : spec.env)
        envp.push_back(entry.c_str());
    envp.push_back(nullptr);

    impl.listener = lldb::SBListener("lambdadesk.debug-session");
    impl.target.GetBroadcaster().AddListener(impl.listener, lldb::SBTarget::eBroadcastBitBreakpointChanged);
    lldb::SBLaunchInfo info(argv.data());
    info.SetListener(impl.listener);
    info.SetEnvironmentEntries(envp.data(), false);
    info.SetWorkingDirectory(spec.workingDir.c_str());
    // Its own process group, as a plain spawn: the environment signals the whole group.
    info.SetLaunchFlags(lldb::eLaunchFlagLaunchInSeparateProcessGroup);
    info.AddOpenFileAction(0, "/dev/null", true, false);
    info.AddOpenFileAction(1, fifos->stdoutPath().c_str(), false, true);
    info.AddOpenFileAction(2, fifos->stderrPath().c_str(), false, true);
    impl.process = impl.target.Launch(info, error);
    if (error.Fail() || !impl.process.IsValid())
        return core::Error{"Debugger.LaunchFailed", "LLDB could not start " + spec.argv[0] + " in " +
                                                        spec.workingDir.string() + ": " +
                                                        (error.GetCString() ? error.GetCString() : "unknown error")};
    impl.pid = static_cast<int>(impl.process.GetProcessID());
    fifos->processAttached();

    impl.ignoreHousekeepingSignals();

    launched.pid = impl.pid;
    launched.stdoutFd = std::move(fifos->stdoutRead);
    launched.stderrFd = std::move(fifos->stderrRead);
    launched.pidFd = core::UniqueFd(static_cast<int>(::syscall(SYS_pidfd_open, impl.pid, 0)));
    if (!launched.pidFd.valid()) {
        impl.process.Kill();
        return core::Error{"ServiceException", "pidfd_open: " + std::string(std::strerror(errno))};
    }
    launched.debugTimeCap = options.timeCap;
    launched.exitStatus = [session] { return session->waitForExitStatus(std::chrono::seconds(2)); };
    session->startEventThread();
    if (impl.observer)
        impl.observer->sessionStarted(session);
    return std::shared_ptr<DebugSession>(session);
}

core::Expected<std::shared_ptr<DebugSession>> LldbSession::attach(
    int pid, const std::string& functionName, std::function<void(bool, const std::string&)> stateChanged,
    const std::vector<BreakpointSpec>& breakpoints, std::shared_ptr<DebugObserver> observer,
    const SessionOptions& options)
{
    initializeLldbOnce();
    std::error_code ec;
    // The program's own file, so breakpoints resolve against its debug info before the attach stops it.
    const auto program = std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec);
    if (ec)
        return core::Error{"Debugger.AttachFailed", "no process " + std::to_string(pid) + " to attach to (" +
                                                        ec.message() + ")"};
    std::shared_ptr<LldbSession> session(new LldbSession());
    Impl& impl = *session->m_impl;
    impl.id = nextSessionId();
    impl.functionName = functionName;
    impl.observer = std::move(observer);
    impl.stateChanged = std::move(stateChanged);
    impl.specs = breakpoints;

    std::lock_guard lock(impl.api);
    impl.createDebugger(options);
    lldb::SBError error;
    impl.target = impl.debugger.CreateTarget(program.c_str(), nullptr, nullptr, true, error);
    if (!impl.target.IsValid())
        return core::Error{"Debugger.AttachFailed", "LLDB cannot load " + program.string() + ": " +
                                                        (error.GetCString() ? error.GetCString() : "invalid target")};
    impl.applyBreakpoints();
    impl.listener = lldb::SBListener("lambdadesk.debug-session");
    impl.target.GetBroadcaster().AddListener(impl.listener, lldb::SBTarget::eBroadcastBitBreakpointChanged);
    impl.process = impl.target.AttachToProcessWithID(impl.listener, static_cast<lldb::pid_t>(pid), error);
    if (error.Fail() || !impl.process.IsValid())
        return core::Error{"Debugger.AttachFailed",
                           "LLDB could not attach to process " + std::to_string(pid) + " of " + functionName + ": " +
                               (error.GetCString() ? error.GetCString() : "unknown error") +
                               " (attaching needs ptrace rights over the process: root, or kernel.yama.ptrace_scope "
                               "0; otherwise put the function in debug mode so it starts under LLDB)"};
    impl.pid = pid;
    impl.ignoreHousekeepingSignals();
    // An asynchronous attach returns with the process stopped and sends no stopped event (debugging.md §2.2):
    // it is not a stop the user asked for, so it runs on at once.
    impl.process.Continue();
    session->startEventThread();
    if (impl.observer)
        impl.observer->sessionStarted(session);
    return std::shared_ptr<DebugSession>(session);
}

void LldbSession::Impl::createDebugger(const SessionOptions& options)
{
    debugger = lldb::SBDebugger::Create(false);  // no ~/.lldbinit: a user's settings must not change results
    debugger.SetAsync(true);
    lldb::SBCommandReturnObject ignored;
    // A busy machine (a build, traffic) can delay lldb-server's answers past the default packet timeout.
    debugger.GetCommandInterpreter().HandleCommand("settings set plugin.process.gdb-remote.packet-timeout 30",
                                                   ignored);
    // Modules load one after another: with two sessions launching at once, LLDB's parallel module loading left
    // both waiting on its shared thread pool, whose two workers (two cores) were blocked on each other's locks
    // (seen in the app under CPU load: the engine thread waited on the launch for ever).
    debugger.GetCommandInterpreter().HandleCommand("settings set target.parallel-module-load false", ignored);
    for (const auto& [from, to] : options.sourceMap)
        debugger.GetCommandInterpreter().HandleCommand(
            ("settings append target.source-map \"" + from + "\" \"" + to + "\"").c_str(), ignored);
}

void LldbSession::Impl::ignoreHousekeepingSignals()
{
    auto signals = process.GetUnixSignals();
    for (int signal : {SIGTERM, SIGPIPE, SIGCHLD, SIGWINCH}) {
        signals.SetShouldStop(signal, false);
        signals.SetShouldNotify(signal, false);
    }
}

void LldbSession::startEventThread()
{
    std::weak_ptr<LldbSession> weak = std::static_pointer_cast<LldbSession>(shared_from_this());
    m_impl->eventThread = std::thread([weak] {
        while (true) {
            auto self = weak.lock();
            if (!self || self->m_impl->quit)
                return;
            Impl& impl = *self->m_impl;
            lldb::SBEvent event;
            self.reset();  // do not keep the session alive while waiting
            if (!impl.listener.WaitForEvent(1, event))
                continue;
            self = weak.lock();
            if (!self)
                return;
            self->handleEvent(event);
        }
    });
}

void LldbSession::handleEvent(lldb::SBEvent& event)
{
    Impl& impl = *m_impl;
    auto self = shared_from_this();
    if (lldb::SBBreakpoint::EventIsBreakpointEvent(event)) {
        const auto type = lldb::SBBreakpoint::GetBreakpointEventTypeFromEvent(event);
        if (type & (lldb::eBreakpointEventTypeLocationsAdded | lldb::eBreakpointEventTypeLocationsResolved)) {
            const auto states = breakpointStates();
            if (impl.observer)
                impl.observer->breakpointsResolved(self, states);
        }
        return;
    }
    if (!lldb::SBProcess::EventIsProcessEvent(event) ||
        !(event.GetType() & lldb::SBProcess::eBroadcastBitStateChanged))
        return;
    const auto state = lldb::SBProcess::GetStateFromEvent(event);
    switch (state) {
    case lldb::eStateStopped: {
        // A conditional breakpoint whose condition was false stops and restarts: not a stop.
        if (lldb::SBProcess::GetRestartedFromEvent(event))
            return;
        StopInfo stop = describeStop();
        impl.stopped = true;
        if (impl.stateChanged)
            impl.stateChanged(true, std::filesystem::path(stop.frame.file).filename().string() + ':' +
                                        std::to_string(stop.frame.line) + " in " + stop.frame.function);
        if (impl.observer)
            impl.observer->stopped(self, stop);
        return;
    }
    case lldb::eStateRunning:
    case lldb::eStateStepping:
        if (!impl.stopped.exchange(false))
            return;
        if (impl.stateChanged)
            impl.stateChanged(false, {});
        if (impl.observer)
            impl.observer->resumed(self);
        return;
    case lldb::eStateExited:
    case lldb::eStateCrashed:
    case lldb::eStateDetached: {
        std::string how;
        {
            std::lock_guard lock(impl.api);
            const int code = impl.process.GetExitStatus();
            const char* description = impl.process.GetExitDescription();
            how = description && *description ? description : "exited with status " + std::to_string(code);
            // LLDB reports a death by signal as its number with a description naming the signal.
            const bool bySignal = description && std::strstr(description, "signal") != nullptr;
            std::lock_guard exitLock(impl.exitMutex);
            impl.exitStatus = bySignal ? (code & 0x7f) : ((code & 0xff) << 8);
        }
        impl.exitChanged.notify_all();
        impl.quit = true;
        if (impl.stopped.exchange(false) && impl.stateChanged)
            impl.stateChanged(false, {});
        impl.stateChanged = nullptr;  // nothing more to tell the environment, which may soon be gone
        if (impl.observer)
            impl.observer->sessionEnded(self, how);
        return;
    }
    default:
        return;
    }
}

StopInfo LldbSession::describeStop() const
{
    std::lock_guard lock(m_impl->api);
    StopInfo stop;
    auto& process = m_impl->process;
    lldb::SBThread thread = process.GetSelectedThread();
    for (std::uint32_t i = 0; i < process.GetNumThreads(); ++i) {
        auto candidate = process.GetThreadAtIndex(i);
        if (isStopReason(candidate.GetStopReason())) {
            thread = candidate;
            break;
        }
    }
    if (!thread.IsValid())
        return stop;
    process.SetSelectedThread(thread);
    const auto reason = thread.GetStopReason();
    const int signal = reason == lldb::eStopReasonSignal ? static_cast<int>(thread.GetStopReasonDataAtIndex(0)) : 0;
    stop.reason = classify(reason, signal);
    stop.threadId = thread.GetThreadID();
    char description[256] = {};
    thread.GetStopDescription(description, sizeof description);
    stop.description = description;
    if (reason == lldb::eStopReasonBreakpoint) {
        const auto hit = static_cast<lldb::break_id_t>(thread.GetStopReasonDataAtIndex(0));
        for (const auto& [specId, lldbId] : m_impl->breakpointIds) {
            if (lldbId == hit)
                stop.breakpointSpecId = specId;
        }
    }
    // The innermost frame with source in the function's own code: an abort() or a crash inside libc is shown where
    // the function called it. The system's libraries count as not its own even when their debug symbols are
    // installed (Debian's libc6-dbg gives pthread_kill.c lines, which would otherwise win); failing that, the
    // innermost frame with source at all.
    std::optional<lldb::SBFrame> withSource;
    for (std::uint32_t i = 0; i < thread.GetNumFrames(); ++i) {
        auto frame = thread.GetFrameAtIndex(i);
        if (!frame.GetLineEntry().IsValid() || frame.GetLineEntry().GetLine() == 0)
            continue;
        if (!withSource)
            withSource = frame;
        if (!isSystemModule(frame.GetModule())) {
            withSource = frame;
            break;
        }
    }
    if (withSource)
        stop.frame = describeFrame(*withSource);
    if (stop.frame.function.empty() && thread.GetNumFrames() > 0) {
        auto top = thread.GetFrameAtIndex(0);
        stop.frame = describeFrame(top);
    }
    return stop;
}

int LldbSession::id() const { return m_impl->id; }
int LldbSession::pid() const { return m_impl->pid; }
const std::string& LldbSession::functionName() const { return m_impl->functionName; }
bool LldbSession::isStopped() const { return m_impl->stopped; }

bool LldbSession::hasEnded() const
{
    std::lock_guard lock(m_impl->exitMutex);
    return m_impl->exitStatus.has_value();
}

int LldbSession::waitForExitStatus(std::chrono::milliseconds patience) const
{
    std::unique_lock lock(m_impl->exitMutex);
    m_impl->exitChanged.wait_for(lock, patience, [&] { return m_impl->exitStatus.has_value(); });
    // The pidfd said it is gone but the debugger has not: it was killed (SIGKILL) under our feet.
    return m_impl->exitStatus.value_or(SIGKILL);
}

void LldbSession::continueRun()
{
    std::lock_guard lock(m_impl->api);
    m_impl->process.Continue();
}

void LldbSession::pause()
{
    std::lock_guard lock(m_impl->api);
    m_impl->process.Stop();
}

void LldbSession::stepOver(std::uint64_t threadId)
{
    std::lock_guard lock(m_impl->api);
    m_impl->process.GetThreadByID(threadId).StepOver(lldb::eOnlyDuringStepping);
}

void LldbSession::stepInto(std::uint64_t threadId)
{
    std::lock_guard lock(m_impl->api);
    m_impl->process.GetThreadByID(threadId).StepInto(lldb::eOnlyDuringStepping);
}

void LldbSession::stepOut(std::uint64_t threadId)
{
    std::lock_guard lock(m_impl->api);
    m_impl->process.GetThreadByID(threadId).StepOut();
}

core::Expected<void> LldbSession::runToLine(const std::string& file, int line)
{
    std::lock_guard lock(m_impl->api);
    lldb::SBFileSpecList modules;
    auto breakpoint = m_impl->target.BreakpointCreateByLocation(lldb::SBFileSpec(file.c_str(), false),
                                                                static_cast<std::uint32_t>(line), 0, 0, modules,
                                                                false);
    if (breakpoint.GetNumResolvedLocations() == 0) {
        m_impl->target.BreakpointDelete(breakpoint.GetID());
        return core::Error{"Debugger.NoCode", "no code at " + file + ':' + std::to_string(line) +
                                                  " (pick a line with a statement)"};
    }
    breakpoint.SetOneShot(true);
    m_impl->process.Continue();
    return {};
}

void LldbSession::kill()
{
    std::lock_guard lock(m_impl->api);
    m_impl->process.Kill();
}

std::vector<BreakpointState> LldbSession::setBreakpoints(const std::vector<BreakpointSpec>& breakpoints)
{
    std::lock_guard lock(m_impl->api);
    m_impl->specs = breakpoints;
    m_impl->applyBreakpoints();
    return m_impl->statesLocked();
}

std::vector<BreakpointState> LldbSession::breakpointStates() const
{
    std::lock_guard lock(m_impl->api);
    return m_impl->statesLocked();
}

void LldbSession::Impl::applyBreakpoints()
{
    for (const auto& [specId, lldbId] : breakpointIds)
        target.BreakpointDelete(lldbId);
    breakpointIds.clear();
    for (const auto& spec : specs) {
        lldb::SBBreakpoint breakpoint;
        if (!spec.file.empty()) {
            lldb::SBFileSpecList modules;
            // No moving to the nearest line with code: a breakpoint on a comment is reported unresolved
            // rather than silently stopping somewhere else.
            breakpoint = target.BreakpointCreateByLocation(lldb::SBFileSpec(spec.file.c_str(), false),
                                                           static_cast<std::uint32_t>(spec.line), 0, 0, modules,
                                                           false);
        } else {
            breakpoint = target.BreakpointCreateByName(spec.function.c_str());
        }
        if (!breakpoint.IsValid())
            continue;
        if (!spec.condition.empty())
            breakpoint.SetCondition(spec.condition.c_str());
        if (spec.hitCount > 1)
            breakpoint.SetIgnoreCount(static_cast<std::uint32_t>(spec.hitCount - 1));
        breakpoint.SetEnabled(spec.enabled);
        breakpoint.AddName("lambdadesk");
        breakpointIds[spec.id] = breakpoint.GetID();
    }
}

std::vector<BreakpointState> LldbSession::Impl::statesLocked() const
{
    std::vector<BreakpointState> states;
    for (const auto& spec : specs) {
        BreakpointState state;
        state.specId = spec.id;
        const auto found = breakpointIds.find(spec.id);
        auto breakpoint = found == breakpointIds.end() ? lldb::SBBreakpoint()
                                                       : const_cast<lldb::SBTarget&>(target).FindBreakpointByID(found->second);
        if (breakpoint.IsValid()) {
            // A disabled breakpoint has its locations but no site in the process (LLDB counts it unresolved): it
            // is placed all the same, and would stop once enabled — not "no code".
            state.locations = static_cast<int>(spec.enabled ? breakpoint.GetNumResolvedLocations()
                                                            : breakpoint.GetNumLocations());
            state.hits = static_cast<int>(breakpoint.GetHitCount());
            state.verified = state.locations > 0;
            if (state.verified) {
                auto address = breakpoint.GetLocationAtIndex(0).GetAddress();
                auto entry = address.GetLineEntry();
                char path[4096] = {};
                entry.GetFileSpec().GetPath(path, sizeof path);
                state.resolvedFile = path;
                state.resolvedLine = static_cast<int>(entry.GetLine());
            }
        }
        if (!state.verified)
            state.message = !spec.file.empty()
                                ? "no code at " + spec.label() + " in the loaded program (a comment, a blank line, "
                                  "or a file that is not part of this function's build)"
                                : "no function named " + spec.function + " in the loaded program";
        states.push_back(state);
    }
    return states;
}

}  // namespace lambdadesk::debugger
