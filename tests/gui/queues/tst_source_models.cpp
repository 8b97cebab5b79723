// SPDX-License-Identifier: MIT
// The event source lists under QAbstractItemModelTester: queues and mappings merged update by update, and
// streams with their records, shards and how far their consumers lag.
#include "queues/source_models.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::gui;

class TestSourceModels : public QObject {
    Q_OBJECT

private slots:
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
        // Shard 0 was split into 1 and 2: the Shards column counts the open ones, the tooltip names the closed.
        orders.shards = {{"shardId-000000000000", 30, 61'000, 30, false},
                         {"shardId-000000000001", 10, 5'000, 40, true},
                         {"shardId-000000000002", 2, 3'000, 42, true}};
        core::StreamStats idle;
        idle.shards = {{"shardId-000000000000", 0, 0, 0, true}};

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
        QVERIFY2(perShard.contains(QStringLiteral("shardId-000000000002: 2")), qPrintable(perShard));
        QVERIFY2(perShard.contains(QStringLiteral("shardId-000000000000 (closed): 30")), qPrintable(perShard));
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
};

QTEST_MAIN(TestSourceModels)
#include "tst_source_models.moc"
