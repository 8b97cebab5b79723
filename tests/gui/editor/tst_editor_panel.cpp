// SPDX-License-Identifier: MIT
// The editor on the demo: with nothing open it says how to open a function's code, its own picker lists the
// project's functions, and picking one opens the handler file; the breakpoint gutter draws what its mark source
// says, asks for a toggle on a click, and marks where a debugged function is stopped.
#include "core_controller.h"
#include "editor/editor_panel.h"
#include "editor/handler_source.h"
#include "functions/function_list_model.h"
#include "main_window.h"

#include <Qsci/qsciscintilla.h>

#include <QComboBox>
#include <QSignalSpy>
#include <QLabel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

class TestEditorPanel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_folder.isValid());
        m_demo = MainWindow::copyDemoProject(m_folder.path());
        QVERIFY(!m_demo.isEmpty());
    }

    void emptyStateSaysWhatToDo()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        EditorPanel panel(&controller);
        panel.resize(500, 300);
        panel.show();
        auto* hint = panel.findChild<QLabel*>(QStringLiteral("emptyHint"));
        QVERIFY(hint);
        QVERIFY(hint->isVisible());
        QVERIFY(hint->text().contains(QStringLiteral("Double-click a function in Functions")));
        // Once a file is open the hint gives way to the tabs, and comes back when the last tab closes.
        QVERIFY(panel.openFile(m_demo + QStringLiteral("/template.yaml")));
        QVERIFY(!hint->isVisible());
        auto* tabs = panel.findChild<QTabWidget*>();
        QVERIFY(tabs);
        Q_EMIT tabs->tabCloseRequested(0);
        QVERIFY(hint->isVisible());
    }

    void pickerListsFunctionsAndOpensTheHandler()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        EditorPanel panel(&controller);
        auto* picker = panel.findChild<QComboBox*>(QStringLiteral("functionPicker"));
        QVERIFY(picker);
        QStringList names;
        for (int i = 1; i < picker->count(); ++i)
            names << picker->itemText(i);
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("CartApi"), QStringLiteral("OrderProcessor"),
                                     QStringLiteral("PriceCalculator")}));
        QSignalSpy requested(&panel, &EditorPanel::openFunctionRequested);
        const int cart = picker->findText(QStringLiteral("CartApi"));
        picker->setCurrentIndex(cart);
        Q_EMIT picker->activated(cart);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).toString(), QStringLiteral("CartApi"));
        QVERIFY2(panel.currentFile().endsWith(QStringLiteral("cart-api/app.py")), qPrintable(panel.currentFile()));
    }

    void theGutterDrawsTheMarksItIsGivenAndAsksForToggles()
    {
        EditorPanel panel;
        const QString file = m_demo + QStringLiteral("/template.yaml");
        GutterMarks marks{{3, GutterMark::Kind::Breakpoint, QStringLiteral("resolved")},
                          {5, GutterMark::Kind::Unresolved, QStringLiteral("no code at template.yaml:5")},
                          {7, GutterMark::Kind::Disabled, QStringLiteral("off")}};
        int asked = 0;
        panel.setBreakpointMarkSource([&](const QString& path) {
            ++asked;
            return path == QFileInfo(file).absoluteFilePath() ? marks : GutterMarks{};
        });
        QVERIFY(panel.openFile(file));
        QVERIFY(asked > 0);
        QCOMPARE(panel.breakpointMarks(file), marks);
        auto* editor = panel.findChild<QsciScintilla*>();
        QVERIFY(editor);
        // Three different markers on lines 3, 5 and 7 (0-based 2, 4, 6); none elsewhere.
        const unsigned filled = editor->markersAtLine(2);
        const unsigned hollow = editor->markersAtLine(4);
        const unsigned grey = editor->markersAtLine(6);
        QVERIFY(filled && hollow && grey);
        QVERIFY(filled != hollow && hollow != grey && filled != grey);
        QCOMPARE(editor->markersAtLine(3), 0u);
        QCOMPARE(panel.breakpointToolTip(file, 5), QStringLiteral("no code at template.yaml:5"));
        QVERIFY(panel.breakpointToolTip(file, 4).isEmpty());

        // The owner's set changes (the line 3 one went away): a refresh redraws.
        marks.removeFirst();
        panel.refreshBreakpointMarks();
        QCOMPARE(editor->markersAtLine(2), 0u);
        QCOMPARE(editor->markersAtLine(4), hollow);

        // A click in the breakpoint margin (1) asks for line 10; one in the line numbers (0) asks nothing.
        QSignalSpy toggles(&panel, &EditorPanel::breakpointToggleRequested);
        Q_EMIT editor->marginClicked(1, 9, Qt::NoModifier);
        Q_EMIT editor->marginClicked(0, 9, Qt::NoModifier);
        QCOMPARE(toggles.size(), 1);
        QCOMPARE(toggles[0][0].toString(), QFileInfo(file).absoluteFilePath());
        QCOMPARE(toggles[0][1].toInt(), 10);
    }

    void theStoppedLineIsMarkedAlsoInAFileOpenedLater()
    {
        EditorPanel panel;
        const QString file = m_demo + QStringLiteral("/template.yaml");
        panel.setExecutionLine(file, 4);
        QVERIFY(panel.openFile(file));
        QCOMPARE(panel.executionLine(file), 4);
        auto* editor = panel.findChild<QsciScintilla*>();
        QVERIFY(editor->markersAtLine(3) != 0);
        panel.setExecutionLine({}, 0);  // running again
        QCOMPARE(panel.executionLine(file), 0);
        QCOMPARE(editor->markersAtLine(3), 0u);
    }

    void handlerSourceFileFindsTheModule()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        const auto* functions = controller.functions();
        const auto& order = functions->row(functions->findRow(QStringLiteral("OrderProcessor"))).config;
        QVERIFY(handlerSourceFile(order).endsWith(QStringLiteral("order-processor/index.js")));
        core::FunctionConfig missing;
        missing.handler = "nothing.handler";
        missing.codeDir = m_folder.path().toStdString();
        QVERIFY(handlerSourceFile(missing).isEmpty());
        QString error;
        EditorPanel panel(&controller);
        QVERIFY(!panel.openFunction(QStringLiteral("NoSuchFunction"), &error));
        QVERIFY(!error.isEmpty());
    }

private:
    QTemporaryDir m_folder;
    QString m_demo;
};

QTEST_MAIN(TestEditorPanel)
#include "tst_editor_panel.moc"
