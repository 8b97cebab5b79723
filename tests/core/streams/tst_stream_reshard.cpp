// SPDX-License-Identifier: MIT
// Resharding: SplitShard and MergeShards with AWS's checks and errors, the lineage DescribeStream and ListShards
// show (closed parents with EndingSequenceNumber, children with ParentShardId/AdjacentParentShardId), records
// routed to the children by hash key, a closed shard read to its end (no NextShardIterator), UpdateShardCount's
// uniform scaling and limits, the lineage surviving a reopen of the database, the short UPDATING moment after a
// reshard (ResourceInUseException for the next one, on the time scale, ended by a restart; the stream shown as it
// was before the reshard until it ends; arguments checked before it), ON_DEMAND streams refusing to reshard, and
// the shard id forms AWS accepts.
#include "streams/stream_fixture.h"

#include "streams/stream_hash_key.h"
#include "streams/stream_sequence.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <map>

using namespace lambdadesk;
using namespace lambdadesk::tests;

namespace {

/// 2^127: the middle of the hash-key space, where a one-shard stream is split in half.
const std::string kMiddle = "170141183460469231731687303715884105728";

std::map<std::string, core::ShardDescription> shardsById(Harness& h, const std::string& stream)
{
    auto listed = h.service->listShards({stream, {}, {}, 1000, {}});
    if (!listed)
        qFatal("listShards: %s", listed.error().message.c_str());
    std::map<std::string, core::ShardDescription> byId;
    for (auto& shard : listed->shards)
        byId[shard.shardId] = shard;
    return byId;
}

/// A partition key whose MD5 hash key falls below (or at and above) 2^127.
std::string keyInHalf(bool upper)
{
    const auto middle = *core::StreamHashKey::parse(kMiddle);
    for (int i = 0;; ++i) {
        const std::string key = "key-" + std::to_string(i);
        if ((core::StreamHashKey::ofPartitionKey(key) >= middle) == upper)
            return key;
    }
}

}  // namespace

class TestStreamReshard : public QObject {
    Q_OBJECT

private slots:
    void splitClosesTheParentAndOpensTwoChildren()
    {
        Harness h;
        h.create("s", 1);
        const auto before = h.put("s", "early", "a");
        QVERIFY(h.service->splitShard({"s", "shardId-000000000000", kMiddle}).ok());
        // The stream is UPDATING for a moment (see updatingLastsAMoment); the lineage shows when it is ACTIVE again
        // (see aReshardShowsWhenTheStreamIsActiveAgain).
        h.advance(StreamService::kReshardUpdatingSeconds);

        auto description = h.service->describeStream({"s", 100, {}});
        QVERIFY(description.ok());
        QCOMPARE(description->streamStatus, std::string("ACTIVE"));
        QCOMPARE(description->shards.size(), std::size_t(3));
        const auto& parent = description->shards[0];
        QVERIFY(!parent.sequenceNumberRange.endingSequenceNumber.empty());
        // Every record of the parent is at or before its ending sequence number.
        QVERIFY(core::compareSequenceNumbers(before.sequenceNumber, parent.sequenceNumberRange.endingSequenceNumber) !=
                std::strong_ordering::greater);
        const auto& low = description->shards[1];
        const auto& high = description->shards[2];
        QCOMPARE(low.parentShardId, std::string("shardId-000000000000"));
        QCOMPARE(high.parentShardId, std::string("shardId-000000000000"));
        QVERIFY(low.adjacentParentShardId.empty());
        QCOMPARE(low.hashKeyRange.startingHashKey, std::string("0"));
        QCOMPARE(low.hashKeyRange.endingHashKey, std::string("170141183460469231731687303715884105727"));
        QCOMPARE(high.hashKeyRange.startingHashKey, kMiddle);
        QCOMPARE(high.hashKeyRange.endingHashKey, core::StreamHashKey::max().toDecimal());
        QVERIFY(low.sequenceNumberRange.endingSequenceNumber.empty());
        auto summary = h.service->describeStreamSummary("s");
        QCOMPARE(summary->openShardCount, 2);

        // New records go to the child whose range holds their hash key.
        QCOMPARE(h.put("s", keyInHalf(false), "x").shardId, std::string("shardId-000000000001"));
        QCOMPARE(h.put("s", keyInHalf(true), "y").shardId, std::string("shardId-000000000002"));
        QCOMPARE(h.put("s", "k", "z", kMiddle).shardId, std::string("shardId-000000000002"));
    }

    void splitRefusesWhatAwsRefuses()
    {
        Harness h;
        h.create("s", 1);
        auto code = [&](const std::string& shard, const std::string& key) {
            return codeOf(h.service->splitShard({"s", shard, key}));
        };
        // At the start, one above it, and at the end are outside AWS's rule.
        auto atStart = h.service->splitShard({"s", "shardId-000000000000", "1"});
        QCOMPARE(codeOf(atStart), std::string("InvalidArgumentException"));
        QVERIFY(atStart.error().message.find("is not both greater than one plus the shard's StartingHashKey 0") !=
                std::string::npos);
        QCOMPARE(code("shardId-000000000000", "0"), std::string("InvalidArgumentException"));
        QCOMPARE(code("shardId-000000000000", core::StreamHashKey::max().toDecimal()),
                 std::string("InvalidArgumentException"));
        QCOMPARE(code("shardId-000000000000", "2"), std::string("<ok>"));
        h.advance(StreamService::kReshardUpdatingSeconds);
        QCOMPARE(code("shardId-000000000000", kMiddle), std::string("InvalidArgumentException"));
        auto closed = h.service->splitShard({"s", "shardId-000000000000", kMiddle});
        QVERIFY(closed.error().message.find("has already been merged or split, and thus is not eligible") !=
                std::string::npos);
        QCOMPARE(code("shardId-000000000009", kMiddle), std::string("ResourceNotFoundException"));
        QCOMPARE(codeOf(h.service->splitShard({"nope", "shardId-000000000000", kMiddle})),
                 std::string("ResourceNotFoundException"));
        QCOMPARE(code("shardId-000000000002", "01"), std::string("ValidationException"));
        QCOMPARE(code("shardId-000000000002", "x"), std::string("ValidationException"));
        // Short shard ids name the same shard, as AWS accepts them: the digits after the first '-', or all of it.
        QCOMPARE(code("2", kMiddle), std::string("<ok>"));
        h.advance(StreamService::kReshardUpdatingSeconds);
        QCOMPARE(code("shardId-000000000004", middleOf(3, 4)), std::string("<ok>"));
        h.advance(StreamService::kReshardUpdatingSeconds);
        QCOMPARE(code("000000000005", middleOf(2, 4)), std::string("<ok>"));
        h.advance(StreamService::kReshardUpdatingSeconds);
        QCOMPARE(code("shard-7", middleOf(4, 8)), std::string("<ok>"));
        h.advance(StreamService::kReshardUpdatingSeconds);
        const auto forms = shardsById(h, "s");
        QCOMPARE(forms.size(), std::size_t(11));
        QCOMPARE(forms.at("shardId-000000000006").parentShardId, std::string("shardId-000000000004"));
        QCOMPARE(forms.at("shardId-000000000008").parentShardId, std::string("shardId-000000000005"));
        QCOMPARE(forms.at("shardId-000000000010").parentShardId, std::string("shardId-000000000007"));
        // Forms whose digits are missing or too large name no shard.
        h.advance(StreamService::kReshardUpdatingSeconds);
        QCOMPARE(code("shardId-", kMiddle), std::string("ResourceNotFoundException"));
        QCOMPARE(code("shardId-2147483648", kMiddle), std::string("ResourceNotFoundException"));

        Harness limited(":memory:", false, 2);
        limited.create("s", 2);
        auto overLimit = limited.service->splitShard({"s", "shardId-000000000000", "12345"});
        QCOMPARE(codeOf(overLimit), std::string("LimitExceededException"));
    }

    void mergeJoinsAdjacentOpenShards()
    {
        Harness h;
        h.create("s", 3);
        auto notAdjacent = h.service->mergeShards({"s", "shardId-000000000000", "shardId-000000000002"});
        QCOMPARE(codeOf(notAdjacent), std::string("InvalidArgumentException"));
        QVERIFY(notAdjacent.error().message.find("are not an adjacent pair of shards eligible for merging") !=
                std::string::npos);
        QCOMPARE(codeOf(h.service->mergeShards({"s", "shardId-000000000001", "shardId-000000000001"})),
                 std::string("InvalidArgumentException"));
        QCOMPARE(codeOf(h.service->mergeShards({"s", "shardId-000000000001", "shardId-000000000007"})),
                 std::string("ResourceNotFoundException"));
        // Either order of an adjacent pair is accepted.
        QVERIFY(h.service->mergeShards({"s", "shardId-000000000002", "shardId-000000000001"}).ok());
        h.advance(StreamService::kReshardUpdatingSeconds);
        auto shards = shardsById(h, "s");
        QCOMPARE(shards.size(), std::size_t(4));
        const auto& merged = shards["shardId-000000000003"];
        QCOMPARE(merged.parentShardId, std::string("shardId-000000000002"));
        QCOMPARE(merged.adjacentParentShardId, std::string("shardId-000000000001"));
        QCOMPARE(merged.hashKeyRange.startingHashKey, shards["shardId-000000000001"].hashKeyRange.startingHashKey);
        QCOMPARE(merged.hashKeyRange.endingHashKey, core::StreamHashKey::max().toDecimal());
        QVERIFY(!shards["shardId-000000000001"].sequenceNumberRange.endingSequenceNumber.empty());
        QVERIFY(!shards["shardId-000000000002"].sequenceNumberRange.endingSequenceNumber.empty());
        h.advance(StreamService::kReshardUpdatingSeconds);
        auto again = h.service->mergeShards({"s", "shardId-000000000000", "shardId-000000000001"});
        QVERIFY(again.error().message.find("has already been merged or split") != std::string::npos);
        QVERIFY(h.service->mergeShards({"s", "shardId-000000000000", "shardId-000000000003"}).ok());
        QCOMPARE(h.put("s", "anything", "x").shardId, std::string("shardId-000000000004"));
    }

    void aClosedShardReadsToItsEnd()
    {
        Harness h;
        h.create("s", 1);
        for (int i = 0; i < 3; ++i)
            h.put("s", "k" + std::to_string(i), "old-" + std::to_string(i));
        const auto open = h.iterator("s", "shardId-000000000000", "TRIM_HORIZON");
        auto beforeSplit = h.service->getRecords({open, 2});
        QVERIFY(!beforeSplit->nextShardIterator.empty());
        QVERIFY(h.service->splitShard({"s", "shardId-000000000000", kMiddle}).ok());
        h.put("s", "k9", "new");
        // The rest of the parent, then no next iterator: the reader goes on with the children.
        auto rest = h.service->getRecords({beforeSplit->nextShardIterator, 10});
        QCOMPARE(rest->records.size(), std::size_t(1));
        QCOMPARE(rest->records[0].data, std::string("old-2"));
        QVERIFY(rest->nextShardIterator.empty());
        // A reader that pages with a small limit sees an iterator until the last record.
        auto first = h.service->getRecords({h.iterator("s", "shardId-000000000000", "TRIM_HORIZON"), 3});
        QCOMPARE(first->records.size(), std::size_t(3));
        QVERIFY(first->nextShardIterator.empty());
        auto latest = h.service->getRecords({h.iterator("s", "shardId-000000000000", "LATEST"), 10});
        QVERIFY(latest->records.empty());
        QVERIFY(latest->nextShardIterator.empty());
        auto children = h.dataFrom(h.iterator("s", "shardId-000000000001", "TRIM_HORIZON"));
        auto others = h.dataFrom(h.iterator("s", "shardId-000000000002", "TRIM_HORIZON"));
        QCOMPARE(children.size() + others.size(), std::size_t(1));
        auto readEnd = h.service->readShard("s", "shardId-000000000000", 0, 10);
        QVERIFY(readEnd->shardEnded);
        QVERIFY(!h.service->readShard("s", "shardId-000000000001", 0, 10)->shardEnded);
    }

    void listShardsFiltersThroughTheLineage()
    {
        Harness h;
        h.create("s", 2);
        const double beforeSplit = static_cast<double>(h.now.load()) / 1e6;
        h.advance(10);
        QVERIFY(h.service->splitShard({"s", "shardId-000000000000", "12345"}).ok());
        h.advance(10);
        QVERIFY(h.service->mergeShards({"s", "shardId-000000000003", "shardId-000000000001"}).ok());
        h.advance(StreamService::kReshardUpdatingSeconds);
        const double afterAll = static_cast<double>(h.now.load()) / 1e6 + 1;
        auto ids = [&](const std::string& type, std::optional<double> at = {}, const std::string& shard = {}) {
            core::ListShardsRequest request{"s", {}, {}, 1000, core::ShardFilter{type, shard, at}};
            auto listed = h.service->listShards(request);
            if (!listed)
                return std::string(listed.error().code + ": " + listed.error().message);
            std::string out;
            for (const auto& s : listed->shards)
                out += (out.empty() ? "" : ",") + s.shardId.substr(s.shardId.size() - 1);
            return out;
        };
        QCOMPARE(ids("AT_LATEST"), std::string("2,4"));
        QCOMPARE(ids("AT_TRIM_HORIZON"), std::string("0,1"));
        QCOMPARE(ids("FROM_TRIM_HORIZON"), std::string("0,1,2,3,4"));
        QCOMPARE(ids("AT_TIMESTAMP", beforeSplit), std::string("0,1"));
        QCOMPARE(ids("AT_TIMESTAMP", afterAll), std::string("2,4"));
        QCOMPARE(ids("FROM_TIMESTAMP", afterAll), std::string("2,4"));
        QCOMPARE(ids("AFTER_SHARD_ID", {}, "shardId-000000000002"), std::string("3,4"));
        QVERIFY(ids("AT_TIMESTAMP").starts_with("InvalidArgumentException"));
        QVERIFY(ids("AFTER_SHARD_ID").starts_with("InvalidArgumentException"));
        QVERIFY(ids("AT_LATEST", afterAll).starts_with("InvalidArgumentException"));
        QVERIFY(ids("SOMETIMES").starts_with("ValidationException"));
    }

    void listShardsPagesKeepTheirFilter()
    {
        Harness h;
        h.create("s", 4);
        QVERIFY(h.service->splitShard({"s", "shardId-000000000001", middleOf(1, 4)}).ok());
        h.advance(StreamService::kReshardUpdatingSeconds);
        QVERIFY(h.service->splitShard({"s", "shardId-000000000002", middleOf(2, 4)}).ok());
        h.advance(StreamService::kReshardUpdatingSeconds);
        core::ListShardsRequest request{"s", {}, {}, 2, core::ShardFilter{"AT_LATEST", {}, {}}};
        std::vector<std::string> seen;
        auto page = h.service->listShards(request);
        for (;;) {
            QVERIFY(page.ok());
            for (const auto& shard : page->shards)
                seen.push_back(shard.shardId);
            if (page->nextToken.empty())
                break;
            QCOMPARE(codeOf(h.service->listShards({"s", page->nextToken, {}, 2, {}})),
                     std::string("InvalidArgumentException"));
            core::ListShardsRequest filtered{{}, page->nextToken, {}, 2, core::ShardFilter{"AT_LATEST", {}, {}}};
            QCOMPARE(codeOf(h.service->listShards(filtered)), std::string("InvalidArgumentException"));
            page = h.service->listShards({{}, page->nextToken, {}, 2, {}});
        }
        QCOMPARE(seen, (Strings{"shardId-000000000000", "shardId-000000000003", "shardId-000000000004",
                                "shardId-000000000005", "shardId-000000000006", "shardId-000000000007"}));
        QCOMPARE(codeOf(h.service->listShards({{}, "bm90IGEgdG9rZW4=", {}, 2, {}})),
                 std::string("InvalidArgumentException"));
    }

    void updateShardCountScalesUniformly()
    {
        Harness h;
        h.create("s", 3);
        for (const int target : {5, 6, 3, 2, 4}) {
            auto updated = h.service->updateShardCount({"s", target, "UNIFORM_SCALING"});
            QVERIFY2(updated.ok(), updated.ok() ? "" : updated.error().message.c_str());
            QCOMPARE(updated->targetShardCount, target);
            h.advance(StreamService::kReshardUpdatingSeconds);
            auto listed = h.service->listShards({"s", {}, {}, 1000, core::ShardFilter{"AT_LATEST", {}, {}}});
            QVERIFY(listed.ok());
            std::vector<core::ShardDescription> open = listed->shards;
            QCOMPARE(static_cast<int>(open.size()), target);
            std::sort(open.begin(), open.end(), [](const auto& left, const auto& right) {
                return *core::StreamHashKey::parse(left.hashKeyRange.startingHashKey) <
                       *core::StreamHashKey::parse(right.hashKeyRange.startingHashKey);
            });
            for (int i = 0; i < target; ++i) {
                QCOMPARE(open[static_cast<std::size_t>(i)].hashKeyRange.startingHashKey,
                         core::shardStartingHashKey(i, target).toDecimal());
                QCOMPARE(open[static_cast<std::size_t>(i)].hashKeyRange.endingHashKey,
                         core::shardEndingHashKey(i, target).toDecimal());
            }
            // Every shard has at most two parents, each closed: readers can finish parents first.
            auto all = shardsById(h, "s");
            for (const auto& [id, shard] : all)
                for (const auto& parent : {shard.parentShardId, shard.adjacentParentShardId})
                    if (!parent.empty())
                        QVERIFY(!all[parent].sequenceNumberRange.endingSequenceNumber.empty());
        }
        auto up = h.service->updateShardCount({"s", 9, "UNIFORM_SCALING"});
        QCOMPARE(codeOf(up), std::string("LimitExceededException"));
        QVERIFY(up.error().message.find("cannot scale up over double your current open shard count") !=
                std::string::npos);
        auto down = h.service->updateShardCount({"s", 1, "UNIFORM_SCALING"});
        QVERIFY(down.error().message.find("cannot scale down below half") != std::string::npos);
        QCOMPARE(codeOf(h.service->updateShardCount({"s", 4, "SOMETIMES"})), std::string("ValidationException"));
        QCOMPARE(codeOf(h.service->updateShardCount({"s", 0, "UNIFORM_SCALING"})), std::string("ValidationException"));
        QCOMPARE(codeOf(h.service->updateShardCount({"nope", 4, "UNIFORM_SCALING"})),
                 std::string("ResourceNotFoundException"));
    }

    void updatingLastsAMoment()
    {
        Harness h;
        h.create("s", 2);
        h.create("other", 1);
        QVERIFY(h.service->splitShard({"s", "shardId-000000000000", middleOf(0, 2)}).ok());
        const std::string inUse = "Stream s under account 123456789012 not ACTIVE, instead in state UPDATING";
        // Every reshard and a mode change are refused while it lasts, with AWS's text; other streams are free.
        auto split = h.service->splitShard({"s", "shardId-000000000001", middleOf(1, 2)});
        QCOMPARE(codeOf(split), std::string("ResourceInUseException"));
        QCOMPARE(split.error().message, inUse);
        // Shard 0, which the split closed, is still open as clients see the stream until the split shows.
        auto merge = h.service->mergeShards({"s", "shardId-000000000000", "shardId-000000000001"});
        QCOMPARE(merge.error().message, inUse);
        auto count = h.service->updateShardCount({"s", 4, "UNIFORM_SCALING"});
        QCOMPARE(codeOf(count), std::string("ResourceInUseException"));
        auto mode = h.service->updateStreamMode(h.service->streamArn("s"), "ON_DEMAND");
        QCOMPARE(mode.error().message, inUse);
        QVERIFY(h.service->splitShard({"other", "0", kMiddle}).ok());
        // Reads and writes go on, and every description says UPDATING.
        const auto put = h.put("s", keyInHalf(false), "during");
        QCOMPARE(h.dataFrom(h.iterator("s", put.shardId, "TRIM_HORIZON")), Strings{"during"});
        QCOMPARE(h.service->describeStreamSummary("s")->streamStatus, std::string("UPDATING"));
        QCOMPARE(h.service->describeStream({"s", 100, {}})->streamStatus, std::string("UPDATING"));
        QCOMPARE(h.service->listStreams({})->streamSummaries[1].streamStatus, std::string("UPDATING"));
        // Tags and consumers do not wait for it.
        QVERIFY(h.service->addTagsToStream("s", {{"k", "v"}}).ok());
        h.advance(StreamService::kReshardUpdatingSeconds / 2);
        QCOMPARE(codeOf(h.service->updateShardCount({"s", 4, "UNIFORM_SCALING"})),
                 std::string("ResourceInUseException"));
        h.advance(StreamService::kReshardUpdatingSeconds / 2);
        QCOMPARE(h.service->describeStreamSummary("s")->streamStatus, std::string("ACTIVE"));
        QVERIFY(h.service->mergeShards({"s", "shardId-000000000002", "shardId-000000000003"}).ok());
        QCOMPARE(h.service->describeStreamSummary("s")->streamStatus, std::string("UPDATING"));
        h.advance(StreamService::kReshardUpdatingSeconds);
        QVERIFY(h.service->updateStreamMode(h.service->streamArn("s"), "ON_DEMAND").ok());
        QCOMPARE(h.service->describeStreamSummary("s")->streamStatus, std::string("UPDATING"));
    }

    // As on AWS, a reshard shows when the stream is ACTIVE again: until then ListShards, DescribeStream,
    // DescribeStreamSummary and DescribeLimits show the stream as it was (parents open, without an
    // EndingSequenceNumber; children not listed). The reshard is committed, so puts go to the children already.
    void aReshardShowsWhenTheStreamIsActiveAgain()
    {
        Harness h;
        h.create("s", 2);
        QVERIFY(h.service->mergeShards({"s", "shardId-000000000000", "shardId-000000000001"}).ok());
        auto during = h.service->describeStream({"s", 100, {}});
        QCOMPARE(during->streamStatus, std::string("UPDATING"));
        QCOMPARE(during->shards.size(), std::size_t(2));
        for (const auto& shard : during->shards)
            QVERIFY2(shard.sequenceNumberRange.endingSequenceNumber.empty(), shard.shardId.c_str());
        QCOMPARE(h.service->describeStreamSummary("s")->openShardCount, 2);
        QCOMPARE(h.service->describeLimits()->openShardCount, 2);
        auto listed = shardsById(h, "s");
        QCOMPARE(listed.size(), std::size_t(2));
        QVERIFY(!listed.contains("shardId-000000000002"));
        auto latest = h.service->listShards({"s", {}, {}, 1000, core::ShardFilter{"AT_LATEST", {}, {}}});
        QCOMPARE(latest->shards.size(), std::size_t(2));
        auto after = h.service->listShards(
            {"s", {}, {}, 1000, core::ShardFilter{"AFTER_SHARD_ID", "shardId-000000000001", {}}});
        QVERIFY(after->shards.empty());

        h.advance(StreamService::kReshardUpdatingSeconds);
        auto active = h.service->describeStream({"s", 100, {}});
        QCOMPARE(active->streamStatus, std::string("ACTIVE"));
        QCOMPARE(active->shards.size(), std::size_t(3));
        QVERIFY(!active->shards[0].sequenceNumberRange.endingSequenceNumber.empty());
        QVERIFY(!active->shards[1].sequenceNumberRange.endingSequenceNumber.empty());
        QCOMPARE(active->shards[2].adjacentParentShardId, std::string("shardId-000000000001"));
        QCOMPARE(h.service->describeStreamSummary("s")->openShardCount, 1);
        QCOMPARE(h.service->describeLimits()->openShardCount, 1);

        // UpdateShardCount's short-lived shards are hidden with the final ones; a mode change hides nothing.
        QVERIFY(h.service->updateShardCount({"s", 2, "UNIFORM_SCALING"}).ok());
        QCOMPARE(shardsById(h, "s").size(), std::size_t(3));
        QCOMPARE(h.service->describeStreamSummary("s")->openShardCount, 1);
        h.advance(StreamService::kReshardUpdatingSeconds);
        QCOMPARE(h.service->describeStreamSummary("s")->openShardCount, 2);
        const auto settled = shardsById(h, "s").size();
        QVERIFY(h.service->updateStreamMode(h.service->streamArn("s"), "ON_DEMAND").ok());
        QCOMPARE(shardsById(h, "s").size(), settled);
    }

    // AWS checks a reshard's arguments before the stream's state: while the stream is UPDATING a bad shard, key or
    // count is reported as such, and only a valid request gets ResourceInUseException.
    void argumentsAreCheckedBeforeTheUpdatingState()
    {
        Harness h;
        h.create("s", 2);
        QVERIFY(h.service->splitShard({"s", "shardId-000000000000", middleOf(0, 2)}).ok());
        auto badKey = h.service->splitShard({"s", "shardId-000000000001", "1"});
        QCOMPARE(codeOf(badKey), std::string("InvalidArgumentException"));
        QVERIFY(badKey.error().message.find("is not both greater than one plus") != std::string::npos);
        QCOMPARE(codeOf(h.service->splitShard({"s", "shardId-000000000009", kMiddle})),
                 std::string("ResourceNotFoundException"));
        // The split's children do not exist yet as clients see the stream.
        QCOMPARE(codeOf(h.service->splitShard({"s", "shardId-000000000002", "12345"})),
                 std::string("ResourceNotFoundException"));
        auto notAdjacent = h.service->mergeShards({"s", "shardId-000000000001", "shardId-000000000001"});
        QCOMPARE(codeOf(notAdjacent), std::string("InvalidArgumentException"));
        QVERIFY(notAdjacent.error().message.find("are not an adjacent pair") != std::string::npos);
        auto tooMany = h.service->updateShardCount({"s", 5, "UNIFORM_SCALING"});
        QCOMPARE(codeOf(tooMany), std::string("LimitExceededException"));
        QVERIFY(tooMany.error().message.find("Current open shard count: 2, Target shard count: 5") !=
                std::string::npos);
        QCOMPARE(codeOf(h.service->updateShardCount({"s", 0, "UNIFORM_SCALING"})), std::string("ValidationException"));
        QCOMPARE(codeOf(h.service->splitShard({"s", "shardId-000000000001", middleOf(1, 2)})),
                 std::string("ResourceInUseException"));
        QCOMPARE(codeOf(h.service->updateShardCount({"s", 4, "UNIFORM_SCALING"})),
                 std::string("ResourceInUseException"));
    }

    void theWindowFollowsTheTimeScale()
    {
        std::atomic<std::int64_t> now{1'700'000'000'000'000};
        StreamServiceOptions options;
        options.clock = [&now] { return now.load(); };
        options.timeScale = 0.1;
        auto service = *StreamService::open(options);
        QVERIFY(service->createStream("s", 1).ok());
        QVERIFY(service->splitShard({"s", "shardId-000000000000", kMiddle}).ok());
        now += 40'000;  // 40 ms of the 50 ms window at a tenth of the time
        QCOMPARE(service->describeStreamSummary("s")->streamStatus, std::string("UPDATING"));
        now += 10'000;
        QCOMPARE(service->describeStreamSummary("s")->streamStatus, std::string("ACTIVE"));
    }

    void onDemandStreamsRefuseResharding()
    {
        Harness h;
        QVERIFY(h.service->createStream(core::CreateStreamRequest{"od", {}, "ON_DEMAND"}).ok());
        auto split = h.service->splitShard({"od", "shardId-000000000000", "12345"});
        QCOMPARE(codeOf(split), std::string("ValidationException"));
        QVERIFY(split.error().message.find("Stream od under account 123456789012 is in ON_DEMAND capacity mode") !=
                std::string::npos);
        QCOMPARE(codeOf(h.service->mergeShards({"od", "shardId-000000000000", "shardId-000000000001"})),
                 std::string("ValidationException"));
        QCOMPARE(codeOf(h.service->updateShardCount({"od", 8, "UNIFORM_SCALING"})),
                 std::string("ValidationException"));
        QCOMPARE(h.service->describeStreamSummary("od")->openShardCount, StreamService::kOnDemandShardCount);
        // Switched to PROVISIONED (and once that settles) it reshards like any other.
        QVERIFY(h.service->updateStreamMode(h.service->streamArn("od"), "PROVISIONED").ok());
        QCOMPARE(codeOf(h.service->updateShardCount({"od", 8, "UNIFORM_SCALING"})),
                 std::string("ResourceInUseException"));
        h.advance(StreamService::kReshardUpdatingSeconds);
        QVERIFY(h.service->updateShardCount({"od", 8, "UNIFORM_SCALING"}).ok());
    }

    void aRestartEndsTheUpdatingWindow()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        {
            Harness h(path);
            h.create("s", 1);
            QVERIFY(h.service->splitShard({"s", "shardId-000000000000", kMiddle}).ok());
            QCOMPARE(h.service->describeStreamSummary("s")->streamStatus, std::string("UPDATING"));
        }
        // The same instant after a reopen: the split is there and the stream is ACTIVE, ready for the next one.
        Harness h(path);
        QCOMPARE(h.service->describeStreamSummary("s")->streamStatus, std::string("ACTIVE"));
        QCOMPARE(h.service->describeStreamSummary("s")->openShardCount, 2);
        QVERIFY(h.service->mergeShards({"s", "shardId-000000000001", "shardId-000000000002"}).ok());
    }

    void theLineageSurvivesAReopen()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        std::string parentEnding;
        {
            Harness h(path);
            h.create("s", 1);
            h.put("s", "k", "a");
            QVERIFY(h.service->splitShard({"s", "shardId-000000000000", kMiddle}).ok());
            h.advance(StreamService::kReshardUpdatingSeconds);
            parentEnding = shardsById(h, "s")["shardId-000000000000"].sequenceNumberRange.endingSequenceNumber;
        }
        Harness h(path);
        auto shards = shardsById(h, "s");
        QCOMPARE(shards.size(), std::size_t(3));
        QCOMPARE(shards["shardId-000000000000"].sequenceNumberRange.endingSequenceNumber, parentEnding);
        QCOMPARE(shards["shardId-000000000002"].parentShardId, std::string("shardId-000000000000"));
        QCOMPARE(h.put("s", keyInHalf(true), "b").shardId, std::string("shardId-000000000002"));
        QCOMPARE(h.dataFrom(h.iterator("s", "shardId-000000000000", "TRIM_HORIZON")), Strings{"a"});
    }

private:
    /// The middle of shard `index` of an even split into `count`: a valid split point.
    static std::string middleOf(int index, int count)
    {
        return core::shardStartingHashKey(2 * index + 1, 2 * count).toDecimal();
    }
};

QTEST_GUILESS_MAIN(TestStreamReshard)
#include "tst_stream_reshard.moc"
