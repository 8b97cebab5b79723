// SPDX-License-Identifier: MIT
// Kinesis event source mappings: the event shape, per-shard order, starting positions, batch size, filters,
// retries blocking the shard, MaximumRetryAttempts and MaximumRecordAgeInSeconds to OnFailure (KinesisBatchInfo),
// bisection, ReportBatchItemFailures checkpointing, ParallelizationFactor key order, tumbling windows and
// checkpoint resume. Records go through a real StreamService; the function is the kinesisbatch fixture.
#include "mappings/kinesis_mapping_fixture.h"

#include <QTemporaryDir>

#include <map>
#include <set>
#include <thread>

using namespace lambdadesk;
using namespace lambdadesk::tests;
using namespace lambdadesk::tests::kinesis;

class TestKinesisMapping : public QObject {
    Q_OBJECT

private slots:
    void deliversTheEventShapeInShardOrder()
    {
        Harness h(2);
        for (int i = 0; i < 30; ++i)
            h.put("key-" + std::to_string(i % 6), n(i));
        auto source = h.start(h.config());
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 30, 20000);
        std::map<std::string, int> lastPerShard;
        for (const auto& event : h.events()) {
            for (const auto& record : event["Records"]) {
                for (const char* key : {"kinesis", "eventSource", "eventVersion", "eventID", "eventName",
                                        "invokeIdentityArn", "awsRegion", "eventSourceARN"})
                    QVERIFY2(record.contains(key), key);
                const auto& kinesis = record["kinesis"];
                for (const char* key :
                     {"kinesisSchemaVersion", "partitionKey", "sequenceNumber", "data", "approximateArrivalTimestamp"})
                    QVERIFY2(kinesis.contains(key), key);
                QCOMPARE(record["eventSource"].get<std::string>(), std::string("aws:kinesis"));
                QCOMPARE(record["eventName"].get<std::string>(), std::string("aws:kinesis:record"));
                QCOMPARE(record["eventVersion"].get<std::string>(), std::string("1.0"));
                QCOMPARE(kinesis["kinesisSchemaVersion"].get<std::string>(), std::string("1.0"));
                QCOMPARE(record["eventSourceARN"].get<std::string>(), h.streamArn);
                const auto eventId = record["eventID"].get<std::string>();
                const auto shard = eventId.substr(0, eventId.find(':'));
                QVERIFY(shard.starts_with("shardId-"));
                QCOMPARE(eventId, shard + ':' + kinesis["sequenceNumber"].get<std::string>());
                std::string decoded;
                QVERIFY(core::decodeBase64(kinesis["data"].get<std::string>(), decoded));
                const int value = nlohmann::json::parse(decoded)["n"].get<int>();
                // Within a shard, records arrive in the order they were put.
                if (lastPerShard.contains(shard))
                    QVERIFY(value > lastPerShard[shard]);
                lastPerShard[shard] = value;
            }
        }
        QCOMPARE(lastPerShard.size(), std::size_t(2));
        QCOMPARE(source->metrics().recordsIn, std::uint64_t(30));
    }

    void startsAtLatestAndAtTimestamp()
    {
        Harness h;
        for (int i = 0; i < 3; ++i)
            h.put("k", n(i));
        auto config = h.config("latest");
        config.startingPosition = "LATEST";
        auto latest = h.start(config);
        QTRY_VERIFY_WITH_TIMEOUT(latest->metrics().polls > 0, 5000);
        QTest::qWait(30);
        const double between = static_cast<double>(h.streams->clock().nowUs()) / 1e6;
        QTest::qWait(30);
        for (int i = 3; i < 5; ++i)
            h.put("k", n(i));
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 2, 10000);
        latest->stop();
        QTRY_COMPARE_WITH_TIMEOUT(latest->metrics().concurrency, 0, 5000);
        for (const auto& batch : h.deliveredData())
            for (const auto& data : batch)
                QVERIFY(data["n"].get<int>() >= 3);

        auto atTimestamp = h.config("at-timestamp");
        atTimestamp.startingPosition = "AT_TIMESTAMP";
        atTimestamp.startingPositionTimestamp = between;
        h.start(atTimestamp);
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 4, 10000);
        QTest::qWait(100);
        QCOMPARE(h.recordsDelivered(), 4);
    }

    void respectsBatchSize()
    {
        Harness h;
        std::vector<core::PutRecordsEntry> entries;
        for (int i = 0; i < 250; ++i)
            entries.push_back({"k" + std::to_string(i % 7), n(i).dump(), {}});
        QVERIFY(h.streams->putRecords("s", entries).ok());
        h.start(h.config());
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 250, 20000);
        const auto batches = h.deliveredData();
        QCOMPARE(batches.size(), std::size_t(3));
        QCOMPARE(batches[0].size(), std::size_t(100));
        QCOMPARE(batches[1].size(), std::size_t(100));
        QCOMPARE(batches[2].size(), std::size_t(50));
    }

    void filtersSkipRecordsAndCheckpointPastThem()
    {
        Harness h;
        h.checkpointPath = QDir(m_dir.path()).filePath(QStringLiteral("filters.db")).toStdString();
        h.put("k", {{"kind", "drop"}, {"n", 0}});
        h.put("k", {{"kind", "keep"}, {"n", 1}});
        h.put("k", {{"kind", "drop"}, {"n", 2}});
        auto config = h.config("filtered");
        config.filterPatterns = {R"({"data":{"kind":["keep"]}})"};
        auto source = h.start(config);
        QTRY_COMPARE_WITH_TIMEOUT(source->metrics().filteredOut, std::uint64_t(2), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 1, 10000);
        QCOMPARE(h.deliveredData()[0][0]["n"].get<int>(), 1);
        // A restarted mapping starts after the filtered-out tail: nothing comes again.
        source->stop();
        QTRY_COMPARE_WITH_TIMEOUT(source->metrics().concurrency, 0, 5000);
        config.filterPatterns.clear();
        auto again = h.start(config);
        QTRY_VERIFY_WITH_TIMEOUT(again->metrics().polls > 1, 5000);
        QCOMPARE(again->metrics().recordsIn, std::uint64_t(0));
    }

    void functionErrorRetriesTheBatchAndBlocksTheShard()
    {
        Harness h;
        const auto counter = QDir(m_dir.path()).filePath(QStringLiteral("retry-counter")).toStdString();
        h.put("a", {{"n", 0}, {"failTimes", 2}, {"counter", counter}});
        h.put("b", n(1));
        auto config = h.config();
        config.batchSize = 1;
        auto source = h.start(config);
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 4, 15000);
        std::vector<int> order;
        for (const auto& batch : h.deliveredData())
            order.push_back(batch[0]["n"].get<int>());
        QCOMPARE(order, (std::vector<int>{0, 0, 0, 1}));
        QCOMPARE(source->metrics().failedInvokes, std::uint64_t(2));
        QCOMPARE(source->metrics().retried, std::uint64_t(2));
        QCOMPARE(h.failureRecords().size(), std::size_t(0));
    }

    void exhaustedRetriesSendKinesisBatchInfoToOnFailure()
    {
        Harness h;
        const auto poison = h.put("a", {{"poison", true}});
        h.put("a", n(1));
        auto config = h.config();
        config.batchSize = 1;
        config.maximumRetryAttempts = 2;
        h.start(config);
        QTRY_COMPARE_WITH_TIMEOUT(h.failureRecords().size(), std::size_t(1), 15000);
        const auto record = h.failureRecords().front();
        QCOMPARE(record["version"].get<std::string>(), std::string("1.0"));
        QVERIFY(record["timestamp"].get<std::string>().ends_with("Z"));
        const auto& request = record["requestContext"];
        QCOMPARE(request["condition"].get<std::string>(), std::string("RetryAttemptsExhausted"));
        QCOMPARE(request["approximateInvokeCount"].get<int>(), 3);
        QCOMPARE(request["functionArn"].get<std::string>(),
                 std::string("arn:aws:lambda:us-east-1:123456789012:function:consumer"));
        QVERIFY(!request["requestId"].get<std::string>().empty());
        const auto& response = record["responseContext"];
        QCOMPARE(response["statusCode"].get<int>(), 200);
        QCOMPARE(response["executedVersion"].get<std::string>(), std::string("$LATEST"));
        QCOMPARE(response["functionError"].get<std::string>(), std::string("Unhandled"));
        const auto& info = record["KinesisBatchInfo"];
        QCOMPARE(info["shardId"].get<std::string>(), std::string("shardId-000000000000"));
        QCOMPARE(info["startSequenceNumber"].get<std::string>(), poison);
        QCOMPARE(info["endSequenceNumber"].get<std::string>(), poison);
        QCOMPARE(info["batchSize"].get<int>(), 1);
        QCOMPARE(info["streamArn"].get<std::string>(), h.streamArn);
        QVERIFY(info["approximateArrivalOfFirstRecord"].get<std::string>().ends_with("Z"));
        QVERIFY(info.contains("approximateArrivalOfLastRecord"));
        QVERIFY(!record.contains("payload"));
        // The shard moves on after the discarded batch.
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 4, 10000);
        QCOMPARE(h.deliveredData().back()[0]["n"].get<int>(), 1);
    }

    void recordsOlderThanMaximumAgeGoToOnFailure()
    {
        Harness h;
        h.put("a", {{"poison", true}});
        auto config = h.config();
        config.maximumRecordAgeInSeconds = 60;  // 0.6 s scaled; retries are unlimited
        auto source = h.start(config);
        QTRY_COMPARE_WITH_TIMEOUT(h.failureRecords().size(), std::size_t(1), 15000);
        QCOMPARE(h.failureRecords()[0]["requestContext"]["condition"].get<std::string>(),
                 std::string("RecordAgeExceeded"));
        QVERIFY(source->metrics().failedInvokes >= 2);
    }

    void bisectIsolatesThePoisonRecord()
    {
        Harness h;
        std::vector<core::PutRecordsEntry> entries;
        for (int i = 0; i < 8; ++i) {
            nlohmann::json data = n(i);
            if (i == 5)
                data["poison"] = true;
            entries.push_back({"k", data.dump(), {}});
        }
        auto put = h.streams->putRecords("s", entries);
        QVERIFY(put.ok());
        auto config = h.config();
        config.batchSize = 8;
        config.bisectBatchOnFunctionError = true;
        config.maximumRetryAttempts = 0;
        auto source = h.start(config);
        QTRY_COMPARE_WITH_TIMEOUT(h.failureRecords().size(), std::size_t(1), 15000);
        const auto info = h.failureRecords()[0]["KinesisBatchInfo"];
        QCOMPARE(info["batchSize"].get<int>(), 1);
        QCOMPARE(info["startSequenceNumber"].get<std::string>(), put->records[5].sequenceNumber);
        QTRY_COMPARE_WITH_TIMEOUT(source->metrics().concurrency, 0, 5000);
        // Every other record went through in a successful batch, in order.
        std::vector<int> succeeded;
        for (const auto& batch : h.deliveredData()) {
            const bool poisoned = std::any_of(batch.begin(), batch.end(), [](const auto& d) { return d.contains("poison"); });
            if (!poisoned)
                for (const auto& data : batch)
                    succeeded.push_back(data["n"].get<int>());
        }
        QCOMPARE(succeeded, (std::vector<int>{0, 1, 2, 3, 4, 6, 7}));
        QVERIFY(source->metrics().bisected >= 3);
    }

    void reportBatchItemFailuresCheckpointsAtTheLowestFailure()
    {
        Harness h;
        std::vector<core::PutRecordsEntry> entries;
        for (int i = 0; i < 5; ++i) {
            nlohmann::json data = n(i);
            if (i == 2 || i == 4)
                data["reportFail"] = true;
            entries.push_back({"k", data.dump(), {}});
        }
        auto put = h.streams->putRecords("s", entries);
        QVERIFY(put.ok());
        auto config = h.config();
        config.reportBatchItemFailures = true;
        config.maximumRetryAttempts = 1;
        h.start(config);
        QTRY_COMPARE_WITH_TIMEOUT(h.failureRecords().size(), std::size_t(1), 15000);
        const auto batches = h.deliveredData();
        QCOMPARE(batches.size(), std::size_t(2));
        QCOMPARE(batches[0].size(), std::size_t(5));
        // The retry starts at the lowest reported record: 0 and 1 are done.
        QCOMPARE(batches[1].size(), std::size_t(3));
        QCOMPARE(batches[1][0]["n"].get<int>(), 2);
        const auto info = h.failureRecords()[0]["KinesisBatchInfo"];
        QCOMPARE(info["startSequenceNumber"].get<std::string>(), put->records[2].sequenceNumber);
        QCOMPARE(info["batchSize"].get<int>(), 3);
    }

    void malformedBatchItemFailuresFailTheWholeBatch()
    {
        Harness h;
        h.put("k", n(0));
        h.put("k", {{"n", 1}, {"malformed", true}});
        auto config = h.config();
        config.reportBatchItemFailures = true;
        config.maximumRetryAttempts = 1;
        h.start(config);
        QTRY_COMPARE_WITH_TIMEOUT(h.failureRecords().size(), std::size_t(1), 15000);
        const auto batches = h.deliveredData();
        QCOMPARE(batches.size(), std::size_t(2));
        QCOMPARE(batches[1].size(), std::size_t(2));
        QCOMPARE(h.failureRecords()[0]["KinesisBatchInfo"]["batchSize"].get<int>(), 2);
    }

    void parallelizationKeepsOrderPerPartitionKey()
    {
        Harness h;
        std::vector<core::PutRecordsEntry> entries;
        for (int i = 0; i < 24; ++i)
            entries.push_back({"key-" + std::to_string(i % 6), nlohmann::json{{"n", i}, {"sleep", 0.15}}.dump(), {}});
        QVERIFY(h.streams->putRecords("s", entries).ok());
        auto config = h.config();
        config.batchSize = 2;
        config.parallelizationFactor = 3;
        h.start(config);
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 24, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(h.dones().size(), h.events().size(), 10000);
        std::map<std::string, int> last;
        for (const auto& batch : h.deliveredData()) {
            for (const auto& data : batch) {
                const auto key = "key-" + std::to_string(data["n"].get<int>() % 6);
                if (last.contains(key))
                    QVERIFY(data["n"].get<int>() > last[key]);
                last[key] = data["n"].get<int>();
            }
        }
        // Batches sharing a key never ran at the same time; some batches did run concurrently.
        const auto dones = h.dones();
        bool concurrent = false;
        for (std::size_t i = 0; i < dones.size(); ++i) {
            for (std::size_t j = i + 1; j < dones.size(); ++j) {
                const bool overlap = dones[i]["start"].get<double>() < dones[j]["end"].get<double>() &&
                                     dones[j]["start"].get<double>() < dones[i]["end"].get<double>();
                if (!overlap)
                    continue;
                concurrent = true;
                std::set<std::string> keys;
                for (const auto& key : dones[i]["keys"])
                    keys.insert(key.get<std::string>());
                for (const auto& key : dones[j]["keys"])
                    QVERIFY2(!keys.contains(key.get<std::string>()), "same key in overlapping batches");
            }
        }
        QVERIFY(concurrent);
    }

    void tumblingWindowsCarryStateAndEndWithAFinalInvoke()
    {
        Harness h;
        auto config = h.config();
        config.tumblingWindowInSeconds = 60;  // 0.6 s scaled
        h.start(config);
        for (int i = 0; i < 3; ++i) {
            h.put("k", n(i));
            QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), i + 1, 10000);
        }
        // Every window that received records ends with a final invoke carrying its whole state.
        QTRY_VERIFY_WITH_TIMEOUT(!h.events().empty() && h.events().back()["isFinalInvokeForWindow"].get<bool>(), 10000);
        std::map<std::string, int> seen;  // records per window so far
        for (const auto& event : h.events()) {
            for (const char* key : {"window", "state", "shardId", "eventSourceARN", "isFinalInvokeForWindow",
                                    "isWindowTerminatedEarly"})
                QVERIFY2(event.contains(key), key);
            const auto window = event["window"]["start"].get<std::string>();
            const int carried = event["state"].value("count", 0);
            QCOMPARE(carried, seen[window]);  // the state returned by the previous batch of this window; {} when new
            if (event["isFinalInvokeForWindow"].get<bool>())
                QCOMPARE(event["Records"].size(), std::size_t(0));
            seen[window] += static_cast<int>(event["Records"].size());
        }
        int total = 0;
        for (const auto& [window, count] : seen)
            total += count;
        QCOMPARE(total, 3);
    }

    void resumesAfterTheLastCheckpointOnRestart()
    {
        Harness h;
        h.checkpointPath = QDir(m_dir.path()).filePath(QStringLiteral("resume.db")).toStdString();
        for (int i = 0; i < 5; ++i)
            h.put("k", n(i));
        auto first = h.start(h.config("resume"));
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 5, 10000);
        first->stop();
        QTRY_COMPARE_WITH_TIMEOUT(first->metrics().concurrency, 0, 5000);
        QTest::qWait(50);
        for (int i = 5; i < 8; ++i)
            h.put("k", n(i));
        auto second = h.start(h.config("resume"));
        QTRY_COMPARE_WITH_TIMEOUT(h.recordsDelivered(), 8, 10000);
        QTest::qWait(100);
        QCOMPARE(h.recordsDelivered(), 8);
        QCOMPARE(second->metrics().recordsIn, std::uint64_t(3));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestKinesisMapping)
#include "tst_kinesis_mapping.moc"
