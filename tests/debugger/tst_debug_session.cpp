// SPDX-License-Identifier: MIT
// Native functions under LLDB, driven through the engine as the app and the CLI drive them: breakpoints in
// the handler and in INIT, loops, conditions, stepping, crashes, the frozen timeout, and other work going
// on while one process sits on a breakpoint.
#include "../core/engine_fixture.h"
#include "debug_fixture.h"
#include "debug_launcher.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

using namespace lambdadesk;
using namespace std::chrono_literals;

namespace {

struct RecordedStop {
    debugger::StopInfo stop;
    std::map<std::string, std::string> locals;
};

// Records every stop with its locals, then does what the test asked (continue by default).
class Recorder final : public debugger::DebugObserver {
public:
    std::function<void(const std::shared_ptr<debugger::DebugSession>&, const debugger::StopInfo&)> onStop;

    void stopped(const std::shared_ptr<debugger::DebugSession>& session, const debugger::StopInfo& stop) override
    {
        RecordedStop recorded{stop, {}};
        for (const auto& variable : session->variables(stop.threadId, stop.frame.index, "locals"))
            recorded.locals[variable.name] = variable.value;
        {
            std::lock_guard lock(mutex);
            stops.push_back(recorded);
            sessions.insert(session->id());
        }
        changed.notify_all();
        if (onStop)
            onStop(session, stop);
        else
            session->continueRun();
    }
    void breakpointsResolved(const std::shared_ptr<debugger::DebugSession>&,
                             const std::vector<debugger::BreakpointState>& states) override
    {
        std::lock_guard lock(mutex);
        lastStates = states;
    }
    void sessionStarted(const std::shared_ptr<debugger::DebugSession>& session) override
    {
        std::lock_guard lock(mutex);
        lastStates = session->breakpointStates();
    }

    std::vector<RecordedStop> all()
    {
        std::lock_guard lock(mutex);
        return stops;
    }

    std::mutex mutex;
    std::condition_variable changed;
    std::vector<RecordedStop> stops;
    std::set<int> sessions;
    std::vector<debugger::BreakpointState> lastStates;
};

// The engine's telemetry for debugged environments: what the timeline draws as time stopped.
class DebugEvents final : public core::EventSink {
public:
    void onEvent(const core::Event& event) override
    {
        if (const auto* change = std::get_if<core::DebugStateChanged>(&event.payload)) {
            std::lock_guard lock(mutex);
            changes.push_back(*change);
        } else if (const auto* started = std::get_if<core::EnvironmentStarted>(&event.payload)) {
            std::lock_guard lock(mutex);
            pids.push_back(started->pid);
        }
    }
    std::mutex mutex;
    std::vector<core::DebugStateChanged> changes;
    std::vector<int> pids;  ///< of the environments started
};

struct Harness {
    std::shared_ptr<debugger::BreakpointBook> book = std::make_shared<debugger::BreakpointBook>();
    std::shared_ptr<Recorder> recorder = std::make_shared<Recorder>();
    std::shared_ptr<debugger::DebugLauncher> launcher = std::make_shared<debugger::DebugLauncher>(book, recorder);
    std::unique_ptr<core::Engine> engine;

    explicit Harness(int timeoutSeconds = 30)
    {
        core::EngineOptions options;
        options.shutdownGrace = 500ms;
        options.launcher = launcher;
        engine = std::make_unique<core::Engine>(options);
        engine->putFunction(tests::debuggeeFunction("Debuggee", timeoutSeconds));
        launcher->setDebugged("Debuggee", true);
    }
    void breakAt(const std::string& marker, const std::string& condition = {})
    {
        debugger::BreakpointSpec spec;
        spec.file = "handler.c";
        spec.line = tests::lineOf(marker);
        spec.condition = condition;
        book->add(spec);
    }
    core::InvokeResult invoke(const std::string& payload)
    {
        core::InvokeRequest request;
        request.function = "Debuggee";
        request.payload = payload;
        return engine->invoke(request);
    }
};

}  // namespace

class TestDebugSession : public QObject {
    Q_OBJECT
private slots:
    void breakpointInTheHandlerShowsItsLocals()
    {
        Harness harness;
        auto events = std::make_shared<DebugEvents>();
        harness.engine->events().subscribe(events);
        harness.breakAt("return");
        const auto result = harness.invoke(R"({"items":[1,2,3]})");
        {
            // The stop and the run after it reached the engine's telemetry, tied to the invocation.
            std::lock_guard lock(events->mutex);
            QCOMPARE(events->changes.size(), std::size_t(2));
            QVERIFY(events->changes[0].stopped);
            QCOMPARE(events->changes[0].requestId, result.requestId);
            QCOMPARE(events->changes[0].location,
                     "handler.c:" + std::to_string(tests::lineOf("return")) + " in sum_items");
            QVERIFY(!events->changes[1].stopped);
        }
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        QCOMPARE(result.payload, std::string(R"({"sum":6,"init":42})"));
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Breakpoint);
        QCOMPARE(stops[0].stop.frame.function, std::string("sum_items"));
        QCOMPARE(stops[0].stop.frame.line, tests::lineOf("return"));
        QVERIFY(stops[0].stop.frame.file.ends_with("handler.c"));
        QCOMPARE(stops[0].locals.at("total"), std::string("6"));
        QCOMPARE(stops[0].locals.at("count"), std::string("3"));
    }

    // A warm environment started without the debugger: attach by pid, stop on a breakpoint with the same
    // locals, and the invocation's timeout (2 s) does not run while it is held 3 s.
    void attachingToARunningEnvironmentStopsItsNextInvocation()
    {
        Harness harness(2);
        harness.launcher->setDebugged("Debuggee", false);
        auto events = std::make_shared<DebugEvents>();
        harness.engine->events().subscribe(events);
        const auto plain = harness.invoke(R"({"items":[1]})");
        QCOMPARE(plain.status, core::InvokeStatus::Ok);
        QVERIFY(harness.recorder->all().empty());
        QVERIFY(harness.launcher->sessions().empty());

        const auto notOurs = harness.launcher->attach(1);
        QVERIFY(!notOurs.ok());
        QVERIFY(notOurs.error().message.find("not a running environment") != std::string::npos);
        QCOMPARE(harness.engine->stats("Debuggee")->environments, 1);
        // The environment's pid, as the timeline has it from EnvironmentStarted.
        int pid = 0;
        {
            std::lock_guard lock(events->mutex);
            pid = events->pids.empty() ? 0 : events->pids.front();
        }
        QVERIFY(pid > 0);
        const auto attached = harness.launcher->attach(pid);
        QVERIFY2(attached.ok(), attached.ok() ? "" : attached.error().message.c_str());
        const auto again = harness.launcher->attach(pid);
        QVERIFY(!again.ok());
        QVERIFY(again.error().message.find("already") != std::string::npos);

        harness.breakAt("return");
        harness.launcher->applyBreakpoints();
        harness.recorder->onStop = [](const auto& session, const debugger::StopInfo&) {
            std::this_thread::sleep_for(3s);
            session->continueRun();
        };
        const auto held = harness.invoke(R"({"items":[2,3]})");
        QCOMPARE(held.status, core::InvokeStatus::Ok);
        QVERIFY(!held.cold);
        QCOMPARE(held.payload, std::string(R"({"sum":5,"init":42})"));
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].stop.frame.line, tests::lineOf("return"));
        QCOMPARE(stops[0].locals.at("total"), std::string("5"));
        std::lock_guard lock(events->mutex);
        QVERIFY(!events->changes.empty());
        QVERIFY(events->changes.front().stopped);
        QCOMPARE(events->changes.front().requestId, held.requestId);
    }

    void aLoopBreakpointStopsOncePerIteration()
    {
        Harness harness;
        harness.breakAt("loop");
        const auto result = harness.invoke(R"({"items":[4,5,6,7]})");
        QCOMPARE(result.payload, std::string(R"({"sum":22,"init":42})"));
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(4));
        QCOMPARE(stops[0].locals.at("value"), std::string("4"));
        QCOMPARE(stops[0].locals.at("total"), std::string("0"));
        QCOMPARE(stops[3].locals.at("value"), std::string("7"));
        QCOMPARE(stops[3].locals.at("total"), std::string("15"));
    }

    void stepOverChangesTheVariable()
    {
        Harness harness;
        harness.breakAt("loop");
        bool stepped = false;
        harness.recorder->onStop = [&](const auto& session, const debugger::StopInfo& stop) {
            if (!stepped && stop.reason == debugger::StopReason::Breakpoint) {
                stepped = true;
                session->stepOver(stop.threadId);
            } else {
                session->continueRun();
            }
        };
        const auto result = harness.invoke(R"({"items":[5,6]})");
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        const auto stops = harness.recorder->all();
        QVERIFY(stops.size() >= 2);
        QCOMPARE(stops[0].locals.at("total"), std::string("0"));
        QCOMPARE(stops[1].stop.reason, debugger::StopReason::Step);
        QCOMPARE(stops[1].locals.at("total"), std::string("5"));
    }

    void aBreakpointInInitCodeIsHit()
    {
        Harness harness;
        harness.breakAt("init");
        const auto result = harness.invoke(R"({"items":[1]})");
        QCOMPARE(result.payload, std::string(R"({"sum":1,"init":42})"));
        QVERIFY(result.cold);
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].stop.frame.function, std::string("init_function"));
    }

    void aConditionFiltersHits()
    {
        Harness harness;
        harness.breakAt("loop", "value == 2");
        const auto result = harness.invoke(R"({"items":[1,2,3,2]})");
        QCOMPARE(result.payload, std::string(R"({"sum":8,"init":42})"));
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(2));
        for (const auto& stop : stops)
            QCOMPARE(stop.locals.at("value"), std::string("2"));
    }

    void evaluateReadsAndComputes()
    {
        Harness harness;
        harness.breakAt("return");
        std::string evaluated;
        std::string failed;
        harness.recorder->onStop = [&](const auto& session, const debugger::StopInfo& stop) {
            evaluated = session->evaluate(stop.threadId, stop.frame.index, "total * 10 + count").value;
            failed = session->evaluate(stop.threadId, stop.frame.index, "no_such_name + 1").value;
            session->continueRun();
        };
        harness.invoke(R"({"items":[2,3]})");
        QCOMPARE(evaluated, std::string("52"));
        QVERIFY2(failed.find("no_such_name") != std::string::npos, failed.c_str());
    }

    void aTwoSecondFunctionHeldFiveSecondsStillSucceeds()
    {
        Harness harness(2);
        harness.breakAt("return");
        harness.recorder->onStop = [](const auto& session, const debugger::StopInfo&) {
            std::this_thread::sleep_for(5s);  // the user reading the locals
            session->continueRun();
        };
        const auto started = std::chrono::steady_clock::now();
        const auto result = harness.invoke(R"({"items":[1,1]})");
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        QCOMPARE(result.payload, std::string(R"({"sum":2,"init":42})"));
        QVERIFY(std::chrono::steady_clock::now() - started >= 5s);
    }

    void aLoopingFunctionStillTimesOutOnRunningTime()
    {
        Harness harness(2);
        harness.breakAt("spin");
        bool held = false;
        harness.recorder->onStop = [&](const auto& session, const debugger::StopInfo&) {
            if (!held) {
                held = true;
                std::this_thread::sleep_for(3s);
            }
            // Only the first stop is held; then the spin runs (the breakpoint is disabled by the book below).
            session->setBreakpoints({});
            session->continueRun();
        };
        const auto started = std::chrono::steady_clock::now();
        const auto result = harness.invoke(R"({"mode":"spin"})");
        const auto wall = std::chrono::steady_clock::now() - started;
        QCOMPARE(result.status, core::InvokeStatus::FunctionError);
        QCOMPARE(result.errorType, std::string("Sandbox.Timedout"));
        // 3 s held + 2 s of running: more than the timeout, less than held + timeout + slack.
        QVERIFY2(wall >= 5s, std::to_string(std::chrono::duration<double>(wall).count()).c_str());
        QVERIFY2(wall < 9s, std::to_string(std::chrono::duration<double>(wall).count()).c_str());
    }

    void anotherFunctionServesWhileOneIsStopped()
    {
        Harness harness;
        core::FunctionConfig echo = tests::debuggeeFunction("Plain");
        harness.engine->putFunction(echo);  // same code, not in debug mode
        harness.breakAt("return");
        std::promise<void> release;
        auto released = release.get_future().share();
        std::promise<void> stoppedPromise;
        harness.recorder->onStop = [&, released](const auto& session, const debugger::StopInfo&) {
            stoppedPromise.set_value();
            released.wait();
            session->continueRun();
        };
        auto debugged = std::async(std::launch::async, [&] { return harness.invoke(R"({"items":[9]})"); });
        QCOMPARE(stoppedPromise.get_future().wait_for(30s), std::future_status::ready);
        core::InvokeRequest request;
        request.function = "Plain";
        request.payload = R"({"items":[1,2]})";
        const auto plain = harness.engine->invoke(request);
        QCOMPARE(plain.payload, std::string(R"({"sum":3,"init":42})"));
        release.set_value();
        QCOMPARE(debugged.get().payload, std::string(R"({"sum":9,"init":42})"));
    }

    void aCrashStopsAtTheFaultingFrameThenEndsAsOnAws()
    {
        Harness harness;
        const auto result = harness.invoke(R"({"mode":"crash"})");
        const auto stops = harness.recorder->all();
        QVERIFY(!stops.empty());
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Signal);
        QVERIFY2(stops[0].stop.description.find("SIGSEGV") != std::string::npos, stops[0].stop.description.c_str());
        QCOMPARE(stops[0].stop.frame.function, std::string("crash_now"));
        QCOMPARE(stops[0].stop.frame.line, tests::lineOf("crash"));
        QCOMPARE(result.status, core::InvokeStatus::FunctionError);
        QCOMPARE(result.errorType, std::string("Runtime.ExitError"));
    }

    // abort() (SIGABRT) stops where it was called, as a crash does, then ends the environment as AWS would.
    void anAbortStopsAtTheFaultingFrame()
    {
        Harness harness;
        const auto result = harness.invoke(R"({"mode":"abort"})");
        const auto stops = harness.recorder->all();
        QVERIFY(!stops.empty());
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Exception);
        QVERIFY2(stops[0].stop.description.find("SIGABRT") != std::string::npos, stops[0].stop.description.c_str());
        QCOMPARE(stops[0].stop.frame.function, std::string("abort_now"));
        QCOMPARE(stops[0].stop.frame.line, tests::lineOf("abort"));
        QCOMPARE(result.status, core::InvokeStatus::FunctionError);
        QCOMPARE(result.errorType, std::string("Runtime.ExitError"));
    }

    // A C++ exception nothing catches ends in std::terminate → abort(): the stop is at the throw, with its frame's
    // locals (the unwinder found no handler, so the throwing frame is still there).
    void anUncaughtExceptionStopsWhereItWasThrown()
    {
        Harness harness;
        const auto result = harness.invoke(R"({"mode":"throw","order":7})");
        const auto stops = harness.recorder->all();
        QVERIFY(!stops.empty());
        const auto& stop = stops[0];
        QCOMPARE(stop.stop.reason, debugger::StopReason::Exception);
        QVERIFY2(stop.stop.description.find("SIGABRT") != std::string::npos, stop.stop.description.c_str());
        QVERIFY2(stop.stop.frame.function.find("rejectOrder") != std::string::npos, stop.stop.frame.function.c_str());
        QVERIFY2(stop.stop.frame.file.ends_with("main.cpp"), stop.stop.frame.file.c_str());
        QCOMPARE(stop.stop.frame.line, tests::markerLine(tests::fixturesDir() + "/native/debuggee/main.cpp", "throw"));
        QCOMPARE(stop.locals.at("order"), std::string("7"));
        QCOMPARE(result.errorType, std::string("Runtime.ExitError"));
    }

    // "Stop from the Nth hit on": the loop's first two iterations run through, the third and fourth stop.
    void aHitCountSkipsTheFirstHits()
    {
        Harness harness;
        debugger::BreakpointSpec spec;
        spec.file = "handler.c";
        spec.line = tests::lineOf("loop");
        spec.hitCount = 3;
        harness.book->add(spec);
        const auto result = harness.invoke(R"({"items":[1,2,3,4]})");
        QCOMPARE(result.payload, std::string(R"({"sum":10,"init":42})"));
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(2));
        QCOMPARE(stops[0].locals.at("value"), std::string("3"));
        QCOMPARE(stops[1].locals.at("value"), std::string("4"));
        // The warm environment's session counts every hit, the skipped ones too (the Debug dock's Hits column).
        const auto sessions = harness.launcher->sessions();
        QCOMPARE(sessions.size(), std::size_t(1));
        QCOMPARE(sessions.front()->breakpointStates().at(0).hits, 4);
    }

    // A disabled breakpoint is placed (it resolves, the Debug dock shows where) but never stops.
    void aDisabledBreakpointDoesNotStop()
    {
        Harness harness;
        debugger::BreakpointSpec spec;
        spec.file = "handler.c";
        spec.line = tests::lineOf("return");
        spec.enabled = false;
        harness.book->add(spec);
        const auto result = harness.invoke(R"({"items":[1,2]})");
        QCOMPARE(result.payload, std::string(R"({"sum":3,"init":42})"));
        QVERIFY(harness.recorder->all().empty());
        const auto sessions = harness.launcher->sessions();
        QCOMPARE(sessions.size(), std::size_t(1));
        const auto states = sessions.front()->breakpointStates();
        QCOMPARE(states.size(), std::size_t(1));
        QVERIFY2(states[0].verified, states[0].message.c_str());  // placed, not "no code"
        QVERIFY(states[0].message.empty());
        QCOMPARE(states[0].resolvedLine, tests::lineOf("return"));
    }

    void aFunctionNameBreakpointStopsOnEntry()
    {
        Harness harness;
        debugger::BreakpointSpec spec;
        spec.function = "sum_items";
        const int id = harness.book->add(spec).id;
        const auto result = harness.invoke(R"({"items":[2,3]})");
        QCOMPARE(result.payload, std::string(R"({"sum":5,"init":42})"));
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Breakpoint);
        QCOMPARE(stops[0].stop.breakpointSpecId, id);
        QCOMPARE(stops[0].stop.frame.function, std::string("sum_items"));
        QCOMPARE(stops[0].locals.at("count"), std::string("2"));
    }

    // From the call line: Step Into lands in the callee, Step Out back in the caller.
    void stepIntoAndStepOut()
    {
        Harness harness;
        harness.breakAt("call");
        harness.recorder->onStop = [](const auto& session, const debugger::StopInfo& stop) {
            if (stop.reason == debugger::StopReason::Breakpoint)
                session->stepInto(stop.threadId);
            else if (stop.frame.function == "nested_inner")
                session->stepOut(stop.threadId);
            else
                session->continueRun();
        };
        const auto result = harness.invoke(R"({"mode":"nested","n":3})");
        QCOMPARE(result.payload, std::string(R"({"nested":7})"));
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(3));
        QCOMPARE(stops[0].stop.frame.function, std::string("nested_outer"));
        QCOMPARE(stops[1].stop.reason, debugger::StopReason::Step);
        QCOMPARE(stops[1].stop.frame.function, std::string("nested_inner"));
        QCOMPARE(stops[1].stop.frame.line, tests::lineOf("inner"));
        QCOMPARE(stops[1].locals.at("n"), std::string("3"));
        QCOMPARE(stops[2].stop.reason, debugger::StopReason::Step);
        QCOMPARE(stops[2].stop.frame.function, std::string("nested_outer"));
        const int line = stops[2].stop.frame.line;
        QVERIFY2(line == tests::lineOf("call") || line == tests::lineOf("after"), std::to_string(line).c_str());
    }

    void runToLineStopsThereOnce()
    {
        Harness harness;
        harness.breakAt("call");
        std::string refused = "not asked";
        harness.recorder->onStop = [&](const auto& session, const debugger::StopInfo& stop) {
            if (stop.frame.line == tests::lineOf("call")) {
                const auto ran = session->runToLine("handler.c", tests::lineOf("after"));
                refused = ran ? "" : ran.error().message;
            } else {
                session->continueRun();
            }
        };
        const auto result = harness.invoke(R"({"mode":"nested","n":3})");
        QCOMPARE(result.payload, std::string(R"({"nested":7})"));
        QVERIFY2(refused.empty(), refused.c_str());
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(2));
        QCOMPARE(stops[1].stop.frame.function, std::string("nested_outer"));
        QCOMPARE(stops[1].stop.frame.line, tests::lineOf("after"));
        QCOMPARE(stops[1].locals.at("inner"), std::string("6"));
        // One-shot: a second invocation stops only on the breakpoint, then runs through.
        harness.recorder->onStop = nullptr;
        QCOMPARE(harness.invoke(R"({"mode":"nested","n":1})").payload, std::string(R"({"nested":3})"));
        QCOMPARE(harness.recorder->all().size(), std::size_t(3));
    }

    // Pause stops a function that runs (here: loops for ever) where it is; its timeout paused meanwhile, it runs
    // on afterwards and times out on its running time.
    void pauseStopsARunningFunction()
    {
        Harness harness(2);
        auto sink = std::make_shared<core::QueuedEventSink>();
        harness.engine->events().subscribe(sink);
        harness.recorder->onStop = [](const auto& session, const debugger::StopInfo&) {
            std::this_thread::sleep_for(2500ms);  // longer than the timeout: it does not count while paused
            session->continueRun();
        };
        std::promise<core::InvokeResult> finished;
        auto result = finished.get_future();
        core::InvokeRequest request;
        request.function = "Debuggee";
        request.payload = R"({"mode":"spin"})";
        harness.engine->invokeAsync(request, [&finished](core::InvokeResult done) { finished.set_value(std::move(done)); });
        bool started = false;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (const auto& event : sink->drain())
                                         started = started || std::holds_alternative<core::InvokeStarted>(event.payload);
                                     return started;
                                 }()),
                                 30000);
        QTest::qWait(300);  // into the loop
        const auto sessions = harness.launcher->sessions();
        QCOMPARE(sessions.size(), std::size_t(1));
        const auto pausedAt = std::chrono::steady_clock::now();
        sessions.front()->pause();
        QVERIFY(result.wait_for(30s) == std::future_status::ready);
        const auto done = result.get();
        QCOMPARE(done.errorType, std::string("Sandbox.Timedout"));
        QVERIFY(std::chrono::steady_clock::now() - pausedAt >= 2500ms);
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Pause);
        QCOMPARE(stops[0].stop.frame.function, std::string("spin_forever"));
    }

    void aLineWithoutCodeIsReportedUnresolved()
    {
        Harness harness;
        harness.breakAt("nocode");
        const auto result = harness.invoke(R"({"items":[1]})");
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        QVERIFY(harness.recorder->all().empty());
        std::lock_guard lock(harness.recorder->mutex);
        QCOMPARE(harness.recorder->lastStates.size(), std::size_t(1));
        QVERIFY(!harness.recorder->lastStates[0].verified);
        QVERIFY(harness.recorder->lastStates[0].message.find("no code") != std::string::npos);
    }

    void twoEnvironmentsUnderTheDebuggerAtOnce()
    {
        Harness harness;
        auto results = tests::invokeConcurrently(*harness.engine, "Debuggee", R"({"items":[2,3]})", 2);
        for (const auto& result : results)
            QCOMPARE(result.payload, std::string(R"({"sum":5,"init":42})"));
    }

    // A real rebuild: the function's source (a copy) is edited and recompiled, the function reloaded. The user's
    // breakpoint stays on its file:line, binds in the new binary to what that line holds now, and stops there.
    void aBreakpointBindsToTheRebuiltCodeOfItsLine()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QDir root(dir.path());
        QVERIFY(root.mkpath(QStringLiteral("src")) && root.mkpath(QStringLiteral("code")));
        const QString fixture = QString::fromStdString(tests::fixturesDir() + "/native/debuggee/");
        for (const char* file : {"main.cpp", "handler.c", "handler.h"})
            QVERIFY(QFile::copy(fixture + QLatin1String(file), root.filePath(QStringLiteral("src/%1").arg(QLatin1String(file)))));
        const QString handler = root.filePath(QStringLiteral("src/handler.c"));
        const auto run = [](const QString& program, const QStringList& arguments) -> QString {
            QProcess process;
            process.setProcessChannelMode(QProcess::MergedChannels);
            process.start(program, arguments);
            if (!process.waitForFinished(120'000))
                return program + QStringLiteral(" did not finish");
            return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0
                       ? QString()
                       : program + QStringLiteral(": ") + QString::fromLocal8Bit(process.readAll());
        };
        // As the fixture's CMake target builds it: -g -O0, the runtime client linked statically.
        const auto build = [&]() -> QString {
            const QString object = root.filePath(QStringLiteral("handler.o"));
            if (auto failed = run(QStringLiteral("cc"), {QStringLiteral("-g"), QStringLiteral("-O0"), QStringLiteral("-c"),
                                                         handler, QStringLiteral("-o"), object});
                !failed.isEmpty())
                return failed;
            return run(QStringLiteral("c++"),
                       {QStringLiteral("-std=c++20"), QStringLiteral("-g"), QStringLiteral("-O0"), QStringLiteral("-pthread"),
                        QStringLiteral("-I") + QString::fromStdString(tests::runtimeClientIncludeDir()),
                        root.filePath(QStringLiteral("src/main.cpp")), object,
                        QString::fromStdString(tests::runtimeClientLibrary()), QStringLiteral("-o"),
                        root.filePath(QStringLiteral("code/bootstrap"))});
        };
        QString failed = build();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));

        Harness harness;
        auto function = tests::debuggeeFunction();
        function.codeDir = root.filePath(QStringLiteral("code")).toStdString();
        harness.engine->putFunction(function);
        const int line = tests::markerLine(handler.toStdString(), "return");
        debugger::BreakpointSpec spec;
        spec.file = handler.toStdString();  // as the editor sets it: the full path
        spec.line = line;
        harness.book->add(spec);
        const auto before = harness.invoke(R"({"items":[1,2,3]})");
        QCOMPARE(before.payload, std::string(R"({"sum":6,"init":42})"));
        QCOMPARE(harness.recorder->all().size(), std::size_t(1));
        QCOMPARE(harness.recorder->all()[0].stop.frame.line, line);

        // The edit: a new statement where `return total;` was, which moves one line down.
        QFile source(handler);
        QVERIFY(source.open(QIODevice::ReadOnly));
        QStringList lines = QString::fromUtf8(source.readAll()).split(u'\n');
        source.close();
        lines.insert(line - 1, QStringLiteral("    total += 100; /* added by the test */"));
        QVERIFY(source.open(QIODevice::WriteOnly | QIODevice::Truncate));
        source.write(lines.join(u'\n').toUtf8());
        source.close();
        failed = build();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(harness.engine->reloadFunction("Debuggee"));

        const auto after = harness.invoke(R"({"items":[1,2,3]})");
        QVERIFY(after.cold);
        QCOMPARE(after.payload, std::string(R"({"sum":106,"init":42})"));
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(2));
        QCOMPARE(harness.recorder->sessions.size(), std::size_t(2));
        QCOMPARE(stops[1].stop.frame.line, line);
        QCOMPARE(QString::fromStdString(stops[1].stop.frame.file), handler);
        QCOMPARE(stops[1].locals.at("total"), std::string("6"));  // the new line's code has not run yet
        std::lock_guard lock(harness.recorder->mutex);
        QCOMPARE(harness.recorder->lastStates.size(), std::size_t(1));
        QVERIFY(harness.recorder->lastStates[0].verified);
        QCOMPARE(harness.recorder->lastStates[0].resolvedLine, line);
    }

    void breakpointsApplyToNewEnvironmentsAndSurviveAReload()
    {
        Harness harness;
        harness.breakAt("return");
        QCOMPARE(harness.invoke(R"({"items":[1]})").status, core::InvokeStatus::Ok);
        QVERIFY(harness.engine->reloadFunction("Debuggee"));  // a rebuild: the next environment is new
        const auto second = harness.invoke(R"({"items":[2]})");
        QVERIFY(second.cold);
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(2));
        QCOMPARE(harness.recorder->sessions.size(), std::size_t(2));
        QCOMPARE(stops[1].locals.at("total"), std::string("2"));
    }
};

QTEST_GUILESS_MAIN(TestDebugSession)
#include "tst_debug_session.moc"
