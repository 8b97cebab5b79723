// SPDX-License-Identifier: MIT
// Kinesis semantics of core's StreamService: MD5 shard assignment, sequence numbers, every iterator type, expiry,
// retention, PutRecords partial failures, limits and AWS's error codes, describe/list shapes and durability across
// reopening (and SIGKILL of) the process that wrote. Time moves through a manual clock; nothing sleeps.
#include "encoding/message_digest.h"
#include "streams/stream_errors.h"
#include "streams/stream_hash_key.h"
#include "streams/stream_sequence.h"
#include "streams/stream_service.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace lambdadesk::core;

namespace {

template <typename T>
std::string codeOf(const Expected<T>& result)
{
    return result.ok() ? std::string("<ok>") : result.error().code;
}

/// A service on a manual clock, in memory unless given a file.
struct Harness {
    explicit Harness(std::string path = ":memory:", bool writeLimits = false, int shardLimit = 500)
    {
        StreamServiceOptions options;
        options.databasePath = std::move(path);
        options.clock = [this] { return now.load(); };
        options.enforceShardWriteLimits = writeLimits;
        options.shardLimit = shardLimit;
        auto opened = StreamService::open(options);
        if (!opened)
            qFatal("cannot open the stream service: %s", opened.error().message.c_str());
        service = *opened;
    }
    void advance(double seconds) { now += static_cast<std::int64_t>(seconds * 1e6); }
    void create(const std::string& name, int shards)
    {
        auto created = service->createStream(name, shards);
        if (!created)
            qFatal("createStream %s: %s", name.c_str(), created.error().message.c_str());
    }
    PutRecordResult put(const std::string& stream, const std::string& key, const std::string& data,
                        const std::string& hashKey = {})
    {
        auto put = service->putRecord({stream, key, data, hashKey, {}});
        if (!put)
            qFatal("putRecord: %s", put.error().message.c_str());
        return *put;
    }
    std::string iterator(const std::string& stream, const std::string& shard, const std::string& type,
                         const std::string& sequence = {}, std::optional<double> timestamp = {})
    {
        auto it = service->getShardIterator({stream, shard, type, sequence, timestamp});
        if (!it)
            qFatal("getShardIterator %s: %s", type.c_str(), it.error().message.c_str());
        return *it;
    }
    std::vector<std::string> dataFrom(const std::string& iterator, int limit = 10000)
    {
        auto got = service->getRecords({iterator, limit});
        if (!got)
            qFatal("getRecords: %s", got.error().message.c_str());
        std::vector<std::string> data;
        for (const auto& record : got->records)
            data.push_back(record.data);
        return data;
    }

    std::atomic<std::int64_t> now{1'700'000'000'000'000};
    std::shared_ptr<StreamService> service;
};

using Strings = std::vector<std::string>;

}  // namespace

class TestStreamService : public QObject {
    Q_OBJECT

private slots:
    void describeShowsAwsShardLayout()
    {
        Harness h;
        h.create("orders", 3);
        auto described = h.service->describeStream({"orders", 100, {}});
        QVERIFY2(described.ok(), described.ok() ? "" : described.error().message.c_str());
        QCOMPARE(described->streamArn, std::string("arn:aws:kinesis:us-east-1:123456789012:stream/orders"));
        QCOMPARE(described->streamStatus, std::string("ACTIVE"));
        QCOMPARE(described->retentionPeriodHours, 24);
        QCOMPARE(described->shards.size(), std::size_t(3));
        // The boundaries AWS itself reports for a 3-shard stream.
        QCOMPARE(described->shards[0].shardId, std::string("shardId-000000000000"));
        QCOMPARE(described->shards[0].hashKeyRange.startingHashKey, std::string("0"));
        QCOMPARE(described->shards[0].hashKeyRange.endingHashKey,
                 std::string("113427455640312821154458202477256070484"));
        QCOMPARE(described->shards[1].hashKeyRange.startingHashKey,
                 std::string("113427455640312821154458202477256070485"));
        QCOMPARE(described->shards[2].hashKeyRange.startingHashKey,
                 std::string("226854911280625642308916404954512140970"));
        QCOMPARE(described->shards[2].hashKeyRange.endingHashKey,
                 std::string("340282366920938463463374607431768211455"));
        for (const auto& shard : described->shards) {
            QCOMPARE(shard.sequenceNumberRange.startingSequenceNumber.size(), std::size_t(56));
            QVERIFY(shard.sequenceNumberRange.endingSequenceNumber.empty());
        }
        auto paged = h.service->describeStream({"orders", 2, {}});
        QVERIFY(paged->hasMoreShards);
        auto rest = h.service->describeStream({"orders", 2, "shardId-000000000001"});
        QCOMPARE(rest->shards.size(), std::size_t(1));
        QVERIFY(!rest->hasMoreShards);
        auto summary = h.service->describeStreamSummary(described->streamArn);  // an ARN names the stream too
        QCOMPARE(summary->openShardCount, 3);
        QCOMPARE(summary->streamCreationTimestamp, 1'700'000'000.0);
    }

    void listStreamsAndShardsPage()
    {
        Harness h;
        for (const char* name : {"c", "a", "b"})
            h.create(name, 2);
        auto first = h.service->listStreams({2, {}, {}});
        QCOMPARE(first->streamNames, (Strings{"a", "b"}));
        QVERIFY(first->hasMoreStreams);
        QCOMPARE(first->streamSummaries[1].streamArn, std::string("arn:aws:kinesis:us-east-1:123456789012:stream/b"));
        auto second = h.service->listStreams({2, {}, first->nextToken});
        QCOMPARE(second->streamNames, (Strings{"c"}));
        QVERIFY(!second->hasMoreStreams);
        QCOMPARE(h.service->listStreams({10, "a", {}})->streamNames, (Strings{"b", "c"}));

        auto shards = h.service->listShards({"b", {}, {}, 1});
        QCOMPARE(shards->shards.size(), std::size_t(1));
        QVERIFY(!shards->nextToken.empty());
        auto more = h.service->listShards({{}, shards->nextToken, {}, 10});
        QCOMPARE(more->shards.at(0).shardId, std::string("shardId-000000000001"));
        QVERIFY(more->nextToken.empty());
        QCOMPARE(codeOf(h.service->listShards({"b", shards->nextToken, {}, 10})), std::string("InvalidArgumentException"));
    }

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

    void putRecordsReportsPartialFailures()
    {
        Harness h(":memory:", true);
        h.create("s", 2);
        const std::string low = "0", high = "340282366920938463463374607431768211455";
        std::vector<PutRecordsEntry> fill(500, PutRecordsEntry{"k", "x", low});
        QCOMPARE(h.service->putRecords("s", fill)->failedRecordCount, 0);
        QCOMPARE(h.service->putRecords("s", fill)->failedRecordCount, 0);  // shard 0 is at 1000 records this second
        auto mixed = h.service->putRecords("s", {{"k", "a", low}, {"k", "b", high}, {"k", "c", low}, {"k", "d", high}});
        QVERIFY(mixed.ok());
        QCOMPARE(mixed->failedRecordCount, 2);
        QCOMPARE(mixed->records.size(), std::size_t(4));
        for (int i : {0, 2}) {
            const auto& failed = mixed->records[static_cast<std::size_t>(i)];
            QCOMPARE(failed.errorCode, std::string("ProvisionedThroughputExceededException"));
            QVERIFY(failed.errorMessage.find("shardId-000000000000 in stream s under account 123456789012") !=
                    std::string::npos);
            QVERIFY(failed.sequenceNumber.empty() && failed.shardId.empty());
        }
        for (int i : {1, 3}) {
            const auto& ok = mixed->records[static_cast<std::size_t>(i)];
            QVERIFY(!ok.failed());
            QCOMPARE(ok.shardId, std::string("shardId-000000000001"));
        }
        QCOMPARE(codeOf(h.service->putRecord({"s", "k", "x", low, {}})), std::string("ProvisionedThroughputExceededException"));
        h.advance(1);  // a new second, a new allowance
        QCOMPARE(h.service->putRecords("s", {{"k", "e", low}})->failedRecordCount, 0);
        QCOMPARE(h.service->stats("s")->shards[0].records, std::int64_t(1001));
    }

    void limitsAndErrorCodes()
    {
        Harness h(":memory:", false, 10);
        h.create("s", 2);
        auto& s = *h.service;
        const std::string validation = "ValidationException";
        QCOMPARE(codeOf(s.createStream("", 1)), validation);
        QCOMPARE(codeOf(s.createStream(std::string(129, 'a'), 1)), validation);
        QCOMPARE(codeOf(s.createStream("bad name", 1)), validation);
        QVERIFY(s.createStream(std::string(128, 'a') , 1).ok());
        QCOMPARE(codeOf(s.createStream("zero", 0)), validation);
        QCOMPARE(codeOf(s.createStream("s", 1)), std::string("ResourceInUseException"));
        auto limit = s.createStream("big", 8);
        QCOMPARE(codeOf(limit), std::string("LimitExceededException"));
        QVERIFY(limit.error().message.find("Current shard count for the account: 3. Limit: 10.") != std::string::npos);
        QCOMPARE(codeOf(s.deleteStream("missing")), std::string("ResourceNotFoundException"));
        QCOMPARE(s.deleteStream("missing").error().message,
                 std::string("Stream missing under account 123456789012 not found."));

        QCOMPARE(codeOf(s.putRecord({"s", "", "x", {}, {}})), validation);
        QCOMPARE(codeOf(s.putRecord({"s", std::string(257, 'k'), "x", {}, {}})), validation);
        QVERIFY(s.putRecord({"s", std::string(256, 'k'), "x", {}, {}}).ok());
        QCOMPARE(codeOf(s.putRecord({"s", "k", std::string(1024 * 1024 + 1, 'd'), {}, {}})), validation);
        QVERIFY(s.putRecord({"s", "k", std::string(1024 * 1024, 'd'), {}, {}}).ok());
        QCOMPARE(codeOf(s.putRecord({"missing", "k", "x", {}, {}})), std::string("ResourceNotFoundException"));
        QCOMPARE(codeOf(s.putRecords("s", {})), validation);
        auto tooMany = s.putRecords("s", std::vector<PutRecordsEntry>(501, {"k", "x", {}}));
        QCOMPARE(codeOf(tooMany), validation);
        auto badEntry = s.putRecords("s", {{"k", "x", {}}, {"", "x", {}}});
        QVERIFY(badEntry.error().message.find("'records.2.member.partitionKey'") != std::string::npos);
        auto tooLarge = s.putRecords("s", std::vector<PutRecordsEntry>(5, {"k", std::string(1024 * 1024, 'd'), {}}));
        QCOMPARE(codeOf(tooLarge), std::string("InvalidArgumentException"));

        const std::string shard = "shardId-000000000000";
        QCOMPARE(codeOf(s.getShardIterator({"s", shard, "SOMEWHERE", {}, {}})), validation);
        QCOMPARE(codeOf(s.getShardIterator({"s", "shardId-000000000002", "LATEST", {}, {}})),
                 std::string("ResourceNotFoundException"));
        QCOMPARE(s.getShardIterator({"s", "shardId-000000000002", "LATEST", {}, {}}).error().message,
                 std::string("Shard shardId-000000000002 in stream s under account 123456789012 does not exist"));
        QCOMPARE(codeOf(s.getShardIterator({"s", "ABKLFD8", "LATEST", {}, {}})), std::string("ResourceNotFoundException"));
        QCOMPARE(codeOf(s.getShardIterator({"s", shard, "AT_SEQUENCE_NUMBER", {}, {}})),
                 std::string("InvalidArgumentException"));
        const auto put = h.put("s", "a", "x");  // "a" hashes to shard 0 of 2
        QCOMPARE(codeOf(s.getShardIterator({"s", shard, "LATEST", put.sequenceNumber, {}})),
                 std::string("InvalidArgumentException"));
        auto otherShard = s.getShardIterator({"s", "shardId-000000000001", "AT_SEQUENCE_NUMBER", put.sequenceNumber, {}});
        QCOMPARE(otherShard.error().message,
                 std::string("Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a "
                             "call to a shard with shardId-000000000001"));
        QCOMPARE(codeOf(s.getShardIterator({"s", shard, "AT_SEQUENCE_NUMBER", "12345", {}})),
                 std::string("InvalidArgumentException"));
        QCOMPARE(codeOf(s.getRecords({h.iterator("s", shard, "LATEST"), 0})), validation);
        QCOMPARE(codeOf(s.getRecords({h.iterator("s", shard, "LATEST"), 10001})), validation);
        QVERIFY(s.getRecords({h.iterator("s", shard, "LATEST"), 10000}).ok());
    }

    void deletedStreamForgetsItsRecordsAndIterators()
    {
        Harness h;
        h.create("s", 1);
        const auto old = h.put("s", "k", "x");
        const auto iterator = h.iterator("s", old.shardId, "TRIM_HORIZON");
        QVERIFY(h.service->deleteStream("s").ok());
        QCOMPARE(codeOf(h.service->getRecords({iterator, 10})), std::string("ResourceNotFoundException"));
        h.advance(1);
        h.create("s", 1);
        QCOMPARE(codeOf(h.service->getRecords({iterator, 10})), std::string("ResourceNotFoundException"));
        auto stale = h.service->getShardIterator({"s", old.shardId, "AT_SEQUENCE_NUMBER", old.sequenceNumber, {}});
        QVERIFY(stale.error().message.find("because it did not come from this stream") != std::string::npos);
        QVERIFY(h.dataFrom(h.iterator("s", old.shardId, "TRIM_HORIZON")).empty());
    }

    void readerApiAndChangeListener()
    {
        Harness h;
        h.create("s", 4);
        std::vector<StreamChange> changes;
        h.service->setChangeListener([&changes](const StreamChange& change) { changes.push_back(change); });
        const auto latest = h.service->latestPosition("s", "shardId-000000000002");
        QCOMPARE(*latest, StreamPosition(0));
        h.service->putRecords("s", {{"b", "1", {}}, {"a", "2", {}}, {"b", "3", {}}});
        QCOMPARE(changes.size(), std::size_t(1));
        QCOMPARE(changes[0].kind, StreamChangeKind::RecordsPut);
        QCOMPARE(changes[0].shards, (std::vector<int>{0, 2}));
        QCOMPARE(changes[0].count, std::int64_t(3));

        auto read = h.service->readShard("s", "shardId-000000000002", *latest, 1);
        QCOMPARE(read->records.size(), std::size_t(1));
        QCOMPARE(read->records[0].data, std::string("1"));
        auto rest = h.service->readShard("s", "shardId-000000000002", read->nextPosition, 100);
        QCOMPARE(rest->records.at(0).data, std::string("3"));
        QCOMPARE(rest->nextPosition, StreamPosition(3));
        // A checkpoint by sequence number resumes after it.
        auto resumed = h.service->startingPosition("s", "shardId-000000000002", ShardIteratorType::AfterSequenceNumber,
                                                   read->records[0].sequenceNumber);
        QCOMPARE(*resumed, read->records[0].position);
        QCOMPARE(*h.service->latestPosition("s", "shardId-000000000000"), StreamPosition(3));
        const auto ids = h.service->shardIds("s");
        QVERIFY(ids.ok());
        QCOMPARE(*ids, (Strings{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002",
                                "shardId-000000000003"}));
        h.advance(1.5);
        auto stats = h.service->stats("s");
        QCOMPARE(stats->records, std::int64_t(3));
        QCOMPARE(stats->shards[2].records, std::int64_t(2));
        QCOMPARE(stats->shards[1].records, std::int64_t(0));
        QCOMPARE(stats->oldestAgeMs, std::int64_t(1500));
        QVERIFY(!h.service->stats("missing"));
        QVERIFY(h.service->deleteStream("s").ok());
        QCOMPARE(changes.back().kind, StreamChangeKind::Deleted);
    }

    void recordsSurviveReopening()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        std::string lastSequence, iterator;
        {
            Harness h(path);
            h.create("kept", 2);
            h.create("other", 1);
            for (int i = 0; i < 20; ++i)
                lastSequence = h.put("kept", "k", std::to_string(i)).sequenceNumber;
            iterator = h.iterator("kept", "shardId-000000000001", "LATEST");
        }
        Harness h(path);
        QCOMPARE(h.service->streamNames(), (Strings{"kept", "other"}));
        const auto shard = h.put("kept", "k", "20").shardId;  // "k" stays on its shard
        const auto after = h.service->readShard("kept", shard, 0, 100);
        QCOMPARE(after->records.size(), std::size_t(21));
        QCOMPARE(after->records.back().data, std::string("20"));
        QVERIFY(compareSequenceNumbers(lastSequence, after->records.back().sequenceNumber) == std::strong_ordering::less);
        QVERIFY(h.service->getRecords({iterator, 10}).ok());  // iterators need no server state
        QCOMPARE(h.service->stats("kept")->records, std::int64_t(21));
    }

    void acknowledgedRecordsSurviveSigkill()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        { Harness(path).create("s", 2); }
        int pipeFds[2];
        QCOMPARE(pipe(pipeFds), 0);
        const pid_t child = fork();
        if (child == 0) {
            // The writer: acknowledges each committed batch on the pipe, forever, until it is killed.
            close(pipeFds[0]);
            auto service = StreamService::open({path, "us-east-1", "123456789012", 1.0, {}, 500, false, false});
            for (int batch = 0; service; ++batch) {
                std::vector<PutRecordsEntry> records(50, PutRecordsEntry{"k" + std::to_string(batch % 7), "x", {}});
                if (!(*service)->putRecords("s", records))
                    _exit(2);
                const char ack = 1;
                if (write(pipeFds[1], &ack, 1) != 1)
                    _exit(3);
            }
            _exit(1);
        }
        close(pipeFds[1]);
        int acknowledged = 0;
        char ack = 0;
        while (acknowledged < 40 && read(pipeFds[0], &ack, 1) == 1)
            ++acknowledged;
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        QVERIFY(WIFSIGNALED(status));
        close(pipeFds[0]);
        Harness h(path);
        const auto stats = h.service->stats("s");
        QVERIFY2(stats->records >= acknowledged * 50, qPrintable(QString::number(stats->records)));
    }

    void throughputOfPutRecordsAndGetRecords()
    {
        QTemporaryDir dir;
        StreamServiceOptions options;
        options.databasePath = dir.filePath(QStringLiteral("state.db")).toStdString();
        auto service = *StreamService::open(options);
        QVERIFY(service->createStream("bench", 4).ok());
        const int batches = 100;
        std::vector<PutRecordsEntry> batch;
        for (int i = 0; i < 500; ++i)
            batch.push_back({"partition-" + std::to_string(i), std::string(100, 'x'), {}});
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < batches; ++i)
            QCOMPARE(service->putRecords("bench", batch)->failedRecordCount, 0);
        const auto putDone = std::chrono::steady_clock::now();
        std::size_t read = 0;
        const auto shards = service->shardIds("bench");
        QVERIFY(shards.ok());
        for (const auto& shard : *shards) {
            std::string iterator = *service->getShardIterator({"bench", shard, "TRIM_HORIZON", {}, {}});
            for (;;) {
                auto got = service->getRecords({iterator, 10000});
                QVERIFY(got.ok());
                if (got->records.empty())
                    break;
                read += got->records.size();
                iterator = got->nextShardIterator;
            }
        }
        const auto readDone = std::chrono::steady_clock::now();
        QCOMPARE(read, std::size_t(batches * 500));
        const auto seconds = [](auto from, auto to) { return std::chrono::duration<double>(to - from).count(); };
        qInfo("putRecords(500): %.0f records/s; getRecords: %.0f records/s (%d records of 100 bytes, durable file)",
              batches * 500 / seconds(start, putDone), read / seconds(putDone, readDone), batches * 500);
    }
};

QTEST_GUILESS_MAIN(TestStreamService)
#include "tst_stream_service.moc"
