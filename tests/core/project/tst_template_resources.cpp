// SPDX-License-Identifier: MIT
// The SAM template reader on the resources besides functions: SQS queues (FIFO, redrive, attributes) and
// Kinesis streams with their defaults; a template of queues alone is a valid project.
#include "template_fixture.h"

#include <QtTest>

using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestTemplateResources : public QObject {
    Q_OBJECT

private slots:
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

    void noFunctionsIsFine()
    {
        ProjectDir dir;
        const auto result = dir.load("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
        QVERIFY2(result.ok(), describe(result));
        QVERIFY(result.project->functions.empty());
        QCOMPARE(result.project->queues.size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestTemplateResources)
#include "tst_template_resources.moc"
