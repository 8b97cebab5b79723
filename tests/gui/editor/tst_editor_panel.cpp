// SPDX-License-Identifier: MIT
// The editor on the demo: with nothing open it says how to open a function's code, its own picker lists the
// project's functions, and picking one opens the handler file.
#include "core_controller.h"
#include "editor/editor_panel.h"
#include "editor/handler_source.h"
#include "functions/function_list_model.h"
#include "main_window.h"

#include <QComboBox>
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
