// SPDX-License-Identifier: MIT
// The SAM template reader's diagnostics: each error at the exact line of the problem, many errors in one
// pass, warnings for what is not emulated, and hostile inputs that must fail cleanly, never crash.
#include "template_fixture.h"

#include <QtTest>

#include <algorithm>
#include <string>
#include <vector>

using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestTemplateDiagnostics : public QObject {
    Q_OBJECT

private slots:
    void errorsPointAtTheirLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("fileName");
        QTest::addColumn<int>("line");
        QTest::addColumn<QByteArray>("fragment");

        const QByteArray head = "Resources:\n"
                                "  Fn:\n"
                                "    Type: AWS::Serverless::Function\n"
                                "    Properties:\n"
                                "      Runtime: python3.12\n"
                                "      Handler: app.handler\n"
                                "      CodeUri: src\n";
        // Lines 8 onwards are the row's own.
        QTest::newRow("YAML syntax error") << QByteArray(head + "      Timeout: [1, 2\n      MemorySize: 128\n")
                                           << QByteArray("template.yaml") << 9 << QByteArray("YAML syntax error");
        QTest::newRow("tab indentation") << QByteArray(head + "\tTimeout: 3\n") << QByteArray("template.yaml") << 8
                                         << QByteArray("syntax error");
        QTest::newRow("JSON syntax error")
            << QByteArray("{\n  \"Resources\": {\n    \"Fn\": {\"Type\": \"AWS::Serverless::Function\",,}\n  }\n}\n")
            << QByteArray("template.json") << 3 << QByteArray("JSON syntax error");
        QTest::newRow("Timeout type") << QByteArray(head + "      Timeout: soon\n") << QByteArray("template.yaml") << 8
                                      << QByteArray("Timeout must be an integer from 1 to 900, got 'soon'");
        QTest::newRow("Timeout list") << QByteArray(head + "      Timeout: [3]\n") << QByteArray("template.yaml") << 8
                                      << QByteArray("Timeout must be an integer from 1 to 900, got a list");
        QTest::newRow("MemorySize range") << QByteArray(head + "      MemorySize: 64\n") << QByteArray("template.yaml")
                                          << 8 << QByteArray("MemorySize must be an integer from 128 to 10240, got 64");
        QTest::newRow("Environment list")
            << QByteArray(head + "      Environment: [A]\n") << QByteArray("template.yaml") << 8
            << QByteArray("Environment must be a map, got a list");
        QTest::newRow("missing CodeUri folder")
            << QByteArray("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                          "      Runtime: python3.12\n      Handler: app.handler\n\n      CodeUri: nowhere/\n")
            << QByteArray("template.yaml") << 8 << QByteArray("nowhere does not exist");
        QTest::newRow("S3 CodeUri")
            << QByteArray(
                   "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                   "      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: s3://bucket/code.zip\n")
            << QByteArray("template.yaml") << 7 << QByteArray("only local folders are supported");
        QTest::newRow("unknown runtime")
            << QByteArray("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                          "      CodeUri: src\n      Handler: app.handler\n      Runtime: java21\n")
            << QByteArray("template.yaml") << 7 << QByteArray("unsupported Runtime 'java21'; supported: python3.8");
        QTest::newRow("unknown Ref") << QByteArray(head +
                                                   "      Environment:\n        Variables:\n          X: !Ref Nope\n")
                                     << QByteArray("template.yaml") << 10
                                     << QByteArray("unknown name 'Nope'; parameters");
        QTest::newRow("unknown GetAtt attribute")
            << QByteArray(head + "      Description: !GetAtt Fn.Nope\n") << QByteArray("template.yaml") << 8
            << QByteArray("has no attribute 'Nope'; available: Arn");
        QTest::newRow("unknown tag") << QByteArray(head + "      Description: !Reff Fn\n")
                                     << QByteArray("template.yaml") << 8 << QByteArray("unknown tag '!Reff'");
        QTest::newRow("unknown intrinsic")
            << QByteArray(head + "      Description: {\"Fn::Magic\": [1]}\n") << QByteArray("template.yaml") << 8
            << QByteArray("unknown or unsupported intrinsic function Fn::Magic");
        QTest::newRow("duplicate key") << QByteArray(head + "      Runtime: python3.11\n")
                                       << QByteArray("template.yaml") << 8
                                       << QByteArray("duplicate key 'Runtime' (first written on line 5)");
        QTest::newRow("bad variable name")
            << QByteArray(head + "      Environment:\n        Variables:\n          1BAD: x\n")
            << QByteArray("template.yaml") << 10 << QByteArray("'1BAD' is not valid");
        QTest::newRow("reserved variable")
            << QByteArray(head + "      Environment:\n        Variables:\n          AWS_REGION: x\n")
            << QByteArray("template.yaml") << 10 << QByteArray("AWS_REGION is reserved");
        QTest::newRow("PackageType Image") << QByteArray(head + "      PackageType: Image\n")
                                           << QByteArray("template.yaml") << 8 << QByteArray("PackageType Image");
        QTest::newRow("Handler missing")
            << QByteArray("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                          "      Runtime: python3.12\n      CodeUri: src\n")
            << QByteArray("template.yaml") << 3 << QByteArray("Handler is required");
        QTest::newRow("Sub of unknown name") << QByteArray(head + "      Description: !Sub \"x-${Missing}\"\n")
                                             << QByteArray("template.yaml") << 8 << QByteArray("${Missing}");
        QTest::newRow("unknown condition")
            << QByteArray(head + "      Timeout: !If [Nope, 1, 2]\n") << QByteArray("template.yaml") << 8
            << QByteArray("unknown condition 'Nope'");
        QTest::newRow("retry attempts") << QByteArray(head +
                                                      "      EventInvokeConfig:\n        MaximumRetryAttempts: 5\n")
                                        << QByteArray("template.yaml") << 9
                                        << QByteArray("MaximumRetryAttempts must be an integer from 0 to 2");
        QTest::newRow("no Resources") << QByteArray("Description: nothing here\n") << QByteArray("template.yaml") << 1
                                      << QByteArray("no Resources section");
    }

    void errorsPointAtTheirLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, fileName);
        QFETCH(int, line);
        QFETCH(QByteArray, fragment);
        ProjectDir dir;
        const auto result = dir.load(text.toStdString(), {}, fileName.toStdString());
        QVERIFY(!result.ok());
        const auto* error = findDiagnostic(result, Diagnostic::Severity::Error, fragment.toStdString());
        QVERIFY2(error, describe(result));
        QCOMPARE(error->location.line, line);
        QVERIFY(error->location.column > 0);
        QCOMPARE(error->location.file, fileName.toStdString());
        QVERIFY(!result.errorText().empty());
    }

    void collectsManyErrorsInOnePass()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Resources:
  One:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src
      Timeout: 0
      MemorySize: huge
  Two:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: ruby3.3
      CodeUri: missing
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      DelaySeconds: 9000
)");
        QVERIFY(!result.ok());
        QCOMPARE(countSeverity(result, Diagnostic::Severity::Error), 5);
        std::vector<int> lines;
        for (const auto& diagnostic : result.diagnostics)
            lines.push_back(diagnostic.location.line);
        QCOMPARE(lines, (std::vector<int>{8, 9, 13, 14, 18}));
        const std::string text = result.errorText();
        QCOMPARE(std::count(text.begin(), text.end(), '\n'), 4L);
        QVERIFY(text.rfind("template.yaml:8:", 0) == 0);
    }

    void warningsForWhatIsNotEmulated()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src
      Foo: bar
      Policies: [AWSLambdaBasicExecutionRole]
      AutoPublishAlias: live
      Layers:
        - arn:aws:lambda:us-east-1:123456789012:layer:shared:3
      Environment:
        Variables:
          TABLE: !GetAtt Table.Arn
          BUCKET: !Ref Bucket
  Table:
    Type: AWS::DynamoDB::Table
  Bucket:
    Type: AWS::S3::Bucket
)");
        QVERIFY2(result.ok(), describe(result));
        const auto* unsupported =
            findDiagnostic(result, Diagnostic::Severity::Warning, "unsupported property 'Foo' on function Fn; ignored");
        QVERIFY2(unsupported, describe(result));
        QCOMPARE(unsupported->location.line, 8);
        const auto* table = findDiagnostic(result, Diagnostic::Severity::Warning,
                                           "resource type AWS::DynamoDB::Table of Table is not emulated; ignored");
        QVERIFY2(table, describe(result));
        QCOMPARE(table->location.line, 17);
        const auto* layer = findDiagnostic(
            result, Diagnostic::Severity::Warning,
            "layer arn:aws:lambda:us-east-1:123456789012:layer:shared:3 is not available locally; skipped");
        QVERIFY2(layer, describe(result));
        QCOMPARE(layer->location.line, 12);
        QCOMPARE(countSeverity(result, Diagnostic::Severity::Warning), 4);
        QCOMPARE(result.project->warnings.size(), std::size_t(4));
        const auto& function = result.project->functions.at(0);
        QVERIFY(function.layers.empty());
        QCOMPARE(function.environment.at("TABLE"), std::string("arn:aws:dynamodb:us-east-1:123456789012:Table"));
        QCOMPARE(function.environment.at("BUCKET"), std::string("Bucket"));
    }

    void nastyInputsNeverCrash_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("fragment");
        QTest::newRow("empty") << QByteArray() << QByteArray("empty");
        QTest::newRow("only a comment") << QByteArray("# nothing\n") << QByteArray("empty");
        QTest::newRow("scalar document") << QByteArray("hello") << QByteArray("must be a map");
        QTest::newRow("list document") << QByteArray("- a\n- b\n") << QByteArray("must be a map");
        QTest::newRow("Resources list") << QByteArray("Resources: []\n") << QByteArray("got a list");
        QTest::newRow("Resources scalar") << QByteArray("Resources: 3\n") << QByteArray("got '3'");
        QTest::newRow("Resources empty") << QByteArray("Resources:\n") << QByteArray("got nothing");
        QTest::newRow("resource scalar") << QByteArray("Resources:\n  Fn: 3\n")
                                         << QByteArray("must be a map with a Type");
        QTest::newRow("function without properties")
            << QByteArray("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n")
            << QByteArray("Runtime is required");
        QTest::newRow("deep flow nesting")
            << QByteArray(QByteArray(5000, '[') + QByteArray(5000, ']')) << QByteArray("nested");
        QByteArray deepBlock = "Resources:\n";
        for (int i = 1; i < 600; ++i)
            deepBlock += QByteArray(i * 2, ' ') + "k" + QByteArray::number(i) + ":\n";
        QTest::newRow("deep block nesting") << deepBlock << QByteArray("nested");
        QTest::newRow("recursive alias") << QByteArray("Resources: &a\n  Fn: *a\n") << QByteArray("");
        QByteArray laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
        for (int i = 1; i < 9; ++i) {
            laughs += "a" + QByteArray::number(i) + ": &a" + QByteArray::number(i) + " [";
            for (int j = 0; j < 10; ++j)
                laughs += (j ? ", *a" : "*a") + QByteArray::number(i - 1);
            laughs += "]\n";
        }
        laughs += "Resources: {}\n";
        QTest::newRow("billion laughs") << laughs << QByteArray("more than");
        QTest::newRow("binary") << QByteArray("\x00\x01\xff\xfe{[", 6) << QByteArray("");
        // yaml-cpp accepts a quote left open at the end of the file; the value is then simply wrong.
        QTest::newRow("unterminated quote") << QByteArray("Resources:\n  Fn: \"abc\n") << QByteArray("must be a map");
        QTest::newRow("intrinsic everywhere")
            << QByteArray("Resources:\n  Fn:\n    Type: !Ref X\n    Properties: !If [A, B]\n    Condition: [1]\n")
            << QByteArray("");
        QTest::newRow("bad intrinsic shapes")
            << QByteArray("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                          "      Runtime: !Select [9, !Split ['', x]]\n      Handler: !Join [1]\n"
                          "      CodeUri: !FindInMap [A]\n      Timeout: !Sub [1, 2, 3]\n      MemorySize: !GetAtt .\n"
                          "      Description: !Base64 [x]\n      Tags: !If [X]\n      Layers: !Ref\n")
            << QByteArray("");
        QTest::newRow("complex key") << QByteArray("? [a, b]\n: c\nResources: {}\n") << QByteArray("plain text");
        QTest::newRow("conditions not a map")
            << QByteArray("Conditions: [a]\nResources: {}\n") << QByteArray("Conditions must be a map");
    }

    void nastyInputsNeverCrash()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, fragment);
        ProjectDir dir;
        const auto result = dir.load(text.toStdString());
        QVERIFY(!result.ok());
        QVERIFY(countSeverity(result, Diagnostic::Severity::Error) > 0);
        QVERIFY2(findDiagnostic(result, Diagnostic::Severity::Error, fragment.toStdString()), describe(result));
    }
};

QTEST_GUILESS_MAIN(TestTemplateDiagnostics)
#include "tst_template_diagnostics.moc"
