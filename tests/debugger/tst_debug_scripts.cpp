// SPDX-License-Identifier: MIT
// Python functions under debugpy and Node functions under the inspector, driven through the engine as the app
// and the CLI drive them: every case runs once per runtime on the same fixture (python/debuggee/app.py and
// node/debuggee/index.js share their @markers), so both runtimes are held to one behaviour.
#include "debug_fixture.h"
#include "debug_launcher.h"
#include "stop_recorder.h"
#include "engine.h"
#include "model/function_name.h"
#include "test_paths.h"

#include <QProcess>
#include <QtTest>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

using namespace lambdadesk;
using namespace std::chrono_literals;

namespace {

struct Runtime {
    std::string runtime;
    std::string handler;
    std::string file;  ///< the handler's file name in the fixture folder
    std::string folder;
};

Runtime runtimeNamed(const QString& name)
{
    if (name == QLatin1String("python"))
        return {"python3.11", "app.handler", "app.py", tests::fixturesDir() + "/python/debuggee"};
    return {"nodejs20.x", "index.handler", "index.js", tests::fixturesDir() + "/node/debuggee"};
}

int lineOf(const Runtime& runtime, const std::string& marker)
{
    return tests::markerLine(runtime.folder + "/" + runtime.file, marker);
}

struct Harness {
    Runtime runtime;
    std::shared_ptr<debugger::BreakpointBook> book = std::make_shared<debugger::BreakpointBook>();
    std::shared_ptr<tests::StopRecorder> recorder = std::make_shared<tests::StopRecorder>();
    std::shared_ptr<debugger::DebugLauncher> launcher = std::make_shared<debugger::DebugLauncher>(book, recorder);
    std::unique_ptr<core::Engine> engine;

    explicit Harness(Runtime which, int timeoutSeconds = 30, const std::string& handler = {}) : runtime(std::move(which))
    {
        core::EngineOptions options;
        options.shutdownGrace = 500ms;
        options.launcher = launcher;
        engine = std::make_unique<core::Engine>(options);
        engine->putFunction(function(timeoutSeconds, handler));
        launcher->setDebugged("Debuggee", true);
    }
    core::FunctionConfig function(int timeoutSeconds, const std::string& handler = {}) const
    {
        auto function = tests::scriptDebuggee(runtime.file == "app.py" ? "python" : "node", "Debuggee", timeoutSeconds).function;
        if (!handler.empty())
            function.handler = handler;
        return function;
    }
    debugger::BreakpointSpec breakAt(const std::string& marker, const std::string& condition = {}, int hitCount = 0)
    {
        debugger::BreakpointSpec spec;
        spec.file = runtime.file;
        spec.line = lineOf(runtime, marker);
        spec.condition = condition;
        spec.hitCount = hitCount;
        return book->add(spec);
    }
    core::InvokeResult invoke(const std::string& payload)
    {
        core::InvokeRequest request;
        request.function = "Debuggee";
        request.payload = payload;
        return engine->invoke(request);
    }
};

const std::string kTwoItems = R"({"items":[{"price":2,"qty":3},{"price":5,"qty":1}]})";

}  // namespace

class TestDebugScripts : public QObject {
    Q_OBJECT

private:
    static void runtimes()
    {
        QTest::addColumn<QString>("runtime");
        QTest::newRow("python") << QStringLiteral("python");
        QTest::newRow("node") << QStringLiteral("node");
    }

private Q_SLOTS:
    void aLoopBreakpointStopsOncePerIterationWithItsLocals_data() { runtimes(); }
    void aLoopBreakpointStopsOncePerIterationWithItsLocals()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.breakAt("loop");
        const auto result = harness.invoke(kTwoItems);
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        QVERIFY2(result.payload.find("\"total\"") != std::string::npos, result.payload.c_str());
        QVERIFY2(result.payload.find("11") != std::string::npos, result.payload.c_str());
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(2));
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Breakpoint);
        QCOMPARE(stops[0].stop.frame.function, std::string("total"));
        QCOMPARE(stops[0].stop.frame.line, lineOf(harness.runtime, "loop"));
        QVERIFY(stops[0].stop.frame.file.ends_with(harness.runtime.file));
        QVERIFY(stops[0].stop.breakpointSpecId > 0);
        QCOMPARE(stops[0].locals.at("result"), std::string("0"));
        QCOMPARE(stops[1].locals.at("result"), std::string("6"));
        QVERIFY2(stops[1].locals.at("item").find("5") != std::string::npos, stops[1].locals.at("item").c_str());
        // The runtime loop's frames are not the user's: total, then handler, and nothing of bootstrap.
        QVERIFY(stops[0].frames.size() >= 2);
        QVERIFY2(stops[0].frames[1].function.find("handler") != std::string::npos,
                 stops[0].frames[1].function.c_str());
        for (const auto& frame : stops[0].frames)
            QVERIFY2(frame.file.find("resources/runtimes") == std::string::npos, frame.file.c_str());
        QVERIFY(harness.recorder->lastStates.at(0).verified);
    }

    void aConditionFiltersHits_data() { runtimes(); }
    void aConditionFiltersHits()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.breakAt("loop", "result > 0");
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].locals.at("result"), std::string("6"));
    }

    void aHitCountSkipsTheEarlierHits_data() { runtimes(); }
    void aHitCountSkipsTheEarlierHits()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.breakAt("loop", {}, 2);
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].locals.at("result"), std::string("6"));
    }

    void stepOverRunsOneLine_data() { runtimes(); }
    void stepOverRunsOneLine()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.breakAt("call");
        std::atomic<int> seen{0};
        harness.recorder->onStop = [&](const auto& session, const debugger::StopInfo& stop) {
            if (seen++ == 0)
                session->stepOver(stop.threadId);
            else
                session->continueRun();
        };
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(2));
        QCOMPARE(stops[0].stop.frame.line, lineOf(harness.runtime, "call"));
        QCOMPARE(stops[1].stop.reason, debugger::StopReason::Step);
        QCOMPARE(stops[1].stop.frame.line, lineOf(harness.runtime, "return"));
        QCOMPARE(stops[1].locals.at("amount"), std::string("11"));
    }

    void evaluateAndChildrenReadTheStoppedFrame_data() { runtimes(); }
    void evaluateAndChildrenReadTheStoppedFrame()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.breakAt("loop", "result > 0");
        debugger::EvalResult computed;
        debugger::EvalResult failed;
        std::map<std::string, std::string> itemFields;
        harness.recorder->onStop = [&](const auto& session, const debugger::StopInfo& stop) {
            computed = session->evaluate(stop.threadId, stop.frame.index, "result * 10");
            failed = session->evaluate(stop.threadId, stop.frame.index, "no_such_name + 1");
            for (const auto& variable : session->variables(stop.threadId, stop.frame.index, "locals")) {
                if (variable.name == "item" && variable.hasChildren) {
                    for (const auto& child : session->children(stop.threadId, stop.frame.index, variable.path))
                        itemFields[child.name] = child.value;
                }
            }
            session->continueRun();
        };
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        QVERIFY(computed.ok);
        QCOMPARE(computed.value, std::string("60"));
        QVERIFY(!failed.ok);
        QVERIFY2(failed.value.find("no_such_name") != std::string::npos, failed.value.c_str());
        // Python lists a dict's entries by key repr, Node an object's properties by name.
        const auto price = itemFields.count("'price'") ? itemFields["'price'"] : itemFields["price"];
        QCOMPARE(price, std::string("5"));
    }

    void aModuleLevelBreakpointStopsDuringInit_data() { runtimes(); }
    void aModuleLevelBreakpointStopsDuringInit()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.breakAt("init");
        const auto result = harness.invoke(kTwoItems);
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        QVERIFY(result.cold);
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].stop.frame.line, lineOf(harness.runtime, "init"));
        // A second invocation reuses the environment: INIT does not run again.
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        QCOMPARE(harness.recorder->all().size(), std::size_t(1));
    }

    void anExceptionLeavingTheHandlerStops_data() { runtimes(); }
    void anExceptionLeavingTheHandlerStops()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        const auto result = harness.invoke(R"({"fail":true,"id":7})");
        QCOMPARE(result.status, core::InvokeStatus::FunctionError);
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Exception);
        QCOMPARE(stops[0].stop.frame.line, lineOf(harness.runtime, "raise"));
        QVERIFY2(stops[0].stop.description.find("bad order 7") != std::string::npos,
                 stops[0].stop.description.c_str());
    }

    void exceptionsCanBeIgnored_data() { runtimes(); }
    void exceptionsCanBeIgnored()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.launcher->setExceptionStops(debugger::ExceptionStops::None);
        QCOMPARE(harness.invoke(R"({"fail":true,"id":7})").status, core::InvokeStatus::FunctionError);
        QVERIFY(harness.recorder->all().empty());
    }

    void theRaisedFilterStopsAtACaughtException_data() { runtimes(); }
    void theRaisedFilterStopsAtACaughtException()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.launcher->setExceptionStops(debugger::ExceptionStops::Raised);
        QCOMPARE(harness.invoke(R"({"swallow":true})").status, core::InvokeStatus::Ok);
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Exception);
        QCOMPARE(stops[0].stop.frame.line, lineOf(harness.runtime, "swallowed"));
    }

    void theUncaughtFilterLetsACaughtExceptionPass_data() { runtimes(); }
    void theUncaughtFilterLetsACaughtExceptionPass()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        QCOMPARE(harness.invoke(R"({"swallow":true})").status, core::InvokeStatus::Ok);
        QVERIFY(harness.recorder->all().empty());
    }

    // A synchronous Node handler under the debugger: what it throws stops where thrown, is reported as the
    // invocation's error (the environment lives on), and what it catches itself passes the uncaught filter.
    void aSynchronousNodeHandlersErrorsStopOnlyWhenTheyLeaveIt()
    {
        Harness harness(runtimeNamed(QStringLiteral("node")), 30, "index.syncHandler");
        const auto failed = harness.invoke(R"({"fail":true,"id":3})");
        QCOMPARE(failed.status, core::InvokeStatus::FunctionError);
        QVERIFY2(failed.payload.find("sync failure 3") != std::string::npos, failed.payload.c_str());
        QVERIFY2(failed.payload.find("TypeError") != std::string::npos, failed.payload.c_str());
        auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].stop.reason, debugger::StopReason::Exception);
        QCOMPARE(stops[0].stop.frame.line, lineOf(harness.runtime, "syncraise"));
        const auto passed = harness.invoke("{}");
        QCOMPARE(passed.status, core::InvokeStatus::Ok);
        QCOMPARE(QString::fromStdString(passed.payload), QStringLiteral(R"({"sync":true})"));
        QVERIFY(!passed.cold);
        QCOMPARE(passed.environmentId, failed.environmentId);
        QCOMPARE(harness.recorder->all().size(), std::size_t(1));
    }

    void stepIntoAndOutFollowTheCall_data() { runtimes(); }
    void stepIntoAndOutFollowTheCall()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.breakAt("call");
        std::atomic<int> seen{0};
        harness.recorder->onStop = [&](const auto& session, const debugger::StopInfo& stop) {
            const int step = seen++;
            if (step == 0)
                session->stepInto(stop.threadId);
            else if (step == 1)
                session->stepOut(stop.threadId);
            else
                session->continueRun();
        };
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        const auto stops = harness.recorder->all();
        QVERIFY(stops.size() >= 3);
        QCOMPARE(stops[1].stop.reason, debugger::StopReason::Step);
        QCOMPARE(stops[1].stop.frame.function, std::string("total"));
        QCOMPARE(stops[2].stop.reason, debugger::StopReason::Step);
        QVERIFY2(stops[2].stop.frame.function.find("handler") != std::string::npos,
                 stops[2].stop.frame.function.c_str());
    }

    void runToLineStopsThereOnce_data() { runtimes(); }
    void runToLineStopsThereOnce()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.breakAt("entry");
        std::atomic<int> seen{0};
        std::string error;
        harness.recorder->onStop = [&](const auto& session, const debugger::StopInfo&) {
            if (seen++ == 0) {
                auto ran = session->runToLine(harness.runtime.file, lineOf(harness.runtime, "return"));
                if (!ran)
                    error = ran.error().message;
            } else {
                session->continueRun();
            }
        };
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        QVERIFY2(error.empty(), error.c_str());
        auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(2));
        QCOMPARE(stops[1].stop.frame.line, lineOf(harness.runtime, "return"));
        // One-shot: the next invocation stops at the entry only.
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        QCOMPARE(harness.recorder->all().size(), std::size_t(3));
    }

    void pauseStopsARunningHandler_data() { runtimes(); }
    void pauseStopsARunningHandler()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.breakAt("init");  // a stop in INIT hands the session over before the handler runs
        std::atomic<int> seen{0};
        harness.recorder->onStop = [&](const auto& session, const debugger::StopInfo&) {
            session->continueRun();
            if (seen++ == 0) {
                std::thread([session] {
                    std::this_thread::sleep_for(500ms);  // the handler sleeps 1.5 s: paused while it runs
                    session->pause();
                }).detach();
            }
        };
        QCOMPARE(harness.invoke(R"({"hold":1.5})").status, core::InvokeStatus::Ok);
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(2));
        QCOMPARE(stops[1].stop.reason, debugger::StopReason::Pause);
    }

    void aStoppedInvocationsTimeoutDoesNotRun_data() { runtimes(); }
    void aStoppedInvocationsTimeoutDoesNotRun()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime), 1);
        harness.breakAt("entry");
        harness.recorder->onStop = [](const auto& session, const debugger::StopInfo&) {
            std::this_thread::sleep_for(3s);  // held three times the timeout
            session->continueRun();
        };
        const auto result = harness.invoke(kTwoItems);
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        QCOMPARE(harness.recorder->all().size(), std::size_t(1));
        // Running time still counts: a function that runs past its timeout is ended as on AWS.
        harness.recorder->onStop = nullptr;
        const auto slow = harness.invoke(R"({"hold":2})");
        QCOMPARE(slow.status, core::InvokeStatus::FunctionError);
        QCOMPARE(slow.errorType, std::string("Sandbox.Timedout"));
    }

    void breakpointsSurviveAHotReload_data() { runtimes(); }
    void breakpointsSurviveAHotReload()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        harness.breakAt("return");
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        harness.engine->putFunction(harness.function(30));  // a code change's hot reload
        const auto again = harness.invoke(kTwoItems);
        QCOMPARE(again.status, core::InvokeStatus::Ok);
        QVERIFY(again.cold);
        QCOMPARE(harness.recorder->all().size(), std::size_t(2));
    }

    void aBreakpointAddedWhileRunningApplies_data() { runtimes(); }
    void aBreakpointAddedWhileRunningApplies()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        QVERIFY(harness.recorder->all().empty());
        harness.breakAt("return");
        harness.launcher->applyBreakpoints();
        const auto warm = harness.invoke(kTwoItems);
        QVERIFY(!warm.cold);
        QCOMPARE(harness.recorder->all().size(), std::size_t(1));
        // And removing it stops the stops.
        harness.book->remove(harness.book->all().front().id);
        harness.launcher->applyBreakpoints();
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        QCOMPARE(harness.recorder->all().size(), std::size_t(1));
    }

    void aMissingFileIsReportedNotSilentlyIgnored_data() { runtimes(); }
    void aMissingFileIsReportedNotSilentlyIgnored()
    {
        QFETCH(QString, runtime);
        Harness harness(runtimeNamed(runtime));
        debugger::BreakpointSpec spec;
        spec.file = runtime == QLatin1String("python") ? "nowhere.py" : "nowhere.js";
        spec.line = 3;
        harness.book->add(spec);
        QCOMPARE(harness.invoke(kTwoItems).status, core::InvokeStatus::Ok);
        std::lock_guard lock(harness.recorder->mutex);
        QCOMPARE(harness.recorder->lastStates.size(), std::size_t(1));
        QVERIFY(!harness.recorder->lastStates[0].verified);
        QVERIFY2(harness.recorder->lastStates[0].message.find("nowhere") != std::string::npos,
                 harness.recorder->lastStates[0].message.c_str());
    }

    void aNodeCallbackHandlerStops()
    {
        Harness harness(runtimeNamed(QStringLiteral("node")), 30, "index.callbackHandler");
        harness.breakAt("callback");
        const auto result = harness.invoke(kTwoItems);
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        QCOMPARE(result.payload, std::string(R"({"total":11})"));
        const auto stops = harness.recorder->all();
        QCOMPARE(stops.size(), std::size_t(1));
        QCOMPARE(stops[0].stop.frame.line, lineOf(harness.runtime, "callback"));
    }

    void theCliPrintsOneJsonLinePerStop_data() { runtimes(); }
    void theCliPrintsOneJsonLinePerStop()
    {
        QFETCH(QString, runtime);
        const auto which = runtimeNamed(runtime);
        QTemporaryDir project;
        QVERIFY(project.isValid());
        {
            std::ofstream out(project.filePath(QStringLiteral("template.yaml")).toStdString());
            out << "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n"
                   "  Debuggee:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: "
                << which.runtime << "\n      Handler: " << which.handler << "\n      CodeUri: " << which.folder << "\n";
        }
        QProcess cli;
        cli.start(QString::fromStdString(tests::cliPath()),
                  {QStringLiteral("debug"), project.path(), QStringLiteral("Debuggee"), QStringLiteral("--break"),
                   QString::fromStdString(which.file + ":" + std::to_string(lineOf(which, "loop"))),
                   QStringLiteral("--eval"), QStringLiteral("result + 1"), QStringLiteral("--payload"),
                   QString::fromStdString(kTwoItems), QStringLiteral("--json")});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const auto lines = cli.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        const auto first = nlohmann::json::parse(lines[0].toStdString());
        QCOMPARE(first["event"].get<std::string>(), std::string("stopped"));
        QCOMPARE(first["reason"].get<std::string>(), std::string("breakpoint"));
        QCOMPARE(first["file"].get<std::string>(), which.file);
        QCOMPARE(first["line"].get<int>(), lineOf(which, "loop"));
        QCOMPARE(first["function"].get<std::string>(), std::string("total"));
        QCOMPARE(first["locals"]["result"].get<std::string>(), std::string("0"));
        QCOMPARE(first["eval"]["result + 1"].get<std::string>(), std::string("1"));
        const auto second = nlohmann::json::parse(lines[1].toStdString());
        QCOMPARE(second["locals"]["result"].get<std::string>(), std::string("6"));
        const auto result = nlohmann::json::parse(lines[2].toStdString());
        QCOMPARE(result["status"].get<std::string>(), std::string("ok"));
    }
};

QTEST_GUILESS_MAIN(TestDebugScripts)
#include "tst_debug_scripts.moc"
