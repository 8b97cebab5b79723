// SPDX-License-Identifier: MIT
// The SAM template reader: Globals, intrinsics, Parameters, Conditions, Mappings, YAML and JSON,
// every resource type LambdaDesk emulates, and diagnostics placed at the exact line of the problem.
#include "model/project.h"
#include "project/template_loader.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <string>

using namespace lambdadesk::core;
namespace fs = std::filesystem;

namespace {

// A project folder with the code folders the templates below point at.
class ProjectDir {
public:
    ProjectDir()
    {
        for (const char* folder : {"src", "other", "layers/common"})
            fs::create_directories(root() / folder);
        std::ofstream(root() / "src" / "app.py") << "def handler(event, context):\n    return event\n";
    }

    [[nodiscard]] fs::path root() const { return fs::path(m_dir.path().toStdString()); }

    [[nodiscard]] ProjectLoadResult load(const std::string& text, const LoadOptions& options = {},
                                         const std::string& fileName = "template.yaml") const
    {
        return loadProjectFromString(text, fileName, root(), options);
    }

    void write(const std::string& name, const std::string& text) const { std::ofstream(root() / name) << text; }

private:
    QTemporaryDir m_dir;
};

QByteArray describe(const ProjectLoadResult& result)
{
    std::string text;
    for (const auto& diagnostic : result.diagnostics)
        text += diagnostic.toString() + '\n';
    return QByteArray::fromStdString(text.empty() ? std::string("(no diagnostics)") : text);
}

const Diagnostic* findDiagnostic(const ProjectLoadResult& result, Diagnostic::Severity severity,
                                 const std::string& fragment)
{
    for (const auto& diagnostic : result.diagnostics) {
        if (diagnostic.severity == severity && diagnostic.message.find(fragment) != std::string::npos)
            return &diagnostic;
    }
    return nullptr;
}

int countSeverity(const ProjectLoadResult& result, Diagnostic::Severity severity)
{
    int count = 0;
    for (const auto& diagnostic : result.diagnostics)
        count += diagnostic.severity == severity ? 1 : 0;
    return count;
}

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

class TestTemplate : public QObject {
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

    void queuesAndStreams()
    {
        ProjectDir dir;
        const auto result = dir.load(R"(Resources:
  Orders:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders
      FifoQueue: true
      ContentBasedDeduplication: true
      VisibilityTimeout: "45"
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt OrdersDlq.Arn
        maxReceiveCount: 3
  OrdersDlq:
    Type: AWS::SQS::Queue
    Properties:
      FifoQueue: true
      MessageRetentionPeriod: 1209600
  Plain:
    Type: AWS::SQS::Queue
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: clicks
      ShardCount: 4
      RetentionPeriodHours: 48
  Defaults:
    Type: AWS::Kinesis::Stream
)");
        QVERIFY2(result.ok(), describe(result));
        QVERIFY(result.project->functions.empty());
        const auto& queues = result.project->queues;
        QCOMPARE(queues.size(), std::size_t(3));
        QCOMPARE(queues[0].name, std::string("orders.fifo"));
        QVERIFY(queues[0].fifo);
        QCOMPARE(queues[0].arn, std::string("arn:aws:sqs:us-east-1:123456789012:orders.fifo"));
        QCOMPARE(queues[0].attributes.at("VisibilityTimeout"), std::string("45"));
        QCOMPARE(queues[0].attributes.at("ContentBasedDeduplication"), std::string("true"));
        QCOMPARE(queues[0].attributes.at("FifoQueue"), std::string("true"));
        const auto redrive = nlohmann::json::parse(queues[0].attributes.at("RedrivePolicy"));
        QCOMPARE(redrive["deadLetterTargetArn"], nlohmann::json("arn:aws:sqs:us-east-1:123456789012:OrdersDlq.fifo"));
        QCOMPARE(redrive["maxReceiveCount"], nlohmann::json(3));
        QCOMPARE(queues[1].name, std::string("OrdersDlq.fifo"));
        QCOMPARE(queues[1].attributes.at("MessageRetentionPeriod"), std::string("1209600"));
        QCOMPARE(queues[2].name, std::string("Plain"));
        QVERIFY(!queues[2].fifo);
        QCOMPARE(queues[2].location.line, 17);

        const auto& streams = result.project->streams;
        QCOMPARE(streams.size(), std::size_t(2));
        QCOMPARE(streams[0].name, std::string("clicks"));
        QCOMPARE(streams[0].arn, std::string("arn:aws:kinesis:us-east-1:123456789012:stream/clicks"));
        QCOMPARE(streams[0].shardCount, 4);
        QCOMPARE(streams[0].retentionHours, 48);
        QCOMPARE(streams[1].name, std::string("Defaults"));
        QCOMPARE(streams[1].shardCount, 1);
        QCOMPARE(streams[1].retentionHours, 24);
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

    void noFunctionsIsFine()
    {
        ProjectDir dir;
        const auto result = dir.load("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
        QVERIFY2(result.ok(), describe(result));
        QVERIFY(result.project->functions.empty());
        QCOMPARE(result.project->queues.size(), std::size_t(1));
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
        const fs::path demo = fs::path(LAMBDADESK_FIXTURES_DIR) / ".." / ".." / "resources" / "demo";
        if (!fs::exists(demo / "template.yaml"))
            QSKIP("the demo project is not in this tree");
        const auto result = loadProject(demo);
        QVERIFY2(result.ok(), describe(result));
        QVERIFY(!result.project->functions.empty());
        for (const auto& function : result.project->functions)
            QVERIFY(fs::is_directory(function.codeDir));
    }
};

QTEST_GUILESS_MAIN(TestTemplate)
#include "tst_template.moc"
