// SPDX-License-Identifier: MIT
// DebugController and the Debug dock against the real native fixture under LLDB, driven through the engine as
// the app drives it: a gutter breakpoint stops the handler, the stop's locals, stack and watches reach the
// models (and how long that took is printed against the 50 ms budget), a second stop marks what changed,
// a pointer expands lazily, and Continue lets the invocation finish. Breakpoints persist after each change,
// and the output pane shows only debugged functions.
#include "../../debugger/debug_fixture.h"
#include "debug/breakpoints_model.h"
#include "debug/debug_actions.h"
#include "debug/debug_controller.h"
#include "debug/debug_dock.h"
#include "debug/stack_model.h"
#include "debug/variables_model.h"
#include "debug/watch_model.h"

#include "breakpoint_book.h"
#include "debug_launcher.h"

#include <QAction>
#include <QFile>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <future>

using namespace lambdadesk;
using namespace lambdadesk::gui;
using namespace std::chrono_literals;

namespace {

QString value(const VariablesModel* variables, const QString& name)
{
    return variables->data(variables->findVariable(name, VariablesModel::ValueColumn)).toString();
}

bool changed(const VariablesModel* variables, const QString& name)
{
    return variables->data(variables->findVariable(name), VariablesModel::ChangedRole).toBool();
}

}  // namespace

class TestDebugController : public QObject {
    Q_OBJECT

private slots:
    void aBreakpointStopShowsLocalsAndContinueFinishes()
    {
        DebugController controller;  // declared first: the engine (and its environments) goes before it
        DebugDock dock(&controller);
        dock.show();
        // Before the engine: an invocation still running when a check fails ends (calling back) as the engine goes.
        std::promise<core::InvokeResult> finished;
        auto result = finished.get_future();
        core::EngineOptions options;
        options.shutdownGrace = 500ms;
        options.launcher = controller.launcher();
        auto engine = std::make_unique<core::Engine>(options);
        engine->putFunction(tests::debuggeeFunction());
        controller.setDebugged(QStringLiteral("Debuggee"), true);
        controller.addWatch(QStringLiteral("total * 10"));
        const int loopLine = tests::lineOf("loop");
        controller.toggleBreakpoint(QStringLiteral("handler.c"), loopLine);
        QCOMPARE(controller.breakpoints()->rowCount(), 1);
        QVERIFY(!dock.actions()->continueRun->isEnabled());

        QSignalSpy stops(&controller, &DebugController::stopped);
        QSignalSpy inspected(&controller, &DebugController::stopInspected);
        core::InvokeRequest request;
        request.function = "Debuggee";
        request.payload = R"({"items":[4,5]})";
        engine->invokeAsync(request, [&finished](core::InvokeResult done) { finished.set_value(std::move(done)); });

        // Launching under LLDB loads symbols first (about 0.7 s on the reference machine). Waited for in an event
        // loop (QSignalSpy::wait), as the app's GUI thread waits, not in QTRY's 10 ms naps, which would add to
        // the time measured.
        QVERIFY(inspected.wait(60'000));
        QVERIFY(controller.isStopped());
        QCOMPARE(stops.count(), 1);
        QVERIFY(stops.first().at(0).toString().endsWith(QStringLiteral("handler.c")));
        QCOMPARE(stops.first().at(1).toInt(), loopLine);
        QCOMPARE(stops.first().at(2).toString(), QStringLiteral("sum_items"));
        QCOMPARE(stops.first().at(3).toString(), QStringLiteral("breakpoint"));
        QCOMPARE(controller.currentFunction(), QStringLiteral("Debuggee"));

        auto* variables = controller.variables();
        QCOMPARE(inspected.count(), 1);
        const double ms = static_cast<double>(inspected.first().at(0).toLongLong()) / 1e6;
        qInfo("breakpoint hit → locals in the Debug dock's model: %.2f ms (budget 50 ms)", ms);
        if (ms > 50)
            qWarning("over the 50 ms budget: most of a first stop is LLDB reading the process's variables for the "
                     "first time (DebugSession::variables on the inspector thread)");
        QCOMPARE(value(variables, QStringLiteral("value")), QStringLiteral("4"));
        QCOMPARE(value(variables, QStringLiteral("total")), QStringLiteral("0"));
        QCOMPARE(value(variables, QStringLiteral("count")), QStringLiteral("2"));
        QCOMPARE(controller.stack()->data(controller.stack()->index(0, StackModel::FunctionColumn)).toString(),
                 QStringLiteral("sum_items"));
        QVERIFY(controller.stack()->rowCount() >= 2);
        QVERIFY(!controller.threads().empty());
        // Watches follow the locals (an expression may need LLDB's compiler, which must not delay them).
        QTRY_COMPARE_WITH_TIMEOUT(
            controller.watches()->data(controller.watches()->index(0, WatchModel::ValueColumn)).toString(),
            QStringLiteral("0"), 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(controller.breakpoints()
                                      ->data(controller.breakpoints()->index(0, BreakpointsModel::StatusColumn))
                                      .toString(),
                                  QStringLiteral("verified"), 10'000);
        QVERIFY(dock.actions()->continueRun->isEnabled());
        QVERIFY(dock.actions()->stepOver->isEnabled());
        QVERIFY(!dock.actions()->pause->isEnabled());

        // The caller's frame, and back: its own variables, then the loop's again with nothing marked changed.
        QSignalSpy frames(&controller, &DebugController::frameSelected);
        controller.selectFrame(1);
        QVERIFY(frames.wait(10'000));
        QCOMPARE(controller.currentFrame(), 1);
        QVERIFY(!variables->findVariable(QStringLiteral("total")).isValid());
        controller.selectFrame(0);
        QVERIFY(frames.wait(10'000));
        QCOMPARE(value(variables, QStringLiteral("total")), QStringLiteral("0"));
        QVERIFY(!changed(variables, QStringLiteral("total")));

        // The pointer argument opens lazily, from the dock's tree: its pointee is read when it is expanded.
        const QModelIndex values = variables->findVariable(QStringLiteral("values"));
        QVERIFY(values.isValid());
        QVERIFY(variables->canFetchMore(values));
        auto* tree = dock.findChild<QTreeView*>();
        QVERIFY(tree);
        tree->expand(values);
        QTRY_VERIFY_WITH_TIMEOUT(variables->rowCount(variables->findVariable(QStringLiteral("values"))) > 0, 10'000);
        const QModelIndex opened = variables->findVariable(QStringLiteral("values"));
        QCOMPARE(variables->index(0, VariablesModel::ValueColumn, opened).data().toString(), QStringLiteral("4"));

        // The next iteration: the same rows, what the loop changed is marked.
        controller.continueRun();
        QVERIFY(inspected.wait(10'000));
        QCOMPARE(inspected.count(), 2);
        QCOMPARE(value(variables, QStringLiteral("value")), QStringLiteral("5"));
        QCOMPARE(value(variables, QStringLiteral("total")), QStringLiteral("4"));
        QVERIFY(changed(variables, QStringLiteral("value")));
        QVERIFY(changed(variables, QStringLiteral("total")));
        QVERIFY(!changed(variables, QStringLiteral("count")));
        // Still open, its pointee read again for this stop.
        QVERIFY(tree->isExpanded(variables->findVariable(QStringLiteral("values"))));
        QTRY_COMPARE_WITH_TIMEOUT(variables->rowCount(variables->findVariable(QStringLiteral("values"))), 1, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(
            controller.watches()->data(controller.watches()->index(0, WatchModel::ValueColumn)).toString(),
            QStringLiteral("40"), 10'000);
        qInfo("second stop → locals: %.2f ms", static_cast<double>(inspected.last().at(0).toLongLong()) / 1e6);

        // A watch added while stopped is evaluated at once.
        controller.addWatch(QStringLiteral("value + 1"));
        QTRY_COMPARE_WITH_TIMEOUT(
            controller.watches()->data(controller.watches()->index(1, WatchModel::ValueColumn)).toString(),
            QStringLiteral("6"), 10'000);

        // Step Over from the window's action: `total += value` runs, and the step shows it.
        QVERIFY(dock.actions()->stepOver->isEnabled());
        dock.actions()->stepOver->trigger();
        QVERIFY(inspected.wait(10'000));
        QCOMPARE(stops.last().at(3).toString(), QStringLiteral("step"));
        QCOMPARE(stops.last().at(2).toString(), QStringLiteral("sum_items"));
        QVERIFY(stops.last().at(1).toInt() != loopLine);
        QCOMPARE(value(variables, QStringLiteral("total")), QStringLiteral("9"));
        QVERIFY(changed(variables, QStringLiteral("total")));

        // Without the breakpoint, Continue runs the invocation to its end.
        controller.toggleBreakpoint(QStringLiteral("handler.c"), loopLine);
        QCOMPARE(controller.breakpoints()->rowCount(), 0);
        controller.continueRun();
        QTRY_VERIFY_WITH_TIMEOUT(result.wait_for(0s) == std::future_status::ready, 30'000);
        const auto done = result.get();
        QCOMPARE(done.status, core::InvokeStatus::Ok);
        QCOMPARE(done.payload, std::string(R"({"sum":9,"init":42})"));
        QTRY_VERIFY(!controller.isStopped());
        // The process stays (a warm environment), running: its stop is taken off the dock.
        QTRY_COMPARE_WITH_TIMEOUT(variables->rowCount(), 0, 5'000);
        QCOMPARE(controller.stack()->rowCount(), 0);
        QVERIFY(!dock.actions()->continueRun->isEnabled());
        engine.reset();
        QTRY_VERIFY_WITH_TIMEOUT(!controller.hasSession(), 10'000);
    }

    void stopDebuggingKillsTheProcess()
    {
        DebugController controller;
        std::promise<core::InvokeResult> finished;
        auto result = finished.get_future();
        core::EngineOptions options;
        options.shutdownGrace = 500ms;
        options.launcher = controller.launcher();
        auto engine = std::make_unique<core::Engine>(options);
        engine->putFunction(tests::debuggeeFunction());
        controller.setDebugged(QStringLiteral("Debuggee"), true);
        controller.toggleBreakpoint(QStringLiteral("handler.c"), tests::lineOf("return"));
        QSignalSpy inspected(&controller, &DebugController::stopInspected);
        QSignalSpy ended(&controller, &DebugController::sessionEnded);
        core::InvokeRequest request;
        request.function = "Debuggee";
        request.payload = R"({"items":[1]})";
        engine->invokeAsync(request, [&finished](core::InvokeResult done) { finished.set_value(std::move(done)); });
        QVERIFY(inspected.wait(60'000));
        QVERIFY(controller.hasSession());

        controller.stopSession();
        QTRY_VERIFY_WITH_TIMEOUT(result.wait_for(0s) == std::future_status::ready, 30'000);
        const auto done = result.get();
        QCOMPARE(done.status, core::InvokeStatus::FunctionError);
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 10'000);
        QVERIFY(!controller.hasSession());
        QVERIFY(!controller.isStopped());
        QCOMPARE(controller.variables()->rowCount(), 0);
        QCOMPARE(controller.stack()->rowCount(), 0);
    }

    // Attach works off the GUI thread; a pid that is not one of the engine's environments is refused, saying why.
    void attachingToSomethingElseSaysWhy()
    {
        DebugController controller;
        QSignalSpy errors(&controller, &DebugController::errorOccurred);
        controller.attach(1);
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, 5000);
        QVERIFY2(errors[0][0].toString().contains(QStringLiteral("not a running environment")),
                 qPrintable(errors[0][0].toString()));
        QVERIFY(!controller.hasSession());
    }

    void watchesAreKeptWithTheProject()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString path = folder.filePath(QStringLiteral(".lambdadesk/watches.json"));
        {
            DebugController controller;
            QVERIFY(controller.loadWatches(path));  // missing: none
            QVERIFY(controller.watches()->expressions().isEmpty());
            controller.addWatch(QStringLiteral("total"));
            controller.addWatch(QStringLiteral(" items[0].qty "));
            controller.addWatch(QStringLiteral("value"));
            controller.removeWatch(2);
        }
        DebugController reopened;
        QVERIFY(reopened.loadWatches(path));
        QCOMPARE(reopened.watches()->expressions(), (QStringList{QStringLiteral("total"), QStringLiteral("items[0].qty")}));
        QVERIFY(reopened.loadWatches(path));  // a second load replaces, it does not append
        QCOMPARE(reopened.watches()->expressions().size(), 2);

        QFile broken(path);
        QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
        broken.write(R"({"watches": "total"})");
        broken.close();
        QSignalSpy errors(&reopened, &DebugController::errorOccurred);
        QVERIFY(!reopened.loadWatches(path));
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors[0][0].toString().contains(QStringLiteral("accepted: {\"watches\"")));
        QCOMPARE(reopened.watches()->expressions().size(), 2);  // nothing lost
    }

    void breakpointsAreSavedAfterEveryChange()
    {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString path = folder.filePath(QStringLiteral(".lambdadesk/breakpoints.json"));
        DebugController controller;
        QVERIFY(controller.loadBreakpoints(path));  // missing: an empty set
        QCOMPARE(controller.breakpoints()->rowCount(), 0);
        controller.toggleBreakpoint(QStringLiteral("handler.c"), 21);
        QVERIFY(QFile::exists(path));
        controller.toggleBreakpoint(QStringLiteral("/src/main.cpp"), 10);
        controller.toggleBreakpoint(QStringLiteral("/src/main.cpp"), 12);
        const int id = controller.breakpoints()->spec(0).id;
        controller.setBreakpointCondition(id, QStringLiteral("value == 2"));
        controller.setBreakpointHitCount(id, 3);
        controller.toggleBreakpoint(QStringLiteral("/src/main.cpp"), 10);
        QCOMPARE(controller.breakpoints()->rowCount(), 2);

        DebugController reopened;
        QVERIFY(reopened.loadBreakpoints(path));
        const auto specs = reopened.book()->all();
        QCOMPARE(specs.size(), std::size_t(2));
        QCOMPARE(specs[0].file, std::string("handler.c"));
        QCOMPARE(specs[0].condition, std::string("value == 2"));
        QCOMPARE(specs[0].hitCount, 3);
        QCOMPARE(specs[1].file, std::string("/src/main.cpp"));
        QCOMPARE(specs[1].line, 12);

        // Not a breakpoints file: refused, and said so.
        const QString broken = folder.filePath(QStringLiteral("broken.json"));
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[1, 2]");
        file.close();
        QSignalSpy errors(&reopened, &DebugController::errorOccurred);
        QVERIFY(!reopened.loadBreakpoints(broken));
        QCOMPARE(errors.count(), 1);
        QCOMPARE(reopened.breakpointsPath(), path);
    }

    void theOutputPaneShowsOnlyDebuggedFunctions()
    {
        DebugController controller;
        DebugDock dock(&controller);
        auto* output = dock.findChild<QPlainTextEdit*>();
        QVERIFY(output);
        dock.appendOutput(QStringLiteral("Plain"), QStringLiteral("not shown"), false);
        QVERIFY(output->toPlainText().isEmpty());
        controller.setDebugged(QStringLiteral("Debuggee"), true);
        dock.appendOutput(QStringLiteral("Debuggee"), QStringLiteral("hello"), false);
        dock.appendOutput(QStringLiteral("Debuggee"), QStringLiteral("oops"), true);
        QCOMPARE(output->toPlainText(), QStringLiteral("[Debuggee] hello\n[Debuggee] oops"));
        controller.setDebugged(QStringLiteral("Debuggee"), false);
        dock.appendOutput(QStringLiteral("Debuggee"), QStringLiteral("after"), false);
        QCOMPARE(output->document()->blockCount(), 2);
    }

    void debugShortcutsTakeTheWindowsKeysOnlyWhileEnabled()
    {
        QWidget window;
        auto* run = new QAction(QStringLiteral("Run"), &window);
        run->setShortcut(QKeySequence(Qt::Key_F5));
        auto* stop = new QAction(QStringLiteral("Stop"), &window);
        stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
        DebugController controller;
        DebugActions actions(&controller, &window);
        actions.shareShortcutsWith({run, stop});
        // No debugged process: the window's actions keep their keys.
        QCOMPARE(run->shortcut(), QKeySequence(Qt::Key_F5));
        QCOMPARE(stop->shortcut(), QKeySequence(Qt::SHIFT | Qt::Key_F5));
        QVERIFY(!actions.stop->isEnabled());
    }
};

QTEST_MAIN(TestDebugController)
#include "tst_debug_controller.moc"
