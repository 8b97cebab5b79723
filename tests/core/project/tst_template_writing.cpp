// SPDX-License-Identifier: MIT
// Writing templates: writeTemplate() reads back as the same project (the bundled demo), and putResources() /
// removeResource() change only the lines of the resources they touch.
#include <project/template_editor.h>
#include <project/template_loader.h>
#include <project/template_writer.h>
#include <runtime/runtime_catalog.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace lambdadesk;

namespace {

const std::string kTemplate = R"(AWSTemplateFormatVersion: '2010-09-09'
# top comment
Resources:
  # the first function
  First:
    Type: AWS::Serverless::Function
    Properties:
      # kept?
      Runtime: python3.12

  Second:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x

# Outputs follow
Outputs:
  Url:
    Value: x
)";

}  // namespace

class TestTemplateWriting : public QObject {
    Q_OBJECT

private slots:
    void theDemoReadsBackTheSame()
    {
        const auto demo = core::resourcesDir() / "demo";
        const auto original = core::loadProject(demo);
        QVERIFY2(original.ok(), original.errorText().c_str());
        core::TemplateWriteOptions options;
        options.rootDir = demo;
        const std::string text = core::writeTemplate(original.project->functions, original.project->queues,
                                                     original.project->streams, options);
        const auto again = core::loadProjectFromString(text, "template.yaml", demo);
        QVERIFY2(again.ok(), (again.errorText() + "\n" + text).c_str());
        QCOMPARE(again.project->functions.size(), original.project->functions.size());
        for (std::size_t i = 0; i < original.project->functions.size(); ++i)
            QVERIFY2(core::sameConfiguration(original.project->functions[i], again.project->functions[i]),
                     original.project->functions[i].logicalId.c_str());
        for (std::size_t i = 0; i < original.project->queues.size(); ++i) {
            QCOMPARE(again.project->queues[i].arn, original.project->queues[i].arn);
            QCOMPARE(again.project->queues[i].attributes, original.project->queues[i].attributes);
        }
        // Writing is a pure function of the model.
        QCOMPARE(core::writeTemplate(again.project->functions, again.project->queues, again.project->streams, options),
                 text);
    }

    void stringsThatLookLikeOtherTypesStayStrings()
    {
        core::FunctionConfig function;
        function.logicalId = function.name = "Fn";
        function.runtime = "python3.12";
        function.handler = "app.handler";
        QTemporaryDir root;
        QVERIFY(QDir(root.path()).mkpath(QStringLiteral("code")));
        function.codeDir = root.path().toStdString() + "/code";
        function.environment = {{"COUNT", "3"}, {"FLAG", "true"}, {"EMPTY", ""}, {"NOTE", "a: b # c"}};
        core::TemplateWriteOptions options;
        options.rootDir = root.path().toStdString();
        const auto text = core::writeTemplate({function}, {}, {}, options);
        const auto again = core::loadProjectFromString(text, "template.yaml", options.rootDir);
        QVERIFY2(again.ok(), (again.errorText() + "\n" + text).c_str());
        QCOMPARE(again.project->functions[0].environment, function.environment);
        QVERIFY(text.find("CodeUri: code") != std::string::npos);
    }

    void putReplacesOnlyTheResourceItNames()
    {
        const auto edited = core::putResources(kTemplate, "First:\n  Type: AWS::Serverless::Function\n  Properties:\n"
                                                          "    Runtime: python3.13\n");
        QVERIFY(edited);
        const std::string expected = R"(AWSTemplateFormatVersion: '2010-09-09'
# top comment
Resources:
  # the first function
  First:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13

  Second:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x

# Outputs follow
Outputs:
  Url:
    Value: x
)";
        QCOMPARE(*edited, expected);
    }

    void putAppendsANewResourceAtTheEndOfTheSection()
    {
        const auto edited = core::putResources(kTemplate, "Queue:\n  Type: AWS::SQS::Queue\n");
        QVERIFY(edited);
        QVERIFY2(edited->find("      Runtime: nodejs20.x\n  Queue:\n    Type: AWS::SQS::Queue\n\n# Outputs follow") !=
                     std::string::npos,
                 edited->c_str());
        // A template without Resources gets the section.
        const auto fresh = core::putResources("AWSTemplateFormatVersion: '2010-09-09'\n", "A:\n  Type: X\n");
        QVERIFY(fresh);
        QCOMPARE(*fresh, std::string("AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  A:\n    Type: X\n"));
    }

    void removeTakesOutOneResource()
    {
        const auto edited = core::removeResource(kTemplate, "Second");
        QVERIFY(edited);
        QVERIFY(edited->find("Second") == std::string::npos);
        QVERIFY(edited->find("  First:\n") != std::string::npos);
        QVERIFY(edited->find("Outputs:\n  Url:") != std::string::npos);
        const auto missing = core::removeResource(kTemplate, "Third");
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, std::string("NotFound"));
    }

    void jsonAndFlowStyleTemplatesAreRefused()
    {
        const auto json = core::putResources("{\"Resources\": {}}", "A:\n  Type: X\n");
        QVERIFY(!json);
        QVERIFY(json.error().message.find("JSON") != std::string::npos);
        const auto flow = core::putResources("Resources: {}\n", "A:\n  Type: X\n");
        QVERIFY(!flow);
        QVERIFY(flow.error().message.find("flow style") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestTemplateWriting)
#include "tst_template_writing.moc"
