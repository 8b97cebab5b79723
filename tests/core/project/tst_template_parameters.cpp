// SPDX-License-Identifier: MIT
// The SAM template reader's Parameters and Conditions: defaults, overrides and their checks, resources
// left out by a condition, and conditions that depend on themselves.
#include "template_fixture.h"

#include <QtTest>

using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestTemplateParameters : public QObject {
    Q_OBJECT

private slots:
    void parametersAndOverrides()
    {
        ProjectDir dir;
        const std::string text = R"(Parameters:
  Stage:
    Type: String
    Default: dev
    AllowedValues: [dev, prod]
  Memory:
    Type: Number
  Prefix:
    Type: String
    Default: app
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub "${Prefix}-${Stage}"
      Runtime: provided.al2
      CodeUri: src
      MemorySize: !Ref Memory
)";
        // Memory has no Default: an error naming it, at its line.
        const auto missing = dir.load(text);
        QVERIFY(!missing.ok());
        const auto* error = findDiagnostic(missing, Diagnostic::Severity::Error, "'Memory'");
        QVERIFY2(error, describe(missing));
        QCOMPARE(error->location.line, 6);
        QVERIFY(error->message.find("Default") != std::string::npos);

        LoadOptions options;
        options.parameterOverrides = {{"Memory", "1024"}, {"Stage", "prod"}};
        const auto overridden = dir.load(text, options);
        QVERIFY2(overridden.ok(), describe(overridden));
        QCOMPARE(overridden.project->functions.at(0).memoryMb, 1024);
        QCOMPARE(overridden.project->functions.at(0).name, std::string("app-prod"));

        options.parameterOverrides = {{"Memory", "lots"}, {"Stage", "qa"}};
        const auto invalid = dir.load(text, options);
        QVERIFY(!invalid.ok());
        QVERIFY2(findDiagnostic(invalid, Diagnostic::Severity::Error, "not a number"), describe(invalid));
        QVERIFY2(findDiagnostic(invalid, Diagnostic::Severity::Error, "AllowedValues: dev, prod"), describe(invalid));

        options.parameterOverrides = {{"Memory", "256"}, {"Unknown", "x"}};
        const auto extra = dir.load(text, options);
        QVERIFY2(extra.ok(), describe(extra));
        QVERIFY(findDiagnostic(extra, Diagnostic::Severity::Warning, "'Unknown'"));
    }

    void conditionsOnResources()
    {
        ProjectDir dir;
        const std::string text = R"(Parameters:
  WithWorker:
    Type: String
    Default: "false"
Conditions:
  HasWorker: !Equals [!Ref WithWorker, "true"]
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Condition: HasWorker
    Properties: {Runtime: provided.al2023, CodeUri: src}
  WorkQueue:
    Type: AWS::SQS::Queue
    Condition: HasWorker
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: provided.al2023
      CodeUri: src
      Environment:
        Variables:
          WORKER: !If [HasWorker, !Ref Worker, none]
)";
        const auto without = dir.load(text);
        QVERIFY2(without.ok(), describe(without));
        QCOMPARE(without.project->functions.size(), std::size_t(1));
        QCOMPARE(without.project->functions.at(0).logicalId, std::string("Api"));
        QCOMPARE(without.project->functions.at(0).environment.at("WORKER"), std::string("none"));
        QVERIFY(without.project->queues.empty());

        LoadOptions options;
        options.parameterOverrides = {{"WithWorker", "true"}};
        const auto with = dir.load(text, options);
        QVERIFY2(with.ok(), describe(with));
        QCOMPARE(with.project->functions.size(), std::size_t(2));
        QCOMPARE(with.project->queues.size(), std::size_t(1));
        QCOMPARE(with.project->findFunction("Api")->environment.at("WORKER"), std::string("Worker"));
    }

    void refToAnExcludedResourceIsAnError()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Conditions:
  Off: !Equals [a, b]
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Condition: Off
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: provided.al2023
      CodeUri: src
      Environment:
        Variables:
          QUEUE: !Ref Queue
)");
        QVERIFY(!result.ok());
        const auto* error = findDiagnostic(result, Diagnostic::Severity::Error, "not created");
        QVERIFY2(error, describe(result));
        QCOMPARE(error->location.line, 14);
    }

    void circularConditionsAreAnError()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Conditions:
  A: !Condition B
  B: !Not [!Condition C]
  C: !And [!Condition A, !Equals [x, x]]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Condition: A
    Properties: {Runtime: provided.al2023, CodeUri: src}
)");
        QVERIFY(!result.ok());
        QVERIFY2(findDiagnostic(result, Diagnostic::Severity::Error, "depends on itself"), describe(result));
    }
};

QTEST_GUILESS_MAIN(TestTemplateParameters)
#include "tst_template_parameters.moc"
