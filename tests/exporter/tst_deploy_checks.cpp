// SPDX-License-Identifier: MIT
// The checks a deploy would fail on and cfn-lint passes (reference/export.md §2.5), one function at a time.
#include <checks/deploy_checks.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace lambdadesk;
using exporter::DeployCheck;
using Json = nlohmann::json;

namespace {

core::FunctionConfig function(const std::string& codeDir)
{
    core::FunctionConfig config;
    config.logicalId = config.name = "Fn";
    config.runtime = "python3.12";
    config.handler = "app.handler";
    config.codeDir = codeDir;
    config.timeoutSeconds = 30;
    return config;
}

core::EventSourceConfig trigger(const std::string& type, Json properties)
{
    return core::EventSourceConfig{"Trigger", type, std::move(properties), {}};
}

/// The first check on `field`, or nullptr.
const DeployCheck* on(const std::vector<DeployCheck>& checks, const std::string& field)
{
    for (const auto& check : checks) {
        if (check.field == field)
            return &check;
    }
    return nullptr;
}

}  // namespace

class TestDeployChecks : public QObject {
    Q_OBJECT

    QTemporaryDir m_code;
    core::Project m_project;

private slots:
    void initTestCase()
    {
        core::QueueConfig standard;
        standard.name = "orders";
        standard.arn = "arn:aws:sqs:us-east-1:123456789012:orders";
        standard.attributes["VisibilityTimeout"] = "60";
        core::QueueConfig fifo;
        fifo.name = "orders.fifo";
        fifo.arn = "arn:aws:sqs:us-east-1:123456789012:orders.fifo";
        fifo.fifo = true;
        fifo.attributes["VisibilityTimeout"] = "900";
        m_project.queues = {standard, fifo};
    }

    void aSoundFunctionPasses()
    {
        auto config = function(m_code.path().toStdString());
        config.events.push_back(trigger("SQS", {{"Queue", m_project.queues[0].arn}, {"BatchSize", 10}}));
        const auto checks = exporter::checkFunction(config, m_project);
        QVERIFY(!exporter::hasErrors(checks));
        // 60 s visibility for a 30 s function is allowed but below AWS's advice of 6x.
        QVERIFY(on(checks, "Events.Trigger.Queue"));
        QCOMPARE(on(checks, "Events.Trigger.Queue")->severity, DeployCheck::Severity::Warning);
    }

    void limitsAndNamesLambdaRefuses()
    {
        auto config = function(QString(m_code.path() + QStringLiteral("/missing")).toStdString());
        config.memoryMb = 10241;
        config.environment["log-level"] = "debug";
        config.handler.clear();
        config.reservedConcurrency = 2;
        config.provisionedConcurrency = 3;
        const auto checks = exporter::checkFunction(config, m_project);
        for (const char* field : {"MemorySize", "Environment.Variables.log-level", "Handler", "CodeUri",
                                  "ProvisionedConcurrencyConfig"}) {
            QVERIFY2(on(checks, field), field);
            QCOMPARE(on(checks, field)->severity, DeployCheck::Severity::Error);
        }
        QVERIFY(on(checks, "MemorySize")->message.find("10240") != std::string::npos);
        QCOMPARE(on(checks, "ReservedConcurrentExecutions")->severity, DeployCheck::Severity::Warning);
    }

    void sqsTriggers()
    {
        auto config = function(m_code.path().toStdString());
        config.timeoutSeconds = 90;
        config.events = {
            core::EventSourceConfig{"Big", "SQS", {{"Queue", m_project.queues[0].arn}, {"BatchSize", 100}}, {}},
            core::EventSourceConfig{"Fifo", "SQS",
                                    {{"Queue", m_project.queues[1].arn},
                                     {"BatchSize", 20},
                                     {"MaximumBatchingWindowInSeconds", 5}},
                                    {}},
            core::EventSourceConfig{"Positioned", "SQS",
                                    {{"Queue", "arn:aws:sqs:us-east-1:123456789012:elsewhere"},
                                     {"StartingPosition", "LATEST"},
                                     {"FilterCriteria", {{"Filters", {{{"Pattern", "{not json"}}}}}}},
                                    {}}};
        const auto checks = exporter::checkFunction(config, m_project);
        QVERIFY(on(checks, "Events.Big.BatchSize"));
        QVERIFY(on(checks, "Events.Big.BatchSize")->message.find("MaximumBatchingWindowInSeconds") != std::string::npos);
        QVERIFY(on(checks, "Events.Big.Queue"));  // 60 s visibility below the 90 s timeout
        QCOMPARE(on(checks, "Events.Big.Queue")->severity, DeployCheck::Severity::Error);
        QVERIFY(on(checks, "Events.Fifo.BatchSize"));
        QVERIFY(on(checks, "Events.Fifo.MaximumBatchingWindowInSeconds"));
        QVERIFY(on(checks, "Events.Positioned.StartingPosition"));
        QVERIFY(on(checks, "Events.Positioned.FilterCriteria"));
    }

    void streamsSchedulesAndPaths()
    {
        auto config = function(m_code.path().toStdString());
        config.events = {
            core::EventSourceConfig{"Stream", "Kinesis", {{"Stream", "arn:aws:kinesis:us-east-1:1:stream/s"}}, {}},
            core::EventSourceConfig{"Cron", "Schedule", {{"Schedule", "cron(0 3 * * *)"}}, {}},
            core::EventSourceConfig{"Zoned", "ScheduleV2",
                                    {{"ScheduleExpression", "rate(1 hour)"},
                                     {"ScheduleExpressionTimezone", "Mars/Olympus"}},
                                    {}},
            core::EventSourceConfig{"Http", "HttpApi", {{"Path", "echo"}, {"Method", "get"}}, {}}};
        const auto checks = exporter::checkFunction(config, m_project);
        QVERIFY(on(checks, "Events.Stream.StartingPosition"));
        QVERIFY(on(checks, "Events.Cron.Schedule"));
        QVERIFY(on(checks, "Events.Zoned.ScheduleExpressionTimezone"));
        QVERIFY(!on(checks, "Events.Zoned.ScheduleExpression"));
        QVERIFY(on(checks, "Events.Http.Path"));
        QVERIFY(exporter::hasErrors(checks));
        QCOMPARE(on(checks, "Events.Http.Path")->toString("Fn"),
                 std::string("Fn: Events.Http.Path: error: Path must start with '/', got 'echo'"));
    }
};

QTEST_GUILESS_MAIN(TestDeployChecks)
#include "tst_deploy_checks.moc"
