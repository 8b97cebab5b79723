// SPDX-License-Identifier: MIT
// exportProject(): round trip for every runtime and trigger kind, the git repository read back through
// libgit2, re-export, refusals, cfn-lint, and the C++ function's Makefile.
#include "export_fixture.h"

#include <git/git_repository.h>
#include <project/template_loader.h>
#include <sam/project_export.h>

#include <QDirIterator>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

using namespace lambdadesk;
using lambdadesk::tests::readText;
using lambdadesk::tests::writeText;

namespace {

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

/// Every file below `root` except .git, with its bytes: what "byte-identical" compares.
QMap<QString, QByteArray> snapshot(const QString& root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = QDir(root).relativeFilePath(path);
        if (!relative.startsWith(QStringLiteral(".git/")))
            files.insert(relative, readText(path));
    }
    return files;
}

}  // namespace

class TestExport : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    QString m_out;

    exporter::ExportReport exportAll(const std::vector<std::string>& functions = {})
    {
        exporter::ExportOptions options;
        options.project = m_project.toStdString();
        options.outDir = m_out.toStdString();
        options.functions = functions;
        auto report = exporter::exportProject(options);
        if (!report)
            qFatal("export failed: %s", report.error().message.c_str());
        return *report;
    }

    core::Error exportError(const QString& out)
    {
        exporter::ExportOptions options;
        options.project = m_project.toStdString();
        options.outDir = out.toStdString();
        auto report = exporter::exportProject(options);
        if (report)
            qFatal("the export into %s was expected to fail", qPrintable(out));
        return report.error();
    }

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_project = m_dir->path() + QStringLiteral("/project");
        m_out = m_dir->path() + QStringLiteral("/exported");
        tests::writeExportProject(m_project);
    }

    void cleanup() { m_dir.reset(); }

    void roundTripKeepsEveryFunctionSettingAndTrigger()
    {
        const auto original = core::loadProject(m_project.toStdString());
        QVERIFY2(original.ok(), original.errorText().c_str());
        const auto report = exportAll();
        QCOMPARE(report.functions, (std::vector<std::string>{"PyEcho", "NodeEcho", "Pricer"}));

        const auto exported = core::loadProject(m_out.toStdString());
        QVERIFY2(exported.ok(), exported.errorText().c_str());
        QCOMPARE(exported.project->functions.size(), original.project->functions.size());
        for (const auto& before : original.project->functions) {
            const auto* after = exported.project->findFunction(before.logicalId);
            QVERIFY2(after, before.logicalId.c_str());
            QCOMPARE(after->codeDir, std::filesystem::path(m_out.toStdString()) / "src" / before.logicalId);
            auto comparable = *after;
            comparable.codeDir = before.codeDir;
            QVERIFY2(core::sameConfiguration(before, comparable),
                     ("the exported " + before.logicalId + " differs").c_str());
        }
        QCOMPARE(exported.project->queues.size(), original.project->queues.size());
        for (std::size_t i = 0; i < original.project->queues.size(); ++i) {
            QCOMPARE(exported.project->queues[i].name, original.project->queues[i].name);
            QCOMPARE(exported.project->queues[i].arn, original.project->queues[i].arn);
            QCOMPARE(exported.project->queues[i].attributes, original.project->queues[i].attributes);
        }
        QCOMPARE(exported.project->streams.size(), std::size_t{1});
        QCOMPARE(exported.project->streams[0].shardCount, 2);

        const QString yaml = QString::fromUtf8(readText(m_out + QStringLiteral("/template.yaml")));
        QVERIFY(yaml.startsWith(QStringLiteral("# Exported by LambdaDesk.")));
        QVERIFY(yaml.contains(QStringLiteral("Queue: !GetAtt Orders.Arn")));
        QVERIFY(yaml.contains(QStringLiteral("AutoPublishAlias: live")));
        QVERIFY(yaml.contains(QStringLiteral("BuildMethod: makefile")));

        // One event per trigger in generate-event's shapes, the saved event, the project's own events.
        const auto sqs = QJsonDocument::fromJson(readText(m_out + QStringLiteral("/events/PyEcho/Orders.json")));
        QCOMPARE(sqs[QStringLiteral("Records")][0][QStringLiteral("eventSource")].toString(), QStringLiteral("aws:sqs"));
        QCOMPARE(sqs[QStringLiteral("Records")][0][QStringLiteral("eventSourceARN")].toString(), q(original.project->queues[0].arn));
        const auto kinesis = QJsonDocument::fromJson(readText(m_out + QStringLiteral("/events/NodeEcho/Clicks.json")));
        QCOMPARE(kinesis[QStringLiteral("Records")][0][QStringLiteral("eventSourceARN")].toString(), q(original.project->streams[0].arn));
        const auto http = QJsonDocument::fromJson(readText(m_out + QStringLiteral("/events/NodeEcho/Http.json")));
        QCOMPARE(http[QStringLiteral("routeKey")].toString(), QStringLiteral("POST /echo"));
        const auto rest = QJsonDocument::fromJson(readText(m_out + QStringLiteral("/events/NodeEcho/Rest.json")));
        QCOMPARE(rest[QStringLiteral("httpMethod")].toString(), QStringLiteral("GET"));
        QCOMPARE(rest[QStringLiteral("path")].toString(), QStringLiteral("/items"));
        const auto hourly = QJsonDocument::fromJson(readText(m_out + QStringLiteral("/events/Pricer/Hourly.json")));
        QCOMPARE(hourly[QStringLiteral("detail-type")].toString(), QStringLiteral("Scheduled Event"));
        QCOMPARE(readText(m_out + QStringLiteral("/events/PyEcho/hello.json")), QByteArray(R"({"hello": "saved"})"));
        QCOMPARE(readText(m_out + QStringLiteral("/events/PyEcho.json")), QByteArray(R"({"from": "events folder"})"));
    }

    void repositoryHasOneCleanCommitWithTheExpectedFiles()
    {
        const auto report = exportAll();
        QVERIFY(report.createdRepository);
        QVERIFY(report.changed);
        auto repository = exporter::GitRepository::open(m_out.toStdString());
        QVERIFY(repository);
        QCOMPARE(repository->branch(), std::string("main"));
        const auto log = repository->log();
        QVERIFY(log);
        QCOMPARE(log->size(), std::size_t{1});
        QVERIFY2(log->front().starts_with(report.commit), log->front().c_str());
        QVERIFY2(log->front().find("Export from LambdaDesk: PyEcho, NodeEcho, Pricer") != std::string::npos,
                 log->front().c_str());
        const auto status = repository->status();
        QVERIFY(status);
        QVERIFY2(status->empty(), status->empty() ? "" : status->front().c_str());

        const auto files = repository->trackedFiles();
        QVERIFY(files);
        QCOMPARE(*files, report.files);
        for (const char* expected :
             {".gitignore", "README.md", "samconfig.toml", "template.yaml", "events/PyEcho.json",
              "events/PyEcho/Orders.json", "events/PyEcho/Nightly.json", "events/PyEcho/hello.json",
              "events/NodeEcho/Clicks.json", "src/PyEcho/app.py", "src/NodeEcho/index.js", "src/Pricer/main.cpp",
              "src/Pricer/Makefile", "src/Pricer/CMakeLists.txt", "src/Pricer/.gitignore",
              "src/Pricer/lambdadesk-runtime/CMakeLists.txt"}) {
            QVERIFY2(std::find(files->begin(), files->end(), expected) != files->end(), expected);
        }
        // Nothing local to this machine is tracked.
        for (const auto& file : *files)
            QVERIFY2(!file.starts_with(".lambdadesk") && file.find("__pycache__") == std::string::npos, file.c_str());

        const auto samconfig = readText(m_out + QStringLiteral("/samconfig.toml"));
        QVERIFY(samconfig.contains("version = 0.1"));
        QVERIFY(samconfig.contains("resolve_s3 = true"));
        QVERIFY(samconfig.contains("capabilities = \"CAPABILITY_IAM\""));
        QVERIFY(samconfig.contains("confirm_changeset = false"));
        QVERIFY(readText(m_out + QStringLiteral("/.gitignore")).contains(".aws-sam/"));
        QVERIFY(readText(m_out + QStringLiteral("/README.md")).contains("sam build"));
    }

    void reExportIsByteIdenticalAndCommitsOnlyChanges()
    {
        const auto first = exportAll();
        const auto before = snapshot(m_out);
        const auto again = exportAll();
        QVERIFY(!again.changed);
        QVERIFY(again.commit.empty());
        QVERIFY(!again.createdRepository);
        QCOMPARE(snapshot(m_out), before);

        // A code change and a removed function: one new commit with both.
        writeText(m_project + QStringLiteral("/echo/app.py"), "def handler(event, context):\n    return 42\n");
        QString yaml = QString::fromUtf8(readText(m_project + QStringLiteral("/template.yaml")));
        const qsizetype pricer = yaml.indexOf(QStringLiteral("\n  Pricer:\n"));
        const qsizetype orders = yaml.indexOf(QStringLiteral("\n  Orders:\n"));
        QVERIFY(pricer > 0 && orders > pricer);
        yaml.remove(pricer, orders - pricer);
        writeText(m_project + QStringLiteral("/template.yaml"), yaml.toUtf8());
        const auto changed = exportAll();
        QVERIFY(changed.changed);
        QVERIFY(!changed.commit.empty());
        auto repository = exporter::GitRepository::open(m_out.toStdString());
        QCOMPARE(repository->log()->size(), std::size_t{2});
        QVERIFY(repository->log()->front().find("Update from LambdaDesk") != std::string::npos);
        QVERIFY(repository->status()->empty());
        QVERIFY(!QFile::exists(m_out + QStringLiteral("/src/Pricer/main.cpp")));
        const auto files = *repository->trackedFiles();
        QVERIFY(std::none_of(files.begin(), files.end(), [](const auto& file) { return file.starts_with("src/Pricer"); }));
        QVERIFY(readText(m_out + QStringLiteral("/src/PyEcho/app.py")).contains("return 42"));
    }

    void refusesAFolderThatHoldsSomethingElse()
    {
        const QString foreign = m_dir->path() + QStringLiteral("/notes");
        writeText(foreign + QStringLiteral("/todo.txt"), "mine");
        const auto error = exportError(foreign);
        QCOMPARE(error.code, std::string("TargetNotEmpty"));
        QVERIFY2(error.message.find("todo.txt") != std::string::npos, error.message.c_str());
        QCOMPARE(readText(foreign + QStringLiteral("/todo.txt")), QByteArray("mine"));
        QVERIFY(!QFile::exists(foreign + QStringLiteral("/template.yaml")));
    }

    void refusesAFolderInsideAnotherRepository()
    {
        const QString outer = m_dir->path() + QStringLiteral("/outer");
        QVERIFY(exporter::GitRepository::openOrCreate(outer.toStdString()));
        const auto error = exportError(outer + QStringLiteral("/app"));
        QCOMPARE(error.code, std::string("TargetInsideRepository"));
        QVERIFY2(error.message.find(outer.toStdString()) != std::string::npos, error.message.c_str());
        QVERIFY(!QFile::exists(outer + QStringLiteral("/app")));
    }

    void deployChecksStopTheExport()
    {
        QByteArray yaml = tests::kExportTemplate;
        yaml.replace("VisibilityTimeout: 60", "VisibilityTimeout: 2");
        tests::writeExportProject(m_project, yaml);
        const auto error = exportError(m_out);
        QCOMPARE(error.code, std::string("DeployCheckFailed"));
        QVERIFY2(error.message.find("PyEcho: Events.Orders.Queue") != std::string::npos, error.message.c_str());
        QVERIFY2(error.message.find("below the function's Timeout") != std::string::npos, error.message.c_str());
        QVERIFY(!QFile::exists(m_out));
    }

    void selectedFunctionsBringTheResourcesTheyUse()
    {
        const auto report = exportAll({"node-echo"});
        QCOMPARE(report.functions, std::vector<std::string>{"NodeEcho"});
        const auto exported = core::loadProject(m_out.toStdString());
        QVERIFY2(exported.ok(), exported.errorText().c_str());
        QCOMPARE(exported.project->functions.size(), std::size_t{1});
        QCOMPARE(exported.project->queues.size(), std::size_t{1});
        QCOMPARE(exported.project->queues[0].name, std::string("failures"));
        QCOMPARE(exported.project->streams.size(), std::size_t{1});

        exporter::ExportOptions options;
        options.project = m_project.toStdString();
        options.outDir = QString(m_dir->path() + QStringLiteral("/other")).toStdString();
        options.functions = {"Missing"};
        const auto unknown = exporter::exportProject(options);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, std::string("FunctionNotFound"));
        QVERIFY2(unknown.error().message.find("PyEcho, node-echo, Pricer") != std::string::npos,
                 unknown.error().message.c_str());
    }

    void exportedTemplatePassesCfnLint()
    {
        const QString cfnLint = QStandardPaths::findExecutable(QStringLiteral("cfn-lint"));
        if (cfnLint.isEmpty())
            QSKIP("cfn-lint is not installed on this machine (pip install cfn-lint); the lint check did not run");
        exportAll();
        QProcess lint;
        lint.setWorkingDirectory(m_out);
        lint.start(cfnLint, {QStringLiteral("--format"), QStringLiteral("parseable"), QStringLiteral("template.yaml")});
        QVERIFY(lint.waitForFinished(180000));
        const QByteArray output = lint.readAllStandardOutput() + lint.readAllStandardError();
        // cfn-lint's exit status is a bit mask: 2 = errors (4 warnings, 8 informational).
        QVERIFY2((lint.exitCode() & 2) == 0, output.constData());
    }

    void theBundledDemoExportsLintClean()
    {
        const QString cfnLint = QStandardPaths::findExecutable(QStringLiteral("cfn-lint"));
        if (cfnLint.isEmpty())
            QSKIP("cfn-lint is not installed on this machine (pip install cfn-lint); the lint check did not run");
        // A copy: the export reads the project's .lambdadesk, which the checkout's demo must not grow.
        const QString demo = m_dir->path() + QStringLiteral("/demo");
        QVERIFY(QDir().mkpath(demo));
        const auto source = std::filesystem::path(core::resourcesDir() / "demo");
        std::filesystem::copy(source, demo.toStdString(), std::filesystem::copy_options::recursive);
        exporter::ExportOptions options;
        options.project = demo.toStdString();
        options.outDir = m_out.toStdString();
        const auto report = exporter::exportProject(options);
        QVERIFY2(report, report ? "" : report.error().message.c_str());
        QProcess lint;
        lint.setWorkingDirectory(m_out);
        lint.start(cfnLint, {QStringLiteral("--format"), QStringLiteral("parseable"), QStringLiteral("template.yaml")});
        QVERIFY(lint.waitForFinished(180000));
        const QByteArray output = lint.readAllStandardOutput() + lint.readAllStandardError();
        QVERIFY2((lint.exitCode() & 2) == 0, output.constData());
    }

    void theCppFunctionBuildsWithItsMakefile()
    {
        exportAll({"Pricer"});
        const QString folder = m_out + QStringLiteral("/src/Pricer");
        const QString artifacts = m_dir->path() + QStringLiteral("/artifacts");
        QDir().mkpath(artifacts);
        QProcess make;
        make.setWorkingDirectory(folder);
        make.start(QStringLiteral("make"),
                   {QStringLiteral("build-Pricer"), QStringLiteral("ARTIFACTS_DIR=") + artifacts});
        QVERIFY(make.waitForFinished(280000));
        const QByteArray output = make.readAllStandardOutput() + make.readAllStandardError();
        QVERIFY2(make.exitCode() == 0, output.constData());
        QFileInfo bootstrap(artifacts + QStringLiteral("/bootstrap"));
        QVERIFY(bootstrap.isExecutable());
        // The build left nothing git would pick up.
        auto repository = exporter::GitRepository::open(m_out.toStdString());
        const auto status = *repository->status();
        QVERIFY2(status.empty(), status.empty() ? "" : status.front().c_str());
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
