// SPDX-License-Identifier: MIT
#pragma once
// A project with every runtime and trigger kind the export writes, for the export suites.

#include "test_paths.h"

#include <runtime/runtime_catalog.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <filesystem>
#include <string>

namespace lambdadesk::tests {

inline const char* kExportTemplate = R"(AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 5
Resources:
  PyEcho:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: echo/
      Handler: app.handler
      Runtime: python3.12
      MemorySize: 256
      Description: echoes its event
      Environment:
        Variables:
          STAGE: dev
          RETRIES: "3"
      ReservedConcurrentExecutions: 5
      ProvisionedConcurrencyConfig:
        ProvisionedConcurrentExecutions: 1
      Tags:
        team: orders
      EventInvokeConfig:
        MaximumRetryAttempts: 1
        MaximumEventAgeInSeconds: 600
        DestinationConfig:
          OnFailure:
            Type: SQS
            Destination: !GetAtt Failures.Arn
      Events:
        Orders:
          Type: SQS
          Properties:
            Queue: !GetAtt Orders.Arn
            BatchSize: 5
            FunctionResponseTypes: [ReportBatchItemFailures]
            FilterCriteria:
              Filters:
                - Pattern: '{"body": {"kind": ["order"]}}'
        Nightly:
          Type: ScheduleV2
          Properties:
            ScheduleExpression: cron(0 3 * * ? *)
            ScheduleExpressionTimezone: Europe/Berlin
  NodeEcho:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: node-echo
      CodeUri: node-echo/
      Handler: index.handler
      Runtime: nodejs22.x
      DeadLetterQueue:
        Type: SQS
        TargetArn: !GetAtt Failures.Arn
      Events:
        Clicks:
          Type: Kinesis
          Properties:
            Stream: !GetAtt Clicks.Arn
            StartingPosition: TRIM_HORIZON
            BatchSize: 50
            BisectBatchOnFunctionError: true
        Http:
          Type: HttpApi
          Properties:
            Path: /echo
            Method: post
        Rest:
          Type: Api
          Properties:
            Path: /items
            Method: get
  Pricer:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: pricer/
      Runtime: provided.al2023
      Handler: bootstrap
      Events:
        Hourly:
          Type: Schedule
          Properties:
            Schedule: rate(1 hour)
  Orders:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt OrdersDlq.Arn
        maxReceiveCount: 3
  OrdersDlq:
    Type: AWS::SQS::Queue
  Failures:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: failures
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 2
)";

inline void writeText(const QString& path, const QByteArray& text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    file.write(text);
}

inline QByteArray readText(const QString& path)
{
    QFile file(path);
    file.open(QIODevice::ReadOnly);
    return file.readAll();
}

/// Writes the project into `root`: Python and Node echo functions, the demo's C++ price calculator as
/// source, a saved test event and one event of the project's own events/ folder.
inline void writeExportProject(const QString& root, const QByteArray& templateText = kExportTemplate)
{
    namespace fs = std::filesystem;
    writeText(root + QStringLiteral("/template.yaml"), templateText);
    const auto fixtures = QString::fromStdString(fixturesDir());
    writeText(root + QStringLiteral("/echo/app.py"), readText(fixtures + QStringLiteral("/python/echo/app.py")));
    writeText(root + QStringLiteral("/node-echo/index.js"), readText(fixtures + QStringLiteral("/node/echo/index.js")));
    const auto demo = QString::fromStdString((core::resourcesDir() / "demo" / "price-calculator" / "main.cpp").string());
    writeText(root + QStringLiteral("/pricer/main.cpp"), readText(demo));
    writeText(root + QStringLiteral("/.lambdadesk/events/PyEcho/hello.json"), R"({"hello": "saved"})");
    writeText(root + QStringLiteral("/events/PyEcho.json"), R"({"from": "events folder"})");
}

}  // namespace lambdadesk::tests
