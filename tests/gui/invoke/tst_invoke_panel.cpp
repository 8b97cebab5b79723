// SPDX-License-Identifier: MIT
// The Invoke panel on the demo: the project's events/*.json are offered, invalid JSON is marked where it
// breaks (and cannot be invoked), an API Gateway proxy response is shown decoded, and the response area is
// there before the first result.
#include "core_controller.h"
#include "invoke/event_json.h"
#include "invoke/invoke_panel.h"
#include "main_window.h"

#include "debug_launcher.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

QStringList items(const QComboBox* combo)
{
    QStringList names;
    for (int i = 0; i < combo->count(); ++i)
        names << combo->itemText(i);
    return names;
}

}  // namespace

class TestInvokePanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_folder.isValid());
        m_demo = MainWindow::copyDemoProject(m_folder.path());
        QVERIFY(!m_demo.isEmpty());
    }

    void projectEventsAreOffered()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        InvokePanel panel(&controller);
        panel.setFunction(QStringLiteral("OrderProcessor"));
        auto* saved = panel.findChild<QComboBox*>(QStringLiteral("savedEvents"));
        QVERIFY(saved);
        const QStringList names = items(saved);
        QVERIFY2(names.contains(QStringLiteral("events/CartApi.json")), qPrintable(names.join(u',')));
        QVERIFY(names.contains(QStringLiteral("events/PriceCalculator.json")));
        // The function's own event comes first, and fills the untouched editor.
        QCOMPARE(names.at(1), QStringLiteral("events/OrderProcessor.json"));
        auto* event = panel.findChild<QPlainTextEdit*>(QStringLiteral("event"));
        QFile file(m_demo + QStringLiteral("/events/OrderProcessor.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(event->toPlainText(), QString::fromUtf8(file.readAll()));
        // Choosing another project event loads it.
        const int cart = saved->findText(QStringLiteral("events/CartApi.json"));
        saved->setCurrentIndex(cart);
        Q_EMIT saved->activated(cart);
        QVERIFY(event->toPlainText().contains(QStringLiteral("/cart/{cartId}/items")));
    }

    void invalidJsonIsMarkedWhereItBreaks()
    {
        const auto problem = findJsonProblem(QStringLiteral("{\n  \"a\": 1,\n  \"b\" 2\n}"));
        QVERIFY(problem);
        QCOMPARE(problem->line, 3);
        QCOMPARE(problem->column, 7);
        QVERIFY(!findJsonProblem(QStringLiteral("\"just a string\"")));
        QVERIFY(!findJsonProblem(QStringLiteral("  ")));
        const auto early = findJsonProblem(QStringLiteral("{\"a\": [1, 2"));
        QVERIFY(early);
        QCOMPARE(early->line, 1);

        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        InvokePanel panel(&controller);
        panel.show();
        auto* event = panel.findChild<QPlainTextEdit*>(QStringLiteral("event"));
        auto* error = panel.findChild<QLabel*>(QStringLiteral("eventError"));
        auto* invoke = panel.findChild<QPushButton*>(QStringLiteral("invoke"));
        QVERIFY(event && error && invoke);
        panel.setEventText(QStringLiteral("{\n  \"a\": 1,\n  \"b\" 2\n}"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("line 3, column 7")), qPrintable(error->text()));
        QVERIFY(!invoke->isEnabled());
        const auto marks = event->extraSelections();
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks.front().cursor.selectionStart(), problem->position);
        panel.setEventText(QStringLiteral("{\"a\": 1}"));
        QVERIFY(!error->isVisible());
        QVERIFY(invoke->isEnabled());
        QVERIFY(event->extraSelections().isEmpty());
    }

    // "Debug" beside "Invoke": for every runtime the debugger drives (native under LLDB, Python under debugpy, Node
    // under the inspector) and a valid event.
    void debugIsOfferedForEveryDebuggableRuntimeWithAValidEvent()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        InvokePanel panel(&controller);
        auto* debug = panel.findChild<QPushButton*>(QStringLiteral("debug"));
        QVERIFY(debug);
        QSignalSpy asked(&panel, &InvokePanel::debugRequested);
        panel.setFunction(QStringLiteral("PriceCalculator"));
        panel.setEventText(QStringLiteral("{\"items\": []}"));
        QVERIFY(debug->isEnabled());
        debug->click();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked[0][0].toString(), QStringLiteral("PriceCalculator"));
        panel.setEventText(QStringLiteral("{"));
        QVERIFY(!debug->isEnabled());
        panel.setEventText(QStringLiteral("{}"));
        panel.setFunction(QStringLiteral("CartApi"));  // python3.12
        QVERIFY(debug->isEnabled());
        QVERIFY2(debug->toolTip().contains(QStringLiteral("under the debugger")), qPrintable(debug->toolTip()));
        panel.setFunction(QStringLiteral("OrderProcessor"));  // nodejs22.x
        QVERIFY(debug->isEnabled());
        debug->click();
        QCOMPARE(asked.size(), 2);
        QCOMPARE(asked[1][0].toString(), QStringLiteral("OrderProcessor"));

        // What the launcher runs, and nothing else.
        for (const char* runtime : {"provided.al2023", "provided", "python3.12", "nodejs20.x"})
            QVERIFY2(debugger::debuggableRuntime(runtime), runtime);
        for (const char* runtime : {"java21", "ruby3.3", "dotnet8", ""})
            QVERIFY2(!debugger::debuggableRuntime(runtime), runtime);
    }

    void apiGatewayBodyIsDecoded()
    {
        // Plain literals: Qt 6.4's moc loses the class after some raw strings.
        const QByteArray json = "{\"statusCode\": 201, \"headers\": {\"Content-Type\": \"application/json\"},"
                                " \"body\": \"{\\\"cartId\\\":\\\"c-1\\\",\\\"items\\\":[]}\"}";
        const auto shown = describeProxyResponse(json);
        QVERIFY(shown);
        QVERIFY(shown->startsWith(QStringLiteral("HTTP 201\nContent-Type: application/json\n\n{\n")));
        QVERIFY(shown->contains(QStringLiteral("\"cartId\": \"c-1\"")));
        const QByteArray encoded = "{\"statusCode\": 200, \"isBase64Encoded\": true, \"body\": \"" +
                                   QByteArray("hello, world").toBase64() + "\"}";
        QCOMPARE(*describeProxyResponse(encoded), QStringLiteral("HTTP 200\n\nhello, world"));
        QVERIFY(!describeProxyResponse("{\"statusCode\": 200}"));
        QVERIFY(!describeProxyResponse("{\"subtotal\": 10}"));
    }

    void responseAreaIsReservedAndShowsTheDecodedBody()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        InvokePanel panel(&controller);
        panel.resize(420, 640);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* responseArea = panel.findChild<QGroupBox*>(QStringLiteral("responseArea"));
        auto* eventArea = panel.findChild<QGroupBox*>(QStringLiteral("eventArea"));
        auto* logArea = panel.findChild<QGroupBox*>(QStringLiteral("logArea"));
        QVERIFY(responseArea && eventArea && logArea);
        QCOMPARE(eventArea->title(), QStringLiteral("Event"));
        QCOMPARE(responseArea->title(), QStringLiteral("Response"));
        QCOMPARE(logArea->title(), QStringLiteral("Log"));
        QVERIFY(responseArea->isVisible() && responseArea->height() > 60);
        const QRect before = eventArea->geometry();
        const QRect responseBefore = responseArea->geometry();

        panel.setFunction(QStringLiteral("CartApi"));
        auto* saved = panel.findChild<QComboBox*>(QStringLiteral("savedEvents"));
        const int cart = saved->findText(QStringLiteral("events/CartApi.json"));
        saved->setCurrentIndex(cart);
        Q_EMIT saved->activated(cart);
        QSignalSpy invoked(&panel, &InvokePanel::invoked);
        panel.invoke();
        QTRY_COMPARE_WITH_TIMEOUT(invoked.count(), 1, 30000);
        auto* response = panel.findChild<QPlainTextEdit*>(QStringLiteral("response"));
        QVERIFY2(response->toPlainText().startsWith(QStringLiteral("HTTP 200\n")), qPrintable(response->toPlainText()));
        QVERIFY(response->toPlainText().contains(QStringLiteral("\"sku\": \"mug-001\"")));
        QCOMPARE(eventArea->geometry(), before);
        QCOMPARE(responseArea->geometry(), responseBefore);
        // Raw shows what the function returned.
        for (auto* box : panel.findChildren<QCheckBox*>()) {
            if (box->text() == QStringLiteral("Raw"))
                box->setChecked(true);
        }
        QVERIFY(response->toPlainText().contains(QStringLiteral("\"statusCode\"")));
    }

private:
    QTemporaryDir m_folder;
    QString m_demo;
};

QTEST_MAIN(TestInvokePanel)
#include "tst_invoke_panel.moc"
