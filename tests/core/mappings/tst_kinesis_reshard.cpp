// SPDX-License-Identifier: MIT
// A Kinesis mapping living through resharding: the stream is split and then merged under a running mapping while
// records flow, and every partition key's records reach the function in order, each once; new shards are found
// without a restart; a LATEST mapping started after a split reads the open children only; a registered
// consumer's ARN works as the mapping's source.
#include "mappings/kinesis_mapping_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace lambdadesk;
using namespace lambdadesk::tests;
using namespace lambdadesk::tests::kinesis;

namespace {

const std::string kMiddle = "170141183460469231731687303715884105728";  // 2^127

nlohmann::json keyed(const std::string& key, int n)
{
    return {{"key", key}, {"n", n}};
}

/// Each key's numbers in the order the function received them.
std::map<std::string, std::vector<int>> receivedPerKey(Harness& h)
{
    std::map<std::string, std::vector<int>> perKey;
    for (const auto& batch : h.deliveredData())
        for (const auto& record : batch)
            perKey[record["key"].get<std::string>()].push_back(record["n"].get<int>());
    return perKey;
}

}  // namespace

class TestKinesisReshard : public QObject {
    Q_OBJECT

private slots:
    void keysStayInOrderThroughASplitAndAMerge()
    {
        Harness h(1);
        auto config = h.config();
        config.batchSize = 7;
        auto source = h.start(config);
        constexpr int kKeys = 12;
        std::map<std::string, int> next;
        int total = 0;
        auto putSome = [&](int count) {
            for (int i = 0; i < count; ++i) {
                const std::string key = "key-" + std::to_string(total % kKeys);
                h.put(key, keyed(key, next[key]++));
                ++total;
            }
        };
        putSome(60);
        // Split while the first records are still being delivered, and keep putting.
        QVERIFY(h.streams->splitShard({"s", "shardId-000000000000", kMiddle}).ok());
        putSome(60);
        QTRY_VERIFY_WITH_TIMEOUT(h.recordsDelivered() > 60, 20000);
        // The split leaves the stream UPDATING for a moment; the merge waits for it, as a client must.
        QTRY_COMPARE_WITH_TIMEOUT(h.streams->describeStreamSummary("s")->streamStatus, std::string("ACTIVE"), 5000);
        QVERIFY(h.streams->mergeShards({"s", "shardId-000000000001", "shardId-000000000002"}).ok());
        putSome(60);
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), total, 30000);

        const auto perKey = receivedPerKey(h);
        QCOMPARE(static_cast<int>(perKey.size()), kKeys);
        for (const auto& [key, numbers] : perKey) {
            QCOMPARE(static_cast<int>(numbers.size()), next[key]);
            for (std::size_t i = 0; i < numbers.size(); ++i)
                QVERIFY2(numbers[i] == static_cast<int>(i),
                         (key + " out of order at " + std::to_string(i) + ": got " + std::to_string(numbers[i]))
                             .c_str());
        }
        // Records came from all four shards: the parent, both children and the merged one.
        std::set<std::string> shards;
        for (const auto& event : h.events())
            for (const auto& record : event["Records"]) {
                const auto id = record["eventID"].get<std::string>();
                shards.insert(id.substr(0, id.find(':')));
            }
        QCOMPARE(shards.size(), std::size_t(4));
        // Nothing more arrives later (no shard read twice).
        QTest::qWait(300);
        QCOMPARE(h.recordsDelivered(), total);
    }

    void aChildWaitsForItsParent()
    {
        Harness h(1);
        for (int i = 0; i < 20; ++i)
            h.put("k", keyed("k", i));
        QVERIFY(h.streams->splitShard({"s", "shardId-000000000000", kMiddle}).ok());
        for (int i = 20; i < 40; ++i)
            h.put("k", keyed("k", i));
        // The parent's records are read first even though the child's are there from the start.
        auto config = h.config();
        config.batchSize = 5;
        auto source = h.start(config);
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 40, 20000);
        std::vector<int> numbers = receivedPerKey(h)["k"];
        for (int i = 0; i < 40; ++i)
            QCOMPARE(numbers[static_cast<std::size_t>(i)], i);
    }

    void aLatestMappingReadsTheOpenShards()
    {
        Harness h(1);
        h.put("old", keyed("old", 0));
        QVERIFY(h.streams->splitShard({"s", "shardId-000000000000", kMiddle}).ok());
        auto config = h.config();
        config.startingPosition = "LATEST";
        auto source = h.start(config);
        QTest::qWait(200);  // the pollers take their LATEST positions
        for (int i = 0; i < 10; ++i)
            h.put("new-" + std::to_string(i), keyed("new", i));
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 10, 20000);
        QTest::qWait(200);
        QCOMPARE(receivedPerKey(h).count("old"), std::size_t(0));
    }

    void aRestartResumesAfterTheFinishedParent()
    {
        QTemporaryDir dir;
        Harness h(1);
        h.checkpointPath = dir.filePath(QStringLiteral("checkpoints.db")).toStdString();
        for (int i = 0; i < 10; ++i)
            h.put("k", keyed("k", i));
        QVERIFY(h.streams->splitShard({"s", "shardId-000000000000", kMiddle}).ok());
        for (int i = 10; i < 15; ++i)
            h.put("k", keyed("k", i));
        auto first = h.start(h.config("restart"));
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 15, 20000);
        first->stop();
        QTRY_COMPARE_WITH_TIMEOUT(first->metrics().concurrency, 0, 5000);
        QTest::qWait(50);
        for (int i = 15; i < 20; ++i)
            h.put("k", keyed("k", i));
        // The parent is SHARD_END in the checkpoints and the child resumes: nothing is delivered twice.
        auto second = h.start(h.config("restart"));
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 20, 20000);
        QTest::qWait(200);
        const auto numbers = receivedPerKey(h)["k"];
        QCOMPARE(static_cast<int>(numbers.size()), 20);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(numbers[static_cast<std::size_t>(i)], i);
    }

    void aConsumerArnIsASource()
    {
        Harness h(2);
        auto consumer = h.streams->registerStreamConsumer(h.streamArn, "lambda-efo");
        QVERIFY(consumer.ok());
        auto config = h.config();
        config.eventSourceArn = consumer->consumerArn;
        auto source = h.start(config);
        for (int i = 0; i < 10; ++i)
            h.put("k" + std::to_string(i), keyed("k", i));
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 10, 20000);
    }
};

QTEST_GUILESS_MAIN(TestKinesisReshard)
#include "tst_kinesis_reshard.moc"
