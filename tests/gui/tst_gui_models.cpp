// SPDX-License-Identifier: MIT
// The app's models under QAbstractItemModelTester, fed with engine events: appends, completions,
// bounded history, filters.
#include "functions/function_list_model.h"
#include "logs/log_model.h"
#include "metrics/metrics_model.h"
#include "queues/queue_messages_model.h"
#include "invoke/saved_events.h"
#include "queues/source_models.h"
#include "timeline/timeline_model.h"

#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

namespace {

const core::Clock::time_point kEpoch{};

core::Event at(double seconds, core::EventPayload payload)
{
    return {kEpoch + std::chrono::duration_cast<core::Clock::duration>(std::chrono::duration<double>(seconds)),
            std::move(payload)};
}

// One cold invocation then `warm` warm ones on environment `environment` of function `function`.
std::vector<core::Event> lifecycle(const std::string& function, const std::string& environment, double start, int warm)
{
    std::vector<core::Event> events;
    events.push_back(at(start, core::EnvironmentStarted{function, environment, core::InitializationType::OnDemand, 1}));
    events.push_back(at(start + 0.010, core::InitDone{function, environment, 10, true, {}}));
    double t = start + 0.010;
    for (int i = 0; i <= warm; ++i) {
        const std::string id = environment + "-r" + std::to_string(i);
        const bool cold = i == 0;
        events.push_back(at(t, core::InvokeStarted{function, environment, id, cold}));
        events.push_back(at(t + 0.002, core::LogLine{function, environment, id, core::LogLine::Stream::Stdout, "hello " + id}));
        events.push_back(at(t + 0.003, core::InvokeFinished{function, environment, id, cold, true, {}, 3, cold ? 10.0 : 0.0, 3, 20, 1e-7}));
        t += 0.010;
    }
    return events;
}

}  // namespace

class TestGuiModels : public QObject {
    Q_OBJECT

private slots:
    void timelineHoldsLanesAndSegments()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.apply(lifecycle("Fn", "env-a", 0, 3), kEpoch);
        QCOMPARE(model.laneCount(), 1);
        QCOMPARE(model.rowCount(model.index(0, 0)), 1 + 4);  // INIT + 4 invokes
        const auto& lane = model.lane(0);
        QCOMPARE(lane.segments.front().kind, TimelineSegment::Kind::Init);
        QVERIFY(lane.segments.front().endNs > 0);
        QVERIFY(lane.segments[1].cold);
        QVERIFY(!lane.segments[2].cold);
        QCOMPARE(lane.segments[4].requestId, QStringLiteral("env-a-r3"));
        QCOMPARE(model.data(model.index(1, 0, model.index(0, 0)), TimelineModel::ColdRole).toBool(), true);

        // A second batch completing an invocation started in the first one.
        std::vector<core::Event> start{at(1.0, core::InvokeStarted{"Fn", "env-a", "late", false})};
        model.apply(start, kEpoch);
        QCOMPARE(model.lane(0).segments.back().endNs, qint64(-1));
        std::vector<core::Event> finish{at(1.5, core::InvokeFinished{"Fn", "env-a", "late", false, false, "Sandbox.Timedout", 500, 0, 500, 20, 0})};
        model.apply(finish, kEpoch);
        QVERIFY(model.lane(0).segments.back().timeout);
        QCOMPARE(model.lane(0).segments.back().endNs, qint64(1'500'000'000));
    }

    void timelineMarksThrottlesAndStops()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto events = lifecycle("Fn", "env-a", 0, 0);
        events.push_back(at(0.5, core::Throttled{"Fn", "r-x", "ReservedFunctionConcurrentInvocationLimitExceeded"}));
        events.push_back(at(0.6, core::EnvironmentStopped{"Fn", "env-a", "idle"}));
        model.apply(events, kEpoch);
        QCOMPARE(model.throttles().value(QStringLiteral("Fn")).size(), std::size_t(1));
        QCOMPARE(model.lane(0).endNs, qint64(600'000'000));
        QCOMPARE(model.lane(0).stopReason, QStringLiteral("idle"));
    }

    void timelineHistoryIsBounded()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSegmentCap(50);
        auto first = lifecycle("Fn", "env-old", 0, 20);
        first.push_back(at(1, core::EnvironmentStopped{"Fn", "env-old", "reset"}));
        model.apply(first, kEpoch);
        model.apply(lifecycle("Fn", "env-new", 2, 60), kEpoch);
        QVERIFY(model.segmentCount() <= 50);
        // The stopped lane lost every segment, so it left; the live one is now row 0.
        QCOMPARE(model.laneCount(), 1);
        QCOMPARE(model.lane(0).environmentId, QStringLiteral("env-new"));
        QVERIFY(model.findRequest(QStringLiteral("env-new-r60")) != nullptr);
        QVERIFY(model.findRequest(QStringLiteral("env-old-r0")) == nullptr);
        // Events for the removed lane are ignored, not misattributed.
        std::vector<core::Event> stray{at(9, core::InvokeStarted{"Fn", "env-old", "stray", false})};
        model.apply(stray, kEpoch);
        QVERIFY(model.findRequest(QStringLiteral("stray")) == nullptr);
    }

    void logModelAppendsFiltersAndBounds()
    {
        LogModel logs;
        QAbstractItemModelTester tester(&logs, QAbstractItemModelTester::FailureReportingMode::QtTest);
        logs.setCapacity(30);
        logs.apply(lifecycle("A", "env-a", 0, 9), kEpoch);
        logs.apply(lifecycle("B", "env-b", 1, 9), kEpoch);
        QCOMPARE(logs.rowCount(), 20);
        logs.apply(lifecycle("B", "env-c", 2, 19), kEpoch);
        QCOMPARE(logs.rowCount(), 30);
        QCOMPARE(logs.entry(29).text, QStringLiteral("hello env-c-r19"));

        LogFilterModel filter;
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setSourceModel(&logs);
        filter.setRequestId(QStringLiteral("env-c-r1"));
        QCOMPARE(filter.rowCount(), 11);  // r1 and r10–r19
        filter.setRequestId({});
        filter.setFunction(QStringLiteral("A"));
        QCOMPARE(filter.rowCount(), 0);  // A's lines were pushed out by the cap
        filter.setFunction({});
        filter.setText(QStringLiteral("R19"));
        QCOMPARE(filter.rowCount(), 1);
        filter.setText({});
        filter.setStream(QStringLiteral("stderr"));
        QCOMPARE(filter.rowCount(), 0);

        // Live: while lines come and the oldest go, the filter holds exactly the matching lines, in order.
        filter.setStream({});
        filter.setFunction(QStringLiteral("B"));
        for (int batch = 0; batch < 6; ++batch) {
            logs.apply(lifecycle(batch % 2 ? "A" : "B", "env-d" + std::to_string(batch), 3 + batch, 7), kEpoch);
            QStringList expected;
            for (int row = 0; row < logs.rowCount(); ++row) {
                if (logs.entry(row).function == QStringLiteral("B"))
                    expected << logs.entry(row).text;
            }
            QStringList shown;
            for (int row = 0; row < filter.rowCount(); ++row)
                shown << filter.data(filter.index(row, LogModel::TextColumn)).toString();
            QCOMPARE(shown, expected);
            QCOMPARE(filter.data(filter.index(0, LogModel::FunctionColumn)).toString(), QStringLiteral("B"));
        }
        logs.clear();
        QCOMPARE(filter.rowCount(), 0);
    }

    void functionListFollowsTheEvents()
    {
        FunctionListModel functions;
        QAbstractItemModelTester tester(&functions, QAbstractItemModelTester::FailureReportingMode::QtTest);
        core::FunctionConfig fn;
        fn.name = "Fn";
        fn.runtime = "python3.12";
        fn.reservedConcurrency = 2;
        functions.setFunctions({fn});
        auto events = lifecycle("Fn", "env-a", 0, 4);
        events.push_back(at(1, core::Throttled{"Fn", "x", "ReservedFunctionConcurrentInvocationLimitExceeded"}));
        events.push_back(at(1, core::InvokeStarted{"Fn", "env-a", "busy", false}));
        functions.apply(events);
        const auto& row = functions.row(0);
        QCOMPARE(row.invocations, quint64(5));
        QCOMPARE(row.coldStarts, quint64(1));
        QCOMPARE(row.throttles, quint64(1));
        QCOMPARE(row.environments, 1);
        QCOMPARE(functions.data(functions.index(0, FunctionListModel::ConcurrencyColumn)).toString(), QStringLiteral("1 / 2"));
        // A reload keeps the counters of functions that remain.
        functions.setFunctions({fn});
        QCOMPARE(functions.row(0).invocations, quint64(5));
    }

    void metricsCountPerSecond()
    {
        MetricsModel metrics;
        QAbstractItemModelTester tester(&metrics, QAbstractItemModelTester::FailureReportingMode::QtTest);
        metrics.apply(lifecycle("Fn", "env-a", 0.1, 9), kEpoch);   // 10 invocations in second 0
        metrics.apply(lifecycle("Fn", "env-b", 2.1, 4), kEpoch);   // 5 in second 2
        metrics.advanceTo(3'000'000'000);
        QCOMPARE(metrics.rowCount(), 3);
        QCOMPARE(metrics.bucket(0).invocations, 10);
        QCOMPARE(metrics.bucket(0).coldStarts, 1);
        QVERIFY(metrics.bucket(0).durationP50 > 0);
        QCOMPARE(metrics.bucket(1).invocations, 0);  // a quiet second
        QCOMPARE(metrics.bucket(2).invocations, 5);
        metrics.setFunction(QStringLiteral("Fn"));
        QCOMPARE(metrics.rowCount(), 3);
        metrics.setFunction(QStringLiteral("Other"));
        QCOMPARE(metrics.rowCount(), 0);
    }

    void sourceModelsMergeUpdates()
    {
        QueueListModel queues;
        QAbstractItemModelTester tester(&queues, QAbstractItemModelTester::FailureReportingMode::QtTest);
        core::QueueStats stats;
        stats.visible = 3;
        queues.update({{QStringLiteral("a"), stats}, {QStringLiteral("b"), stats}});
        QCOMPARE(queues.rowCount(), 2);
        stats.visible = 7;
        queues.update({{QStringLiteral("b"), stats}, {QStringLiteral("c"), stats}});
        QCOMPARE(queues.rowCount(), 2);
        QCOMPARE(queues.name(0), QStringLiteral("b"));
        QCOMPARE(queues.data(queues.index(0, QueueListModel::VisibleColumn)).toLongLong(), 7);
        QCOMPARE(queues.name(1), QStringLiteral("c"));

        MappingListModel mappings;
        QAbstractItemModelTester mappingTester(&mappings, QAbstractItemModelTester::FailureReportingMode::QtTest);
        core::MappingStatus status;
        status.config.uuid = "u1";
        status.config.functionName = "Fn";
        status.config.eventSourceArn = "arn:aws:sqs:us-east-1:123456789012:jobs";
        status.state = "Enabled";
        status.metrics.batches = 4;
        mappings.update({status});
        QCOMPARE(mappings.data(mappings.index(0, MappingListModel::SourceColumn)).toString(), QStringLiteral("jobs"));
        QCOMPARE(mappings.data(mappings.index(0, MappingListModel::BatchesColumn)).toULongLong(), 4ULL);
        mappings.update({});
        QCOMPARE(mappings.rowCount(), 0);
    }

    void streamModelShowsRecordsAndHowFarConsumersLag()
    {
        const auto mapping = [](const std::string& uuid, const std::string& arn, std::int64_t ageMs) {
            core::MappingStatus status;
            status.config.uuid = uuid;
            status.config.eventSourceArn = arn;
            status.metrics.oldestRecordAgeMs = ageMs;
            return status;
        };
        const std::vector<core::MappingStatus> mappings{
            mapping("k1", "arn:aws:kinesis:us-east-1:123456789012:stream/orders", 1500),
            mapping("k2", "arn:aws:kinesis:us-east-1:123456789012:stream/orders", 300),
            // Neither reads "orders": a queue whose name ends the same, and a stream whose name starts the same.
            mapping("q", "arn:aws:sqs:us-east-1:123456789012:orders", 9000),
            mapping("k3", "arn:aws:kinesis:us-east-1:123456789012:stream/orders-archive", 9000),
        };
        core::StreamStats orders;
        orders.records = 42;
        orders.oldestAgeMs = 61'000;
        orders.shards = {{"shardId-000000000000", 40, 61'000, 40}, {"shardId-000000000001", 2, 3'000, 2}};
        core::StreamStats idle;
        idle.shards = {{"shardId-000000000000", 0, 0, 0}};

        StreamListModel streams;
        QAbstractItemModelTester tester(&streams, QAbstractItemModelTester::FailureReportingMode::QtTest);
        streams.update(StreamListModel::rowsFor({{"orders", orders}, {"idle", idle}}, mappings));
        QCOMPARE(streams.rowCount(), 2);
        const auto cell = [&](int row, int column) { return streams.data(streams.index(row, column)).toString(); };
        QCOMPARE(cell(0, StreamListModel::NameColumn), QStringLiteral("orders"));
        QCOMPARE(cell(0, StreamListModel::ShardsColumn), QStringLiteral("2"));
        QCOMPARE(cell(0, StreamListModel::RecordsColumn), QStringLiteral("42"));
        QCOMPARE(cell(0, StreamListModel::OldestColumn), QStringLiteral("61.0 s"));
        QCOMPARE(cell(0, StreamListModel::ConsumersColumn), QStringLiteral("2"));
        QCOMPARE(cell(0, StreamListModel::IteratorAgeColumn), QStringLiteral("1.5 s"));  // the laggier of the two
        const QString perShard =
            streams.data(streams.index(0, StreamListModel::RecordsColumn), Qt::ToolTipRole).toString();
        QVERIFY2(perShard.contains(QStringLiteral("shardId-000000000001: 2")), qPrintable(perShard));
        QCOMPARE(cell(1, StreamListModel::RecordsColumn), QStringLiteral("0"));
        QCOMPARE(cell(1, StreamListModel::OldestColumn), QString());
        QCOMPARE(cell(1, StreamListModel::IteratorAgeColumn), QStringLiteral("no consumer"));

        // A deleted stream goes, a new one comes, figures change in place.
        orders.records = 50;
        streams.update(StreamListModel::rowsFor({{"orders", orders}, {"clicks", idle}}, {}));
        QCOMPARE(streams.rowCount(), 2);
        QCOMPARE(cell(0, StreamListModel::RecordsColumn), QStringLiteral("50"));
        QCOMPARE(cell(0, StreamListModel::ConsumersColumn), QStringLiteral("0"));
        QCOMPARE(cell(1, StreamListModel::NameColumn), QStringLiteral("clicks"));
        streams.update({});
        QCOMPARE(streams.rowCount(), 0);
    }

    void savedEventsRoundTrip()
    {
        QTemporaryDir project;
        SavedEvents events(project.path());
        QString error;
        QVERIFY(events.save(QStringLiteral("Fn"), QStringLiteral("order-1"), QStringLiteral(R"({"a":1})"), &error));
        QCOMPARE(events.names(QStringLiteral("Fn")), QStringList{QStringLiteral("order-1")});
        QCOMPARE(events.load(QStringLiteral("Fn"), QStringLiteral("order-1")), QStringLiteral(R"({"a":1})"));
        QVERIFY(QFile::exists(project.path() + QStringLiteral("/.lambdadesk/events/Fn/order-1.json")));
        QVERIFY(!events.save(QStringLiteral("Fn"), QStringLiteral("bad"), QStringLiteral("{nope"), &error));
        QVERIFY(error.contains(QStringLiteral("JSON")));
        QVERIFY(!events.save(QStringLiteral("Fn"), QStringLiteral("../escape"), QStringLiteral("{}"), &error));
        QVERIFY(events.remove(QStringLiteral("Fn"), QStringLiteral("order-1")));
        QVERIFY(events.names(QStringLiteral("Fn")).isEmpty());
        QVERIFY(SavedEvents::templateNames().contains(QStringLiteral("sqs")));
        QVERIFY(SavedEvents::templateText(QStringLiteral("sqs")).contains(QStringLiteral("aws:sqs")));
    }

    void queueMessagesFollowTheQueueWithoutResets()
    {
        using State = core::PeekedMessage::State;
        const auto message = [](const char* id, State state = State::Visible, int receives = 0) {
            core::PeekedMessage peeked;
            peeked.messageId = id;
            peeked.body = std::string("body of ") + id;
            peeked.sentTimestampMs = 1000;
            peeked.state = state;
            peeked.visibleAtMs = state == State::Visible ? 0 : 13'000;
            peeked.approximateReceiveCount = receives;
            return peeked;
        };
        QueueMessagesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString queue = QStringLiteral("jobs");
        model.update(queue, {message("a"), message("b"), message("c")}, 2000);
        QCOMPARE(model.rowCount(), 3);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        // "a" consumed, "b" in flight, "d" and "e" sent: one removal, one insert, no reset.
        model.update(queue, {message("b", State::InFlight, 1), message("c"), message("d"), message("e")}, 3000);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.data(model.index(0, QueueMessagesModel::StateColumn)).toString(),
                 QStringLiteral("In flight · 10.0 s"));
        QCOMPARE(model.data(model.index(0, QueueMessagesModel::ReceiveCountColumn)).toInt(), 1);
        QCOMPARE(model.data(model.index(0, QueueMessagesModel::AgeColumn)).toString(), QStringLiteral("2.0 s"));
        QCOMPARE(model.data(model.index(3, QueueMessagesModel::BodyColumn)).toString(), QStringLiteral("body of e"));
        QCOMPARE(model.data(model.index(3, 0), QueueMessagesModel::MessageIdRole).toString(), QStringLiteral("e"));
        QCOMPARE(model.findRow(QStringLiteral("d")), 2);
        QVERIFY(!model.hasGroups());
        // Another queue, or messages out of their old order: a snapshot starts over.
        model.update(queue, {message("d"), message("c")}, 3500);
        QCOMPARE(resets.size(), 1);
        model.update(QStringLiteral("other"), {message("x")}, 4000);
        QCOMPARE(resets.size(), 2);
        model.clear();
        QCOMPARE(model.rowCount(), 0);

        QCOMPARE(QueueMessagesModel::prettyBody(R"({"a":[1,2]})"),
                 QStringLiteral("{\n    \"a\": [\n        1,\n        2\n    ]\n}"));
        QCOMPARE(QueueMessagesModel::prettyBody("not json {"), QStringLiteral("not json {"));
        QCOMPARE(QueueMessagesModel::formatDuration(125'000), QStringLiteral("2 min 05 s"));
    }
};

QTEST_MAIN(TestGuiModels)
#include "tst_gui_models.moc"
