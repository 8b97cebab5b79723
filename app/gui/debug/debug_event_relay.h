// SPDX-License-Identifier: MIT
#pragma once

#include "debug/debug_metatypes.h"
#include "debug_observer.h"

#include <QObject>
#include <QString>

#include <atomic>

namespace lambdadesk::gui {

/// The DebugObserver the launcher calls on each session's event thread, turned into Qt signals. It does no
/// work there: receivers connect with Qt::QueuedConnection (the controller on the GUI thread, the inspector
/// on its own thread). Stops, resumes and ends carry a serial from one counter: a session's events come from
/// its one event thread in order, so a receiver can tell a late event from a current one whatever thread
/// it travelled through.
class DebugEventRelay final : public QObject, public debugger::DebugObserver {
    Q_OBJECT

public:
    explicit DebugEventRelay(QObject* parent = nullptr);

    /// Steady-clock nanoseconds: the time base of didStop's `stoppedAtNs`.
    [[nodiscard]] static qint64 nowNs();

    void sessionStarted(const std::shared_ptr<debugger::DebugSession>& session) override;
    void stopped(const std::shared_ptr<debugger::DebugSession>& session, const debugger::StopInfo& stop) override;
    void resumed(const std::shared_ptr<debugger::DebugSession>& session) override;
    void breakpointsResolved(const std::shared_ptr<debugger::DebugSession>& session,
                             const std::vector<debugger::BreakpointState>& states) override;
    void sessionEnded(const std::shared_ptr<debugger::DebugSession>& session, const std::string& how) override;

Q_SIGNALS:
    void didStart(const lambdadesk::gui::SessionRef& session, int sessionId, const QString& function);
    void didStop(const lambdadesk::gui::SessionRef& session, int sessionId, const QString& function,
                 const lambdadesk::debugger::StopInfo& stop, quint64 serial, qint64 stoppedAtNs);
    void didResume(int sessionId, quint64 serial);
    void didResolveBreakpoints(int sessionId, const std::vector<lambdadesk::debugger::BreakpointState>& states);
    void didEnd(int sessionId, const QString& function, const QString& how, quint64 serial);

private:
    std::atomic<quint64> m_serial{0};
};

}  // namespace lambdadesk::gui
