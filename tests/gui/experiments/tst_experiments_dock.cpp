// SPDX-License-Identifier: MIT
// The Experiments dock on the demo, as a user drives it: the template is validated as it is typed (the field at
// fault named, Start held back until it parses), Start runs it on the engine's runner, Stop ends it, and Open
// report writes the HTML report and hands it to the desktop (a URL handler here, instead of a browser).
#include "core_controller.h"
#include "experiments/experiment_list_model.h"
#include "experiments/experiments_dock.h"
#include "main_window.h"

#include <run/experiment_runner.h>

#include <Qsci/qsciscintilla.h>

#include <QDesktopServices>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

const char* const kSlowCart = R"({
  "description": "CartApi 200 ms slower",
  "stopConditions": [{"source": "none"}],
  "targets": {"Cart": {"resourceType": "aws:lambda:function", "resourceArns": ["CartApi"], "selectionMode": "ALL"}},
  "actions": {"slow": {"actionId": "aws:lambda:invocation-add-delay",
                       "parameters": {"duration": "PT5M", "startupDelayMilliseconds": "200"},
                       "targets": {"Functions": "Cart"}}}
})";

}  // namespace

class TestExperimentsDock : public QObject {
    Q_OBJECT

public slots:
    /// QDesktopServices' handler for file: URLs while a test runs (a browser would open otherwise).
    void urlOpened(const QUrl& url) { m_opened << url; }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_folder.isValid());
        m_demo = MainWindow::copyDemoProject(m_folder.path());
        QVERIFY(!m_demo.isEmpty());
    }

    void theTemplateIsValidatedAsItIsTyped()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        ExperimentsDock dock(&controller);
        dock.show();
        auto* editor = dock.findChild<QsciScintilla*>(QStringLiteral("templateEditor"));
        auto* validation = dock.findChild<QLabel*>(QStringLiteral("validation"));
        auto* start = dock.findChild<QPushButton*>(QStringLiteral("start"));
        QVERIFY(editor && validation && start);

        // The dock opens on the first ready template; this one replaces it once typing pauses.
        dock.setTemplateText(QString::fromUtf8(kSlowCart));
        const QString valid = QStringLiteral("valid: 1 action on 1 target, runs 5:00");
        QTRY_COMPARE_WITH_TIMEOUT(validation->text(), valid, 3000);
        QVERIFY(start->isEnabled());

        // A key typed at the end breaks the JSON: said within a moment of the pause, and Start waits.
        editor->setFocus();
        editor->setCursorPosition(editor->lines() - 1, editor->text(editor->lines() - 1).size());
        QTest::keyClicks(editor, QStringLiteral(","));
        QVERIFY(dock.templateText().endsWith(u','));
        QTRY_VERIFY_WITH_TIMEOUT(validation->text() != valid, 3000);
        QVERIFY(!start->isEnabled());
        QVERIFY2(validation->styleSheet().contains(QStringLiteral("#c03030")), qPrintable(validation->styleSheet()));
        // Taken back: valid again.
        QTest::keyClick(editor, Qt::Key_Backspace);
        QTRY_COMPARE_WITH_TIMEOUT(validation->text(), valid, 3000);
        QVERIFY(start->isEnabled());

        // A value out of range names its field and what is accepted.
        dock.setTemplateText(QString::fromUtf8(kSlowCart).replace(QStringLiteral("\"200\""), QStringLiteral("\"-5\"")));
        QTRY_VERIFY_WITH_TIMEOUT(!start->isEnabled(), 3000);
        QVERIFY2(validation->text().contains(QStringLiteral("actions.slow.parameters.startupDelayMilliseconds")),
                 qPrintable(validation->text()));
        QVERIFY2(validation->text().contains(QStringLiteral("accepted")), qPrintable(validation->text()));
    }

    void startStopAndOpenTheReport()
    {
        CoreController controller;
        QVERIFY(controller.openProject(m_demo, nullptr));
        ExperimentsDock dock(&controller);
        dock.show();
        auto* start = dock.findChild<QPushButton*>(QStringLiteral("start"));
        auto* stop = dock.findChild<QPushButton*>(QStringLiteral("stop"));
        auto* report = dock.findChild<QPushButton*>(QStringLiteral("openReport"));
        auto* table = dock.findChild<QTableView*>(QStringLiteral("experiments"));
        QVERIFY(start && stop && report && table);
        dock.setTemplateText(QString::fromUtf8(kSlowCart));
        QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 3000);

        QSignalSpy started(&dock, &ExperimentsDock::experimentStarted);
        start->click();
        QCOMPARE(started.size(), 1);
        const QString id = started[0][0].toString();
        QVERIFY2(id.startsWith(QStringLiteral("EXP")), qPrintable(id));
        auto* model = dock.model();
        const int row = model->findRow(id);
        QVERIFY(row >= 0);
        QVERIFY(model->index(row, 0).data(ExperimentListModel::UnderWayRole).toBool());
        QVERIFY(controller.experiments()->experiment(id.toStdString())->status == faults::ExperimentStatus::Running);
        // Start selects it: Stop and Open report apply to it.
        QVERIFY(stop->isEnabled());
        QVERIFY(report->isEnabled());

        stop->click();
        QTRY_VERIFY_WITH_TIMEOUT(controller.experiments()->experiment(id.toStdString())->status ==
                                     faults::ExperimentStatus::Stopped,
                                 3000);
        QTRY_VERIFY_WITH_TIMEOUT(!model->index(model->findRow(id), 0).data(ExperimentListModel::UnderWayRole).toBool(),
                                 3000);
        QVERIFY(!stop->isEnabled());
        QVERIFY(report->isEnabled());

        QDesktopServices::setUrlHandler(QStringLiteral("file"), this, "urlOpened");
        QSignalSpy written(&dock, &ExperimentsDock::reportWritten);
        report->click();
        QVERIFY(written.wait(30'000));
        QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
        const QString path = written[0][0].toString();
        QVERIFY2(written[0][1].toString().isEmpty(), qPrintable(written[0][1].toString()));
        QCOMPARE(m_opened.size(), 1);
        QCOMPARE(m_opened.front().toLocalFile(), path);
        QFile page(path);
        QVERIFY(page.open(QIODevice::ReadOnly));
        const QByteArray html = page.readAll();
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        QVERIFY(html.contains(id.toUtf8()));
        QVERIFY(html.contains("CartApi"));
        page.close();
        QFile::remove(path);
    }

private:
    QTemporaryDir m_folder;
    QString m_demo;
    QList<QUrl> m_opened;
};

QTEST_MAIN(TestExperimentsDock)
#include "tst_experiments_dock.moc"
