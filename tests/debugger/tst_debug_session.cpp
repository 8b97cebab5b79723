// SPDX-License-Identifier: MIT
// Native functions under LLDB, driven through the engine as the app and the CLI drive them: breakpoints in
// the handler and in INIT, loops, conditions, hit counts, stepping, pausing, and breakpoints across rebuilds.
#include "native_harness.h"

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
using namespace lambdadesk::tests;
using namespace std::chrono_literals;

class TestDebugSession : public QObject {
    Q_OBJECT
private slots:
    void breakpointInTheHandlerShowsItsLocals()
    {
        NativeHarness harness;
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
                     "handler.c:" + std::to_string(lineOf("return")) + " in sum_items");
            QVERIFY(!events->changes[1].stopped);
        }
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        QCOMPARE(result.payload, std::string(R"({"sum":6,"init":42})"));
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Breakpoint);
        QCOMPARE(stops[0].stop.frame.function, std::string("sum_items"));
        QCOMPARE(stops[0].stop.frame.line, lineOf("return"));
        QVERIFY(stops[0].stop.frame.file.ends_with("handler.c"));
        QCOMPARE(stops[0].locals.at("total"), std::string("6"));
        QCOMPARE(stops[0].locals.at("count"), std::string("3"));
    }

    // A warm environment started without the debugger: attach by pid, stop on a breakpoint with the same
    // locals, and the invocation's timeout (2 s) does not run while it is held 3 s.
    void attachingToARunningEnvironmentStopsItsNextInvocation()
    {
        NativeHarness harness(2);
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
        QCOMPARE(stops[0].stop.frame.line, lineOf("return"));
        QCOMPARE(stops[0].locals.at("total"), std::string("5"));
        std::lock_guard lock(events->mutex);
        QVERIFY(!events->changes.empty());
        QVERIFY(events->changes.front().stopped);
        QCOMPARE(events->changes.front().requestId, held.requestId);
    }

    void aLoopBreakpointStopsOncePerIteration()
    {
        NativeHarness harness;
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
        NativeHarness harness;
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
        NativeHarness harness;
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
        NativeHarness harness;
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
        NativeHarness harness;
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

    // "Stop from the Nth hit on": the loop's first two iterations run through, the third and fourth stop.
    void aHitCountSkipsTheFirstHits()
    {
        NativeHarness harness;
        debugger::BreakpointSpec spec;
        spec.file = "handler.c";
        spec.line = lineOf("loop");
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
        NativeHarness harness;
        debugger::BreakpointSpec spec;
        spec.file = "handler.c";
        spec.line = lineOf("return");
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
        QCOMPARE(states[0].resolvedLine, lineOf("return"));
    }

    void aFunctionNameBreakpointStopsOnEntry()
    {
        NativeHarness harness;
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
        NativeHarness harness;
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
        QCOMPARE(stops[1].stop.frame.line, lineOf("inner"));
        QCOMPARE(stops[1].locals.at("n"), std::string("3"));
        QCOMPARE(stops[2].stop.reason, debugger::StopReason::Step);
        QCOMPARE(stops[2].stop.frame.function, std::string("nested_outer"));
        const int line = stops[2].stop.frame.line;
        QVERIFY2(line == lineOf("call") || line == lineOf("after"), std::to_string(line).c_str());
    }

    void runToLineStopsThereOnce()
    {
        NativeHarness harness;
        harness.breakAt("call");
        std::string refused = "not asked";
        harness.recorder->onStop = [&](const auto& session, const debugger::StopInfo& stop) {
            if (stop.frame.line == lineOf("call")) {
                const auto ran = session->runToLine("handler.c", lineOf("after"));
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
        QCOMPARE(stops[1].stop.frame.line, lineOf("after"));
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
        NativeHarness harness(2);
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
        NativeHarness harness;
        harness.breakAt("nocode");
        const auto result = harness.invoke(R"({"items":[1]})");
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        QVERIFY(harness.recorder->all().empty());
        std::lock_guard lock(harness.recorder->mutex);
        QCOMPARE(harness.recorder->lastStates.size(), std::size_t(1));
        QVERIFY(!harness.recorder->lastStates[0].verified);
        QVERIFY(harness.recorder->lastStates[0].message.find("no code") != std::string::npos);
    }

    // A real rebuild: the function's source (a copy) is edited and recompiled, the function reloaded. The user's
    // breakpoint stays on its file:line, binds in the new binary to what that line holds now, and stops there.
    void aBreakpointBindsToTheRebuiltCodeOfItsLine()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QDir root(dir.path());
        QVERIFY(root.mkpath(QStringLiteral("src")) && root.mkpath(QStringLiteral("code")));
        const QString fixture = QString::fromStdString(fixturesDir() + "/native/debuggee/");
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
                        QStringLiteral("-I") + QString::fromStdString(runtimeClientIncludeDir()),
                        root.filePath(QStringLiteral("src/main.cpp")), object,
                        QString::fromStdString(runtimeClientLibrary()), QStringLiteral("-o"),
                        root.filePath(QStringLiteral("code/bootstrap"))});
        };
        QString failed = build();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));

        NativeHarness harness;
        auto function = debuggeeFunction();
        function.codeDir = root.filePath(QStringLiteral("code")).toStdString();
        harness.engine->putFunction(function);
        const int line = markerLine(handler.toStdString(), "return");
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
        NativeHarness harness;
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
