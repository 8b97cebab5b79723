// SPDX-License-Identifier: MIT
// Debugging from the window, as a user drives it, on a project holding the native debuggee: F9 toggles a
// breakpoint on the editor's line, F5 starts debugging the function (debug mode, then an invoke with the Invoke
// dock's event) and continues once it stopped; Debug This Invocation replays the caller's client context too.
#include "../../debugger/debug_fixture.h"
#include "core_controller.h"
#include "debug/breakpoints_model.h"
#include "debug/debug_actions.h"
#include "debug/debug_controller.h"
#include "editor/editor_panel.h"
#include "functions/functions_panel.h"
#include "invoke/invoke_panel.h"
#include "main_actions.h"
#include "main_window.h"
#include "timeline/invocation_details.h"

#include "breakpoint_book.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QPlainTextEdit>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace lambdadesk;
using namespace lambdadesk::gui;

class TestDebugWindow : public QObject {
    Q_OBJECT

private:
    /// A window on the project, shown and active (shortcuts need an active window).
    struct Window {
        CoreController controller;
        MainWindow window{&controller};
        DebugController* debug = nullptr;
        EditorPanel* editor = nullptr;
    };

    bool open(Window& window)
    {
        window.window.useFreshLayout();
        if (!window.window.openProject(m_project.path(), true))
            return false;
        window.window.show();
        window.window.activateWindow();
        window.debug = window.window.findChild<DebugController*>();
        window.editor = window.window.findChild<EditorPanel*>();
        return window.debug && window.editor && QTest::qWaitForWindowActive(&window.window);
    }

    static QString handlerSource() { return QString::fromStdString(tests::debuggeeSource()); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_project.isValid());
        std::ofstream(m_project.filePath(QStringLiteral("template.yaml")).toStdString())
            << "AWSTemplateFormatVersion: '2010-09-09'\n"
               "Transform: AWS::Serverless-2016-10-31\n"
               "Resources:\n"
               "  Debuggee:\n"
               "    Type: AWS::Serverless::Function\n"
               "    Properties:\n"
               "      Runtime: provided.al2023\n"
               "      Handler: bootstrap\n"
               "      Timeout: 30\n"
               "      CodeUri: "
            << tests::fixturesBuildDir() << "/native/debuggee\n";
    }

    void cleanup()
    {
        // Breakpoints are saved with the project; each test starts from none.
        QFile::remove(m_project.filePath(QStringLiteral(".lambdadesk/breakpoints.json")));
    }

    void f9TogglesABreakpointOnTheEditorsLine()
    {
        Window window;
        QVERIFY(open(window));
        auto* breakpoints = window.debug->breakpoints();
        QCOMPARE(breakpoints->rowCount(), 0);

        // No file open: nothing to toggle, and nothing happens.
        QTest::keyClick(&window.window, Qt::Key_F9);
        QCOMPARE(breakpoints->rowCount(), 0);

        QVERIFY(window.editor->openFile(handlerSource()));
        const int loop = tests::lineOf("loop");
        window.editor->goToLine(loop);
        QTest::keyClick(&window.window, Qt::Key_F9);
        QCOMPARE(breakpoints->rowCount(), 1);
        const auto spec = window.debug->book()->all().front();
        QCOMPARE(QString::fromStdString(spec.file), window.editor->currentFile());
        QCOMPARE(spec.line, loop);
        QCOMPARE(window.editor->breakpointMarks(handlerSource()).size(), 1);

        QTest::keyClick(&window.window, Qt::Key_F9);
        QCOMPARE(breakpoints->rowCount(), 0);
    }

    void f5StartsDebuggingTheFunctionAndContinuesWhenStopped()
    {
        Window window;
        QVERIFY(open(window));
        auto* invoke = window.window.invokePanel();
        invoke->setFunction(QStringLiteral("Debuggee"));
        invoke->setEventText(QStringLiteral(R"({"items":[4,5]})"));
        QVERIFY(window.editor->openFile(handlerSource()));
        const int loop = tests::lineOf("loop");
        window.editor->goToLine(loop);
        QTest::keyClick(&window.window, Qt::Key_F9);

        // The engine runs and there is a function to debug: F5 is Start Debugging, not Run.
        auto* actions = window.window.findChild<DebugActions*>();
        QVERIFY(actions);
        QTRY_VERIFY_WITH_TIMEOUT(actions->startDebugging->isEnabled(), 5000);
        QVERIFY(!actions->continueRun->isEnabled());
        QVERIFY(window.window.actions()->run->shortcut().isEmpty());
        QCOMPARE(window.window.functionToDebug(), QStringLiteral("Debuggee"));

        QSignalSpy stops(window.debug, &DebugController::stopped);
        QTest::keyClick(&window.window, Qt::Key_F5);
        QVERIFY(window.debug->isDebugged(QStringLiteral("Debuggee")));
        QVERIFY(stops.wait(60'000));
        QCOMPARE(stops.last().at(1).toInt(), loop);
        QVERIFY(window.debug->isStopped());
        // Stopped: F5 is Continue, and Start Debugging steps aside.
        QVERIFY(actions->continueRun->isEnabled());
        QVERIFY(!actions->startDebugging->isEnabled());

        // The next iteration stops on the same line.
        QTest::keyClick(&window.window, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(stops.size(), 2, 30'000);
        QCOMPARE(stops.last().at(1).toInt(), loop);

        // The stop put the editor's cursor on the line: F9 takes the breakpoint away, F5 runs to the end.
        QCOMPARE(window.editor->currentLine(), loop);
        QTest::keyClick(&window.window, Qt::Key_F9);
        QCOMPARE(window.debug->breakpoints()->rowCount(), 0);
        QTest::keyClick(&window.window, Qt::Key_F5);
        auto* status = invoke->findChild<QLabel*>(QStringLiteral("status"));
        QTRY_VERIFY2_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("ok")), qPrintable(status->text()), 30'000);
        auto* response = invoke->findChild<QPlainTextEdit*>(QStringLiteral("response"));
        QVERIFY2(response->toPlainText().contains(QStringLiteral("\"sum\": 9")), qPrintable(response->toPlainText()));
        window.window.setDebugMode(QStringLiteral("Debuggee"), false);
    }

    // The Functions dock's context menu: "Debug Debuggee…" puts it in debug mode and brings the Invoke dock up on it,
    // to pick the event and press Debug.
    void debugFunctionFromTheFunctionsDock()
    {
        Window window;
        QVERIFY(open(window));
        auto* functions = window.window.findChild<FunctionsPanel*>();
        auto* table = functions ? functions->findChild<QTableView*>() : nullptr;
        QVERIFY(table);
        QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() == 1, 5000);
        window.window.docks().invoke->hide();
        QVERIFY(!window.debug->isDebugged(QStringLiteral("Debuggee")));

        // The menu runs its own event loop: pick the entry from inside it, as a click would.
        QStringList entries;
        QTimer pick;
        pick.setInterval(20);
        connect(&pick, &QTimer::timeout, this, [&] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            if (!menu)
                return;
            pick.stop();
            for (QAction* action : menu->actions()) {
                entries << action->text();
                if (action->text() == QStringLiteral("Debug Debuggee…"))
                    action->trigger();
            }
            menu->close();
        });
        pick.start();
        const QPoint row = table->visualRect(table->model()->index(0, 0)).center();
        Q_EMIT table->customContextMenuRequested(row);
        QVERIFY2(entries.contains(QStringLiteral("Debug Debuggee…")), qPrintable(entries.join(u'|')));

        QVERIFY(window.debug->isDebugged(QStringLiteral("Debuggee")));
        QCOMPARE(window.window.invokePanel()->currentFunction(), QStringLiteral("Debuggee"));
        QVERIFY(window.window.docks().invoke->isVisible());
        auto* debugButton = window.window.invokePanel()->findChild<QPushButton*>(QStringLiteral("debug"));
        QVERIFY(debugButton && debugButton->isEnabled());
        window.window.setDebugMode(QStringLiteral("Debuggee"), false);
    }

    // An invocation made with a client context (as a mobile SDK sends one) is replayed under the debugger with the
    // same context: the function sees it again. From the details dialog's button too.
    void debugThisInvocationReplaysTheClientContext()
    {
        Window window;
        QVERIFY(open(window));
        const QString context = QString::fromLatin1(QByteArray(R"({"custom":{"cart":"c-42"}})").toBase64());
        QString requestId;
        QString answer;
        window.controller.invoke(
            CoreController::InvokeCall{QStringLiteral("Debuggee"), QByteArray(R"({"mode":"context"})"), context, false},
            [&](const core::InvokeResult& result) {
                requestId = QString::fromStdString(result.requestId);
                answer = QString::fromStdString(result.payload);
            });
        QTRY_VERIFY_WITH_TIMEOUT(!requestId.isEmpty(), 30'000);
        QVERIFY2(answer.contains(QStringLiteral("c-42")), qPrintable(answer));
        const auto record = window.controller.invocationRecord(requestId);
        QCOMPARE(record.function, QStringLiteral("Debuggee"));
        QCOMPARE(record.clientContext, context);

        // The dialog hands the context on with the event.
        InvocationDetails details(&window.controller, requestId);
        QSignalSpy asked(&details, &InvocationDetails::debugRequested);
        auto* button = details.findChild<QPushButton*>(QStringLiteral("debugInvocation"));
        QVERIFY(button && button->isEnabled());
        button->click();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked[0][0].toString(), QStringLiteral("Debuggee"));
        QCOMPARE(asked[0][1].toString(), record.event);
        QCOMPARE(asked[0][2].toString(), context);

        auto* invoke = window.window.invokePanel();
        auto* status = invoke->findChild<QLabel*>(QStringLiteral("status"));
        status->clear();
        window.window.debugInvocation(asked[0][0].toString(), asked[0][1].toString(), asked[0][2].toString());
        QVERIFY(window.debug->isDebugged(QStringLiteral("Debuggee")));
        QCOMPARE(invoke->clientContext(), context);
        QVERIFY(invoke->findChild<QLabel*>(QStringLiteral("clientContext"))->isVisibleTo(invoke));
        QTRY_VERIFY2_WITH_TIMEOUT(status->text().startsWith(QStringLiteral("ok")), qPrintable(status->text()), 60'000);
        auto* response = invoke->findChild<QPlainTextEdit*>(QStringLiteral("response"));
        QVERIFY2(response->toPlainText().contains(QStringLiteral("c-42")), qPrintable(response->toPlainText()));
        window.window.setDebugMode(QStringLiteral("Debuggee"), false);
    }

private:
    QTemporaryDir m_project;
};

QTEST_MAIN(TestDebugWindow)
#include "tst_debug_window.moc"
