// SPDX-License-Identifier: MIT
// The Debug Adapter Protocol server as an editor drives it, over TCP with a client written from the protocol
// (debugger/dap_client, the one LambdaDesk uses against debugpy): initialize, attach, setBreakpoints,
// configurationDone, an invocation that stops, stackTrace, scopes, variables, evaluate, continue and the
// invocation's result — for one native, one Python and one Node function.
#include "dap_test_editor.h"
#include "dap_server.h"
#include "debug_fixture.h"
#include "debug_launcher.h"
#include "engine.h"

#include <QtTest>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>

using namespace lambdadesk;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

struct Target {
    std::string function;
    std::string file;  ///< full path of the source the breakpoint goes in
    int line = 0;
    std::string local;  ///< a local the stop must show …
    std::string value;  ///< … with this value
    std::string expression;
    std::string expressionValue;
};

Target targetNamed(const QString& name)
{
    if (name == QLatin1String("native"))
        return {"Native", tests::debuggeeSource(), tests::lineOf("return"), "total", "6", "total * 2", "12"};
    if (name == QLatin1String("python")) {
        const auto file = tests::scriptDebuggee("python").file;
        return {"Python", file, tests::markerLine(file, "loop"), "result", "0", "len(items)", "1"};
    }
    const auto file = tests::scriptDebuggee("node").file;
    return {"Node", file, tests::markerLine(file, "loop"), "result", "0", "items.length", "1"};
}

struct Harness {
    std::shared_ptr<debugger::BreakpointBook> book = std::make_shared<debugger::BreakpointBook>();
    std::shared_ptr<debugger::DapServer> server;
    std::shared_ptr<debugger::DebugLauncher> launcher;
    std::unique_ptr<core::Engine> engine;

    Harness()
    {
        debugger::DapServerHooks hooks;
        hooks.functionNames = [this] {
            std::vector<std::string> names;
            for (const auto& function : engine->functions())
                names.push_back(function.name);
            return names;
        };
        hooks.reloadFunction = [this](const std::string& name) { return engine->reloadFunction(name); };
        server = *debugger::DapServer::start(0, book, hooks);
        launcher = std::make_shared<debugger::DebugLauncher>(book, server);
        server->setLauncher(launcher);
        core::EngineOptions options;
        options.shutdownGrace = 500ms;
        options.launcher = launcher;
        engine = std::make_unique<core::Engine>(options);
        engine->events().subscribe(debugger::makeDapOutputSink(server));
        engine->putFunction(tests::debuggeeFunction("Native"));
        engine->putFunction(tests::scriptDebuggee("python", "Python").function);
        engine->putFunction(tests::scriptDebuggee("node", "Node").function);
    }
    ~Harness() { server->stop(); }
    std::future<core::InvokeResult> invokeLater(const std::string& function, const std::string& payload)
    {
        return std::async(std::launch::async, [this, function, payload] {
            core::InvokeRequest request;
            request.function = function;
            request.payload = payload;
            return engine->invoke(request);
        });
    }
};

std::string payloadFor(const Target& target)
{
    return target.function == "Native" ? R"({"items":[1,2,3]})" : R"({"items":[{"price":2,"qty":3}]})";
}

}  // namespace

class TestDapServer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anEditorStopsInspectsAndContinues_data()
    {
        QTest::addColumn<QString>("runtime");
        QTest::newRow("native") << QStringLiteral("native");
        QTest::newRow("python") << QStringLiteral("python");
        QTest::newRow("node") << QStringLiteral("node");
    }
    void anEditorStopsInspectsAndContinues()
    {
        QFETCH(QString, runtime);
        const auto target = targetNamed(runtime);
        Harness harness;
        tests::DapTestEditor editor(harness.server->port());

        auto capabilities = editor.call("initialize", {{"adapterID", "lambdadesk"}, {"linesStartAt1", true}});
        QVERIFY2(capabilities.ok(), capabilities.ok() ? "" : capabilities.error().message.c_str());
        QVERIFY((*capabilities)["supportsConfigurationDoneRequest"].get<bool>());
        QVERIFY((*capabilities)["supportsConditionalBreakpoints"].get<bool>());
        QVERIFY(editor.call("attach", {{"function", target.function}}).ok());
        QVERIFY(!editor.waitFor("initialized").is_null());
        auto set = editor.call("setBreakpoints", {{"source", {{"path", target.file}}},
                                                  {"breakpoints", json::array({{{"line", target.line}}})}});
        QVERIFY(set.ok());
        QCOMPARE((*set)["breakpoints"].size(), std::size_t(1));
        QVERIFY(editor.call("setExceptionBreakpoints", {{"filters", json::array({"uncaught"})}}).ok());
        QVERIFY(editor.call("configurationDone").ok());

        auto invocation = harness.invokeLater(target.function, payloadFor(target));
        const auto stopped = editor.waitFor("stopped");
        QVERIFY2(!stopped.is_null(), "no stopped event");
        QCOMPARE(stopped["reason"].get<std::string>(), std::string("breakpoint"));
        const int thread = stopped["threadId"].get<int>();

        auto threads = editor.call("threads");
        QVERIFY(threads.ok());
        bool listed = false;
        for (const auto& entry : (*threads)["threads"])
            listed = listed || entry["id"].get<int>() == thread;
        QVERIFY(listed);

        auto stack = editor.call("stackTrace", {{"threadId", thread}});
        QVERIFY2(stack.ok(), stack.ok() ? "" : stack.error().message.c_str());
        const auto& top = (*stack)["stackFrames"][0];
        QCOMPARE(top["line"].get<int>(), target.line);
        QVERIFY(top["source"]["path"].get<std::string>().ends_with(std::filesystem::path(target.file).filename().string()));
        const int frame = top["id"].get<int>();

        auto scopes = editor.call("scopes", {{"frameId", frame}});
        QVERIFY(scopes.ok());
        QCOMPARE((*scopes)["scopes"][0]["name"].get<std::string>(), std::string("Locals"));
        auto variables = editor.call("variables", {{"variablesReference", (*scopes)["scopes"][0]["variablesReference"]}});
        QVERIFY(variables.ok());
        std::string seen;
        for (const auto& variable : (*variables)["variables"]) {
            if (variable["name"] == target.local)
                seen = variable["value"].get<std::string>();
        }
        QCOMPARE(seen, target.value);

        auto evaluated = editor.call("evaluate", {{"expression", target.expression}, {"frameId", frame}, {"context", "watch"}});
        QVERIFY2(evaluated.ok(), evaluated.ok() ? "" : evaluated.error().message.c_str());
        QCOMPARE((*evaluated)["result"].get<std::string>(), target.expressionValue);
        QVERIFY(!editor.call("evaluate", {{"expression", "no_such_name"}, {"frameId", frame}}).ok());

        QVERIFY(editor.call("continue", {{"threadId", thread}}).ok());
        QVERIFY(invocation.wait_for(30s) == std::future_status::ready);
        const auto result = invocation.get();
        QCOMPARE(result.status, core::InvokeStatus::Ok);
        if (runtime == QLatin1String("python")) {
            // What the function printed reaches the editor's console.
            json output;
            do {
                output = editor.waitFor("output", 5s);
            } while (!output.is_null() && output["category"] != "stdout");
            QVERIFY2(!output.is_null(), "no stdout output event");
            QCOMPARE(output["output"].get<std::string>(), std::string("order of 1 items\n"));
        }
        // The references of a stop end when the function runs on.
        QVERIFY(!editor.call("scopes", {{"frameId", frame}}).ok());

        // Detached, the function runs without the debugger again.
        QVERIFY(editor.call("disconnect").ok());
        QTRY_VERIFY_WITH_TIMEOUT(!harness.launcher->isDebugged(target.function), 5000);
        auto after = harness.invokeLater(target.function, payloadFor(target));
        QVERIFY(after.wait_for(30s) == std::future_status::ready);
        QCOMPARE(after.get().status, core::InvokeStatus::Ok);
    }

    void attachNamesTheFunctionsItKnows()
    {
        Harness harness;
        tests::DapTestEditor editor(harness.server->port());
        QVERIFY(editor.call("initialize").ok());
        const auto missing = editor.call("attach", json::object());
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().message.find("Native") != std::string::npos, missing.error().message.c_str());
        const auto wrong = editor.call("attach", {{"function", "Nope"}});
        QVERIFY(!wrong.ok());
        QVERIFY2(wrong.error().message.find("no function named 'Nope'") != std::string::npos,
                 wrong.error().message.c_str());
        const auto badHit = editor.call("setBreakpoints", {{"source", {{"path", "/x/app.py"}}},
                                                           {"breakpoints", json::array({{{"line", 3}, {"hitCondition", "% 2"}}})}});
        QVERIFY(!badHit.ok());
        QVERIFY(!editor.call("frobnicate").ok());
    }

    void withoutAnEditorAStopRunsOn()
    {
        // A breakpoint left in the book while no editor is attached must not hold invocations.
        Harness harness;
        const auto target = targetNamed(QStringLiteral("python"));
        debugger::BreakpointSpec spec;
        spec.file = target.file;
        spec.line = target.line;
        harness.book->add(spec);
        harness.launcher->setDebugged(target.function, true);
        auto invocation = harness.invokeLater(target.function, payloadFor(target));
        QVERIFY(invocation.wait_for(30s) == std::future_status::ready);
        QCOMPARE(invocation.get().status, core::InvokeStatus::Ok);
    }
};

QTEST_GUILESS_MAIN(TestDapServer)
#include "tst_dap_server.moc"
