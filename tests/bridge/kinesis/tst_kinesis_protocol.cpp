// SPDX-License-Identifier: MIT
// Kinesis's JSON 1.1 wire protocol over core's StreamService, driven without a network: every operation, base64
// of binary data both ways, pagination, every iterator type, retention and deletion, and the members left out
// rather than sent as null. Time moves through the service's manual clock. The error shapes are in
// tst_kinesis_errors.
#include "kinesis/kinesis_fixture.h"

#include <encoding/base64.h>

#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::tests;

class TestKinesisProtocol : public QObject {
    Q_OBJECT

private slots:
    void createDescribeAndSummary();
    void onDemandStream();
    void listStreamsPages();
    void listShardsPagesAndFilters();
    void describeStreamPages();
    void putRecordAndGetRecordsRoundTripBinaryData();
    void putRecordsRoutesAndReportsFailedEntries();
    void everyIteratorType();
    void expiredIterator();
    void retentionPeriods();
    void deleteStream();
};

void TestKinesisProtocol::createDescribeAndSummary()
{
    Harness h;
    auto created = h.call("CreateStream", {{"StreamName", "orders"}, {"ShardCount", 2}});
    QCOMPARE(created.status, 200);
    QCOMPARE(created.contentType, std::string("application/x-amz-json-1.1"));
    QCOMPARE(created.requestId, std::string("req-1"));
    QVERIFY(created.body.is_object() && created.body.empty());

    auto described = h.ok("DescribeStream", {{"StreamName", "orders"}});
    QVERIFY(hasNoNulls(described));
    const auto& d = described["StreamDescription"];
    QCOMPARE(d["StreamName"].get<std::string>(), std::string("orders"));
    QCOMPARE(d["StreamARN"].get<std::string>(), std::string("arn:aws:kinesis:us-east-1:123456789012:stream/orders"));
    QCOMPARE(d["StreamStatus"].get<std::string>(), std::string("ACTIVE"));
    QCOMPARE(d["StreamModeDetails"]["StreamMode"].get<std::string>(), std::string("PROVISIONED"));
    QCOMPARE(d["HasMoreShards"].get<bool>(), false);
    QCOMPARE(d["RetentionPeriodHours"].get<int>(), 24);
    QCOMPARE(d["EncryptionType"].get<std::string>(), std::string("NONE"));
    QVERIFY(d["StreamCreationTimestamp"].is_number());
    QCOMPARE(d["StreamCreationTimestamp"].get<double>(), 1'700'000'000.0);
    QVERIFY(d["EnhancedMonitoring"] == json::parse(R"([{"ShardLevelMetrics":[]}])"));
    QCOMPARE(d["Shards"].size(), std::size_t(2));
    const auto& shard = d["Shards"][1];
    QCOMPARE(shard["ShardId"].get<std::string>(), std::string("shardId-000000000001"));
    QCOMPARE(shard["HashKeyRange"]["EndingHashKey"].get<std::string>(),
             std::string("340282366920938463463374607431768211455"));
    QVERIFY(shard["HashKeyRange"]["StartingHashKey"].is_string());
    QVERIFY(shard["SequenceNumberRange"]["StartingSequenceNumber"].is_string());
    QVERIFY(!shard["SequenceNumberRange"].contains("EndingSequenceNumber"));
    QVERIFY(!shard.contains("ParentShardId"));
    QVERIFY(!shard.contains("AdjacentParentShardId"));

    auto summary = h.ok("DescribeStreamSummary", {{"StreamName", "orders"}})["StreamDescriptionSummary"];
    QCOMPARE(summary["OpenShardCount"].get<int>(), 2);
    QCOMPARE(summary["ConsumerCount"].get<int>(), 0);
    QCOMPARE(summary["StreamModeDetails"]["StreamMode"].get<std::string>(), std::string("PROVISIONED"));
    QVERIFY(summary["EnhancedMonitoring"] == json::parse(R"([{"ShardLevelMetrics":[]}])"));
    QVERIFY(summary["StreamARN"] == d["StreamARN"]);
    // StreamARN stands in for StreamName.
    auto byArn = h.ok("DescribeStreamSummary", {{"StreamARN", d["StreamARN"]}});
    QCOMPARE(byArn["StreamDescriptionSummary"]["StreamName"].get<std::string>(), std::string("orders"));

    auto again = h.call("CreateStream", {{"StreamName", "orders"}, {"ShardCount", 1}});
    QCOMPARE(again.status, 400);
    QCOMPARE(again.type(), std::string("ResourceInUseException"));
}

void TestKinesisProtocol::onDemandStream()
{
    Harness h;
    h.ok("CreateStream", {{"StreamName", "ondemand"}, {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}});
    auto summary = h.ok("DescribeStreamSummary", {{"StreamName", "ondemand"}})["StreamDescriptionSummary"];
    QCOMPARE(summary["StreamModeDetails"]["StreamMode"].get<std::string>(), std::string("ON_DEMAND"));
    QCOMPARE(summary["OpenShardCount"].get<int>(), core::StreamService::kOnDemandShardCount);
    auto bad = h.call("CreateStream", {{"StreamName", "x"}, {"StreamModeDetails", {{"StreamMode", "FAST"}}}});
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.type(), std::string("ValidationException"));
}

void TestKinesisProtocol::listStreamsPages()
{
    Harness h;
    auto empty = h.send(kinesisRequest("ListStreams", "")); // botocore sends {}, others nothing at all
    QCOMPARE(empty.status, 200);
    QVERIFY(empty.body["StreamNames"] == json::array());
    QCOMPARE(empty.body["HasMoreStreams"].get<bool>(), false);
    QVERIFY(!empty.body.contains("NextToken"));

    for (const char* name : {"a", "b", "c"})
        h.create(name, 1);
    auto first = h.ok("ListStreams", {{"Limit", 2}});
    QVERIFY(first["StreamNames"] == json::parse(R"(["a","b"])"));
    QCOMPARE(first["HasMoreStreams"].get<bool>(), true);
    QVERIFY(first["NextToken"].is_string());
    QCOMPARE(first["StreamSummaries"].size(), std::size_t(2));
    const auto& summary = first["StreamSummaries"][0];
    QCOMPARE(summary["StreamName"].get<std::string>(), std::string("a"));
    QVERIFY(summary["StreamARN"].get<std::string>().ends_with(":stream/a"));
    QCOMPARE(summary["StreamStatus"].get<std::string>(), std::string("ACTIVE"));
    QCOMPARE(summary["StreamModeDetails"]["StreamMode"].get<std::string>(), std::string("PROVISIONED"));
    QVERIFY(summary["StreamCreationTimestamp"].is_number());

    auto second = h.ok("ListStreams", {{"NextToken", first["NextToken"]}});
    QVERIFY(second["StreamNames"] == json::parse(R"(["c"])"));
    QCOMPARE(second["HasMoreStreams"].get<bool>(), false);
    QVERIFY(!second.contains("NextToken"));

    auto after = h.ok("ListStreams", {{"ExclusiveStartStreamName", "a"}});
    QVERIFY(after["StreamNames"] == json::parse(R"(["b","c"])"));
    auto badLimit = h.call("ListStreams", {{"Limit", 0}});
    QCOMPARE(badLimit.status, 400);
    QCOMPARE(badLimit.type(), std::string("ValidationException"));
}

void TestKinesisProtocol::listShardsPagesAndFilters()
{
    Harness h;
    h.create("wide", 5);
    auto first = h.ok("ListShards", {{"StreamName", "wide"}, {"MaxResults", 2}});
    QCOMPARE(first["Shards"].size(), std::size_t(2));
    QVERIFY(first["NextToken"].is_string());
    QVERIFY(hasNoNulls(first));
    // A NextToken stands alone: it already names the stream.
    auto second = h.ok("ListShards", {{"NextToken", first["NextToken"]}, {"MaxResults", 2}});
    QCOMPARE(second["Shards"][0]["ShardId"].get<std::string>(), std::string("shardId-000000000002"));
    auto third = h.ok("ListShards", {{"NextToken", second["NextToken"]}});
    QCOMPARE(third["Shards"].size(), std::size_t(1));
    QVERIFY(!third.contains("NextToken"));

    auto arn = h.ok("DescribeStreamSummary", {{"StreamName", "wide"}})["StreamDescriptionSummary"]["StreamARN"];
    auto after = h.ok("ListShards", {{"StreamARN", arn}, {"ExclusiveStartShardId", "shardId-000000000003"}});
    QCOMPARE(after["Shards"].size(), std::size_t(1));
    QCOMPARE(after["Shards"][0]["ShardId"].get<std::string>(), std::string("shardId-000000000004"));
    auto filtered =
        h.ok("ListShards", {{"StreamName", "wide"},
                            {"ShardFilter", {{"Type", "AFTER_SHARD_ID"}, {"ShardId", "shardId-000000000002"}}}});
    QCOMPARE(filtered["Shards"].size(), std::size_t(2));
    auto all = h.ok("ListShards", {{"StreamName", "wide"}, {"ShardFilter", {{"Type", "AT_TRIM_HORIZON"}}}});
    QCOMPARE(all["Shards"].size(), std::size_t(5));
    auto badFilter = h.call("ListShards", {{"StreamName", "wide"}, {"ShardFilter", {{"Type", "SOMETIMES"}}}});
    QCOMPARE(badFilter.status, 400);
    QCOMPARE(badFilter.type(), std::string("ValidationException"));
    auto missing = h.call("ListShards", {{"StreamName", "narrow"}});
    QCOMPARE(missing.type(), std::string("ResourceNotFoundException"));
}

void TestKinesisProtocol::describeStreamPages()
{
    Harness h;
    h.create("wide", 3);
    auto page = h.ok("DescribeStream", {{"StreamName", "wide"}, {"Limit", 2}})["StreamDescription"];
    QCOMPARE(page["Shards"].size(), std::size_t(2));
    QCOMPARE(page["HasMoreShards"].get<bool>(), true);
    auto rest = h.ok("DescribeStream", {{"StreamName", "wide"}, {"ExclusiveStartShardId", "shardId-000000000001"}});
    QCOMPARE(rest["StreamDescription"]["Shards"].size(), std::size_t(1));
    QCOMPARE(rest["StreamDescription"]["HasMoreShards"].get<bool>(), false);
}

void TestKinesisProtocol::putRecordAndGetRecordsRoundTripBinaryData()
{
    Harness h;
    h.create("bytes", 1);
    const auto data = allBytes();
    auto put =
        h.ok("PutRecord", {{"StreamName", "bytes"}, {"PartitionKey", "k-é"}, {"Data", core::encodeBase64(data)}});
    QCOMPARE(put["ShardId"].get<std::string>(), std::string("shardId-000000000000"));
    QVERIFY(!put["SequenceNumber"].get<std::string>().empty());
    QCOMPARE(put["EncryptionType"].get<std::string>(), std::string("NONE"));
    h.ok("PutRecord", {{"StreamName", "bytes"}, {"PartitionKey", "empty"}, {"Data", ""}});

    h.advance(2);
    const auto iterator = h.iterator(
        {{"StreamName", "bytes"}, {"ShardId", "shardId-000000000000"}, {"ShardIteratorType", "TRIM_HORIZON"}});
    auto got = h.ok("GetRecords", {{"ShardIterator", iterator}});
    QVERIFY(hasNoNulls(got));
    QCOMPARE(got["Records"].size(), std::size_t(2));
    const auto& record = got["Records"][0];
    QVERIFY(record["SequenceNumber"] == put["SequenceNumber"]);
    QCOMPARE(record["PartitionKey"].get<std::string>(), std::string("k-é"));
    QCOMPARE(record["Data"].get<std::string>(), core::encodeBase64(data));
    std::string decoded;
    QVERIFY(core::decodeBase64(record["Data"].get<std::string>(), decoded));
    QCOMPARE(decoded, data);
    QVERIFY(record["ApproximateArrivalTimestamp"].is_number());
    QCOMPARE(record["ApproximateArrivalTimestamp"].get<double>(), 1'700'000'000.0);
    QVERIFY(!record.contains("EncryptionType"));
    QCOMPARE(got["Records"][1]["Data"].get<std::string>(), std::string());
    QVERIFY(got["NextShardIterator"].is_string());
    QVERIFY(got["MillisBehindLatest"].is_number_integer());

    // The next iterator continues after the last record; Limit caps a page.
    auto none = h.ok("GetRecords", {{"ShardIterator", got["NextShardIterator"]}, {"Limit", 5}});
    QCOMPARE(none["Records"].size(), std::size_t(0));
    QCOMPARE(none["MillisBehindLatest"].get<std::int64_t>(), std::int64_t(0));
    auto one = h.ok("GetRecords", {{"ShardIterator", iterator}, {"Limit", 1}});
    QCOMPARE(one["Records"].size(), std::size_t(1));
}

void TestKinesisProtocol::putRecordsRoutesAndReportsFailedEntries()
{
    Harness h(true);
    h.create("batch", 2);
    const json top = "340282366920938463463374607431768211455"; // the last hash key: the last shard
    auto put = h.ok("PutRecords",
                    {{"StreamName", "batch"},
                     {"Records",
                      {{{"PartitionKey", "a"}, {"Data", core::encodeBase64("one")}},
                       {{"PartitionKey", "b"}, {"Data", core::encodeBase64("two")}, {"ExplicitHashKey", top}},
                       {{"PartitionKey", "c"}, {"Data", core::encodeBase64("three")}, {"ExplicitHashKey", "0"}}}}});
    QCOMPARE(put["FailedRecordCount"].get<int>(), 0);
    QCOMPARE(put["EncryptionType"].get<std::string>(), std::string("NONE"));
    QCOMPARE(put["Records"].size(), std::size_t(3));
    QCOMPARE(put["Records"][1]["ShardId"].get<std::string>(), std::string("shardId-000000000001"));
    QCOMPARE(put["Records"][2]["ShardId"].get<std::string>(), std::string("shardId-000000000000"));
    QVERIFY(!put["Records"][0].contains("ErrorCode"));

    // Over AWS's 1000 records per second on one shard: the extra entries fail, the call does not.
    json many = json::array();
    for (int i = 0; i < 500; ++i)
        many.push_back({{"PartitionKey", "k"}, {"Data", core::encodeBase64("x")}, {"ExplicitHashKey", "0"}});
    h.ok("PutRecords", {{"StreamName", "batch"}, {"Records", many}});
    auto throttled = h.ok("PutRecords", {{"StreamName", "batch"}, {"Records", many}});
    QVERIFY(throttled["FailedRecordCount"].get<int>() > 0);
    bool sawFailure = false;
    for (const auto& entry : throttled["Records"]) {
        if (!entry.contains("ErrorCode"))
            continue;
        sawFailure = true;
        QCOMPARE(entry["ErrorCode"].get<std::string>(), std::string("ProvisionedThroughputExceededException"));
        QVERIFY(!entry["ErrorMessage"].get<std::string>().empty());
        QVERIFY(!entry.contains("SequenceNumber") && !entry.contains("ShardId"));
    }
    QVERIFY(sawFailure);

    json tooMany = json::array();
    for (int i = 0; i < 501; ++i)
        tooMany.push_back({{"PartitionKey", "k"}, {"Data", ""}});
    auto refused = h.call("PutRecords", {{"StreamName", "batch"}, {"Records", tooMany}});
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.type(), std::string("ValidationException"));
}

void TestKinesisProtocol::everyIteratorType()
{
    Harness h;
    h.create("it", 1);
    const json shard = {{"StreamName", "it"}, {"ShardId", "shardId-000000000000"}};
    auto with = [&shard](json extra) {
        json request = shard;
        request.update(extra);
        return request;
    };
    auto latest = h.iterator(with({{"ShardIteratorType", "LATEST"}}));
    std::vector<std::string> sequences;
    for (const char* data : {"r0", "r1", "r2"}) {
        sequences.push_back(
            h.ok("PutRecord",
                 {{"StreamName", "it"}, {"PartitionKey", "k"}, {"Data", core::encodeBase64(data)}})["SequenceNumber"]);
        h.advance(10);
    }
    auto dataOf = [&h](const std::string& iterator) {
        std::vector<std::string> data;
        const auto page = h.ok("GetRecords", {{"ShardIterator", iterator}});
        for (const auto& record : page["Records"]) {
            std::string bytes;
            core::decodeBase64(record["Data"].get<std::string>(), bytes);
            data.push_back(bytes);
        }
        return data;
    };
    using Data = std::vector<std::string>;
    QCOMPARE(dataOf(latest), (Data{"r0", "r1", "r2"}));
    QCOMPARE(dataOf(h.iterator(with({{"ShardIteratorType", "LATEST"}}))), Data{});
    QCOMPARE(dataOf(h.iterator(with({{"ShardIteratorType", "TRIM_HORIZON"}}))), (Data{"r0", "r1", "r2"}));
    QCOMPARE(dataOf(h.iterator(
                 with({{"ShardIteratorType", "AT_SEQUENCE_NUMBER"}, {"StartingSequenceNumber", sequences[1]}}))),
             (Data{"r1", "r2"}));
    QCOMPARE(dataOf(h.iterator(
                 with({{"ShardIteratorType", "AFTER_SEQUENCE_NUMBER"}, {"StartingSequenceNumber", sequences[1]}}))),
             Data{"r2"});
    // r1 arrived at +10 s, r2 at +20 s; fractional seconds are kept, and a numeric string is read too.
    QCOMPARE(dataOf(h.iterator(with({{"ShardIteratorType", "AT_TIMESTAMP"}, {"Timestamp", 1'700'000'009.5}}))),
             (Data{"r1", "r2"}));
    QCOMPARE(dataOf(h.iterator(with({{"ShardIteratorType", "AT_TIMESTAMP"}, {"Timestamp", "1700000015"}}))),
             Data{"r2"});

    auto badType = h.call("GetShardIterator", with({{"ShardIteratorType", "SOMEWHERE"}}));
    QCOMPARE(badType.status, 400);
    QCOMPARE(badType.type(), std::string("ValidationException"));
    // Required members left out are AWS's "must not be null", in the order of the model.
    auto bare = h.call("GetShardIterator", {{"StreamName", "it"}});
    QCOMPARE(bare.type(), std::string("ValidationException"));
    QCOMPARE(bare.body["message"].get<std::string>(),
             std::string("2 validation errors detected: Value null at 'shardId' failed to satisfy constraint: Member "
                         "must not be null; Value null at 'shardIteratorType' failed to satisfy constraint: Member "
                         "must not be null"));
    auto badTimestamp =
        h.call("GetShardIterator", with({{"ShardIteratorType", "AT_TIMESTAMP"}, {"Timestamp", "soon"}}));
    QCOMPARE(badTimestamp.type(), std::string("SerializationException"));
    auto noShard = h.call("GetShardIterator",
                          {{"StreamName", "it"}, {"ShardId", "shardId-000000000009"}, {"ShardIteratorType", "LATEST"}});
    QCOMPARE(noShard.status, 400);
    QCOMPARE(noShard.type(), std::string("ResourceNotFoundException"));
    auto garbage = h.call("GetRecords", {{"ShardIterator", "not-an-iterator"}});
    QCOMPARE(garbage.status, 400);
    QCOMPARE(garbage.type(), std::string("InvalidArgumentException"));
}

void TestKinesisProtocol::expiredIterator()
{
    Harness h;
    h.create("old", 1);
    const auto iterator =
        h.iterator({{"StreamName", "old"}, {"ShardId", "shardId-000000000000"}, {"ShardIteratorType", "TRIM_HORIZON"}});
    h.advance(301); // iterators live 5 minutes
    auto expired = h.call("GetRecords", {{"ShardIterator", iterator}});
    QCOMPARE(expired.status, 400);
    QCOMPARE(expired.type(), std::string("ExpiredIteratorException"));
    QCOMPARE(expired.errorType, std::string("ExpiredIteratorException"));
    QVERIFY(expired.body["message"].get<std::string>().find("expired") != std::string::npos);
}

void TestKinesisProtocol::retentionPeriods()
{
    Harness h;
    h.create("kept", 1);
    auto increased = h.call("IncreaseStreamRetentionPeriod", {{"StreamName", "kept"}, {"RetentionPeriodHours", 48}});
    QCOMPARE(increased.status, 200);
    QVERIFY(increased.body == json::object());
    auto hours = [&h] {
        return h
            .ok("DescribeStreamSummary", {{"StreamName", "kept"}})["StreamDescriptionSummary"]["RetentionPeriodHours"]
            .get<int>();
    };
    QCOMPARE(hours(), 48);
    h.ok("DecreaseStreamRetentionPeriod", {{"StreamName", "kept"}, {"RetentionPeriodHours", 24}});
    QCOMPARE(hours(), 24);
    auto below = h.call("DecreaseStreamRetentionPeriod", {{"StreamName", "kept"}, {"RetentionPeriodHours", 12}});
    QCOMPARE(below.status, 400);
    QVERIFY(below.type() == "InvalidArgumentException" || below.type() == "ValidationException");
    auto missing = h.call("IncreaseStreamRetentionPeriod", {{"StreamName", "kept"}});
    QCOMPARE(missing.type(), std::string("ValidationException"));
    QVERIFY(missing.body["message"].get<std::string>().find("retentionPeriodHours") != std::string::npos);
}

void TestKinesisProtocol::deleteStream()
{
    Harness h;
    h.create("gone", 1);
    QCOMPARE(h.call("DeleteStream", {{"StreamName", "gone"}}).status, 200);
    auto described = h.call("DescribeStream", {{"StreamName", "gone"}});
    QCOMPARE(described.status, 400);
    QCOMPARE(described.type(), std::string("ResourceNotFoundException"));
    auto again = h.call("DeleteStream", {{"StreamName", "gone"}});
    QCOMPARE(again.type(), std::string("ResourceNotFoundException"));
}

QTEST_GUILESS_MAIN(TestKinesisProtocol)
#include "tst_kinesis_protocol.moc"
