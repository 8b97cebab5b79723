// SPDX-License-Identifier: MIT
// The console (issue 15 §1): a function made in it runs at once, edits keep the rest of the template, checks a
// deploy would fail on show next to their fields as you type, triggers make their queues, test events come
// from templates and triggers, export commits and lints off the GUI thread, a C++ function builds.
#include "console/console_form.h"
#include "console/console_panel.h"
#include "core_controller.h"
#include "invoke/saved_events.h"
#include "test_paths.h"

#include <project/template_loader.h>

#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

const char* kTemplate = R"(AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
# The shop's functions. This comment and the Globals below must survive console saves.
Globals:
  Function:
    Timeout: 10
Resources:
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: echo/   # the fixture
      Events:
        Orders:
          Type: SQS
          Properties:
            Queue: !GetAtt Orders.Arn
  Orders:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 120
)";

QByteArray readAll(const QString& path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

}  // namespace

class TestConsole : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_template;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_template = m_dir->filePath(QStringLiteral("template.yaml"));
        QFile file(m_template);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kTemplate);
        file.close();
        QDir().mkpath(m_dir->filePath(QStringLiteral("echo")));
        QFile::copy(QString::fromStdString(tests::fixturesDir()) + QStringLiteral("/python/echo/app.py"),
                    m_dir->filePath(QStringLiteral("echo/app.py")));
    }

    void cleanup() { m_dir.reset(); }

    void aNewFunctionRunsAtOnce()
    {
        CoreController controller;
        QString error;
        QVERIFY2(controller.openProject(m_template, &error), qPrintable(error));
        QSignalSpy reloaded(&controller, &CoreController::projectReloaded);
        ConsolePanel console;
        console.setProject(m_template);
        QSignalSpy created(&console, &ConsolePanel::functionCreated);
        console.selectFunction({});
        console.form()->nameEdit()->setText(QStringLiteral("greeter"));
        console.form()->runtimeBox()->setCurrentText(QStringLiteral("python3.12"));
        console.form()->codeFolderEdit()->setText(QStringLiteral("src/greeter"));
        QVERIFY2(console.save(&error), qPrintable(error));
        QCOMPARE(created.size(), 1);
        QVERIFY(QFile::exists(m_dir->filePath(QStringLiteral("src/greeter/app.py"))));

        // The watcher reloads the template; the engine then runs the new function.
        QTRY_VERIFY_WITH_TIMEOUT(!reloaded.isEmpty(), 10000);
        QVERIFY(reloaded.last().at(0).toBool());
        std::optional<core::InvokeResult> result;
        controller.invoke(QStringLiteral("greeter"), QByteArrayLiteral(R"({"n":1})"), false,
                          [&result](const core::InvokeResult& answer) { result = answer; });
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 30000);
        QVERIFY2(result->status == core::InvokeStatus::Ok, result->payload.c_str());
        QVERIFY2(result->payload.find("hello from greeter") != std::string::npos, result->payload.c_str());
        QCOMPARE(console.functionPicker()->currentData().toString(), QStringLiteral("greeter"));
    }

    void editsKeepTheRestOfTheTemplate()
    {
        ConsolePanel console;
        console.setProject(m_template);
        console.selectFunction(QStringLiteral("Echo"));
        QVERIFY(console.form()->editing());
        QVERIFY(!console.form()->nameEdit()->isEnabled() || console.form()->nameEdit()->isReadOnly());
        console.form()->memoryBox()->setValue(512);
        console.form()->environmentEdit()->setPlainText(QStringLiteral("STAGE=dev"));
        QString error;
        QVERIFY2(console.save(&error), qPrintable(error));
        const QByteArray yaml = readAll(m_template);
        QVERIFY(yaml.contains("# The shop's functions. This comment and the Globals below must survive console saves."));
        QVERIFY(yaml.contains("Globals:\n  Function:\n    Timeout: 10"));
        QVERIFY(yaml.contains("  Orders:\n    Type: AWS::SQS::Queue"));
        const auto loaded = core::loadProject(m_template.toStdString());
        QVERIFY2(loaded.ok(), loaded.errorText().c_str());
        const auto* echo = loaded.project->findFunction("Echo");
        QCOMPARE(echo->memoryMb, 512);
        QCOMPARE(echo->timeoutSeconds, 10);
        QCOMPARE(echo->environment.at("STAGE"), std::string("dev"));
        QCOMPARE(echo->events.size(), std::size_t{1});
        QCOMPARE(echo->events[0].properties["Queue"].get<std::string>(), loaded.project->queues[0].arn);
        QVERIFY(yaml.contains("Queue: !GetAtt Orders.Arn"));
    }

    void checksShowNextToTheirFieldsAsYouType()
    {
        ConsolePanel console;
        console.setProject(m_template);
        console.selectFunction(QStringLiteral("Echo"));
        ConsoleForm* form = console.form();
        QVERIFY(form->checkText(QStringLiteral("MemorySize")).isEmpty());
        form->memoryBox()->setValue(10304);
        QVERIFY2(form->checkText(QStringLiteral("MemorySize")).contains(QStringLiteral("10240")),
                 qPrintable(form->checkText(QStringLiteral("MemorySize"))));
        form->memoryBox()->setValue(256);
        QVERIFY(form->checkText(QStringLiteral("MemorySize")).isEmpty());

        form->environmentEdit()->setPlainText(QStringLiteral("log-level=debug"));
        QVERIFY(form->checkText(QStringLiteral("Environment")).contains(QStringLiteral("log-level")));
        form->environmentEdit()->setPlainText(QStringLiteral("no equals sign"));
        QVERIFY(form->checkText(QStringLiteral("Environment")).contains(QStringLiteral("KEY=value")));
        form->environmentEdit()->clear();

        // The queue hides messages for 120 s; a 300 s function would see them delivered twice.
        form->timeoutBox()->setValue(300);
        QVERIFY2(form->checkText(QStringLiteral("Triggers")).contains(QStringLiteral("VisibilityTimeout")),
                 qPrintable(form->checkText(QStringLiteral("Triggers"))));
        form->timeoutBox()->setValue(10);
        QTableWidget* triggers = form->triggerTable();
        triggers->item(0, 3)->setText(QStringLiteral("100"));
        QVERIFY(form->checkText(QStringLiteral("Triggers")).contains(QStringLiteral("MaximumBatchingWindowInSeconds")));
        triggers->item(0, 3)->setText(QStringLiteral("5"));
        QVERIFY2(form->checkText(QStringLiteral("Triggers")).isEmpty(), qPrintable(form->checkText(QStringLiteral("Triggers"))));
    }

    void aTriggerOnANewQueueMakesTheQueue()
    {
        ConsolePanel console;
        console.setProject(m_template);
        console.selectFunction({});
        console.form()->nameEdit()->setText(QStringLiteral("intake"));
        console.form()->codeFolderEdit()->setText(QStringLiteral("src/intake"));
        console.form()->addTrigger(TriggerRow{"Incoming", "SQS", "incoming", 5, {}});
        console.form()->addTrigger(TriggerRow{"Nightly", "Schedule", "cron(0 3 * * ? *)", 0, {}});
        console.form()->addTrigger(TriggerRow{"Route", "HttpApi", "POST /intake", 0, {}});
        QString error;
        QVERIFY2(console.save(&error), qPrintable(error));
        const auto loaded = core::loadProject(m_template.toStdString());
        QVERIFY2(loaded.ok(), loaded.errorText().c_str());
        const auto* intake = loaded.project->findFunction("intake");
        QVERIFY(intake);
        QCOMPARE(intake->events.size(), std::size_t{3});
        QCOMPARE(loaded.project->queues.size(), std::size_t{2});
        const auto& incoming = loaded.project->queues[1];
        QCOMPARE(incoming.name, std::string("incoming"));
        QCOMPARE(incoming.attributes.at("VisibilityTimeout"), std::string("18"));  // 6 × the 3 s default timeout
        QCOMPARE(intake->events[0].properties["Queue"].get<std::string>(), incoming.arn);
        QCOMPARE(intake->events[2].properties["Path"].get<std::string>(), std::string("/intake"));

        // A bad trigger is refused with what it needs, and the template is left as it was.
        const QByteArray before = readAll(m_template);
        console.selectFunction(QStringLiteral("intake"));
        console.form()->addTrigger(TriggerRow{"Broken", "HttpApi", "nopath", 0, {}});
        QVERIFY(!console.save(&error));
        QVERIFY2(error.contains(QStringLiteral("method and a path")), qPrintable(error));
        QCOMPARE(readAll(m_template), before);
    }

    void testEventsComeFromTriggersAndTemplates()
    {
        ConsolePanel console;
        console.setProject(m_template);
        console.selectFunction(QStringLiteral("Echo"));
        QString error;
        QVERIFY2(console.saveTestEvent(QStringLiteral("trigger: Orders"), QStringLiteral("order"), &error),
                 qPrintable(error));
        QVERIFY2(console.saveTestEvent(QStringLiteral("apigateway-http"), QStringLiteral("web"), &error),
                 qPrintable(error));
        QCOMPARE(console.testEvents()->count(), 2);
        const SavedEvents saved(m_dir->path());
        const auto order = QJsonDocument::fromJson(saved.load(QStringLiteral("Echo"), QStringLiteral("order")).toUtf8());
        const auto project = core::loadProject(m_template.toStdString());
        QCOMPARE(order[QStringLiteral("Records")][0][QStringLiteral("eventSourceARN")].toString(),
                 QString::fromStdString(project.project->queues[0].arn));
        QVERIFY(!console.saveTestEvent(QStringLiteral("no-such-template"), QStringLiteral("x"), &error));
    }

    void exportCommitsAndLintsOffTheGuiThread()
    {
        ConsolePanel console;
        console.setProject(m_template);
        QSignalSpy exported(&console, &ConsolePanel::exportFinished);
        QSignalSpy linted(&console, &ConsolePanel::lintFinished);
        const QString out = m_dir->filePath(QStringLiteral("../") + QFileInfo(m_dir->path()).fileName() +
                                            QStringLiteral("-exported"));
        console.exportTo(out);
        QVERIFY(exported.isEmpty());  // it runs in the background
        QTRY_VERIFY_WITH_TIMEOUT(!exported.isEmpty(), 60000);
        QVERIFY2(exported.first().at(0).toBool(), qPrintable(exported.first().at(1).toString()));
        QVERIFY(QFile::exists(out + QStringLiteral("/.git/HEAD")));
        QVERIFY(QFile::exists(out + QStringLiteral("/src/Echo/app.py")));
        if (!QStandardPaths::findExecutable(QStringLiteral("cfn-lint")).isEmpty()) {
            QTRY_VERIFY_WITH_TIMEOUT(!linted.isEmpty(), 180000);
            QVERIFY2(linted.first().at(0).toBool(), qPrintable(linted.first().at(1).toString()));
        }
        QDir(out).removeRecursively();
    }

    void aCppFunctionBuildsWithItsMakefile()
    {
        ConsolePanel console;
        console.setProject(m_template);
        QSignalSpy built(&console, &ConsolePanel::buildFinished);
        console.selectFunction({});
        console.form()->nameEdit()->setText(QStringLiteral("native"));
        console.form()->runtimeBox()->setCurrentText(QStringLiteral("provided.al2023"));
        QCOMPARE(console.form()->handlerEdit()->text(), QStringLiteral("bootstrap"));
        console.form()->codeFolderEdit()->setText(QStringLiteral("src/native"));
        QString error;
        QVERIFY2(console.save(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!built.isEmpty(), 280000);
        QVERIFY2(built.first().at(0).toBool(), qPrintable(built.first().at(1).toString()));
        QVERIFY(QFileInfo(m_dir->filePath(QStringLiteral("src/native/bootstrap"))).isExecutable());
        QVERIFY(readAll(m_template).contains("BuildMethod: makefile"));
    }

    void thePanelFitsANarrowDock()
    {
        // The right-hand column of a 1366×768 window is about 420 pixels wide; every control stays reachable.
        ConsolePanel console;
        console.setProject(m_template);
        console.selectFunction(QStringLiteral("Echo"));
        console.resize(420, 1100);
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
        for (QWidget* widget : {static_cast<QWidget*>(console.form()->nameEdit()),
                                static_cast<QWidget*>(console.form()->triggerTable()),
                                static_cast<QWidget*>(console.functionPicker())}) {
            const QRect inPanel(widget->mapTo(&console, QPoint(0, 0)), widget->size());
            QVERIFY2(console.rect().contains(inPanel), widget->metaObject()->className());
        }
        // LAMBDADESK_SCREENSHOT_DIR=folder keeps a picture of the panel, to look at.
        const QString folder = qEnvironmentVariable("LAMBDADESK_SCREENSHOT_DIR");
        if (!folder.isEmpty())
            QVERIFY(console.grab().save(folder + QStringLiteral("/console.png")));
    }
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
