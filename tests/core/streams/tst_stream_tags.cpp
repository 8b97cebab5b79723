// SPDX-License-Identifier: MIT
// A stream's bookkeeping besides records: tags and their limits, registered consumers (ARN form, CREATING then
// ACTIVE, lookups by ARN or name), UpdateStreamMode and DescribeLimits; all durable across a reopen.
#include "streams/stream_fixture.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::tests;

class TestStreamTags : public QObject {
    Q_OBJECT

private slots:
    void tagsAddListAndRemove()
    {
        Harness h;
        h.create("s", 1);
        QVERIFY(h.service->addTagsToStream("s", {{"team", "orders"}, {"env", "dev"}}).ok());
        QVERIFY(h.service->addTagsToStream("s", {{"env", "prod"}}).ok());
        auto listed = h.service->listTagsForStream({"s", {}, 50});
        QCOMPARE(listed->tags.size(), std::size_t(2));
        QCOMPARE(listed->tags[0].key, std::string("env"));
        QCOMPARE(listed->tags[0].value, std::string("prod"));
        QVERIFY(!listed->hasMoreTags);
        auto page = h.service->listTagsForStream({"s", {}, 1});
        QCOMPARE(page->tags.size(), std::size_t(1));
        QVERIFY(page->hasMoreTags);
        auto next = h.service->listTagsForStream({"s", "env", 1});
        QCOMPARE(next->tags[0].key, std::string("team"));
        QVERIFY(h.service->removeTagsFromStream("s", {"env", "absent"}).ok());
        QCOMPARE(h.service->listTagsForStream({"s", {}, 50})->tags.size(), std::size_t(1));
    }

    void tagLimits()
    {
        Harness h;
        h.create("s", 1);
        std::vector<core::StreamTag> many;
        for (int i = 0; i < 50; ++i)
            many.push_back({"k" + std::to_string(i), "v"});
        QVERIFY(h.service->addTagsToStream("s", many).ok());
        auto over = h.service->addTagsToStream("s", {{"one-more", "v"}});
        QCOMPARE(codeOf(over), std::string("InvalidArgumentException"));
        QVERIFY(over.error().message.find("cannot have more than 50 tags") != std::string::npos);
        QVERIFY(h.service->addTagsToStream("s", {{"k1", "replaced"}}).ok());  // replacing adds none
        QCOMPARE(codeOf(h.service->addTagsToStream("s", {})), std::string("ValidationException"));
        QCOMPARE(codeOf(h.service->addTagsToStream("s", {{std::string(129, 'k'), "v"}})),
                 std::string("ValidationException"));
        QCOMPARE(codeOf(h.service->addTagsToStream("s", {{"k", std::string(257, 'v')}})),
                 std::string("ValidationException"));
        QCOMPARE(codeOf(h.service->removeTagsFromStream("s", {})), std::string("ValidationException"));
        QCOMPARE(codeOf(h.service->listTagsForStream({"s", {}, 51})), std::string("ValidationException"));
        QCOMPARE(codeOf(h.service->addTagsToStream("nope", {{"k", "v"}})), std::string("ResourceNotFoundException"));
    }

    void consumersRegisterDescribeListDeregister()
    {
        Harness h;
        h.create("s", 1);
        const std::string streamArn = h.service->streamArn("s");
        auto registered = h.service->registerStreamConsumer(streamArn, "reader");
        QVERIFY(registered.ok());
        const std::string expectedArn =
            streamArn + "/consumer/reader:" + std::to_string(h.now.load() / 1'000'000);
        QCOMPARE(registered->consumerArn, expectedArn);
        QCOMPARE(registered->consumerStatus, std::string("CREATING"));
        h.advance(2);
        auto byArn = h.service->describeStreamConsumer({{}, {}, expectedArn});
        QCOMPARE(byArn->consumerStatus, std::string("ACTIVE"));
        QCOMPARE(byArn->streamArn, streamArn);
        auto byName = h.service->describeStreamConsumer({streamArn, "reader", {}});
        QCOMPARE(byName->consumerArn, expectedArn);
        QCOMPARE(codeOf(h.service->registerStreamConsumer(streamArn, "reader")), std::string("ResourceInUseException"));
        QCOMPARE(codeOf(h.service->registerStreamConsumer(streamArn, "bad name")), std::string("ValidationException"));
        QVERIFY(h.service->registerStreamConsumer(streamArn, "second").ok());
        auto listed = h.service->listStreamConsumers({streamArn, {}, 1});
        QCOMPARE(listed->consumers.size(), std::size_t(1));
        QVERIFY(!listed->nextToken.empty());
        auto rest = h.service->listStreamConsumers({streamArn, listed->nextToken, 1});
        QCOMPARE(rest->consumers[0].consumerName, std::string("second"));
        QVERIFY(rest->nextToken.empty());
        QCOMPARE(h.service->describeStreamSummary("s")->consumerCount, 2);

        QVERIFY(h.service->deregisterStreamConsumer({{}, {}, expectedArn}).ok());
        QCOMPARE(codeOf(h.service->describeStreamConsumer({{}, {}, expectedArn})),
                 std::string("ResourceNotFoundException"));
        QCOMPARE(codeOf(h.service->describeStreamConsumer({streamArn, {}, {}})), std::string("InvalidArgumentException"));
        // A consumer ARN names the stream it reads: the service resolves it like the stream's own ARN.
        QVERIFY(h.service->shardIds(expectedArn).ok());
    }

    void streamModeAndLimits()
    {
        Harness h;
        h.create("p", 3);
        QVERIFY(h.service->createStream(core::CreateStreamRequest{"d", {}, "ON_DEMAND"}).ok());
        auto limits = h.service->describeLimits();
        QCOMPARE(limits->shardLimit, 500);
        QCOMPARE(limits->openShardCount, 3 + StreamService::kOnDemandShardCount);
        QCOMPARE(limits->onDemandStreamCount, 1);
        QCOMPARE(limits->onDemandStreamCountLimit, 50);
        QVERIFY(h.service->updateStreamMode(h.service->streamArn("p"), "ON_DEMAND").ok());
        QCOMPARE(h.service->describeStreamSummary("p")->streamMode, std::string("ON_DEMAND"));
        QCOMPARE(h.service->describeLimits()->onDemandStreamCount, 2);
        QVERIFY(h.service->updateStreamMode(h.service->streamArn("d"), "PROVISIONED").ok());
        QCOMPARE(h.service->describeStreamSummary("d")->openShardCount, StreamService::kOnDemandShardCount);
        QCOMPARE(codeOf(h.service->updateStreamMode(h.service->streamArn("d"), "SOMETIMES")),
                 std::string("ValidationException"));
        QCOMPARE(codeOf(h.service->updateStreamMode(h.service->streamArn("nope"), "ON_DEMAND")),
                 std::string("ResourceNotFoundException"));
        // p is ON_DEMAND now, which refuses resharding; d, PROVISIONED again, reshards once its UPDATING is over.
        QCOMPARE(codeOf(h.service->mergeShards({"p", "shardId-000000000000", "shardId-000000000001"})),
                 std::string("ValidationException"));
        QCOMPARE(codeOf(h.service->mergeShards({"d", "shardId-000000000000", "shardId-000000000001"})),
                 std::string("ResourceInUseException"));
        h.advance(StreamService::kReshardUpdatingSeconds);
        // Closed shards do not count against the limit.
        QVERIFY(h.service->mergeShards({"d", "shardId-000000000000", "shardId-000000000001"}).ok());
        // Until the merge shows (the stream ACTIVE again) the count is the one before it, as AWS shows a reshard.
        QCOMPARE(h.service->describeLimits()->openShardCount, 3 + StreamService::kOnDemandShardCount);
        h.advance(StreamService::kReshardUpdatingSeconds);
        QCOMPARE(h.service->describeLimits()->openShardCount, 2 + StreamService::kOnDemandShardCount);
    }

    void tagsConsumersAndModeAreDurable()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("state.db")).toStdString();
        std::string consumerArn;
        {
            Harness h(path);
            h.create("s", 1);
            QVERIFY(h.service->addTagsToStream("s", {{"team", "orders"}}).ok());
            consumerArn = h.service->registerStreamConsumer(h.service->streamArn("s"), "reader")->consumerArn;
            QVERIFY(h.service->updateStreamMode(h.service->streamArn("s"), "ON_DEMAND").ok());
        }
        Harness h(path);
        QCOMPARE(h.service->listTagsForStream({"s", {}, 50})->tags.size(), std::size_t(1));
        QCOMPARE(h.service->describeStreamConsumer({{}, {}, consumerArn})->consumerName, std::string("reader"));
        QCOMPARE(h.service->describeStreamSummary("s")->streamMode, std::string("ON_DEMAND"));
        QVERIFY(h.service->deleteStream("s").ok());
        h.create("s", 1);
        QVERIFY(h.service->listTagsForStream({"s", {}, 50})->tags.empty());
        QCOMPARE(codeOf(h.service->describeStreamConsumer({{}, {}, consumerArn})),
                 std::string("ResourceNotFoundException"));
    }
};

QTEST_GUILESS_MAIN(TestStreamTags)
#include "tst_stream_tags.moc"
