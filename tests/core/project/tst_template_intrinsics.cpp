// SPDX-License-Identifier: MIT
// The SAM template reader's intrinsic functions: Ref, GetAtt, Sub, Join, Select, Split, FindInMap, Base64,
// If, Length and the pseudo parameters, GetAZs as a warning, AWS::NoValue, and a name that refers to itself.
#include "template_fixture.h"

#include <QtTest>

#include <string>

using namespace lambdadesk::core;
using namespace lambdadesk::tests;

namespace {

// A template with one function whose Environment.Variables.VALUE is `expression`, surrounded by every
// kind of thing an expression can refer to.
std::string expressionTemplate(const std::string& expression)
{
    return R"(AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage:
    Type: String
    Default: dev
  Size:
    Type: Number
    Default: 256
  Zones:
    Type: CommaDelimitedList
    Default: "a, b,c"
Mappings:
  Sizes:
    dev:
      Memory: 512
    prod:
      Memory: 2048
Conditions:
  IsDev: !Equals [!Ref Stage, dev]
  IsProd: !Not [!Condition IsDev]
  DevOrProd: !Or [!Condition IsDev, !Condition IsProd]
  DevAndBig: !And [!Condition IsDev, !Equals [!Ref Size, "1024"]]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: my-fn
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src
      Environment:
        Variables:
          VALUE: )" +
           expression + R"(
  Orders:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "orders-${Stage}"
  Events:
    Type: AWS::Kinesis::Stream
  Table:
    Type: AWS::DynamoDB::Table
)";
}

} // namespace

class TestTemplateIntrinsics : public QObject {
    Q_OBJECT

private slots:
    void intrinsics_data()
    {
        QTest::addColumn<QByteArray>("expression");
        QTest::addColumn<QByteArray>("expected");
        const auto row = [](const char* name, const char* expression, const char* expected) {
            QTest::newRow(name) << QByteArray(expression) << QByteArray(expected);
        };
        row("plain", "text", "text");
        row("number is a string", "42", "42");
        row("Ref parameter", "!Ref Stage", "dev");
        row("Ref long form", R"({"Ref": "Stage"})", "dev");
        row("Ref number parameter", "!Ref Size", "256");
        row("Ref AWS::Region", "!Ref AWS::Region", "eu-west-1");
        row("Ref AWS::AccountId", "!Ref AWS::AccountId", "111122223333");
        row("Ref AWS::StackName", "!Ref AWS::StackName", "shop");
        row("Ref AWS::Partition", "!Ref AWS::Partition", "aws");
        row("Ref AWS::URLSuffix", "!Ref AWS::URLSuffix", "amazonaws.com");
        row("Ref AWS::StackId", "!Ref AWS::StackId",
            "arn:aws:cloudformation:eu-west-1:111122223333:stack/shop/00000000-0000-0000-0000-000000000000");
        row("Ref function", "!Ref Fn", "my-fn");
        row("Ref queue", "!Ref Orders", "https://sqs.eu-west-1.amazonaws.com/111122223333/orders-dev");
        row("Ref stream", "!Ref Events", "Events");
        row("Ref not emulated", "!Ref Table", "Table");
        row("GetAtt scalar", "!GetAtt Fn.Arn", "arn:aws:lambda:eu-west-1:111122223333:function:my-fn");
        row("GetAtt list", "!GetAtt [Orders, Arn]", "arn:aws:sqs:eu-west-1:111122223333:orders-dev");
        row("GetAtt long form", R"({"Fn::GetAtt": ["Orders", "QueueName"]})", "orders-dev");
        row("GetAtt QueueUrl", "!GetAtt Orders.QueueUrl",
            "https://sqs.eu-west-1.amazonaws.com/111122223333/orders-dev");
        row("GetAtt stream", "!GetAtt Events.Arn", "arn:aws:kinesis:eu-west-1:111122223333:stream/Events");
        row("Sub pseudo and params", R"(!Sub "${AWS::Region}:${AWS::AccountId}:${Stage}")",
            "eu-west-1:111122223333:dev");
        row("Sub resource and attribute", R"(!Sub "${Fn} ${Orders.QueueName} ${Orders}")",
            "my-fn orders-dev https://sqs.eu-west-1.amazonaws.com/111122223333/orders-dev");
        row("Sub variables", R"(!Sub ["${Greeting}, ${Stage}", {Greeting: !Ref AWS::StackName}])", "shop, dev");
        row("Sub escape", R"(!Sub "${!Literal}-${Stage}")", "${Literal}-dev");
        row("Sub long form", R"({"Fn::Sub": "x-${Stage}"})", "x-dev");
        row("Join", "!Join [\"-\", [a, !Ref Stage, b]]", "a-dev-b");
        row("Join list parameter", "!Join [\":\", !Ref Zones]", "a:b:c");
        row("Select", "!Select [1, [x, y, z]]", "y");
        row("Select of Split", R"(!Select [2, !Split [",", "p,q,r"]])", "r");
        row("FindInMap", "!FindInMap [Sizes, !Ref Stage, Memory]", "512");
        row("Base64", "!Base64 hello", "aGVsbG8=");
        row("If true", "!If [IsDev, yes, no]", "yes");
        row("If false", "!If [IsProd, yes, no]", "no");
        row("If Or", "!If [DevOrProd, yes, no]", "yes");
        row("If And", "!If [DevAndBig, yes, no]", "no");
        row("Length", "!Length [a, b, c]", "3");
    }

    void intrinsics()
    {
        QFETCH(QByteArray, expression);
        QFETCH(QByteArray, expected);
        ProjectDir dir;
        LoadOptions options;
        options.region = "eu-west-1";
        options.accountId = "111122223333";
        options.stackName = "shop";
        const auto result = dir.load(expressionTemplate(expression.toStdString()), options);
        QVERIFY2(result.ok(), describe(result));
        const auto& environment = result.project->functions.at(0).environment;
        QVERIFY2(environment.count("VALUE"), describe(result));
        QCOMPARE(QByteArray::fromStdString(environment.at("VALUE")), expected);
    }

    void getAZsIsAWarning()
    {
        ProjectDir dir;
        const auto result = dir.load(expressionTemplate("!Select [0, !GetAZs '']"));
        QVERIFY2(result.ok(), describe(result));
        QCOMPARE(result.project->functions.at(0).environment.at("VALUE"), std::string("us-east-1a"));
        QVERIFY2(findDiagnostic(result, Diagnostic::Severity::Warning, "Fn::GetAZs"), describe(result));
    }

    void noValueRemovesTheProperty()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Conditions:
  Never: !Equals [a, b]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: provided.al2023
      CodeUri: src
      Timeout: !If [Never, 30, !Ref AWS::NoValue]
      Environment:
        Variables:
          KEPT: "1"
          DROPPED: !Ref AWS::NoValue
      Layers:
        - !If [Never, layers/common, !Ref AWS::NoValue]
)");
        QVERIFY2(result.ok(), describe(result));
        const auto& function = result.project->functions.at(0);
        QCOMPARE(function.timeoutSeconds, 3);
        QCOMPARE(function.environment.size(), std::size_t(1));
        QVERIFY(function.layers.empty());
    }

    void selfReferencingNameIsAnError()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Resources:
  Loop:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Loop.QueueName}-x"
)");
        QVERIFY(!result.ok());
        QVERIFY2(findDiagnostic(result, Diagnostic::Severity::Error, "refers to itself"), describe(result));
    }
};

QTEST_GUILESS_MAIN(TestTemplateIntrinsics)
#include "tst_template_intrinsics.moc"
