// SPDX-License-Identifier: MIT
// lambdadesk-cli experiment: a run with traffic and its report, template errors, the action catalogue.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "cli_fixture.h"

#include <algorithm>

namespace {

const char* const kHalfFailing = R"({
            "description": "half the calls of Echo fail for 2 s",
            "stopConditions": [{"source": "none"}],
            "targets": {"Echo": {"resourceType": "aws:lambda:function", "resourceArns": ["Echo"]}},
            "actions": {"fail": {"actionId": "aws:lambda:invocation-error", "targets": {"Functions": "Echo"},
                                 "parameters": {"duration": "PT2S", "invocationPercentage": "50",
                                                "preventExecution": "true"}}},
            "lambdadesk": {"seed": 5}})";

const char* const kLongFailing = R"({
            "description": "every call of Echo fails for 10 minutes",
            "stopConditions": [{"source": "none"}],
            "targets": {"Echo": {"resourceType": "aws:lambda:function", "resourceArns": ["Echo"]}},
            "actions": {"fail": {"actionId": "aws:lambda:invocation-error", "targets": {"Functions": "Echo"},
                                 "parameters": {"duration": "PT10M", "preventExecution": "true"}}}})";

const char* const kBadPercentage = R"({
            "description": "bad", "stopConditions": [{"source": "none"}],
            "targets": {"Echo": {"resourceType": "aws:lambda:function", "resourceArns": ["Echo"]}},
            "actions": {"slow": {"actionId": "aws:lambda:invocation-add-delay", "targets": {"Functions": "Echo"},
                                 "parameters": {"duration": "PT2S", "invocationPercentage": "150"}}}})";

}  // namespace

using namespace lambdadesk::tests;

class TestCliExperiment : public QObject {
    Q_OBJECT

private:
    static QString writeExperiment(const QTemporaryDir& dir, const QByteArray& text)
    {
        const QString path = dir.filePath(QStringLiteral("experiment.json"));
        QFile file(path);
        file.open(QIODevice::WriteOnly);
        file.write(text);
        return path;
    }

private slots:
    void runPrintsAndWritesItsReport()
    {
        QTemporaryDir dir;
        const QString experiment = writeExperiment(dir, kHalfFailing);
        const QString report = dir.filePath(QStringLiteral("report.html"));
        const Run run = runCli({QStringLiteral("experiment"), QStringLiteral("run"), fixture("cli-project"), experiment,
                                QStringLiteral("--traffic"), QStringLiteral("Echo:constant:20"), QStringLiteral("--before"),
                                QStringLiteral("1"), QStringLiteral("--after"), QStringLiteral("1"), QStringLiteral("--report"),
                                report, QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto lines = jsonLines(run.out);
        QVERIFY(lines.size() >= 3);
        QCOMPARE(lines.first().value(QStringLiteral("event")).toString(), QStringLiteral("started"));
        QCOMPARE(lines.last().value(QStringLiteral("event")).toString(), QStringLiteral("report"));
        const auto body = lines.last().value(QStringLiteral("report")).toObject();
        QCOMPARE(body.value(QStringLiteral("experiment")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("completed"));
        const auto echo = body.value(QStringLiteral("functions")).toArray().at(0).toObject();
        const auto during = echo.value(QStringLiteral("during")).toObject();
        const auto before = echo.value(QStringLiteral("before")).toObject();
        QVERIFY2(during.value(QStringLiteral("invocations")).toInt() >= 20, QJsonDocument(echo).toJson().constData());
        QVERIFY(before.value(QStringLiteral("invocations")).toInt() >= 10);
        QCOMPARE(before.value(QStringLiteral("errors")).toInt(), 0);
        const int faulted = during.value(QStringLiteral("faulted")).toInt();
        QVERIFY(faulted > 0 && faulted < during.value(QStringLiteral("invocations")).toInt());
        QCOMPARE(during.value(QStringLiteral("errors")).toInt(), faulted);
        QCOMPARE(body.value(QStringLiteral("actions")).toArray().at(0).toObject().value(QStringLiteral("affected")).toInt(),
                 faulted);
        QFile page(report);
        QVERIFY(page.open(QIODevice::ReadOnly));
        QVERIFY(page.readAll().contains("class=\"chart\""));
    }

    // --seconds bounds the run: a ten-minute experiment is stopped after two seconds of traffic, and the report
    // covers those two seconds.
    void secondsEndsTheRunAndStopsTheExperiment()
    {
        QTemporaryDir dir;
        const QString experiment = writeExperiment(dir, kLongFailing);
        QElapsedTimer clock;
        clock.start();
        const Run run = runCli({QStringLiteral("experiment"), QStringLiteral("run"), fixture("cli-project"), experiment,
                                QStringLiteral("--traffic"), QStringLiteral("Echo:constant:10"), QStringLiteral("--seconds"),
                                QStringLiteral("2"), QStringLiteral("--json")});
        const qint64 ms = clock.elapsed();
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(ms < 30'000, qPrintable(QString::number(ms)));
        const auto lines = jsonLines(run.out);
        QCOMPARE(lines.last().value(QStringLiteral("event")).toString(), QStringLiteral("report"));
        const auto body = lines.last().value(QStringLiteral("report")).toObject();
        const auto status = body.value(QStringLiteral("experiment")).toObject().value(QStringLiteral("status")).toString();
        QCOMPARE(status, QStringLiteral("stopped"));
        const double seconds = body.value(QStringLiteral("durationSeconds")).toDouble();
        QVERIFY2(seconds >= 1.9 && seconds < 4, qPrintable(QString::number(seconds)));
        // One progress line a second: two or three of them, not ten minutes' worth.
        const auto progress = std::count_if(lines.begin(), lines.end(), [](const QJsonObject& line) {
            return line.value(QStringLiteral("event")).toString() == QStringLiteral("progress");
        });
        QVERIFY2(progress >= 2 && progress <= 4, qPrintable(QString::number(progress)));
        const auto during = body.value(QStringLiteral("functions")).toArray().at(0).toObject().value(QStringLiteral("during")).toObject();
        QVERIFY(during.value(QStringLiteral("invocations")).toInt() >= 5);
        QCOMPARE(during.value(QStringLiteral("errors")).toInt(), during.value(QStringLiteral("invocations")).toInt());
    }

    void aBrokenTemplateNamesTheField()
    {
        QTemporaryDir dir;
        const QString experiment = writeExperiment(dir, kBadPercentage);
        const Run run = runCli({QStringLiteral("experiment"), QStringLiteral("run"), fixture("cli-project"), experiment});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("actions.slow.parameters.invocationPercentage"), run.err.constData());
    }

    void anExperimentIsFoundByItsNameInTheProjectsExperimentsFolder()
    {
        // tests/fixtures/cli-project/experiments/bad-percentage.json: read (its error names its field), by name.
        const Run named = runCli({QStringLiteral("experiment"), QStringLiteral("run"), fixture("cli-project"),
                                  QStringLiteral("bad-percentage")});
        QCOMPARE(named.exitCode, 2);
        QVERIFY2(named.err.contains("actions.slow.parameters.invocationPercentage"), named.err.constData());
        const Run missing = runCli({QStringLiteral("experiment"), QStringLiteral("run"), fixture("cli-project"),
                                    QStringLiteral("no-such-experiment")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("no-such-experiment") && missing.err.contains("experiments/*.json"),
                 missing.err.constData());
    }

    void actionsListsTheCatalogue()
    {
        const Run run = runCli({QStringLiteral("experiment"), QStringLiteral("actions")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("aws:lambda:invocation-add-delay"));
        QVERIFY(run.out.contains("startupDelayMilliseconds"));
        QVERIFY(run.out.contains("lambdadesk:api-error"));
        QVERIFY(run.out.contains("lambdadesk:delivery-duplicate"));
    }
};

QTEST_GUILESS_MAIN(TestCliExperiment)
#include "tst_cli_experiment.moc"
