// SPDX-License-Identifier: MIT
// Loading a SAM template: JSON read as YAML is, template.yaml or template.yml found in a project folder,
// and the demo project that ships with LambdaDesk.
#include "template_fixture.h"
#include "test_paths.h"

#include <QtTest>

#include <filesystem>

using namespace lambdadesk::core;
using namespace lambdadesk::tests;
namespace fs = std::filesystem;

class TestTemplateLoading : public QObject {
    Q_OBJECT

private slots:
    void jsonTemplateMatchesYaml()
    {
        ProjectDir dir;
        const auto yaml = dir.load(R"(Parameters:
  Stage: {Type: String, Default: dev}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: src
      Timeout: 30
      Environment:
        Variables:
          QUEUE: !GetAtt Jobs.Arn
          NAME: !Sub "fn-${Stage}"
      Events:
        Jobs:
          Type: SQS
          Properties: {Queue: !GetAtt Jobs.Arn, BatchSize: 5, Enabled: true}
  Jobs:
    Type: AWS::SQS::Queue
    Properties: {VisibilityTimeout: 60}
)");
        // Tabs as indentation are fine in JSON even though YAML refuses them.
        const std::string json =
            "{\n"
            "\t\"Parameters\": {\"Stage\": {\"Type\": \"String\", \"Default\": \"dev\"}},\n"
            "\t\"Resources\": {\n"
            "\t\t\"Fn\": {\n"
            "\t\t\t\"Type\": \"AWS::Serverless::Function\",\n"
            "\t\t\t\"Properties\": {\n"
            "\t\t\t\t\"Runtime\": \"nodejs20.x\", \"Handler\": \"index.handler\",\n"
            "\t\t\t\t\"CodeUri\": \"src\", \"Timeout\": 30,\n"
            "\t\t\t\t\"Environment\": {\"Variables\": {\n"
            "\t\t\t\t\t\"QUEUE\": {\"Fn::GetAtt\": [\"Jobs\", \"Arn\"]},\n"
            "\t\t\t\t\t\"NAME\": {\"Fn::Sub\": \"fn-${Stage}\"}}},\n"
            "\t\t\t\t\"Events\": {\"Jobs\": {\"Type\": \"SQS\", \"Properties\": {\n"
            "\t\t\t\t\t\"Queue\": {\"Fn::GetAtt\": \"Jobs.Arn\"}, \"BatchSize\": 5, \"Enabled\": true}}}\n"
            "\t\t\t}\n"
            "\t\t},\n"
            "\t\t\"Jobs\": {\"Type\": \"AWS::SQS::Queue\", \"Properties\": {\"VisibilityTimeout\": 60}}\n"
            "\t}\n"
            "}\n";
        const auto fromJson = dir.load(json, {}, "template.json");
        QVERIFY2(yaml.ok(), describe(yaml));
        QVERIFY2(fromJson.ok(), describe(fromJson));
        const auto& a = yaml.project->functions.at(0);
        const auto& b = fromJson.project->functions.at(0);
        QCOMPARE(b.runtime, a.runtime);
        QCOMPARE(b.handler, a.handler);
        QCOMPARE(b.codeDir, a.codeDir);
        QCOMPARE(b.timeoutSeconds, 30);
        QCOMPARE(b.environment, a.environment);
        QCOMPARE(b.events.size(), std::size_t(1));
        QCOMPARE(b.events.at(0).properties, a.events.at(0).properties);
        QCOMPARE(b.events.at(0).properties.at("BatchSize"), nlohmann::json(5));
        QCOMPARE(fromJson.project->queues.at(0).attributes, yaml.project->queues.at(0).attributes);
        QCOMPARE(b.location.line, 4);
    }

    void loadsFromAFolder()
    {
        ProjectDir dir;
        const auto missing = loadProject(dir.root());
        QVERIFY(!missing.ok());
        QVERIFY2(findDiagnostic(missing, Diagnostic::Severity::Error, "no template.yaml"), describe(missing));

        dir.write("template.yml", "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n"
                                  "    Properties: {Runtime: python3.13, Handler: app.handler, CodeUri: ./src}\n");
        const auto result = loadProject(dir.root());
        QVERIFY2(result.ok(), describe(result));
        QCOMPARE(result.project->templatePath, dir.root() / "template.yml");
        QCOMPARE(result.project->functions.at(0).codeDir, dir.root() / "src");

        const auto broken = loadProject(dir.root() / "nothing.yaml");
        QVERIFY(!broken.ok());
        QVERIFY(broken.errorText().find("nothing.yaml") != std::string::npos);
    }

    void loadsTheDemoProject()
    {
        const fs::path demo = fs::path(lambdadesk::tests::fixturesDir()) / ".." / ".." / "resources" / "demo";
        if (!fs::exists(demo / "template.yaml"))
            QSKIP("the demo project is not in this tree");
        const auto result = loadProject(demo);
        QVERIFY2(result.ok(), describe(result));
        QVERIFY(!result.project->functions.empty());
        for (const auto& function : result.project->functions)
            QVERIFY(fs::is_directory(function.codeDir));
    }
};

QTEST_GUILESS_MAIN(TestTemplateLoading)
#include "tst_template_loading.moc"
