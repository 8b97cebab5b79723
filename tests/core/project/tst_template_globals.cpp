// SPDX-License-Identifier: MIT
// The SAM template reader's Globals: merged into every function, overridden by the function's own
// properties, and refused where SAM refuses them.
#include "template_fixture.h"

#include <QtTest>

using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestTemplateGlobals : public QObject {
    Q_OBJECT

private slots:
    void globalsAreMergedIntoEveryFunction()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Globals:
  Function:
    Runtime: python3.12
    Handler: app.handler
    CodeUri: src
    Timeout: 10
    MemorySize: 512
    Layers: [layers/common]
    Tags: {team: core, cost: shared}
    Environment:
      Variables:
        SHARED: from-globals
        OVERRIDDEN: from-globals
Resources:
  First:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: 20
      Tags: {cost: first}
      Environment:
        Variables:
          OVERRIDDEN: from-function
          OWN: first
  Second:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
)");
        QVERIFY2(result.ok(), describe(result));
        const auto& first = result.project->functions.at(0);
        QCOMPARE(first.timeoutSeconds, 20);
        QCOMPARE(first.memoryMb, 512);
        QCOMPARE(first.environment.size(), std::size_t(3));
        QCOMPARE(first.environment.at("SHARED"), std::string("from-globals"));
        QCOMPARE(first.environment.at("OVERRIDDEN"), std::string("from-function"));
        QCOMPARE(first.environment.at("OWN"), std::string("first"));
        QCOMPARE(first.tags.at("team"), std::string("core"));
        QCOMPARE(first.tags.at("cost"), std::string("first"));
        QCOMPARE(first.layers.size(), std::size_t(1));

        const auto& second = result.project->functions.at(1);
        QCOMPARE(second.runtime, std::string("nodejs20.x"));
        QCOMPARE(second.handler, std::string("index.handler"));
        QCOMPARE(second.timeoutSeconds, 10);
        QCOMPARE(second.codeDir, dir.root() / "src");
        QCOMPARE(second.environment.size(), std::size_t(2));
        QCOMPARE(second.environment.at("OVERRIDDEN"), std::string("from-globals"));
    }

    void globalsRefuseFunctionName()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Globals:
  Function:
    FunctionName: shared
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: provided.al2023, CodeUri: src}
)");
        QVERIFY(!result.ok());
        const auto* error = findDiagnostic(result, Diagnostic::Severity::Error, "FunctionName");
        QVERIFY2(error, describe(result));
        QCOMPARE(error->location.line, 3);
    }
};

QTEST_GUILESS_MAIN(TestTemplateGlobals)
#include "tst_template_globals.moc"
