// SPDX-License-Identifier: MIT
// The --traffic scenarios of the app: functions, queue:NAME and stream:NAME parts, and the demo mix.
#include "traffic/traffic_scenario.h"

#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

core::Project shop()
{
    core::Project project;
    for (const char* name : {"CartApi", "OrderProcessor", "queue"}) {
        core::FunctionConfig function;
        function.name = name;
        function.logicalId = name;
        project.functions.push_back(function);
    }
    core::QueueConfig queue;
    queue.name = "orders-dev";
    queue.arn = "arn:aws:sqs:us-east-1:123456789012:orders-dev";
    project.queues.push_back(queue);
    core::StreamConfig stream;
    stream.name = "order-events";
    stream.arn = "arn:aws:kinesis:us-east-1:123456789012:stream/order-events";
    project.streams.push_back(stream);
    return project;
}

}  // namespace

class TestTrafficScenario : public QObject {
    Q_OBJECT

private slots:
    void readsFunctionsQueuesAndStreams()
    {
        QString error;
        const auto plans = parseTrafficScenario(
            QStringLiteral("CartApi:bursts:5,queue:orders-dev:poisson:50,stream:order-events,function:queue"), shop(),
            2.5, &error);
        QVERIFY2(plans, qPrintable(error));
        QCOMPARE(plans->size(), std::size_t(4));
        const auto& cart = (*plans)[0];
        QCOMPARE(cart.target, core::TrafficTarget::Function);
        QCOMPARE(cart.function, std::string("CartApi"));
        QCOMPARE(cart.shape, core::TrafficShape::Bursts);
        QCOMPARE(cart.ratePerSecond, 5.0);
        QCOMPARE(cart.duration, std::chrono::milliseconds(2500));
        const auto& queue = (*plans)[1];
        QCOMPARE(queue.target, core::TrafficTarget::Queue);
        QCOMPARE(queue.queue, std::string("orders-dev"));
        QCOMPARE(queue.targetName(), std::string("orders-dev"));
        QCOMPARE(queue.shape, core::TrafficShape::Poisson);
        QCOMPARE(queue.ratePerSecond, 50.0);
        QVERIFY(queue.payload.find("{{n}}") != std::string::npos);  // messages differ
        const auto& stream = (*plans)[2];
        QCOMPARE(stream.target, core::TrafficTarget::Stream);
        QCOMPARE(stream.stream, std::string("order-events"));
        QCOMPARE(stream.shape, core::TrafficShape::Constant);
        // A function that happens to be called "queue".
        QCOMPARE((*plans)[3].target, core::TrafficTarget::Function);
        QCOMPARE((*plans)[3].function, std::string("queue"));
    }

    void namesWhatIsWrong_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("message");
        QTest::newRow("function") << QStringLiteral("Nobody") << QStringLiteral("no function 'Nobody'");
        QTest::newRow("queue") << QStringLiteral("queue:nope")
                               << QStringLiteral("no queue 'nope' in the project (queues: orders-dev)");
        QTest::newRow("stream") << QStringLiteral("stream:nope:bursts")
                                << QStringLiteral("no stream 'nope' in the project (streams: order-events)");
        QTest::newRow("empty name") << QStringLiteral("queue:") << QStringLiteral("no queue ''");
        QTest::newRow("shape") << QStringLiteral("queue:orders-dev:wavy") << QStringLiteral("unknown shape 'wavy'");
        QTest::newRow("rate") << QStringLiteral("stream:order-events:constant:-3")
                              << QStringLiteral("'-3' is not a positive rate");
    }
    void namesWhatIsWrong()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!parseTrafficScenario(scenario, shop(), 1, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void demoDrivesTheOrdersQueue()
    {
        QString error;
        const auto plans = parseTrafficScenario(QStringLiteral("demo"), shop(), 3, &error);
        QVERIFY2(plans, qPrintable(error));
        int queues = 0;
        int streams = 0;
        int functions = 0;
        for (const auto& plan : *plans) {
            if (plan.target == core::TrafficTarget::Queue) {
                ++queues;
                QCOMPARE(plan.queue, std::string("orders-dev"));
                QVERIFY(plan.payload.find("\"orderId\":\"o-{{n}}\"") != std::string::npos);
            } else if (plan.target == core::TrafficTarget::Stream) {
                ++streams;
                QCOMPARE(plan.stream, std::string("order-events"));
                QVERIFY(plan.payload.find("\"orderId\":\"o-{{n}}\"") != std::string::npos);
            } else {
                ++functions;
                QVERIFY(shop().findFunction(plan.function));
            }
        }
        QCOMPARE(queues, 1);
        QCOMPARE(streams, 1);
        QCOMPARE(functions, 1);  // CartApi; this project has no PriceCalculator, and orders go to the queue
        // Without the queue and the stream, the demo mix leaves them out.
        auto project = shop();
        project.queues.clear();
        project.streams.clear();
        const auto withoutSources = parseTrafficScenario(QStringLiteral("demo"), project, 3, &error);
        QVERIFY(withoutSources);
        QCOMPARE(withoutSources->size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestTrafficScenario)
#include "tst_traffic_scenario.moc"
