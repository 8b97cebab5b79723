// SPDX-License-Identifier: MIT
#include "debug/debug_controller.h"

#include "debug_observer_list.h"

#include "debug/breakpoints_model.h"
#include "debug/debug_event_relay.h"
#include "debug/saved_watches.h"
#include "debug/stack_model.h"
#include "debug/variables_model.h"
#include "debug/watch_model.h"

#include "breakpoint_book.h"
#include "debug_launcher.h"

namespace lambdadesk::gui {
namespace {

// A step or a "next" resumes and stops again within milliseconds; only a process that keeps running this
// long has its stack and variables taken off the dock. Emptying them at once would flash them on every step.
constexpr int kLeaveAfterMs = 250;

QString reasonText(const debugger::StopInfo& stop)
{
    const QString reason = QString::fromLatin1(debugger::toString(stop.reason));
    // For a crash LLDB's words say which signal and why ("signal SIGSEGV: invalid address").
    const bool describe = stop.reason == debugger::StopReason::Signal ||
                          stop.reason == debugger::StopReason::Exception || stop.reason == debugger::StopReason::Other;
    if (describe && !stop.description.empty())
        return reason + QStringLiteral(": ") + QString::fromStdString(stop.description);
    return reason;
}

}  // namespace

DebugController::DebugController(QObject* parent)
    : QObject(parent), m_book(std::make_shared<debugger::BreakpointBook>()),
      m_relay(std::make_shared<DebugEventRelay>()), m_observers(std::make_shared<debugger::DebugObserverList>()),
      m_launcher(std::make_shared<debugger::DebugLauncher>(m_book, m_observers)), m_inspector(new DebugInspector),
      m_stack(new StackModel(this)), m_variables(new VariablesModel(this)), m_watches(new WatchModel(this)),
      m_breakpoints(new BreakpointsModel(m_book, this))
{
    m_observers->add(m_relay);
    registerDebugMetaTypes();
    m_inspectorThread.setObjectName(QStringLiteral("debug-inspector"));
    m_inspector->moveToThread(&m_inspectorThread);
    m_inspectorThread.start();

    const auto queued = Qt::QueuedConnection;
    auto* relay = m_relay.get();
    connect(relay, &DebugEventRelay::didStart, this, &DebugController::onStarted, queued);
    connect(
        relay, &DebugEventRelay::didStop, this,
        [this](const SessionRef& ref, int sessionId, const QString& function, const debugger::StopInfo& stop,
               quint64 serial, qint64) { onStopped(ref, sessionId, function, stop, serial); },
        queued);
    // The first look at a stop starts on the inspector thread at once instead of after a turn of the GUI
    // thread's event loop: the stop → locals budget is 50 ms and the GUI thread may be busy with a batch.
    connect(relay, &DebugEventRelay::didStop, m_inspector, &DebugInspector::inspectStop, queued);
    connect(relay, &DebugEventRelay::didResume, this, &DebugController::onResumed, queued);
    connect(relay, &DebugEventRelay::didResolveBreakpoints, this, &DebugController::onBreakpointStates, queued);
    connect(
        relay, &DebugEventRelay::didEnd, this,
        [this](int sessionId, const QString& function, const QString& how, quint64) {
            onEnded(sessionId, function, how);
        },
        queued);

    connect(m_inspector, &DebugInspector::inspected, this, &DebugController::onInspected, queued);
    connect(m_inspector, &DebugInspector::childrenFetched, this, &DebugController::onChildrenFetched, queued);
    connect(m_inspector, &DebugInspector::watchesEvaluated, this, &DebugController::onWatchesEvaluated, queued);
    connect(m_inspector, &DebugInspector::breakpointStatesFetched, this, &DebugController::onBreakpointStates,
            queued);
    connect(m_inspector, &DebugInspector::failed, this, &DebugController::errorOccurred, queued);

    m_variables->setChildrenProvider(
        [this](const QString& path, quint64 generation) { requestChildren(path, generation); });
    connect(m_watches, &WatchModel::expressionsChanged, this, &DebugController::watchesChanged);
    connect(m_breakpoints, &BreakpointsModel::breakpointEdited, this, [this] { bookChanged(); });

    m_leaveTimer.setSingleShot(true);
    m_leaveTimer.setInterval(kLeaveAfterMs);
    connect(&m_leaveTimer, &QTimer::timeout, this, &DebugController::leaveCurrent);
}

DebugController::~DebugController()
{
    // Sessions (and the engine's launcher) keep the relay alive after this object: it must reach nothing now.
    m_relay->disconnect();
    m_inspectorThread.quit();
    m_inspectorThread.wait();
    delete m_inspector;
}

template <typename Work>
void DebugController::onInspector(Work work)
{
    QMetaObject::invokeMethod(m_inspector, std::move(work), Qt::QueuedConnection);
}

DebugController::Session* DebugController::current()
{
    const auto found = m_sessions.find(m_current);
    return found == m_sessions.end() ? nullptr : &found->second;
}

DebugController::Session* DebugController::currentStopped()
{
    Session* session = current();
    return session && session->stopped ? session : nullptr;
}

bool DebugController::isStopped() const
{
    const auto found = m_sessions.find(m_current);
    return found != m_sessions.end() && found->second.stopped;
}

QString DebugController::currentFunction() const
{
    const auto found = m_sessions.find(m_current);
    return found == m_sessions.end() ? QString() : found->second.function;
}

void DebugController::setExceptionStops(debugger::ExceptionStops stops)
{
    m_launcher->setExceptionStops(stops);
}

void DebugController::setDebugged(const QString& function, bool debugged)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_launcher->setDebugged(function.toStdString(), debugged);
    if (debugged == m_debugged.contains(function))
        return;
    if (debugged)
        m_debugged.insert(function);
    else
        m_debugged.remove(function);
    Q_EMIT debuggedChanged(function, debugged);
}

// ---- sessions and stops -------------------------------------------------------------------------------------

void DebugController::onStarted(const SessionRef& ref, int sessionId, const QString& function)
{
    if (m_ended.count(sessionId))
        return;
    auto& session = m_sessions[sessionId];
    session.ref = ref;
    session.function = function;
    onInspector([inspector = m_inspector, ref] { inspector->fetchBreakpointStates(ref); });
    Q_EMIT sessionStarted(sessionId, function);
    Q_EMIT stateChanged();
}

bool DebugController::onStopped(const SessionRef& ref, int sessionId, const QString& function,
                                const debugger::StopInfo& stop, quint64 serial)
{
    if (m_ended.count(sessionId))
        return false;
    auto& session = m_sessions[sessionId];
    if (session.ref.expired())
        session.ref = ref;
    if (session.function.isEmpty())
        session.function = function;
    // The relay's signal and the inspector's answer both announce a stop; whichever comes second, or a stop
    // the process has already run on from, changes nothing.
    if (serial <= session.lastSerial)
        return false;
    session.lastSerial = serial;
    session.stopSerial = serial;
    session.stopped = true;
    session.stop = stop;
    m_leaveTimer.stop();
    showStop(sessionId, session);
    Q_EMIT stateChanged();
    return true;
}

void DebugController::showStop(int sessionId, const Session& session)
{
    m_current = sessionId;
    m_threadId = session.stop.threadId;
    m_frameIndex = session.stop.frame.index;
    const auto& frame = session.stop.frame;
    const QString file = QString::fromStdString(frame.file);
    Q_EMIT stopped(file, frame.line, QString::fromStdString(frame.function), reasonText(session.stop));
    Q_EMIT frameSelected(file, frame.line);
}

void DebugController::onResumed(int sessionId, quint64 serial)
{
    const auto found = m_sessions.find(sessionId);
    if (found == m_sessions.end() || serial <= found->second.lastSerial)
        return;
    found->second.lastSerial = serial;
    found->second.stopped = false;
    if (sessionId == m_current) {
        m_watches->setStale(true);
        m_leaveTimer.start();
        Q_EMIT resumed();
    }
    Q_EMIT stateChanged();
}

void DebugController::onEnded(int sessionId, const QString& function, const QString& how)
{
    m_ended.insert(sessionId);
    m_sessions.erase(sessionId);
    if (sessionId == m_current) {
        m_current = 0;
        m_leaveTimer.stop();
        m_watches->setStale(true);
        leaveCurrent();
    }
    Q_EMIT sessionEnded(sessionId, function, how);
    Q_EMIT stateChanged();
}

void DebugController::leaveCurrent()
{
    if (isStopped())
        return;
    // Another process still on a stop (a second environment, another function) is shown instead.
    int next = 0;
    quint64 newest = 0;
    for (const auto& [id, session] : m_sessions) {
        if (session.stopped && session.stopSerial > newest) {
            next = id;
            newest = session.stopSerial;
        }
    }
    if (next == 0) {
        m_stack->clear();
        m_variables->clear();
        m_threads.clear();
        Q_EMIT threadsChanged();
        return;
    }
    const Session& session = m_sessions[next];
    showStop(next, session);
    onInspector([inspector = m_inspector, ref = session.ref, serial = session.stopSerial,
                 threadId = session.stop.threadId, frameIndex = session.stop.frame.index] {
        inspector->inspectFrame(ref, serial, threadId, frameIndex, true, true);
    });
    Q_EMIT stateChanged();
}

void DebugController::onInspected(const InspectedFrame& frame)
{
    if (frame.isStop)
        onStopped(frame.session, frame.sessionId, frame.function, frame.stop, frame.stopSerial);
    const auto found = m_sessions.find(frame.sessionId);
    if (found == m_sessions.end() || frame.sessionId != m_current || !found->second.stopped ||
        found->second.stopSerial != frame.stopSerial)
        return;  // read for a stop the process has left, or for a session no longer shown
    m_threadId = frame.threadId;
    m_frameIndex = frame.frameIndex;
    m_shownThreadId = frame.threadId;
    m_shownFrameIndex = frame.frameIndex;
    if (frame.hasThreads) {
        m_threads = frame.threads;
        Q_EMIT threadsChanged();
    }
    if (frame.hasFrames)
        m_stack->setFrames(frame.frames);
    m_stack->setCurrentFrame(frame.frameIndex);
    const int row = m_stack->rowOf(frame.frameIndex);
    const debugger::FrameInfo* shown = row >= 0 ? &m_stack->frames()[static_cast<std::size_t>(row)] : nullptr;
    // Values are compared with the same function's previous stop: stepping into another function shows its
    // locals fresh, not as "changed".
    const QString frameFunction = shown ? QString::fromStdString(shown->function) : QString();
    const QString context = frame.function + QLatin1Char('|') + frameFunction;
    m_variables->setVariables(context, frame.stopSerial, frame.locals);
    if (frame.isStop) {
        m_lastLatencyNs = DebugEventRelay::nowNs() - frame.stoppedAtNs;
        Q_EMIT stopInspected(m_lastLatencyNs);
    } else if (shown) {
        Q_EMIT frameSelected(QString::fromStdString(shown->file), shown->line);
    }
}

// ---- inspection on request ----------------------------------------------------------------------------------

void DebugController::requestChildren(const QString& path, quint64 generation)
{
    const Session* session = currentStopped();
    if (!session) {
        // Nothing to read: the row stops waiting. Answered on the next turn, as the inspector would, not from
        // inside the view's fetchMore().
        QMetaObject::invokeMethod(
            this, [this, path, generation] { m_variables->setChildren(generation, path, {}); },
            Qt::QueuedConnection);
        return;
    }
    onInspector([inspector = m_inspector, ref = session->ref, serial = session->stopSerial,
                 threadId = m_shownThreadId, frameIndex = m_shownFrameIndex, path, generation] {
        inspector->fetchChildren(ref, serial, threadId, frameIndex, path, generation);
    });
}

void DebugController::onChildrenFetched(int sessionId, quint64, quint64 generation, const QString& path,
                                        const std::vector<debugger::VariableInfo>& children)
{
    if (sessionId == m_current)
        m_variables->setChildren(generation, path, children);  // the model drops an older generation's answer
}

void DebugController::selectThread(quint64 threadId)
{
    const Session* session = currentStopped();
    if (!session || threadId == m_threadId)
        return;
    m_threadId = threadId;
    onInspector([inspector = m_inspector, ref = session->ref, serial = session->stopSerial, threadId] {
        inspector->inspectFrame(ref, serial, threadId, -1, false, true);
    });
}

void DebugController::selectFrame(int frameIndex)
{
    const Session* session = currentStopped();
    if (!session)
        return;
    m_frameIndex = frameIndex;
    m_stack->setCurrentFrame(frameIndex);  // at once; its variables follow
    onInspector([inspector = m_inspector, ref = session->ref, serial = session->stopSerial, threadId = m_threadId,
                 frameIndex] { inspector->inspectFrame(ref, serial, threadId, frameIndex, false, false); });
}

void DebugController::addWatch(const QString& expression)
{
    m_watches->addExpression(expression);
}

void DebugController::removeWatch(int row)
{
    m_watches->removeExpression(row);
}

void DebugController::watchesChanged()
{
    if (!m_watchesPath.isEmpty()) {
        if (QString error; !saveWatches(m_watchesPath, m_watches->expressions(), &error))
            Q_EMIT errorOccurred(tr("Watches not saved: %1").arg(error));
    }
    onInspector([inspector = m_inspector, expressions = m_watches->expressions()] {
        inspector->setWatches(expressions);
    });
    if (const Session* session = currentStopped()) {
        onInspector([inspector = m_inspector, ref = session->ref, serial = session->stopSerial,
                     threadId = m_shownThreadId, frameIndex = m_shownFrameIndex] {
            inspector->evaluateWatches(ref, serial, threadId, frameIndex);
        });
    }
}

void DebugController::onWatchesEvaluated(int sessionId, quint64 serial, std::uint64_t threadId, int frameIndex,
                                         const QStringList& expressions,
                                         const std::vector<debugger::EvalResult>& values)
{
    // Only values of the frame shown: a click on another frame meanwhile asks for that frame's.
    const Session* session = currentStopped();
    if (session && sessionId == m_current && session->stopSerial == serial && threadId == m_shownThreadId &&
        frameIndex == m_shownFrameIndex)
        m_watches->setResults(expressions, values);
}

// ---- run controls -------------------------------------------------------------------------------------------

void DebugController::command(DebugCommand command, bool whileStopped)
{
    // Before any stop there is no current session: Pause and Stop then apply to the newest one.
    const Session* session = current();
    if (!session && !m_sessions.empty())
        session = &m_sessions.rbegin()->second;
    if (!session || (whileStopped && !session->stopped))
        return;
    if (command == DebugCommand::Pause && session->stopped)
        return;
    onInspector([inspector = m_inspector, ref = session->ref, command, threadId = m_threadId] {
        inspector->control(ref, command, threadId);
    });
}

void DebugController::continueRun()
{
    command(DebugCommand::Continue, true);
}

void DebugController::pause()
{
    command(DebugCommand::Pause, false);
}

void DebugController::stepOver()
{
    command(DebugCommand::StepOver, true);
}

void DebugController::stepInto()
{
    command(DebugCommand::StepInto, true);
}

void DebugController::stepOut()
{
    command(DebugCommand::StepOut, true);
}

void DebugController::stopSession()
{
    command(DebugCommand::Kill, false);
}

void DebugController::runToLine(const QString& file, int line)
{
    if (const Session* session = currentStopped()) {
        onInspector(
            [inspector = m_inspector, ref = session->ref, file, line] { inspector->runToLine(ref, file, line); });
    }
}

void DebugController::attach(int pid)
{
    onInspector([inspector = m_inspector, launcher = m_launcher, pid] { inspector->attach(launcher, pid); });
}

// ---- breakpoints --------------------------------------------------------------------------------------------

void DebugController::onBreakpointStates(int, const std::vector<debugger::BreakpointState>& states)
{
    m_breakpoints->setStates(states);
    Q_EMIT breakpointsChanged();
}

void DebugController::bookChanged(bool save)
{
    m_breakpoints->refresh();
    if (save && !m_breakpointsPath.isEmpty()) {
        if (const auto saved = m_book->save(m_breakpointsPath.toStdString()); !saved)
            Q_EMIT errorOccurred(tr("Breakpoints not saved: %1").arg(QString::fromStdString(saved.error().message)));
    }
    // Always, not only with sessions this object knows of: a session that just started may not have been
    // reported yet, and the launcher's own list is the truth.
    onInspector([inspector = m_inspector, launcher = m_launcher] { inspector->applyBreakpoints(launcher); });
    Q_EMIT breakpointsChanged();
}

template <typename Edit>
void DebugController::editBreakpoint(int id, Edit edit)
{
    for (auto spec : m_book->all()) {
        if (spec.id != id)
            continue;
        const auto before = spec;
        edit(spec);
        if (!(spec == before) && m_book->update(spec))
            bookChanged();
        return;
    }
}

void DebugController::toggleBreakpoint(const QString& file, int line)
{
    if (file.isEmpty() || line < 1)
        return;
    m_book->toggle(file.toStdString(), line);
    bookChanged();
}

void DebugController::addBreakpoint(const QString& file, int line)
{
    if (file.isEmpty() || line < 1)
        return;
    for (const auto& spec : m_book->all()) {
        if (spec.file == file.toStdString() && spec.line == line)
            return;
    }
    debugger::BreakpointSpec spec;
    spec.file = file.toStdString();
    spec.line = line;
    m_book->add(spec);
    bookChanged();
}

void DebugController::setBreakpointCondition(int id, const QString& condition)
{
    editBreakpoint(id, [&](debugger::BreakpointSpec& spec) { spec.condition = condition.trimmed().toStdString(); });
}

void DebugController::setBreakpointHitCount(int id, int hitCount)
{
    editBreakpoint(id, [&](debugger::BreakpointSpec& spec) { spec.hitCount = hitCount <= 1 ? 0 : hitCount; });
}

void DebugController::setBreakpointEnabled(int id, bool enabled)
{
    editBreakpoint(id, [&](debugger::BreakpointSpec& spec) { spec.enabled = enabled; });
}

void DebugController::removeBreakpoint(int id)
{
    if (m_book->remove(id))
        bookChanged();
}

bool DebugController::loadBreakpoints(const QString& path)
{
    const auto loaded = m_book->load(path.toStdString());
    if (!loaded) {
        Q_EMIT errorOccurred(QString::fromStdString(loaded.error().message));
        return false;
    }
    m_breakpointsPath = path;
    m_breakpoints->clearStates();  // the loaded breakpoints have new ids
    bookChanged(false);
    return true;
}

bool DebugController::saveBreakpoints(const QString& path)
{
    m_breakpointsPath = path;
    const auto saved = m_book->save(path.toStdString());
    if (!saved)
        Q_EMIT errorOccurred(tr("Breakpoints not saved: %1").arg(QString::fromStdString(saved.error().message)));
    return saved.ok();
}

bool DebugController::loadWatches(const QString& path)
{
    QString error;
    const auto loaded = gui::loadWatches(path, &error);
    if (!loaded) {
        Q_EMIT errorOccurred(error);
        return false;
    }
    m_watchesPath.clear();  // not saved back while the old ones are removed
    while (m_watches->rowCount() > 1)  // the last row is the one to type a new expression into
        m_watches->removeExpression(0);
    for (const QString& expression : *loaded)
        m_watches->addExpression(expression);
    m_watchesPath = path;
    return true;
}

}  // namespace lambdadesk::gui
