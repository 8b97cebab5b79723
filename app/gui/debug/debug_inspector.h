// SPDX-License-Identifier: MIT
#pragma once

#include "debug/debug_metatypes.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace lambdadesk::debugger {
class DebugLauncher;
}

namespace lambdadesk::gui {

/// One look at a stopped thread, read in one go on the inspector thread.
struct InspectedFrame {
    SessionRef session;
    int sessionId = 0;
    QString function;              ///< the debugged function (not the frame's)
    quint64 stopSerial = 0;        ///< the stop it was read at (DebugEventRelay's serial)
    bool isStop = false;           ///< the first look after a stop: `stop` and `stoppedAtNs` are set
    debugger::StopInfo stop;
    qint64 stoppedAtNs = 0;
    qint64 inspectedAtNs = 0;      ///< when the reading was done (same clock)
    std::uint64_t threadId = 0;
    int frameIndex = 0;
    bool hasThreads = false;       ///< `threads` was read (else keep the ones shown)
    std::vector<debugger::ThreadInfo> threads;
    bool hasFrames = false;        ///< `frames` was read
    std::vector<debugger::FrameInfo> frames;
    std::vector<debugger::VariableInfo> locals;
};

enum class DebugCommand { Continue, Pause, StepOver, StepInto, StepOut, Kill };

/// Every call into a DebugSession the Debug dock makes, on one worker thread. Each DebugSession call holds
/// the session's API mutex while LLDB reads the stopped process (a large frame, or an expression that runs
/// code for up to 2 s): done here, the GUI thread never waits for it. Calls arrive queued
/// (QMetaObject::invokeMethod) and run in order, so a Continue pressed during a read runs after it; answers
/// go back as signals, tagged with the stop they belong to so the controller can drop late ones.
class DebugInspector : public QObject {
    Q_OBJECT

public:
    explicit DebugInspector(QObject* parent = nullptr);

    /// The watch expressions evaluated with every stop.
    void setWatches(const QStringList& expressions) { m_watches = expressions; }

    /// Connected straight to DebugEventRelay::didStop: the first look starts without a detour through the
    /// GUI thread. Reads the stop frame's locals, the threads and the stopping thread's frames (inspected()),
    /// then the watches (watchesEvaluated()).
    void inspectStop(const lambdadesk::gui::SessionRef& session, int sessionId, const QString& function,
                     const lambdadesk::debugger::StopInfo& stop, quint64 serial, qint64 stoppedAtNs);
    /// Another frame or thread of the same stop; `frameIndex` < 0 means the innermost frame with source.
    /// Answers as inspectStop() does: the frame, then its watches.
    void inspectFrame(const SessionRef& session, quint64 serial, std::uint64_t threadId, int frameIndex,
                      bool withThreads, bool withFrames);
    void fetchChildren(const SessionRef& session, quint64 serial, std::uint64_t threadId, int frameIndex,
                       const QString& path, quint64 generation);
    void evaluateWatches(const SessionRef& session, quint64 serial, std::uint64_t threadId, int frameIndex);
    void fetchBreakpointStates(const SessionRef& session);
    void control(const SessionRef& session, DebugCommand command, std::uint64_t threadId);
    void runToLine(const SessionRef& session, const QString& file, int line);
    /// The book changed: every live session gets the new set (its states come back through the observer).
    void applyBreakpoints(const std::shared_ptr<debugger::DebugLauncher>& launcher);
    /// Attaches the debugger to a running environment's process; failed() says why not.
    void attach(const std::shared_ptr<debugger::DebugLauncher>& launcher, int pid);

Q_SIGNALS:
    void inspected(const lambdadesk::gui::InspectedFrame& frame);
    void childrenFetched(int sessionId, quint64 serial, quint64 generation, const QString& path,
                         const std::vector<lambdadesk::debugger::VariableInfo>& children);
    void watchesEvaluated(int sessionId, quint64 serial, std::uint64_t threadId, int frameIndex,
                          const QStringList& expressions,
                          const std::vector<lambdadesk::debugger::EvalResult>& values);
    void breakpointStatesFetched(int sessionId, const std::vector<lambdadesk::debugger::BreakpointState>& states);
    void failed(const QString& message);

private:
    /// Evaluates the watches and reports them; nothing when there are none.
    void reportWatches(debugger::DebugSession& session, quint64 serial, std::uint64_t threadId, int frameIndex);

    QStringList m_watches;
};

}  // namespace lambdadesk::gui

Q_DECLARE_METATYPE(lambdadesk::gui::InspectedFrame)
Q_DECLARE_METATYPE(lambdadesk::gui::DebugCommand)
