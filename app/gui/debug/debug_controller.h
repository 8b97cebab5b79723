// SPDX-License-Identifier: MIT
#pragma once

#include "debug/debug_inspector.h"
#include "debug/debug_metatypes.h"
#include "debug_session.h"

#include <QObject>
#include <QSet>
#include <QString>
#include <QThread>
#include <QTimer>

#include <map>
#include <memory>
#include <set>
#include <vector>

namespace lambdadesk::debugger {
class BreakpointBook;
class DebugLauncher;
class DebugObserverList;
struct BreakpointSpec;
}  // namespace lambdadesk::debugger

namespace lambdadesk::gui {

class BreakpointsModel;
class DebugEventRelay;
class StackModel;
class VariablesModel;
class WatchModel;

/// The Debug dock's side of the debugger: the user's breakpoints (a BreakpointBook, saved after every change
/// once a path is set), the launcher the engine starts debugged functions with, and the models the dock shows.
///
/// Debugger events reach it as queued signals (DebugEventRelay); every DebugSession call — reading frames,
/// variables and watches, and the run controls — runs on one inspector thread (DebugInspector), so the GUI
/// thread never holds a session's API mutex. After a stop the inspector reads threads, frames, locals and
/// watches in one go and the models are filled from that one answer. Several functions (or environments) can
/// be debugged at once; the dock follows the "current" session: the one that stopped last.
class DebugController : public QObject {
    Q_OBJECT

public:
    explicit DebugController(QObject* parent = nullptr);
    /// Waits for the inspector thread to finish its current call (at most one expression's 2 s).
    ~DebugController() override;

    /// For the engine (EngineOptions::launcher): environments of debugged functions start under LLDB.
    [[nodiscard]] std::shared_ptr<debugger::DebugLauncher> launcher() const { return m_launcher; }
    [[nodiscard]] std::shared_ptr<debugger::BreakpointBook> book() const { return m_book; }
    /// Everyone told about the launcher's sessions: the dock's relay first, then e.g. an editor's DAP server.
    [[nodiscard]] std::shared_ptr<debugger::DebugObserverList> observers() const { return m_observers; }

    [[nodiscard]] StackModel* stack() const { return m_stack; }
    [[nodiscard]] VariablesModel* variables() const { return m_variables; }
    [[nodiscard]] WatchModel* watches() const { return m_watches; }
    [[nodiscard]] BreakpointsModel* breakpoints() const { return m_breakpoints; }

    /// Python and Node functions: stop on exceptions that leave the user's code, on every one raised in it, or
    /// never. Applies to the environments that start from now on.
    void setExceptionStops(debugger::ExceptionStops stops);

    [[nodiscard]] bool isDebugged(const QString& function) const { return m_debugged.contains(function); }
    [[nodiscard]] QSet<QString> debuggedFunctions() const { return m_debugged; }
    /// A debugged process is alive.
    [[nodiscard]] bool hasSession() const { return !m_sessions.empty(); }
    /// The current session sits on a stop (the run controls apply).
    [[nodiscard]] bool isStopped() const;
    [[nodiscard]] int currentSession() const { return m_current; }
    [[nodiscard]] QString currentFunction() const;
    [[nodiscard]] const std::vector<debugger::ThreadInfo>& threads() const { return m_threads; }
    [[nodiscard]] std::uint64_t currentThread() const { return m_threadId; }
    [[nodiscard]] int currentFrame() const { return m_frameIndex; }
    /// From the debugger reporting the latest stop to its locals being in the variables model (the dock's
    /// budget is 50 ms); 0 before the first.
    [[nodiscard]] qint64 lastStopLatencyNs() const { return m_lastLatencyNs; }
    [[nodiscard]] QString breakpointsPath() const { return m_breakpointsPath; }

public Q_SLOTS:
    void setDebugged(const QString& function, bool debugged);

    /// The editor gutter's click: adds FILE:LINE, or removes the breakpoints there (also ones set as a suffix
    /// of FILE, such as handler.c:LINE from the command line).
    void toggleBreakpoint(const QString& file, int line);
    /// Adds FILE:LINE unless the project already has it (the command line's --break).
    void addBreakpoint(const QString& file, int line);
    void setBreakpointCondition(int id, const QString& condition);
    /// Stop from the Nth hit on (0 or 1: every hit).
    void setBreakpointHitCount(int id, int hitCount);
    void setBreakpointEnabled(int id, bool enabled);
    void removeBreakpoint(int id);
    /// Reads the project's breakpoints (.lambdadesk/breakpoints.json) and saves there after every change;
    /// a missing file is an empty set. False (and errorOccurred) when the file is not a breakpoints file.
    bool loadBreakpoints(const QString& path);
    /// Saves now, and after every change from now on.
    bool saveBreakpoints(const QString& path);
    /// Replaces the watch expressions with the project's (.lambdadesk/watches.json, see saved_watches.h) and
    /// saves there after every change; a missing file is none. False (and errorOccurred) when unreadable.
    bool loadWatches(const QString& path);

    void continueRun();
    void pause();
    void stepOver();
    void stepInto();
    void stepOut();
    /// Kills the current session's process: its invocation fails as a crashed environment does.
    void stopSession();
    void runToLine(const QString& file, int line);
    /// Attaches the debugger to a running (not debug-mode) environment's process, with the project's
    /// breakpoints; errorOccurred says why when it cannot.
    void attach(int pid);

    void selectThread(quint64 threadId);
    /// Shows a frame of the current thread (LLDB's frame index, StackModel::FrameIndexRole).
    void selectFrame(int frameIndex);
    void addWatch(const QString& expression);
    void removeWatch(int row);

Q_SIGNALS:
    void debuggedChanged(const QString& function, bool debugged);
    void sessionStarted(int sessionId, const QString& function);
    void sessionEnded(int sessionId, const QString& function, const QString& how);
    /// The current session stopped (or the dock switched to another stopped session).
    void stopped(const QString& file, int line, const QString& function, const QString& reason);
    /// The current session runs again.
    void resumed();
    /// hasSession() or isStopped() changed: actions enable or disable.
    void stateChanged();
    void threadsChanged();
    /// The frame shown changed (a stop, a click in the stack): for the editor's current-line marker.
    void frameSelected(const QString& file, int line);
    /// The book changed (added, removed, edited, loaded), or the debugger reported on the breakpoints.
    void breakpointsChanged();
    /// The locals of a stop are in the variables model, `nanoseconds` after the debugger reported it.
    void stopInspected(qint64 nanoseconds);
    void errorOccurred(const QString& message);

private:
    struct Session {
        SessionRef ref;
        QString function;
        quint64 lastSerial = 0;  ///< of the newest stop/resume seen, from either path
        quint64 stopSerial = 0;
        bool stopped = false;
        debugger::StopInfo stop;
    };

    void onStarted(const SessionRef& ref, int sessionId, const QString& function);
    /// From the relay or the inspector, whichever comes first; false when already known or stale.
    bool onStopped(const SessionRef& ref, int sessionId, const QString& function, const debugger::StopInfo& stop,
                   quint64 serial);
    void onResumed(int sessionId, quint64 serial);
    void onEnded(int sessionId, const QString& function, const QString& how);
    void onInspected(const InspectedFrame& frame);
    void onChildrenFetched(int sessionId, quint64 serial, quint64 generation, const QString& path,
                           const std::vector<debugger::VariableInfo>& children);
    void onWatchesEvaluated(int sessionId, quint64 serial, std::uint64_t threadId, int frameIndex,
                            const QStringList& expressions,
                            const std::vector<debugger::EvalResult>& values);
    void onBreakpointStates(int sessionId, const std::vector<debugger::BreakpointState>& states);
    /// The current session ran for a while (or ended): empty the views, or show another stopped session.
    void leaveCurrent();
    void showStop(int sessionId, const Session& session);
    void requestChildren(const QString& path, quint64 generation);
    void watchesChanged();

    Session* current();
    Session* currentStopped();
    void command(DebugCommand command, bool whileStopped);
    template <typename Edit>
    void editBreakpoint(int id, Edit edit);
    /// After every change of the book: the model, the file, and every live session.
    void bookChanged(bool save = true);
    template <typename Work>
    void onInspector(Work work);

    std::shared_ptr<debugger::BreakpointBook> m_book;
    std::shared_ptr<DebugEventRelay> m_relay;
    std::shared_ptr<debugger::DebugObserverList> m_observers;
    std::shared_ptr<debugger::DebugLauncher> m_launcher;
    QThread m_inspectorThread;
    DebugInspector* m_inspector;
    StackModel* m_stack;
    VariablesModel* m_variables;
    WatchModel* m_watches;
    BreakpointsModel* m_breakpoints;
    QTimer m_leaveTimer;

    QSet<QString> m_debugged;
    std::map<int, Session> m_sessions;
    std::set<int> m_ended;  ///< a start can be reported after the end (different threads)
    int m_current = 0;
    std::uint64_t m_threadId = 0;
    int m_frameIndex = 0;
    /// The thread and frame whose variables the model holds (children and watches are read there).
    std::uint64_t m_shownThreadId = 0;
    int m_shownFrameIndex = 0;
    std::vector<debugger::ThreadInfo> m_threads;
    qint64 m_lastLatencyNs = 0;
    QString m_breakpointsPath;
    QString m_watchesPath;
};

}  // namespace lambdadesk::gui
