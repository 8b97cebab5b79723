// SPDX-License-Identifier: MIT
// The resharding and bookkeeping operations on Kinesis's JSON 1.1 wire: SplitShard, MergeShards and
// UpdateShardCount answers and errors, the lineage members of ListShards (ParentShardId, AdjacentParentShardId,
// EndingSequenceNumber), ShardFilter with a wire Timestamp, GetRecords leaving out NextShardIterator at a closed
// shard's end, tags as a map and a list, DescribeLimits, UpdateStreamMode and the consumer shapes.
#include "kinesis/kinesis_fixture.h"

#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::tests;

namespace {

const std::string kMiddle = "170141183460469231731687303715884105728";  // 2^127

}  // namespace

class TestKinesisReshardWire : public QObject {
    Q_OBJECT

private slots:
    void splitMergeAndTheLineageMembers()
    {
        Harness h;
        h.create("s", 1);
        h.ok("PutRecord", {{"StreamName", "s"}, {"PartitionKey", "k"}, {"Data", "YQ=="}});
        const double beforeSplit = static_cast<double>(h.now.load()) / 1e6;
        h.advance(5);
        auto split = h.call("SplitShard",
                            {{"StreamName", "s"}, {"ShardToSplit", "shardId-000000000000"}, {"NewStartingHashKey", kMiddle}});
        QCOMPARE(split.status, 200);
        QVERIFY(split.body.is_object() && split.body.empty());
        auto arn = h.ok("DescribeStreamSummary", {{"StreamName", "s"}})["StreamDescriptionSummary"]["StreamARN"];
        h.advance(5);
        h.ok("MergeShards", {{"StreamARN", arn},
                             {"ShardToMerge", "shardId-000000000001"},
                             {"AdjacentShardToMerge", "shardId-000000000002"}});
        // Right after the merge the stream is UPDATING: another reshard is refused, in AWS's words, and the stream
        // is listed as it was before the merge until it is ACTIVE again.
        QCOMPARE(h.ok("DescribeStream", {{"StreamName", "s"}})["StreamDescription"]["StreamStatus"].get<std::string>(),
                 std::string("UPDATING"));
        auto before = h.ok("ListShards", {{"StreamName", "s"}})["Shards"];
        QCOMPARE(before.size(), std::size_t(3));
        QVERIFY(!before[1]["SequenceNumberRange"].contains("EndingSequenceNumber"));
        QVERIFY(!before[2]["SequenceNumberRange"].contains("EndingSequenceNumber"));
        auto inUse =
            h.call("SplitShard", {{"StreamName", "s"}, {"ShardToSplit", "1"}, {"NewStartingHashKey", "12345"}});
        QCOMPARE(inUse.status, 400);
        QCOMPARE(inUse.type(), std::string("ResourceInUseException"));
        QCOMPARE(inUse.body["message"].get<std::string>(),
                 std::string("Stream s under account 123456789012 not ACTIVE, instead in state UPDATING"));
        // Its arguments are checked first: a bad key is reported as such even now.
        auto badKeyNow =
            h.call("SplitShard", {{"StreamName", "s"}, {"ShardToSplit", "1"}, {"NewStartingHashKey", "1"}});
        QCOMPARE(badKeyNow.type(), std::string("InvalidArgumentException"));
        h.advance(1);
        QCOMPARE(h.ok("DescribeStreamSummary", {{"StreamName", "s"}})["StreamDescriptionSummary"]["StreamStatus"]
                     .get<std::string>(),
                 std::string("ACTIVE"));

        auto shards = h.ok("ListShards", {{"StreamName", "s"}})["Shards"];
        QCOMPARE(shards.size(), std::size_t(4));
        QVERIFY(shards[0]["SequenceNumberRange"].contains("EndingSequenceNumber"));
        QVERIFY(!shards[0].contains("ParentShardId"));
        QCOMPARE(shards[1]["ParentShardId"].get<std::string>(), std::string("shardId-000000000000"));
        QVERIFY(!shards[1].contains("AdjacentParentShardId"));
        QCOMPARE(shards[3]["AdjacentParentShardId"].get<std::string>(), std::string("shardId-000000000002"));
        QVERIFY(!shards[3]["SequenceNumberRange"].contains("EndingSequenceNumber"));
        auto atSplit = h.ok("ListShards", {{"StreamName", "s"},
                                           {"ShardFilter", {{"Type", "AT_TIMESTAMP"}, {"Timestamp", beforeSplit + 6}}}});
        QCOMPARE(atSplit["Shards"].size(), std::size_t(2));
        QCOMPARE(atSplit["Shards"][0]["ShardId"].get<std::string>(), std::string("shardId-000000000001"));

        // The closed parent's last page has no NextShardIterator member at all.
        auto iterator = h.iterator({{"StreamName", "s"}, {"ShardId", "shardId-000000000000"},
                                    {"ShardIteratorType", "TRIM_HORIZON"}});
        auto page = h.ok("GetRecords", {{"ShardIterator", iterator}});
        QCOMPARE(page["Records"].size(), std::size_t(1));
        QVERIFY(!page.contains("NextShardIterator"));

        auto closed = h.call("SplitShard", {{"StreamName", "s"}, {"ShardToSplit", "0"}, {"NewStartingHashKey", kMiddle}});
        QCOMPARE(closed.status, 400);
        QCOMPARE(closed.type(), std::string("InvalidArgumentException"));
        auto missing = h.call("MergeShards", {{"StreamName", "s"}, {"ShardToMerge", "shardId-000000000003"},
                                              {"AdjacentShardToMerge", "shardId-000000000009"}});
        QCOMPARE(missing.type(), std::string("ResourceNotFoundException"));
        auto badKey = h.call("SplitShard", {{"StreamName", "s"}, {"ShardToSplit", "shardId-000000000003"},
                                            {"NewStartingHashKey", 12}});
        QCOMPARE(badKey.type(), std::string("SerializationException"));
    }

    void updateShardCountAnswers()
    {
        Harness h;
        h.create("s", 2);
        auto updated = h.ok("UpdateShardCount",
                            {{"StreamName", "s"}, {"TargetShardCount", 3}, {"ScalingType", "UNIFORM_SCALING"}});
        QCOMPARE(updated["StreamName"].get<std::string>(), std::string("s"));
        QCOMPARE(updated["CurrentShardCount"].get<int>(), 2);
        QCOMPARE(updated["TargetShardCount"].get<int>(), 3);
        QVERIFY(updated["StreamARN"].get<std::string>().ends_with(":stream/s"));
        // UPDATING, and listed as before until it is ACTIVE again.
        QCOMPARE(h.ok("ListStreams", json::object())["StreamSummaries"][0]["StreamStatus"].get<std::string>(),
                 std::string("UPDATING"));
        auto during = h.ok("ListShards", {{"StreamName", "s"}, {"ShardFilter", {{"Type", "AT_LATEST"}}}});
        QCOMPARE(during["Shards"].size(), std::size_t(2));
        h.advance(1);
        auto open = h.ok("ListShards", {{"StreamName", "s"}, {"ShardFilter", {{"Type", "AT_LATEST"}}}});
        QCOMPARE(open["Shards"].size(), std::size_t(3));
        auto noType = h.call("UpdateShardCount", {{"StreamName", "s"}, {"TargetShardCount", 3}});
        QCOMPARE(noType.type(), std::string("ValidationException"));
        auto tooMany = h.call("UpdateShardCount",
                              {{"StreamName", "s"}, {"TargetShardCount", 7}, {"ScalingType", "UNIFORM_SCALING"}});
        QCOMPARE(tooMany.type(), std::string("LimitExceededException"));
    }

    void tagsLimitsModeAndConsumers()
    {
        Harness h;
        h.create("s", 1);
        h.ok("AddTagsToStream", {{"StreamName", "s"}, {"Tags", {{"team", "orders"}, {"env", "dev"}}}});
        auto tags = h.ok("ListTagsForStream", {{"StreamName", "s"}, {"Limit", 1}});
        QCOMPARE(tags["Tags"], json::parse(R"([{"Key":"env","Value":"dev"}])"));
        QCOMPARE(tags["HasMoreTags"].get<bool>(), true);
        h.ok("RemoveTagsFromStream", {{"StreamName", "s"}, {"TagKeys", {"env", "team"}}});
        QVERIFY(h.ok("ListTagsForStream", {{"StreamName", "s"}})["Tags"].empty());
        QCOMPARE(h.call("AddTagsToStream", {{"StreamName", "s"}, {"Tags", {"not", "a", "map"}}}).type(),
                 std::string("SerializationException"));

        auto limits = h.ok("DescribeLimits", json::object());
        for (const char* member : {"ShardLimit", "OpenShardCount", "OnDemandStreamCount", "OnDemandStreamCountLimit"})
            QVERIFY2(limits.contains(member), member);
        QCOMPARE(limits["OpenShardCount"].get<int>(), 1);

        auto arn = h.ok("DescribeStreamSummary", {{"StreamName", "s"}})["StreamDescriptionSummary"]["StreamARN"];
        h.ok("UpdateStreamMode", {{"StreamARN", arn}, {"StreamModeDetails", {{"StreamMode", "ON_DEMAND"}}}});
        QCOMPARE(h.ok("DescribeStreamSummary", {{"StreamName", "s"}})["StreamDescriptionSummary"]["StreamModeDetails"]
                     ["StreamMode"]
                         .get<std::string>(),
                 std::string("ON_DEMAND"));
        // An ON_DEMAND stream refuses the provisioned-only APIs with ValidationException.
        h.advance(1);
        auto onDemand = h.call("UpdateShardCount",
                               {{"StreamARN", arn}, {"TargetShardCount", 2}, {"ScalingType", "UNIFORM_SCALING"}});
        QCOMPARE(onDemand.status, 400);
        QCOMPARE(onDemand.type(), std::string("ValidationException"));
        QVERIFY(onDemand.body["message"].get<std::string>().find("ON_DEMAND capacity mode") != std::string::npos);

        auto consumer = h.ok("RegisterStreamConsumer", {{"StreamARN", arn}, {"ConsumerName", "reader"}})["Consumer"];
        QCOMPARE(consumer["ConsumerStatus"].get<std::string>(), std::string("CREATING"));
        QVERIFY(!consumer.contains("StreamARN"));
        const std::string consumerArn = consumer["ConsumerARN"];
        QVERIFY(consumerArn.starts_with(arn.get<std::string>() + "/consumer/reader:"));
        h.advance(2);
        auto described = h.ok("DescribeStreamConsumer", {{"ConsumerARN", consumerArn}})["ConsumerDescription"];
        QCOMPARE(described["ConsumerStatus"].get<std::string>(), std::string("ACTIVE"));
        QCOMPARE(described["StreamARN"], arn);
        auto listed = h.ok("ListStreamConsumers", {{"StreamARN", arn}});
        QCOMPARE(listed["Consumers"].size(), std::size_t(1));
        QVERIFY(!listed.contains("NextToken"));
        h.ok("DeregisterStreamConsumer", {{"StreamARN", arn}, {"ConsumerName", "reader"}});
        QCOMPARE(h.call("DescribeStreamConsumer", {{"ConsumerARN", consumerArn}}).type(),
                 std::string("ResourceNotFoundException"));
    }
};

QTEST_GUILESS_MAIN(TestKinesisReshardWire)
#include "tst_kinesis_reshard_wire.moc"
