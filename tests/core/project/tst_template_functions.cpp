// SPDX-License-Identifier: MIT
// The SAM template reader on AWS::Serverless::Function: its properties and defaults, settings, Layers,
// InlineCode, Events kept with their properties resolved, the 4 KB environment limit and unique names.
#include "template_fixture.h"

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <string>

using namespace lambdadesk::core;
using namespace lambdadesk::tests;
namespace fs = std::filesystem;

class TestTemplateFunctions : public QObject {
    Q_OBJECT

private slots:
    void readsAFunction()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Hello:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Description: says hello
)");
        QVERIFY2(result.ok(), describe(result));
        QVERIFY2(result.diagnostics.empty(), describe(result));
        QCOMPARE(result.project->functions.size(), std::size_t(1));
        const FunctionConfig& function = result.project->functions.front();
        QCOMPARE(function.logicalId, std::string("Hello"));
        QCOMPARE(function.name, std::string("Hello"));
        QCOMPARE(function.arn, std::string("arn:aws:lambda:us-east-1:123456789012:function:Hello"));
        QCOMPARE(function.runtime, std::string("python3.12"));
        QCOMPARE(function.handler, std::string("app.handler"));
        QCOMPARE(function.codeDir, dir.root() / "src");
        QVERIFY(function.codeDir.is_absolute());
        QCOMPARE(function.memoryMb, 128);
        QCOMPARE(function.timeoutSeconds, 3);
        QCOMPARE(function.description, std::string("says hello"));
        QCOMPARE(function.architecture, std::string("x86_64"));
        QCOMPARE(function.location.line, 3);
        QCOMPARE(function.location.column, 3);
        QCOMPARE(result.project->rootDir, dir.root());
        QCOMPARE(result.project->templatePath, dir.root() / "template.yaml");
        QVERIFY(result.project->findFunction(function.arn) != nullptr);
        QVERIFY(result.project->findFunction("Hello:live") != nullptr);
    }

    void eventsAreKeptWithResolvedProperties()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src
      Events:
        FromQueue:
          Type: SQS
          Properties:
            Queue: !GetAtt Jobs.Arn
            BatchSize: 10
            Enabled: true
            FunctionResponseTypes: [ReportBatchItemFailures]
        Nightly:
          Type: Schedule
          Properties:
            Schedule: rate(1 day)
            Input: '{"kind": "nightly"}'
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
        Ping:
          Type: HttpApi
  Jobs:
    Type: AWS::SQS::Queue
  Uploads:
    Type: AWS::S3::Bucket
)");
        QVERIFY2(result.ok(), describe(result));
        const auto& events = result.project->functions.at(0).events;
        QCOMPARE(events.size(), std::size_t(4));
        QCOMPARE(events[0].name, std::string("FromQueue"));
        QCOMPARE(events[0].type, std::string("SQS"));
        QCOMPARE(events[0].location.line, 9);
        QCOMPARE(events[0].properties["Queue"], nlohmann::json("arn:aws:sqs:us-east-1:123456789012:Jobs"));
        QCOMPARE(events[0].properties["BatchSize"], nlohmann::json(10));
        QCOMPARE(events[0].properties["Enabled"], nlohmann::json(true));
        QCOMPARE(events[0].properties["FunctionResponseTypes"], nlohmann::json({"ReportBatchItemFailures"}));
        QCOMPARE(events[1].properties["Input"], nlohmann::json(R"({"kind": "nightly"})"));
        QCOMPARE(events[2].type, std::string("S3"));
        QCOMPARE(events[2].properties["Bucket"], nlohmann::json("Uploads"));
        QCOMPARE(events[3].properties, nlohmann::json::object());
        const auto* s3 = findDiagnostic(result, Diagnostic::Severity::Warning, "not emulated");
        QVERIFY2(s3, describe(result));
        QCOMPARE(s3->location.line, 22);
    }

    void layers()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src
      Layers:
        - !Ref Shared
        - other
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties:
      LayerName: shared-libs
      ContentUri: layers/common/
      CompatibleRuntimes: [python3.12]
)");
        QVERIFY2(result.ok(), describe(result));
        const auto& layers = result.project->functions.at(0).layers;
        QCOMPARE(layers.size(), std::size_t(2));
        QCOMPARE(layers[0], dir.root() / "layers" / "common");
        QCOMPARE(layers[1], dir.root() / "other");

        const auto missing = dir.load(R"(Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src
      Layers: [!Ref Shared]
  Shared:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layers/gone
)");
        QVERIFY(!missing.ok());
        QCOMPARE(countSeverity(missing, Diagnostic::Severity::Error), 1);
        const auto* error = findDiagnostic(missing, Diagnostic::Severity::Error, "ContentUri folder");
        QVERIFY2(error, describe(missing));
        QCOMPARE(error->location.line, 12);
    }

    void inlineCode_data()
    {
        QTest::addColumn<QByteArray>("runtime");
        QTest::addColumn<QByteArray>("file");
        QTest::newRow("python") << QByteArray("python3.12") << QByteArray("index.py");
        QTest::newRow("node") << QByteArray("nodejs20.x") << QByteArray("index.js");
        QTest::newRow("provided") << QByteArray("provided.al2023") << QByteArray("bootstrap");
    }

    void inlineCode()
    {
        QFETCH(QByteArray, runtime);
        QFETCH(QByteArray, file);
        ProjectDir dir;
        const auto result = dir.load(R"(Resources:
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: )" + runtime.toStdString() +
                                     R"(
      Handler: index.handler
      InlineCode: |
        line one
        line two
)");
        QVERIFY2(result.ok(), describe(result));
        const auto& function = result.project->functions.at(0);
        const fs::path folder = dir.root() / ".lambdadesk" / "inline" / "Inline";
        QCOMPARE(function.codeDir, folder);
        std::ifstream in(folder / file.toStdString());
        const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        QCOMPARE(content, std::string("line one\nline two\n"));
        if (file == "bootstrap")
            QVERIFY((fs::status(folder / "bootstrap").permissions() & fs::perms::owner_exec) != fs::perms::none);
    }

    void functionSettings()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: settings-fn
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: src
      MemorySize: 1024
      Timeout: 900
      ReservedConcurrentExecutions: 10
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 2
      Architectures: [arm64]
      Tags: {owner: me, version: 2}
      EventInvokeConfig:
        MaximumRetryAttempts: 0
        MaximumEventAgeInSeconds: 60
        DestinationConfig:
          OnSuccess: {Type: SQS, Destination: !GetAtt Done.Arn}
          OnFailure: {Type: Lambda, Destination: !GetAtt Other.Arn}
      DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt Dlq.Arn}
      Environment:
        Variables: {COUNT: 3, FLAG: true, EMPTY: ""}
  Other:
    Type: AWS::Serverless::Function
    Properties: {Runtime: provided, CodeUri: src, ReservedConcurrentExecutions: 0}
  Done:
    Type: AWS::SQS::Queue
  Dlq:
    Type: AWS::SQS::Queue
)");
        QVERIFY2(result.ok(), describe(result));
        const FunctionConfig* function = result.project->findFunction("settings-fn");
        QVERIFY(function);
        QCOMPARE(function->memoryMb, 1024);
        QCOMPARE(function->timeoutSeconds, 900);
        QCOMPARE(function->reservedConcurrency, std::optional<int>(10));
        QCOMPARE(function->provisionedConcurrency, 2);
        QCOMPARE(function->architecture, std::string("arm64"));
        QCOMPARE(function->tags.at("version"), std::string("2"));
        QVERIFY(function->eventInvokeConfig.has_value());
        QCOMPARE(function->eventInvokeConfig->maximumRetryAttempts, 0);
        QCOMPARE(function->eventInvokeConfig->maximumEventAgeSeconds, 60);
        QCOMPARE(function->eventInvokeConfig->onSuccessArn, std::string("arn:aws:sqs:us-east-1:123456789012:Done"));
        QCOMPARE(function->eventInvokeConfig->onFailureArn,
                 std::string("arn:aws:lambda:us-east-1:123456789012:function:Other"));
        QVERIFY(function->deadLetter.has_value());
        QCOMPARE(function->deadLetter->type, std::string("SQS"));
        QCOMPARE(function->deadLetter->targetArn, std::string("arn:aws:sqs:us-east-1:123456789012:Dlq"));
        QCOMPARE(function->environment.at("COUNT"), std::string("3"));
        QCOMPARE(function->environment.at("FLAG"), std::string("true"));
        QCOMPARE(function->environment.at("EMPTY"), std::string());
        const FunctionConfig* other = result.project->findFunction("Other");
        QVERIFY(other);
        QCOMPARE(other->reservedConcurrency, std::optional<int>(0));
        QVERIFY(other->handler.empty());
        QVERIFY(!other->eventInvokeConfig.has_value());
    }

    void environmentLimit()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: provided.al2023
      CodeUri: src
      Environment:
        Variables:
          BIG: )" + std::string(4100, 'x') +
                                     "\n");
        QVERIFY(!result.ok());
        const auto* error = findDiagnostic(result, Diagnostic::Severity::Error, "4 KB");
        QVERIFY2(error, describe(result));
        QCOMPARE(error->location.line, 9);
    }

    void duplicateNamesAreAnError()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: {FunctionName: same, Runtime: provided, CodeUri: src}
  B:
    Type: AWS::Serverless::Function
    Properties: {FunctionName: same, Runtime: provided, CodeUri: src}
)");
        QVERIFY(!result.ok());
        const auto* error = findDiagnostic(result, Diagnostic::Severity::Error, "already uses");
        QVERIFY2(error, describe(result));
        QCOMPARE(error->location.line, 5);
    }
};

QTEST_GUILESS_MAIN(TestTemplateFunctions)
#include "tst_template_functions.moc"
