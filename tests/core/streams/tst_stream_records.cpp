// SPDX-License-Identifier: MIT
// Kinesis records in core's StreamService: MD5 shard assignment, sequence numbers, the order of a shard's records,
// every iterator type, iterator expiry and retention. Time moves through a manual clock; nothing sleeps.
#include "encoding/message_digest.h"
#include "streams/stream_fixture.h"
#include "streams/stream_hash_key.h"
#include "streams/stream_sequence.h"

#include <QtTest>

using namespace lambdadesk::core;
using namespace lambdadesk::tests;

class TestStreamRecords : public QObject {
    Q_OBJECT

private slots:
    void partitionKeysHashToShardsByMd5()
    {
        // The MD5 digests decide: with 4 shards the top two bits of the digest are the shard index.
        QCOMPARE(md5Hex("a"), std::string("0cc175b9c0f1b6a831c399e269772661"));  // 0x0c → shard 0
        QCOMPARE(md5Hex("c"), std::string("4a8a08f09d37b73795649038408b5f33"));  // 0x4a → shard 1
        QCOMPARE(md5Hex("b"), std::string("92eb5ffee6ae2fec3ad71c777531578f"));  // 0x92 → shard 2
        QCOMPARE(md5Hex("e"), std::string("e1671797c52e15f763380b45e841ec32"));  // 0xe1 → shard 3
        QCOMPARE(StreamHashKey::ofPartitionKey("a").toDecimal(), std::string("16955237001963240173058271559858726497"));
        Harness h;
        h.create("s", 4);
        QCOMPARE(h.put("s", "a", "1").shardId, std::string("shardId-000000000000"));
        QCOMPARE(h.put("s", "c", "2").shardId, std::string("shardId-000000000001"));
        QCOMPARE(h.put("s", "b", "3").shardId, std::string("shardId-000000000002"));
        QCOMPARE(h.put("s", "e", "4").shardId, std::string("shardId-000000000003"));
    }

    void explicitHashKeyOverridesPartitionKey()
    {
        Harness h;
        h.create("s", 4);
        // Shard boundaries of 4 shards are the multiples of 2^126 = 85070591730234615865843651857942052864.
        QCOMPARE(h.put("s", "a", "x", "85070591730234615865843651857942052863").shardId,
                 std::string("shardId-000000000000"));
        QCOMPARE(h.put("s", "a", "x", "85070591730234615865843651857942052864").shardId,
                 std::string("shardId-000000000001"));
        QCOMPARE(h.put("s", "a", "x", "340282366920938463463374607431768211455").shardId,
                 std::string("shardId-000000000003"));
        auto tooBig = h.service->putRecord({"s", "a", "x", "340282366920938463463374607431768211456", {}});
        QCOMPARE(codeOf(tooBig), std::string("InvalidArgumentException"));
        QVERIFY(tooBig.error().message.find("[0, 2^128-1]") != std::string::npos);
        QCOMPARE(codeOf(h.service->putRecord({"s", "a", "x", "12ab", {}})), std::string("ValidationException"));
    }

    void sequenceNumbersStrictlyIncreaseAndParseBack()
    {
        Harness h;
        h.create("s", 4);
        std::vector<PutRecordsEntry> batch;
        for (int i = 0; i < 200; ++i)
            batch.push_back({"key-" + std::to_string(i % 37), std::to_string(i), {}});
        auto put = h.service->putRecords("s", batch);
        QVERIFY(put.ok());
        QCOMPARE(put->failedRecordCount, 0);
        std::string previous = h.service->describeStream({"s", 100, {}})->shards[0].sequenceNumberRange.startingSequenceNumber;
        for (const auto& entry : put->records) {
            QCOMPARE(entry.sequenceNumber.size(), std::size_t(56));
            QCOMPARE(entry.sequenceNumber.substr(0, 2), std::string("49"));
            // Across the whole stream, in request order, as big integers and as fixed-width strings alike.
            QVERIFY(compareSequenceNumbers(previous, entry.sequenceNumber) == std::strong_ordering::less);
            QVERIFY(previous < entry.sequenceNumber);
            const auto parts = parseSequenceNumber(entry.sequenceNumber);
            QVERIFY(parts);
            QCOMPARE("shardId-00000000000" + std::to_string(parts->shardIndex), entry.shardId);
            previous = entry.sequenceNumber;
        }
        QCOMPARE(parseSequenceNumber(put->records.back().sequenceNumber)->position, StreamPosition(200));
        // A changed digit fails the check digits.
        std::string edited = put->records[5].sequenceNumber;
        edited[20] = edited[20] == '9' ? '8' : '9';
        QVERIFY(!parseSequenceNumber(edited));
        QVERIFY(compareSequenceNumbers("100", "99") == std::strong_ordering::greater);
    }

    void recordsOfAShardComeBackInOrder()
    {
        Harness h;
        h.create("s", 2);
        Strings sent;
        for (int i = 0; i < 50; ++i) {
            sent.push_back("payload-" + std::to_string(i) + std::string(1, '\0') + "binary");
            h.put("s", "same-key", sent.back());
        }
        const std::string shard = h.put("s", "same-key", "last").shardId;
        sent.push_back("last");
        auto got = h.service->getRecords({h.iterator("s", shard, "TRIM_HORIZON"), 10000});
        QCOMPARE(got->records.size(), sent.size());
        for (std::size_t i = 0; i < sent.size(); ++i) {
            QCOMPARE(got->records[i].data, sent[i]);
            QCOMPARE(got->records[i].partitionKey, std::string("same-key"));
            QCOMPARE(got->records[i].approximateArrivalTimestamp, 1'700'000'000.0);
        }
        QCOMPARE(got->millisBehindLatest, std::int64_t(0));
    }

    void getRecordsPagesWithNextIterator()
    {
        Harness h;
        h.create("s", 1);
        for (int i = 0; i < 10; ++i)
            h.put("s", "k", std::to_string(i));
        h.advance(2);
        auto first = h.service->getRecords({h.iterator("s", "shardId-000000000000", "TRIM_HORIZON"), 4});
        QCOMPARE(first->records.size(), std::size_t(4));
        QCOMPARE(first->millisBehindLatest, std::int64_t(2000));  // the unread records are 2 s old
        auto second = h.service->getRecords({first->nextShardIterator, 4});
        QCOMPARE(second->records.front().data, std::string("4"));
        auto third = h.service->getRecords({second->nextShardIterator, 4});
        QCOMPARE(third->records.size(), std::size_t(2));
        QCOMPARE(third->millisBehindLatest, std::int64_t(0));
        auto empty = h.service->getRecords({third->nextShardIterator, 4});
        QVERIFY(empty->records.empty());
        h.put("s", "k", "10");
        QCOMPARE(h.dataFrom(empty->nextShardIterator), (Strings{"10"}));
    }

    void latestSeesOnlyLaterRecords()
    {
        Harness h;
        h.create("s", 1);
        h.put("s", "k", "before");
        const auto latest = h.iterator("s", "shardId-000000000000", "LATEST");
        QVERIFY(h.dataFrom(latest).empty());
        h.put("s", "k", "after-1");
        h.put("s", "k", "after-2");
        QCOMPARE(h.dataFrom(latest), (Strings{"after-1", "after-2"}));
        QCOMPARE(h.dataFrom(h.iterator("s", "shardId-000000000000", "TRIM_HORIZON")),
                 (Strings{"before", "after-1", "after-2"}));
    }

    void atAndAfterSequenceNumberDiffer()
    {
        Harness h;
        h.create("s", 1);
        Strings numbers;
        for (const char* data : {"r0", "r1", "r2", "r3"})
            numbers.push_back(h.put("s", "k", data).sequenceNumber);
        QCOMPARE(h.dataFrom(h.iterator("s", "shardId-000000000000", "AT_SEQUENCE_NUMBER", numbers[1])),
                 (Strings{"r1", "r2", "r3"}));
        QCOMPARE(h.dataFrom(h.iterator("s", "shardId-000000000000", "AFTER_SEQUENCE_NUMBER", numbers[1])),
                 (Strings{"r2", "r3"}));
        QVERIFY(h.dataFrom(h.iterator("s", "shardId-000000000000", "AFTER_SEQUENCE_NUMBER", numbers[3])).empty());
        // The shard's starting sequence number reads from the beginning.
        const auto start = h.service->describeStream({"s", 100, {}})->shards[0].sequenceNumberRange.startingSequenceNumber;
        QCOMPARE(h.dataFrom(h.iterator("s", "shardId-000000000000", "AFTER_SEQUENCE_NUMBER", start)).size(),
                 std::size_t(4));
        // AWS also accepts shard ids written as "<anything>-<index>".
        QCOMPARE(h.dataFrom(h.iterator("s", "shard-0", "AT_SEQUENCE_NUMBER", numbers[3])), (Strings{"r3"}));
    }

    void atTimestampStartsAtFirstRecordArrivedSince()
    {
        Harness h;
        h.create("s", 1);
        h.put("s", "k", "t0");
        h.advance(10);
        h.put("s", "k", "t10");
        h.advance(10);
        h.put("s", "k", "t20");
        const double base = 1'700'000'000.0;
        QCOMPARE(h.dataFrom(h.iterator("s", "shardId-000000000000", "AT_TIMESTAMP", {}, base + 5)),
                 (Strings{"t10", "t20"}));
        QCOMPARE(h.dataFrom(h.iterator("s", "shardId-000000000000", "AT_TIMESTAMP", {}, base + 10)),
                 (Strings{"t10", "t20"}));
        QCOMPARE(h.dataFrom(h.iterator("s", "shardId-000000000000", "AT_TIMESTAMP", {}, base - 100)).size(),
                 std::size_t(3));
        h.advance(1);
        const auto atNow = h.iterator("s", "shardId-000000000000", "AT_TIMESTAMP", {}, base + 20.5);
        QVERIFY(h.dataFrom(atNow).empty());
        h.put("s", "k", "later");
        QCOMPARE(h.dataFrom(atNow), (Strings{"later"}));
        auto future = h.service->getShardIterator({"s", "shardId-000000000000", "AT_TIMESTAMP", {}, base + 3600});
        QCOMPARE(codeOf(future), std::string("InvalidArgumentException"));
        auto missing = h.service->getShardIterator({"s", "shardId-000000000000", "AT_TIMESTAMP", {}, {}});
        QVERIFY(missing.error().message.find("Must specify timestampInMillis") != std::string::npos);
    }

    void iteratorsExpireAfterFiveMinutes()
    {
        Harness h;
        h.create("s", 1);
        h.put("s", "k", "x");
        const auto iterator = h.iterator("s", "shardId-000000000000", "TRIM_HORIZON");
        h.advance(299);
        auto fresh = h.service->getRecords({iterator, 10});
        QVERIFY(fresh.ok());
        h.advance(2);
        auto expired = h.service->getRecords({iterator, 10});
        QCOMPARE(codeOf(expired), std::string("ExpiredIteratorException"));
        QVERIFY(expired.error().message.find("tolerated delay of 300000 milliseconds") != std::string::npos);
        // The iterator GetRecords returned is new: it lives 5 minutes from its own issue.
        QVERIFY(h.service->getRecords({fresh->nextShardIterator, 10}).ok());

        QCOMPARE(codeOf(h.service->getRecords({"not-an-iterator", 10})), std::string("InvalidArgumentException"));
        std::string tampered = fresh->nextShardIterator;
        tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
        QCOMPARE(codeOf(h.service->getRecords({tampered, 10})), std::string("InvalidArgumentException"));
    }

    void retentionTrimsOldRecords()
    {
        Harness h;
        h.create("s", 1);
        h.put("s", "k", "old");
        h.advance(23 * 3600);
        h.put("s", "k", "newer");
        const auto horizon = h.iterator("s", "shardId-000000000000", "TRIM_HORIZON");
        QCOMPARE(h.dataFrom(horizon), (Strings{"old", "newer"}));
        h.advance(2 * 3600);  // "old" is now 25 h old
        QCOMPARE(h.dataFrom(h.iterator("s", "shardId-000000000000", "TRIM_HORIZON")), (Strings{"newer"}));
        auto stats = h.service->stats("s");
        QCOMPARE(stats->records, std::int64_t(1));
        QCOMPARE(stats->oldestAgeMs, std::int64_t(2 * 3600 * 1000));

        QVERIFY(h.service->increaseStreamRetentionPeriod("s", 48).ok());
        QCOMPARE(h.service->describeStreamSummary("s")->retentionPeriodHours, 48);
        h.advance(23 * 3600);  // "newer" is 25 h old: only the longer period keeps it
        QCOMPARE(h.dataFrom(h.iterator("s", "shardId-000000000000", "TRIM_HORIZON")), (Strings{"newer"}));
        QVERIFY(h.service->decreaseStreamRetentionPeriod("s", 24).ok());  // trims at once
        QCOMPARE(h.service->stats("s")->records, std::int64_t(0));
        QCOMPARE(codeOf(h.service->increaseStreamRetentionPeriod("s", 12)), std::string("InvalidArgumentException"));
        QCOMPARE(codeOf(h.service->increaseStreamRetentionPeriod("s", 8761)), std::string("InvalidArgumentException"));
        QCOMPARE(codeOf(h.service->decreaseStreamRetentionPeriod("missing", 24)),
                 std::string("ResourceNotFoundException"));
    }
};

QTEST_GUILESS_MAIN(TestStreamRecords)
#include "tst_stream_records.moc"
