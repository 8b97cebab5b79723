// SPDX-License-Identifier: MIT
// A function made through the endpoint's CreateFunction (kept in the project's .lambdadesk/functions) is
// exported with the template's, and the exported project runs it.
#include "../cli/cli_fixture.h"
#include "export_fixture.h"

#include <encoding/base64.h>
#include <encoding/ids.h>
#include <engine.h>
#include <lambda/code_archive.h>
#include <lambda/lambda_handler.h>
#include <project/template_loader.h>
#include <sam/project_export.h>

#include <nlohmann/json.hpp>

#include <QtTest>

#include <future>

using namespace lambdadesk;
using Json = nlohmann::json;

class TestExportApiFunctions : public QObject {
    Q_OBJECT

private slots:
    void aFunctionCreatedThroughTheEndpointExportsAndRuns()
    {
        QTemporaryDir dir;
        const QString project = dir.path() + QStringLiteral("/project");
        tests::writeExportProject(project);
        {
            core::EngineOptions options;
            options.stateDir = QString(project + QStringLiteral("/.lambdadesk")).toStdString();
            core::Engine engine(options);
            bridge::LambdaHandler handler(engine, QString(project + QStringLiteral("/.lambdadesk/functions")).toStdString(),
                                          "http://127.0.0.1:4566");
            const auto zip = bridge::zipFolder(tests::fixturesDir() + "/python/echo");
            QVERIFY(zip);
            core::net::HttpRequest request;
            request.method = "POST";
            request.target = "/2015-03-31/functions";
            request.body = Json{{"FunctionName", "api-made"},
                                {"Runtime", "python3.12"},
                                {"Handler", "app.handler"},
                                {"MemorySize", 512},
                                {"Environment", {{"Variables", {{"MODE", "api"}}}}},
                                {"Role", "arn:aws:iam::123456789012:role/test"},
                                {"Code", {{"ZipFile", core::encodeBase64(*zip)}}}}
                               .dump();
            bridge::RequestContext context;
            context.requestId = core::newRequestId();
            context.service = "lambda";
            context.region = "us-east-1";
            context.accountId = "123456789012";
            context.endpointUrl = "http://127.0.0.1:4566";
            std::promise<core::net::HttpResponse> answer;
            handler.handle(std::move(request), context,
                           [&answer](core::net::HttpResponse response) { answer.set_value(std::move(response)); });
            const auto response = answer.get_future().get();
            QVERIFY2(response.status == 201, response.body.c_str());
        }

        const QString out = dir.path() + QStringLiteral("/exported");
        exporter::ExportOptions options;
        options.project = project.toStdString();
        options.outDir = out.toStdString();
        const auto report = exporter::exportProject(options);
        QVERIFY2(report, report ? "" : report.error().message.c_str());
        QVERIFY(std::find(report->functions.begin(), report->functions.end(), "ApiMade") != report->functions.end());

        const auto exported = core::loadProject(out.toStdString());
        QVERIFY2(exported.ok(), exported.errorText().c_str());
        const auto* function = exported.project->findFunction("api-made");
        QVERIFY(function);
        QCOMPARE(function->logicalId, std::string("ApiMade"));
        QCOMPARE(function->memoryMb, 512);
        QCOMPARE(function->environment.at("MODE"), std::string("api"));

        const tests::Run run = tests::runCli({QStringLiteral("invoke"), out, QStringLiteral("api-made"),
                                              QStringLiteral("--payload"), QStringLiteral(R"({"exported":true})")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("exported")).toBool(), true);
    }
};

QTEST_GUILESS_MAIN(TestExportApiFunctions)
#include "tst_export_api_functions.moc"
