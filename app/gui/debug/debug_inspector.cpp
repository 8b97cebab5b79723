// SPDX-License-Identifier: MIT
#include "debug/debug_inspector.h"

#include "debug/debug_event_relay.h"
#include "debug_launcher.h"
#include "debug_session.h"

namespace lambdadesk::gui {
namespace {

int innermostWithSource(const std::vector<debugger::FrameInfo>& frames)
{
    for (const auto& frame : frames) {
        if (frame.line > 0)
            return frame.index;
    }
    return 0;
}

}  // namespace

DebugInspector::DebugInspector(QObject* parent) : QObject(parent) {}

void DebugInspector::reportWatches(debugger::DebugSession& session, quint64 serial, std::uint64_t threadId,
                                   int frameIndex)
{
    if (m_watches.isEmpty())
        return;
    std::vector<debugger::EvalResult> values;
    values.reserve(static_cast<std::size_t>(m_watches.size()));
    for (const QString& expression : m_watches)
        values.push_back(session.evaluate(threadId, frameIndex, expression.toStdString()));
    Q_EMIT watchesEvaluated(session.id(), serial, threadId, frameIndex, m_watches, values);
}

void DebugInspector::inspectStop(const SessionRef& session, int sessionId, const QString& function,
                                 const debugger::StopInfo& stop, quint64 serial, qint64 stoppedAtNs)
{
    const auto locked = session.lock();
    if (!locked)
        return;
    InspectedFrame frame;
    frame.session = session;
    frame.sessionId = sessionId;
    frame.function = function;
    frame.stopSerial = serial;
    frame.isStop = true;
    frame.stop = stop;
    frame.stoppedAtNs = stoppedAtNs;
    frame.threadId = stop.threadId;
    frame.frameIndex = stop.frame.index;
    frame.locals = locked->variables(stop.threadId, stop.frame.index, "locals");
    frame.hasThreads = true;
    frame.threads = locked->threads();
    frame.hasFrames = true;
    frame.frames = locked->frames(stop.threadId);
    frame.inspectedAtNs = DebugEventRelay::nowNs();
    Q_EMIT inspected(frame);
    // Watches go after the locals: an expression that is not a plain variable goes through LLDB's expression
    // parser (the first one in a process added about 90 ms to this stop in tst_debug_controller), and the
    // locals must not wait for it.
    reportWatches(*locked, serial, stop.threadId, stop.frame.index);
}

void DebugInspector::inspectFrame(const SessionRef& session, quint64 serial, std::uint64_t threadId, int frameIndex,
                                  bool withThreads, bool withFrames)
{
    const auto locked = session.lock();
    if (!locked)
        return;
    InspectedFrame frame;
    frame.session = session;
    frame.sessionId = locked->id();
    frame.function = QString::fromStdString(locked->functionName());
    frame.stopSerial = serial;
    frame.threadId = threadId;
    if (withThreads) {
        frame.hasThreads = true;
        frame.threads = locked->threads();
    }
    if (withFrames || frameIndex < 0) {
        frame.hasFrames = true;
        frame.frames = locked->frames(threadId);
    }
    frame.frameIndex = frameIndex < 0 ? innermostWithSource(frame.frames) : frameIndex;
    frame.locals = locked->variables(threadId, frame.frameIndex, "locals");
    frame.inspectedAtNs = DebugEventRelay::nowNs();
    Q_EMIT inspected(frame);
    reportWatches(*locked, serial, threadId, frame.frameIndex);
}

void DebugInspector::fetchChildren(const SessionRef& session, quint64 serial, std::uint64_t threadId, int frameIndex,
                                   const QString& path, quint64 generation)
{
    const auto locked = session.lock();
    if (!locked)
        return;
    // Answered even when empty (the process ran meanwhile): the row must stop waiting for its children.
    Q_EMIT childrenFetched(locked->id(), serial, generation, path,
                           locked->children(threadId, frameIndex, path.toStdString()));
}

void DebugInspector::evaluateWatches(const SessionRef& session, quint64 serial, std::uint64_t threadId,
                                     int frameIndex)
{
    if (const auto locked = session.lock())
        reportWatches(*locked, serial, threadId, frameIndex);
}

void DebugInspector::fetchBreakpointStates(const SessionRef& session)
{
    if (const auto locked = session.lock())
        Q_EMIT breakpointStatesFetched(locked->id(), locked->breakpointStates());
}

void DebugInspector::control(const SessionRef& session, DebugCommand command, std::uint64_t threadId)
{
    const auto locked = session.lock();
    if (!locked || locked->hasEnded())
        return;
    switch (command) {
    case DebugCommand::Continue: locked->continueRun(); return;
    case DebugCommand::Pause: locked->pause(); return;
    case DebugCommand::StepOver: locked->stepOver(threadId); return;
    case DebugCommand::StepInto: locked->stepInto(threadId); return;
    case DebugCommand::StepOut: locked->stepOut(threadId); return;
    case DebugCommand::Kill: locked->kill(); return;
    }
}

void DebugInspector::runToLine(const SessionRef& session, const QString& file, int line)
{
    const auto locked = session.lock();
    if (!locked)
        return;
    if (const auto ran = locked->runToLine(file.toStdString(), line); !ran)
        Q_EMIT failed(QString::fromStdString(ran.error().message));
}

void DebugInspector::applyBreakpoints(const std::shared_ptr<debugger::DebugLauncher>& launcher)
{
    launcher->applyBreakpoints();
}

void DebugInspector::attach(const std::shared_ptr<debugger::DebugLauncher>& launcher, int pid)
{
    // The session reports itself (started, breakpoints) through the launcher's observer like a launched one.
    if (const auto attached = launcher->attach(pid); !attached)
        Q_EMIT failed(QString::fromStdString(attached.error().message));
}

}  // namespace lambdadesk::gui
