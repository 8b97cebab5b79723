// SPDX-License-Identifier: MIT
// Experiment templates kept with the project as experiments/NAME.json: names, what is refused and why, what
// a save writes, and what the Templates list reads back.
#include "experiments/saved_experiments.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace lambdadesk::gui;

namespace {

const QString kTemplate = QStringLiteral(R"({"description": "slow orders", "actions": {}})");

QString readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

}  // namespace

class TestSavedExperiments : public QObject {
    Q_OBJECT

private slots:
    void namesAreCheckedAndTheProblemSaysWhatWouldBeAccepted()
    {
        QVERIFY(!experimentNameProblem(QStringLiteral("orders-slow")));
        QVERIFY(!experimentNameProblem(QStringLiteral("v2_payment.down")));
        QVERIFY(experimentNameProblem(QString())->contains(QStringLiteral("empty")));
        QVERIFY(experimentNameProblem(QStringLiteral("../escape"))->contains(QStringLiteral("starts with '.'")));
        const auto slash = experimentNameProblem(QStringLiteral("a/b"));
        QVERIFY(slash && slash->contains(QStringLiteral("'/'")) && slash->contains(QStringLiteral("accepted")));
        QVERIFY(experimentNameProblem(QStringLiteral("with space")));
        QVERIFY(experimentNameProblem(QString(65, QLatin1Char('x')))->contains(QStringLiteral("at most 64")));
    }

    void aSaveWritesTheFileAndTheListReadsItBackByName()
    {
        QTemporaryDir project;
        QString error;
        const QString path = saveExperiment(project.path(), QStringLiteral("orders-slow"), kTemplate, &error);
        QVERIFY2(!path.isEmpty(), qPrintable(error));
        QCOMPARE(path, QDir(project.path()).filePath(QStringLiteral("experiments/orders-slow.json")));
        QCOMPARE(readAll(path), kTemplate + QLatin1Char('\n'));
        QVERIFY(!saveExperiment(project.path(), QStringLiteral("a-first"), kTemplate, &error).isEmpty());

        const auto saved = savedExperiments(project.path());
        QCOMPARE(saved.size(), std::size_t(2));
        QCOMPARE(saved[0].name, QStringLiteral("a-first"));
        QCOMPARE(saved[1].name, QStringLiteral("orders-slow"));
        QCOMPARE(saved[1].json, kTemplate + QLatin1Char('\n'));
        // Saving again replaces the file, leaving nothing else behind.
        const QString changed = QStringLiteral(R"({"description": "slower"})");
        QVERIFY(!saveExperiment(project.path(), QStringLiteral("orders-slow"), changed, &error).isEmpty());
        QCOMPARE(readAll(path), changed + QLatin1Char('\n'));
        QCOMPARE(QDir(QFileInfo(path).path()).entryList(QDir::Files).size(), 2);
    }

    void whatIsNotATemplateIsRefusedAndNothingIsWritten()
    {
        QTemporaryDir project;
        QString error;
        QVERIFY(saveExperiment(project.path(), QStringLiteral("broken"), QStringLiteral("{\"actions\": "), &error)
                    .isEmpty());
        QVERIFY2(error.contains(QStringLiteral("does not hold JSON")), qPrintable(error));
        QVERIFY(saveExperiment(project.path(), QStringLiteral("list"), QStringLiteral("[1, 2]"), &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("not an object")), qPrintable(error));
        QVERIFY(saveExperiment(project.path(), QStringLiteral("bad/name"), kTemplate, &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("'/'")), qPrintable(error));
        QVERIFY(!QDir(project.path()).exists(QStringLiteral("experiments")));
        QVERIFY(saveExperiment(project.filePath(QStringLiteral("missing")), QStringLiteral("x"), kTemplate, &error)
                    .isEmpty());
        QVERIFY2(error.contains(QStringLiteral("does not exist")), qPrintable(error));
    }

    void theListSkipsWhatIsNotAJsonFileAndAProjectWithoutTheFolderHasNone()
    {
        QTemporaryDir project;
        QVERIFY(savedExperiments(project.path()).empty());
        QDir(project.path()).mkpath(QStringLiteral("experiments/nested.json"));  // a folder, not a file
        QFile notes(project.filePath(QStringLiteral("experiments/notes.txt")));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("not a template");
        notes.close();
        QVERIFY(savedExperiments(project.path()).empty());
        // A file that is no valid template is still listed: the editor says what is wrong with it.
        QFile wip(project.filePath(QStringLiteral("experiments/wip.json")));
        QVERIFY(wip.open(QIODevice::WriteOnly));
        wip.write("{\"actions\": ");
        wip.close();
        const auto saved = savedExperiments(project.path());
        QCOMPARE(saved.size(), std::size_t(1));
        QCOMPARE(saved[0].json, QStringLiteral("{\"actions\": "));
    }
};

QTEST_GUILESS_MAIN(TestSavedExperiments)
#include "tst_saved_experiments.moc"
