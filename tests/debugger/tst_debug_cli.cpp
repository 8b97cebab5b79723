// SPDX-License-Identifier: MIT
// `lambdadesk-cli debug` as a script or CI job uses it: JSON lines per stop, unresolved breakpoints
// reported with a non-zero exit, and the invocation result last, as `invoke --json` prints it.
#include "debug_fixture.h"
#include "free_port.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace lambdadesk;

namespace {

struct CliRun {
    int exitCode = -1;
    bool exited = false;  ///< ended by exit(), not by a signal or the time limit: a crash is never a "failure exit"
    std::vector<nlohmann::json> lines;
    QString errors;
};

CliRun runCli(const QStringList& arguments)
{
    QProcess process;
    process.start(QString::fromStdString(lambdadesk::tests::cliPath()), arguments);
    const bool finished = process.waitForFinished(120000);
    CliRun run;
    run.exited = finished && process.exitStatus() == QProcess::NormalExit;
    run.exitCode = process.exitCode();
    run.errors = QString::fromUtf8(process.readAllStandardError());
    if (!finished) {
        process.kill();
        process.waitForFinished(5000);
        run.errors.prepend(QStringLiteral("lambdadesk-cli did not finish within 120 s\n"));
    } else if (!run.exited) {
        run.errors.prepend(QStringLiteral("lambdadesk-cli crashed (%1)\n").arg(process.errorString()));
    }
    for (const auto& line : process.readAllStandardOutput().split('\n')) {
        if (!line.trimmed().isEmpty())
            run.lines.push_back(nlohmann::json::parse(line.toStdString(), nullptr, false));
    }
    return run;
}

}  // namespace

class TestDebugCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
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
            << lambdadesk::tests::fixturesBuildDir() << "/native/debuggee\n";
    }

    void printsEveryStopAsAJsonLineThenTheResult()
    {
        const QString loop = QStringLiteral("handler.c:%1").arg(tests::lineOf("loop"));
        const auto run = runCli({QStringLiteral("debug"), m_project.path(), QStringLiteral("Debuggee"),
                                 QStringLiteral("--break"), loop, QStringLiteral("--condition"),
                                 QStringLiteral("value == 2"), QStringLiteral("--payload"),
                                 QStringLiteral(R"({"items":[1,2,3]})"), QStringLiteral("--eval"),
                                 QStringLiteral("total"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.errors));
        QCOMPARE(run.lines.size(), std::size_t(2));
        const auto& stop = run.lines[0];
        QCOMPARE(stop["event"], nlohmann::json("stopped"));
        QCOMPARE(stop["reason"], nlohmann::json("breakpoint"));
        QCOMPARE(stop["file"], nlohmann::json("handler.c"));
        QCOMPARE(stop["line"], nlohmann::json(tests::lineOf("loop")));
        QCOMPARE(stop["function"], nlohmann::json("sum_items"));
        QCOMPARE(stop["locals"]["value"], nlohmann::json("2"));
        QCOMPARE(stop["locals"]["total"], nlohmann::json("1"));
        QCOMPARE(stop["eval"]["total"], nlohmann::json("1"));
        const auto& result = run.lines[1];
        QCOMPARE(result["status"], nlohmann::json("ok"));
        QCOMPARE(result["payload"]["sum"], nlohmann::json(6));
    }

    // A function built elsewhere (a CI machine, a container): its debug info names the build's paths. With
    // --source-map BUILD=CHECKOUT a breakpoint set by the checkout's path binds and stops; without it the same
    // breakpoint names no file of the build and is reported unresolved.
    void aSourceMapBindsBreakpointsByTheLocalPath()
    {
        QTemporaryDir checkout;
        QVERIFY(checkout.isValid());
        const QString local = checkout.filePath(QStringLiteral("handler.c"));
        QVERIFY(QFile::copy(QString::fromStdString(tests::debuggeeSource()), local));
        const QString build = QFileInfo(QString::fromStdString(tests::debuggeeSource())).absolutePath();
        const QString breakpoint = QStringLiteral("%1:%2").arg(local).arg(tests::lineOf("return"));
        const QStringList common{QStringLiteral("debug"), m_project.path(), QStringLiteral("Debuggee"),
                                 QStringLiteral("--break"), breakpoint, QStringLiteral("--payload"),
                                 QStringLiteral(R"({"items":[1,2]})"), QStringLiteral("--eval"), QStringLiteral("total"),
                                 QStringLiteral("--json")};

        const auto mapped = runCli(common + QStringList{QStringLiteral("--source-map"), build + u'=' + checkout.path()});
        QVERIFY2(mapped.exitCode == 0, qPrintable(mapped.errors));
        QCOMPARE(mapped.lines.size(), std::size_t(2));
        QCOMPARE(mapped.lines[0]["event"], nlohmann::json("stopped"));
        QCOMPARE(mapped.lines[0]["line"], nlohmann::json(tests::lineOf("return")));
        QCOMPARE(mapped.lines[0]["eval"]["total"], nlohmann::json("3"));
        QCOMPARE(mapped.lines[1]["payload"]["sum"], nlohmann::json(3));

        const auto unmapped = runCli(common);
        QCOMPARE(unmapped.exitCode, 3);
        QCOMPARE(unmapped.lines[0]["event"], nlohmann::json("breakpoint"));
        QCOMPARE(unmapped.lines[0]["verified"], nlohmann::json(false));

        const auto malformed = runCli(common + QStringList{QStringLiteral("--source-map"), checkout.path()});
        QCOMPARE(malformed.exitCode, 2);
        QVERIFY2(malformed.errors.contains(QStringLiteral("is not FROM=TO")), qPrintable(malformed.errors));
    }

    void anUnresolvedBreakpointIsReportedAndFailsTheRun()
    {
        const QString nowhere = QStringLiteral("handler.c:%1").arg(tests::lineOf("nocode"));
        const auto run = runCli({QStringLiteral("debug"), m_project.path(), QStringLiteral("Debuggee"),
                                 QStringLiteral("--break"), nowhere, QStringLiteral("--payload"),
                                 QStringLiteral(R"({"items":[1]})"), QStringLiteral("--json")});
        QVERIFY2(run.exited && run.exitCode != 0, qPrintable(run.errors));
        QCOMPARE(run.lines.size(), std::size_t(2));
        QCOMPARE(run.lines[0]["event"], nlohmann::json("breakpoint"));
        QCOMPARE(run.lines[0]["verified"], nlohmann::json(false));
        QVERIFY(run.lines[0]["message"].get<std::string>().find("no code") != std::string::npos);
        QCOMPARE(run.lines[1]["status"], nlohmann::json("ok"));
    }

    void aMalformedBreakpointNamesWhatIsAccepted()
    {
        const auto run = runCli({QStringLiteral("debug"), m_project.path(), QStringLiteral("Debuggee"),
                                 QStringLiteral("--break"), QStringLiteral("handler.c:twelve")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.errors.contains(QStringLiteral("FILE:LINE")), qPrintable(run.errors));
    }

    void aMalformedPortRangeNamesWhatIsAccepted()
    {
        for (const auto* range : {"9103-9100", "0", "http", "9100-70000"}) {
            const auto run = runCli({QStringLiteral("debug"), m_project.path(), QStringLiteral("Debuggee"),
                                     QStringLiteral("--break"), QStringLiteral("handler.c:12"),
                                     QStringLiteral("--runtime-api-ports"), QString::fromLatin1(range)});
            QCOMPARE(run.exitCode, 2);
            QVERIFY2(run.errors.contains(QStringLiteral("expected PORT or FROM-TO")), qPrintable(run.errors));
        }
    }

    // A fixed port (what an ssh -R tunnel carries): the run completes as with an ephemeral one.
    void aFixedRuntimeApiPortWorks()
    {
        const int port = tests::freeLoopbackPort();
        QVERIFY(port > 0);
        const auto run = runCli({QStringLiteral("debug"), m_project.path(), QStringLiteral("Debuggee"),
                                 QStringLiteral("--break"), QStringLiteral("handler.c:%1").arg(tests::lineOf("return")),
                                 QStringLiteral("--payload"), QStringLiteral(R"({"items":[1,2]})"),
                                 QStringLiteral("--runtime-api-ports"), QStringLiteral("%1-%1").arg(port),
                                 QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.errors));
        QCOMPARE(run.lines.size(), std::size_t(2));
        QCOMPARE(run.lines[0]["event"], nlohmann::json("stopped"));
        QCOMPARE(run.lines[1]["status"], nlohmann::json("ok"));
        QCOMPARE(run.lines[1]["payload"]["sum"], nlohmann::json(3));
    }

private:
    QTemporaryDir m_project;
};

QTEST_GUILESS_MAIN(TestDebugCli)
#include "tst_debug_cli.moc"
