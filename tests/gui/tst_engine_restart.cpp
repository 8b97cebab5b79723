// SPDX-License-Identifier: MIT
// Issue 11 §3 in the window's models: what the Functions table, the status bar's sum and the timeline's live lanes
// count equals the function processes that exist — while running, after Run → Time Scale restarts the engine,
// and after Stop. (An engine being retired used to report its environments stopping into a sink nobody read,
// so the old lanes stayed live and the table kept counting them.)
#include "core_controller.h"
#include "functions/function_list_model.h"
#include "process_table.h"
#include "test_paths.h"
#include "timeline/timeline_model.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

/// What the status bar adds up: every function row's live environments.
int environmentsInTable(const CoreController& controller)
{
    int total = 0;
    const auto* functions = controller.functions();
    for (int row = 0; row < functions->rowCount(); ++row)
        total += functions->row(row).environments;
    return total;
}

int liveLanes(const CoreController& controller)
{
    int live = 0;
    const auto* timeline = controller.timeline();
    for (int row = 0; row < timeline->laneCount(); ++row)
        live += timeline->lane(row).endNs < 0 ? 1 : 0;
    return live;
}

int processes()
{
    return static_cast<int>(tests::childProcesses().size());
}

}  // namespace

class TestEngineRestart : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_folder.isValid());
        // Three Python functions; the code stays in the checkout's fixtures, the state in this folder.
        const QString fixtures = QString::fromStdString(tests::fixturesDir());
        QFile file(m_folder.filePath(QStringLiteral("template.yaml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QString yaml = QStringLiteral("AWSTemplateFormatVersion: '2010-09-09'\n"
                                      "Transform: AWS::Serverless-2016-10-31\n"
                                      "Resources:\n");
        for (const char* name : {"Echo", "Sleep", "Error"}) {
            const QString folder = QString::fromLatin1(name).toLower();
            yaml += QStringLiteral("  %1:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                                   "      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: %2/python/%3/\n")
                        .arg(QString::fromLatin1(name), fixtures, folder);
        }
        file.write(yaml.toUtf8());
    }

    void countsFollowTheProcessesThroughARestartAndAStop()
    {
        CoreController controller;
        QString error;
        QVERIFY2(controller.openProject(m_folder.filePath(QStringLiteral("template.yaml")), &error), qPrintable(error));
        QVERIFY(controller.running());
        int answered = 0;
        for (const char* function : {"Echo", "Sleep", "Error"})
            controller.invoke(QString::fromLatin1(function), QByteArrayLiteral("{}"), false,
                              [&answered](const core::InvokeResult&) { ++answered; });
        QTRY_COMPARE_WITH_TIMEOUT(answered, 3, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(environmentsInTable(controller), 3, 5000);
        QCOMPARE(processes(), 3);
        QCOMPARE(liveLanes(controller), 3);

        // Run → Time Scale: the engine restarts. Every old environment is reported stopped, in every view.
        controller.setTimeScale(10.0);
        QVERIFY(controller.running());
        QTRY_COMPARE_WITH_TIMEOUT(processes(), 0, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(environmentsInTable(controller), 0, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(liveLanes(controller), 0, 5000);
        const auto* timeline = controller.timeline();
        for (int row = 0; row < timeline->laneCount(); ++row)
            QVERIFY2(!timeline->lane(row).stopReason.isEmpty(), qPrintable(timeline->lane(row).environmentId));

        // The new engine counts what it starts, from zero.
        answered = 0;
        controller.invoke(QStringLiteral("Echo"), QByteArrayLiteral("{}"), false,
                          [&answered](const core::InvokeResult&) { ++answered; });
        QTRY_COMPARE_WITH_TIMEOUT(answered, 1, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(environmentsInTable(controller), 1, 5000);
        QCOMPARE(processes(), 1);
        QCOMPARE(liveLanes(controller), 1);

        // Stop: nothing alive anywhere.
        controller.stop();
        QVERIFY(!controller.running());
        QTRY_COMPARE_WITH_TIMEOUT(processes(), 0, 15000);
        QTRY_COMPARE_WITH_TIMEOUT(environmentsInTable(controller), 0, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(liveLanes(controller), 0, 5000);
    }

private:
    QTemporaryDir m_folder;
};

QTEST_MAIN(TestEngineRestart)
#include "tst_engine_restart.moc"
