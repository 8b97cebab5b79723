// SPDX-License-Identifier: MIT
#include "debug/debug_event_relay.h"

#include "debug_session.h"

#include <chrono>

namespace lambdadesk::gui {

DebugEventRelay::DebugEventRelay(QObject* parent) : QObject(parent) {}

qint64 DebugEventRelay::nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void DebugEventRelay::sessionStarted(const std::shared_ptr<debugger::DebugSession>& session)
{
    Q_EMIT didStart(session, session->id(), QString::fromStdString(session->functionName()));
}

void DebugEventRelay::stopped(const std::shared_ptr<debugger::DebugSession>& session, const debugger::StopInfo& stop)
{
    // Stamped first: the Debug dock's budget (stop → locals shown) starts when the debugger says so.
    const qint64 at = nowNs();
    Q_EMIT didStop(session, session->id(), QString::fromStdString(session->functionName()), stop, ++m_serial, at);
}

void DebugEventRelay::resumed(const std::shared_ptr<debugger::DebugSession>& session)
{
    Q_EMIT didResume(session->id(), ++m_serial);
}

void DebugEventRelay::breakpointsResolved(const std::shared_ptr<debugger::DebugSession>& session,
                                          const std::vector<debugger::BreakpointState>& states)
{
    Q_EMIT didResolveBreakpoints(session->id(), states);
}

void DebugEventRelay::sessionEnded(const std::shared_ptr<debugger::DebugSession>& session, const std::string& how)
{
    Q_EMIT didEnd(session->id(), QString::fromStdString(session->functionName()), QString::fromStdString(how),
                  ++m_serial);
}

}  // namespace lambdadesk::gui
