// SPDX-License-Identifier: MIT
// Debug → Accept Editors: an editor attaches to a function through the app's DAP server while the Debug dock
// watches. The stop reaches both, the editor continues it, the dock sees the run on, and the editor's leaving
// takes the function out of debug mode again.
#include "../../debugger/debug_fixture.h"
#include "debug/debug_controller.h"
#include "debug/editor_link.h"

#include "../../debugger/dap_test_editor.h"
#include "debug_launcher.h"

#include <QSignalSpy>
#include <QtTest>

#include <future>

using namespace lambdadesk;
using namespace lambdadesk::gui;
using namespace std::chrono_literals;
using nlohmann::json;


class TestEditorLink : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void anEditorAndTheDockShareAStop()
    {
        DebugController controller;
        EditorLink link(&controller);
        link.setFunctionNames({QStringLiteral("Debuggee")});
        QSignalSpy changed(&link, &EditorLink::editorChanged);
        QSignalSpy reloads(&link, &EditorLink::reloadRequested);
        QVERIFY(link.start(0));
        QVERIFY(link.port() > 0);

        std::promise<core::InvokeResult> finished;
        auto result = finished.get_future();
        core::EngineOptions options;
        options.shutdownGrace = 500ms;
        options.launcher = controller.launcher();
        auto engine = std::make_unique<core::Engine>(options);
        engine->putFunction(tests::debuggeeFunction());

        tests::DapTestEditor editor(link.port());
        QVERIFY(editor.call("initialize").ok());
        QVERIFY(!editor.call("attach", {{"function", "Nope"}}).ok());
        QVERIFY(editor.call("attach", {{"function", "Debuggee"}}).ok());
        QVERIFY(changed.wait(5000));
        QCOMPARE(changed.last().at(0).toStringList(), QStringList{QStringLiteral("Debuggee")});
        QTRY_COMPARE(reloads.size(), 1);
        QVERIFY(controller.launcher()->isDebugged("Debuggee"));
        const auto set = editor.call(
            "setBreakpoints", {{"source", {{"path", tests::debuggeeSource()}}},
                               {"breakpoints", json::array({{{"line", tests::lineOf("return")}}})}});
        QVERIFY(set.ok());
        QVERIFY(editor.call("configurationDone").ok());
        // The editor's breakpoint is the project's: the dock lists it too.
        QCOMPARE(controller.book()->all().size(), std::size_t(1));

        QSignalSpy dockStops(&controller, &DebugController::stopped);
        QSignalSpy dockResumes(&controller, &DebugController::resumed);
        core::InvokeRequest request;
        request.function = "Debuggee";
        request.payload = R"({"items":[1,2,3]})";
        engine->invokeAsync(request, [&finished](core::InvokeResult done) { finished.set_value(std::move(done)); });
        const auto stopped = editor.waitFor("stopped");
        QVERIFY2(!stopped.is_null(), "the editor saw no stop");
        QVERIFY(dockStops.wait(10000) || !dockStops.isEmpty());
        QCOMPARE(dockStops.last().at(1).toInt(), tests::lineOf("return"));
        QVERIFY(controller.isStopped());

        QVERIFY(editor.call("continue", {{"threadId", stopped["threadId"]}}).ok());
        QTRY_VERIFY_WITH_TIMEOUT(!dockResumes.isEmpty(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(result.wait_for(0s) == std::future_status::ready, 10000);
        QCOMPARE(result.get().status, core::InvokeStatus::Ok);

        QVERIFY(editor.call("disconnect").ok());
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty() && changed.last().at(0).toStringList().isEmpty(), 5000);
        QVERIFY(!controller.launcher()->isDebugged("Debuggee"));
        link.stop();
        QVERIFY(!link.isListening());
    }
};

QTEST_MAIN(TestEditorLink)
#include "tst_editor_link.moc"
