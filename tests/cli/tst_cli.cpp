// SPDX-License-Identifier: MIT
// lambdadesk-cli as scripts use it: JSON lines, the summary, exit statuses and error messages.
#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include "cli_fixture.h"

using namespace lambdadesk::tests;

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void singleInvocationPrintsThePayload()
    {
        const Run run = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Echo"),
                                QStringLiteral("--payload"), QStringLiteral(R"({"hi":1})"), QStringLiteral("--log-tail")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("hi")).toInt(), 1);
        QVERIFY(run.err.contains("REPORT RequestId: "));
        QVERIFY(run.err.contains("cold"));
    }

    void jsonLinesAndSummaryForRepeats()
    {
        const Run run = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Echo"),
                                QStringLiteral("--repeat"), QStringLiteral("20"), QStringLiteral("--concurrency"),
                                QStringLiteral("2"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const auto lines = jsonLines(run.out);
        QCOMPARE(lines.size(), 21);
        for (int i = 0; i < 20; ++i) {
            const QJsonObject& line = lines[i];
            for (const char* key : {"requestId", "status", "functionError", "payload", "cold", "initDurationMs",
                                    "durationMs", "billedDurationMs", "maxMemoryUsedMB", "costUsd", "environmentId"})
                QVERIFY2(line.contains(QLatin1String(key)), key);
            QCOMPARE(line.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        }
        const QJsonObject summary = lines.last().value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("invocations")).toInt(), 20);
        QCOMPARE(summary.value(QStringLiteral("ok")).toInt(), 20);
        QCOMPARE(summary.value(QStringLiteral("cold")).toInt() + summary.value(QStringLiteral("warm")).toInt(), 20);
        QVERIFY(summary.value(QStringLiteral("environments")).toInt() >= 1);
        QVERIFY(summary.value(QStringLiteral("environments")).toInt() <= 2);
        for (const char* key : {"errors", "throttles", "p50Ms", "p90Ms", "p99Ms", "wallSeconds", "perSecond"})
            QVERIFY2(summary.contains(QLatin1String(key)), key);
    }

    void functionErrorsExitNonZero()
    {
        const Run run = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Failing"),
                                QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        const auto line = jsonLines(run.out).value(0);
        QCOMPARE(line.value(QStringLiteral("functionError")).toString(), QStringLiteral("Unhandled"));
        QCOMPARE(line.value(QStringLiteral("payload")).toObject().value(QStringLiteral("errorType")).toString(),
                 QStringLiteral("ValueError"));
    }

    void throttlesAreCountedInTheSummary()
    {
        const Run run = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Limited"),
                                QStringLiteral("--payload"), QStringLiteral(R"({"ms":300})"), QStringLiteral("--repeat"),
                                QStringLiteral("3"), QStringLiteral("--concurrency"), QStringLiteral("3"),
                                QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        const QJsonObject summary = jsonLines(run.out).last().value(QStringLiteral("summary")).toObject();
        QCOMPARE(summary.value(QStringLiteral("throttles")).toInt(), 2);
        QCOMPARE(summary.value(QStringLiteral("ok")).toInt(), 1);
    }

    void hostCapacityFlagsBoundTheEngine()
    {
        const Run run = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Echo"),
                                QStringLiteral("--repeat"), QStringLiteral("6"), QStringLiteral("--concurrency"),
                                QStringLiteral("3"), QStringLiteral("--max-concurrent-inits"), QStringLiteral("1"),
                                QStringLiteral("--max-environments"), QStringLiteral("2")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("host bounds: 1 INITs, 2 environments"), run.out.constData());
        QVERIFY(!run.err.contains("--scale-out aws"));
    }

    void scaleOutAwsWarns()
    {
        const Run run = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Echo"),
                                QStringLiteral("--repeat"), QStringLiteral("2"), QStringLiteral("--scale-out"),
                                QStringLiteral("aws")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("warning: --scale-out aws"), run.err.constData());
        QVERIFY(run.out.contains("host bounds: none"));
        const Run bad = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Echo"),
                                QStringLiteral("--scale-out"), QStringLiteral("cloud")});
        QVERIFY(bad.exitCode != 0);
    }

    void templateErrorsNameTheLine()
    {
        const Run run = runCli({QStringLiteral("invoke"), fixture("cli-broken"), QStringLiteral("Broken")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("template.yaml:8:"), run.err.constData());
        QVERIFY(run.err.contains("Timeout"));
    }

    void unknownFunctionListsTheKnownOnes()
    {
        const Run run = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Nope")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("Echo"));
        QVERIFY(run.err.contains("Failing"));
    }

    void badPayloadFileIsAnError()
    {
        const Run run = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Echo"),
                                QStringLiteral("--payload"), QStringLiteral("@/nonexistent/event.json")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("/nonexistent/event.json"));
    }

    void missingInterpreterNamesThePackage()
    {
        auto environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("LAMBDADESK_PYTHON"), QStringLiteral("/nonexistent/python3"));
        const Run run = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Echo"),
                                QStringLiteral("--json")},
                               environment);
        QCOMPARE(run.exitCode, 1);
        const auto line = jsonLines(run.out).value(0);
        const QString message =
            line.value(QStringLiteral("payload")).toObject().value(QStringLiteral("errorMessage")).toString();
        QVERIFY2(message.contains(QStringLiteral("apt-get install python3")), qPrintable(message));
    }

    void eventInvocationsAreFollowedToTheirOutcome()
    {
        const Run failing = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Failing"),
                                    QStringLiteral("--invocation-type"), QStringLiteral("Event"),
                                    QStringLiteral("--time-scale"), QStringLiteral("0.001"), QStringLiteral("--json")});
        QCOMPARE(failing.exitCode, 1);
        const auto outcome = jsonLines(failing.out).value(0);
        QCOMPARE(outcome.value(QStringLiteral("status")).toString(), QStringLiteral("RetriesExhausted"));
        QCOMPARE(outcome.value(QStringLiteral("attempts")).toInt(), 3);
        QCOMPARE(outcome.value(QStringLiteral("retries")).toInt(), 2);
        const Run ok = runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Echo"),
                               QStringLiteral("--invocation-type"), QStringLiteral("Event"), QStringLiteral("--repeat"),
                               QStringLiteral("3"), QStringLiteral("--json")});
        QCOMPARE(ok.exitCode, 0);
        QCOMPARE(jsonLines(ok.out).size(), 3);
    }

    void historyListsRecordedInvocations()
    {
        QCOMPARE(runCli({QStringLiteral("invoke"), fixture("cli-project"), QStringLiteral("Failing")}).exitCode, 1);
        const Run run = runCli({QStringLiteral("history"), fixture("cli-project"), QStringLiteral("--function"),
                                QStringLiteral("Failing"), QStringLiteral("--status"), QStringLiteral("error"),
                                QStringLiteral("--limit"), QStringLiteral("1"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const auto rows = jsonLines(run.out);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows[0].value(QStringLiteral("function")).toString(), QStringLiteral("Failing"));
        QCOMPARE(rows[0].value(QStringLiteral("status")).toString(), QStringLiteral("error"));
        QCOMPARE(rows[0].value(QStringLiteral("errorType")).toString(), QStringLiteral("ValueError"));
    }

    void validateListsTheProject()
    {
        const Run run = runCli({QStringLiteral("validate"), fixture("cli-project"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject project = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(project.value(QStringLiteral("functions")).toArray().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
