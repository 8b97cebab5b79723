// SPDX-License-Identifier: MIT
// A native function's run under LLDB: the timeout counts running time only, crashes and aborts stop at the
// faulting frame then end as on AWS, and other work goes on while one process sits on a breakpoint.
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

class TestDebugNativeRuns : public QObject {
    Q_OBJECT
private slots:
    void aTwoSecondFunctionHeldFiveSecondsStillSucceeds()
    {
        NativeHarness harness(2);
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
        NativeHarness harness(2);
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
        NativeHarness harness;
        core::FunctionConfig echo = debuggeeFunction("Plain");
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
        NativeHarness harness;
        const auto result = harness.invoke(R"({"mode":"crash"})");
        const auto stops = harness.recorder->all();
        QVERIFY(!stops.empty());
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Signal);
        QVERIFY2(stops[0].stop.description.find("SIGSEGV") != std::string::npos, stops[0].stop.description.c_str());
        QCOMPARE(stops[0].stop.frame.function, std::string("crash_now"));
        QCOMPARE(stops[0].stop.frame.line, lineOf("crash"));
        QCOMPARE(result.status, core::InvokeStatus::FunctionError);
        QCOMPARE(result.errorType, std::string("Runtime.ExitError"));
    }

    // abort() (SIGABRT) stops where it was called, as a crash does, then ends the environment as AWS would.
    void anAbortStopsAtTheFaultingFrame()
    {
        NativeHarness harness;
        const auto result = harness.invoke(R"({"mode":"abort"})");
        const auto stops = harness.recorder->all();
        QVERIFY(!stops.empty());
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Exception);
        QVERIFY2(stops[0].stop.description.find("SIGABRT") != std::string::npos, stops[0].stop.description.c_str());
        QCOMPARE(stops[0].stop.frame.function, std::string("abort_now"));
        QCOMPARE(stops[0].stop.frame.line, lineOf("abort"));
        QCOMPARE(result.status, core::InvokeStatus::FunctionError);
        QCOMPARE(result.errorType, std::string("Runtime.ExitError"));
    }

    // A C++ exception nothing catches ends in std::terminate → abort(): the stop is at the throw, with its frame's
    // locals (the unwinder found no handler, so the throwing frame is still there).
    void anUncaughtExceptionStopsWhereItWasThrown()
    {
        NativeHarness harness;
        const auto result = harness.invoke(R"({"mode":"throw","order":7})");
        const auto stops = harness.recorder->all();
        QVERIFY(!stops.empty());
        const auto& stop = stops[0];
        QCOMPARE(stop.stop.reason, debugger::StopReason::Exception);
        QVERIFY2(stop.stop.description.find("SIGABRT") != std::string::npos, stop.stop.description.c_str());
        QVERIFY2(stop.stop.frame.function.find("rejectOrder") != std::string::npos, stop.stop.frame.function.c_str());
        QVERIFY2(stop.stop.frame.file.ends_with("main.cpp"), stop.stop.frame.file.c_str());
        QCOMPARE(stop.stop.frame.line, markerLine(fixturesDir() + "/native/debuggee/main.cpp", "throw"));
        QCOMPARE(stop.locals.at("order"), std::string("7"));
        QCOMPARE(result.errorType, std::string("Runtime.ExitError"));
    }

    void twoEnvironmentsUnderTheDebuggerAtOnce()
    {
        NativeHarness harness;
        auto results = invokeConcurrently(*harness.engine, "Debuggee", R"({"items":[2,3]})", 2);
        for (const auto& result : results)
            QCOMPARE(result.payload, std::string(R"({"sum":5,"init":42})"));
    }
};

QTEST_GUILESS_MAIN(TestDebugNativeRuns)
#include "tst_debug_native_runs.moc"
