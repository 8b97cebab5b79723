// SPDX-License-Identifier: MIT
// QueueTheoryModel under QAbstractItemModelTester, fed with synthetic telemetry (messages sent,
// invocations, batches) and source snapshots: rows follow the SQS mappings, and λ, μ, c and ρ come
// out of the samples as the queueing maths expects.
#include "theory/queue_theory_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

const core::Clock::time_point kEpoch{};
constexpr qint64 kSecond = 1'000'000'000;

core::Event at(double seconds, core::EventPayload payload)
{
    return {kEpoch + std::chrono::duration_cast<core::Clock::duration>(std::chrono::duration<double>(seconds)),
            std::move(payload)};
}

core::MappingStatus sqsMapping(const std::string& uuid, const std::string& function, const std::string& queue,
                               std::optional<int> maximumConcurrency = std::nullopt)
{
    core::MappingStatus status;
    status.config.uuid = uuid;
    status.config.functionName = function;
    status.config.eventSourceArn = "arn:aws:sqs:us-east-1:123456789012:" + queue;
    status.config.source = core::EventSourceMappingConfig::Source::Sqs;
    status.config.maximumConcurrency = maximumConcurrency;
    status.state = "Enabled";
    return status;
}

core::FunctionConfig function(const std::string& name, std::optional<int> reserved)
{
    core::FunctionConfig config;
    config.name = name;
    config.reservedConcurrency = reserved;
    return config;
}

std::vector<QueueListModel::Row> queueStats(const QString& name, std::int64_t visible, std::int64_t inFlight)
{
    core::QueueStats stats;
    stats.visible = visible;
    stats.inFlight = inFlight;
    return {{name, stats}};
}

// 30 s of steady load on "orders" → "Fn": a message every 100 ms (λ = 10/s); every 200 ms a batch of two
// runs for 200 ms, two invocations overlapping at a time (μ = 5/s per environment, λ / batch = 5/s).
std::vector<core::Event> steadyLoad()
{
    std::vector<core::Event> events;
    for (int k = 0; k < 300; ++k)
        events.push_back(at(0.05 + 0.1 * k, core::QueueChanged{"orders", "sent", 1, "us-east-1"}));
    for (int k = 0; k < 148; ++k) {
        const double start = 0.2 * k + 0.1;
        const std::string id = "r" + std::to_string(k);
        const std::string environment = k % 2 == 0 ? "env-a" : "env-b";
        events.push_back(at(start, core::InvokeStarted{"Fn", environment, id, false}));
        // Each invocation overlaps the next one's start: two run at once.
        events.push_back(
            at(start + 0.25, core::InvokeFinished{"Fn", environment, id, false, true, {}, 200, 0, 200, 64, 0}));
        events.push_back(
            at(start + 0.25,
               core::BatchDelivered{"Fn", "m-1", "arn:aws:sqs:us-east-1:123456789012:orders", 2, 0, true, 0, {}, 0}));
    }
    std::stable_sort(events.begin(), events.end(), [](const auto& a, const auto& b) { return a.time < b.time; });
    return events;
}

bool near(double actual, double expected, double tolerance)
{
    return std::abs(actual - expected) <= tolerance * std::max(1.0, std::abs(expected));
}

}  // namespace

class TestQueueTheoryModel : public QObject {
    Q_OBJECT

private slots:
    void aQueueOfTheSameNameInAnotherRegionIsAnotherQueue()
    {
        QueueTheoryModel model;
        const std::vector<core::MappingStatus> mappings{sqsMapping("m-1", "Fn", "orders")};
        // The Queues list holds eu-west-1's "orders" first; the us-east-1 mapping reads its own.
        std::vector<QueueListModel::Row> queues = queueStats(QStringLiteral("orders"), 50, 0);
        queues[0].region = QStringLiteral("eu-west-1");
        queues.push_back(queueStats(QStringLiteral("orders"), 3, 4)[0]);
        queues[1].region = QStringLiteral("us-east-1");
        std::vector<core::Event> events;
        for (int k = 0; k < 20; ++k) {
            events.push_back(at(0.1 * k, core::QueueChanged{"orders", "sent", 1, "us-east-1"}));
            events.push_back(at(0.1 * k + 0.05, core::QueueChanged{"orders", "sent", 5, "eu-west-1"}));
        }
        model.updateSources(mappings, queues, {function("Fn", std::nullopt)}, 0);
        model.apply(events, kEpoch);
        model.updateSources(mappings, queues, {function("Fn", std::nullopt)}, 2 * kSecond);
        QCOMPARE(model.figures(0).arrivals, std::size_t(20));
        QCOMPARE(model.figures(0).now.visible, std::int64_t(3));
    }

    void rowsFollowTheSqsMappings()
    {
        QueueTheoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto kinesis = sqsMapping("k-1", "Fn", "stream");
        kinesis.config.source = core::EventSourceMappingConfig::Source::Kinesis;
        model.updateSources({sqsMapping("m-1", "Fn", "orders"), kinesis}, queueStats(QStringLiteral("orders"), 0, 0),
                            {function("Fn", std::nullopt)}, 0);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, QueueTheoryModel::QueueColumn)).toString(), QStringLiteral("orders"));
        QCOMPARE(model.data(model.index(0, QueueTheoryModel::FunctionColumn)).toString(), QStringLiteral("Fn"));
        // Nothing measured yet: no numbers invented.
        QVERIFY(std::isnan(
            model.data(model.index(0, QueueTheoryModel::UtilisationColumn), QueueTheoryModel::ValueRole).toDouble()));
        QCOMPARE(model.data(model.index(0, QueueTheoryModel::UtilisationColumn)).toString(), QStringLiteral("—"));
        for (int column = 0; column < QueueTheoryModel::ColumnCount; ++column) {
            QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
            QVERIFY(!model.data(model.index(0, column), Qt::ToolTipRole).toString().isEmpty() ||
                    column <= QueueTheoryModel::FunctionColumn);
        }

        // A second mapping appends; the first one keeps its row; a refresh is one dataChanged.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.updateSources({sqsMapping("m-1", "Fn", "orders"), sqsMapping("m-2", "Other", "jobs")},
                            queueStats(QStringLiteral("orders"), 1, 0), {}, kSecond / 2);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.queueName(1), QStringLiteral("jobs"));
        QCOMPARE(changed.count(), 1);
        model.updateSources({sqsMapping("m-2", "Other", "jobs")}, {}, {}, kSecond);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.functionName(0), QStringLiteral("Other"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void measuresLambdaMuAndRho()
    {
        QueueTheoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto mappings = std::vector<core::MappingStatus>{sqsMapping("m-1", "Fn", "orders", 10)};
        const std::vector<core::FunctionConfig> functions{function("Fn", 3)};
        model.updateSources(mappings, queueStats(QStringLiteral("orders"), 3, 4), functions, 0);
        const auto events = steadyLoad();
        // Telemetry arrives in drained batches, interleaved with source refreshes every 500 ms.
        std::size_t next = 0;
        for (qint64 now = kSecond / 2; now <= 30 * kSecond; now += kSecond / 2) {
            std::vector<core::Event> batch;
            while (next < events.size() && (events[next].time - kEpoch).count() <= now)
                batch.push_back(events[next++]);
            model.apply(batch, kEpoch);
            model.updateSources(mappings, queueStats(QStringLiteral("orders"), 3, 4), functions, now);
        }

        const auto& f = model.figures(0);
        QVERIFY(f.measured);
        QVERIFY2(near(f.arrivalRate, 10.0, 0.02), qPrintable(QString::number(f.arrivalRate)));
        QVERIFY(near(f.arrivalScv, 0.0, 1e-6));  // evenly spaced
        QVERIFY(near(f.recordsPerBatch, 2.0, 1e-9));
        QVERIFY(near(f.meanServiceSeconds, 0.2, 1e-9));
        QVERIFY(near(f.serviceScv, 0.0, 1e-9));
        QCOMPARE(f.observedConcurrency, 2);
        // Reserved concurrency 3 is tighter than MaximumConcurrency 10.
        QCOMPARE(f.concurrency, 3);
        QCOMPARE(f.concurrencySource, QueueTheoryModel::ConcurrencySource::ReservedConcurrency);
        QVERIFY(near(f.inputs.lambda, 5.0, 0.02));
        QVERIFY(near(f.inputs.mu, 5.0, 1e-9));
        const double rho =
            model.data(model.index(0, QueueTheoryModel::UtilisationColumn), QueueTheoryModel::ValueRole).toDouble();
        QVERIFY2(near(rho, 1.0 / 3.0, 0.02), qPrintable(QString::number(rho)));
        QCOMPARE(model.data(model.index(0, QueueTheoryModel::UtilisationColumn)).toString(), QStringLiteral("0.33"));
        QVERIFY(model.data(model.index(0, QueueTheoryModel::UtilisationColumn), Qt::BackgroundRole).isValid());
        const MmcPrediction expected = predictMmc({5.0, 5.0, 3});
        QVERIFY(near(f.prediction.expectedWait, expected.expectedWait, 0.05));
        QVERIFY(near(f.predictedBacklog, 10.0 * f.prediction.expectedWait, 1e-9));
        QCOMPARE(f.predictedWaitGgc, 0.0);  // no variance at all: no wait under Allen–Cunneen
        // 7 messages in the queue on average, λ·D = 2 of them being processed: 5 waiting, 0.5 s each.
        QVERIFY(near(f.observedBacklog, 5.0, 0.02));
        QVERIFY(near(f.observedWait, 0.5, 0.02));

        // A shorter window sees the same steady rate.
        model.setWindowSeconds(10);
        QVERIFY(near(model.figures(0).arrivalRate, 10.0, 0.05));
        QCOMPARE(model.figures(0).observedConcurrency, 2);
    }

    void durationsAreHeldInBinsBoundedByTheHorizonNotTheRate()
    {
        // 5,000 invocations/s for 70 s (bench_gui's load): one sample each would be 300,000 held for the 60 s
        // horizon. In 10 ms bins the function holds at most 6,000 (+1 for the bin being filled), and the moments
        // of the durations are those of the samples themselves: 1, 2 and 3 ms in turn give mean 2 ms, variance ⅔ ms², cs² ⅙.
        QueueTheoryModel model;
        const auto mappings = std::vector<core::MappingStatus>{sqsMapping("m-1", "Fn", "orders")};
        const std::vector<core::FunctionConfig> functions{function("Fn", std::nullopt)};
        model.updateSources(mappings, queueStats(QStringLiteral("orders"), 0, 0), functions, 0);
        constexpr int kPerSecond = 5'000;
        for (int second = 0; second < 70; ++second) {
            std::vector<core::Event> batch;
            for (int k = 0; k < kPerSecond; ++k) {
                const double time = second + static_cast<double>(k) / kPerSecond;
                const std::string id = std::to_string(second) + "-" + std::to_string(k);
                const double durationMs = 1.0 + k % 3;
                batch.push_back(at(time, core::InvokeFinished{"Fn", "env-a", id, false, true, {}, durationMs, 0, 2, 64, 0}));
            }
            batch.push_back(at(second + 0.5, core::QueueChanged{"orders", "sent", 1, "us-east-1"}));
            model.apply(batch, kEpoch);
        }
        const std::size_t held = model.heldServiceBins(QStringLiteral("Fn"));
        QVERIFY2(held <= 60 * kSecond / QueueTheoryModel::kServiceBinNs + 1, qPrintable(QString::number(held)));
        QVERIFY(held >= 50 * kSecond / QueueTheoryModel::kServiceBinNs);  // the window still reaches back 60 s

        model.updateSources(mappings, queueStats(QStringLiteral("orders"), 0, 0), functions, 70 * kSecond);
        const auto& f = model.figures(0);
        // The 30 s window takes 30 s of invocations, give or take the bins at its edge.
        QVERIFY2(near(static_cast<double>(f.services), 30.0 * kPerSecond, 0.001), qPrintable(QString::number(f.services)));
        QVERIFY(near(f.meanServiceSeconds, 0.002, 1e-6));
        QVERIFY2(near(f.serviceScv, 1.0 / 6.0, 1e-3), qPrintable(QString::number(f.serviceScv)));
    }

    void saturationIsUnstable()
    {
        QueueTheoryModel model;
        const auto mappings = std::vector<core::MappingStatus>{sqsMapping("m-1", "Fn", "orders")};
        model.updateSources(mappings, queueStats(QStringLiteral("orders"), 0, 0), {function("Fn", 1)}, 0);
        // Twice the load one environment can take.
        model.apply(steadyLoad(), kEpoch);
        model.apply(steadyLoad(), kEpoch);
        // A throttled batch never ran: counted apart, not in the batch size.
        model.apply({at(29.0, core::BatchDelivered{"Fn", "m-1", "arn:aws:sqs:us-east-1:123456789012:orders", 2, 0,
                                                   false, 2, "TooManyRequestsException", 0})},
                    kEpoch);
        model.updateSources(mappings, queueStats(QStringLiteral("orders"), 50, 2), {function("Fn", 1)}, 30 * kSecond);
        const auto& f = model.figures(0);
        QCOMPARE(f.concurrency, 1);
        QVERIFY(f.measured);
        QCOMPARE(f.throttled, std::size_t(1));
        QVERIFY(near(f.recordsPerBatch, 2.0, 1e-9));
        QVERIFY(!f.prediction.stable);
        QVERIFY(std::isinf(
            model.data(model.index(0, QueueTheoryModel::PredictedWaitColumn), QueueTheoryModel::ValueRole).toDouble()));
        QCOMPARE(model.data(model.index(0, QueueTheoryModel::PredictedWaitColumn)).toString(), QStringLiteral("∞"));
    }

    void withoutLimitsCIsWhatRan()
    {
        QueueTheoryModel model;
        const auto mappings = std::vector<core::MappingStatus>{sqsMapping("m-1", "Fn", "orders")};
        model.updateSources(mappings, {}, {function("Fn", std::nullopt)}, 0);
        model.apply(steadyLoad(), kEpoch);
        model.updateSources(mappings, {}, {function("Fn", std::nullopt)}, 30 * kSecond);
        const auto& f = model.figures(0);
        QCOMPARE(f.concurrencySource, QueueTheoryModel::ConcurrencySource::Observed);
        QCOMPARE(f.concurrency, 2);
        QVERIFY(near(f.prediction.rho, 0.5, 0.02));
        QVERIFY(std::isnan(f.observedBacklog));  // the queue was never sampled
    }
};

QTEST_MAIN(TestQueueTheoryModel)
#include "tst_queue_theory_model.moc"
