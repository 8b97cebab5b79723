// SPDX-License-Identifier: MIT
// Regions: names read from ARNs and queue URLs, each region's own queues and streams (the same name in two, ARNs
// and URLs per region, kept across restarts), and mappings, destinations and events that follow a source's region.
#include "sources_fixture.h"

#include "regions/region_directory.h"
#include "regions/region_names.h"
#include "streams/stream_service.h"

#include <QTemporaryDir>

using namespace lambdadesk;
using namespace lambdadesk::tests;

namespace {

core::RegionServices regionOf(core::Engine& engine, const std::string& region)
{
    auto services = engine.sources()->regions()->services(region);
    if (!services)
        qFatal("region %s: %s", region.c_str(), services.error().message.c_str());
    return *services;
}

std::string createQueueIn(core::QueueService& queues, const std::string& name)
{
    core::CreateQueueRequest request;
    request.queueName = name;
    auto created = queues.createQueue(request);
    if (!created)
        qFatal("createQueue %s: %s", name.c_str(), created.error().message.c_str());
    return *created;
}

void sendTo(core::QueueService& queues, const std::string& queue, const std::string& body)
{
    core::SendMessageRequest request;
    request.queueUrl = queue;
    request.messageBody = body;
    if (auto sent = queues.sendMessage(request); !sent)
        qFatal("send: %s", sent.error().message.c_str());
}

}  // namespace

class TestRegions : public QObject {
    Q_OBJECT

private slots:
    void regionNamesAreCheckedAndRead()
    {
        for (const char* good : {"us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1", "local"})
            QVERIFY2(core::checkRegionName(good).ok(), good);
        for (const char* bad : {"", "US-EAST-1", "eu_west_1", "-eu", "eu-", "../etc", "1abc",
                                "a-very-long-region-name-beyond-32-chars"}) {
            const auto checked = core::checkRegionName(bad);
            QVERIFY2(!checked.ok(), bad);
            QCOMPARE(checked.error().code, std::string("InvalidParameterValue"));
            QVERIFY(checked.error().message.find("us-east-1") != std::string::npos);  // says what is accepted
        }
        QCOMPARE(core::regionOfArn("arn:aws:sqs:eu-west-1:123456789012:orders"), std::string("eu-west-1"));
        QCOMPARE(core::regionOfArn("arn:aws:kinesis:ap-south-1:123456789012:stream/clicks"), std::string("ap-south-1"));
        QCOMPARE(core::regionOfArn("arn:aws:iam::123456789012:role/x"), std::string());
        QCOMPARE(core::regionOfArn("orders"), std::string());
        QCOMPARE(core::regionOfArn("arn:aws:sqs"), std::string());
        QCOMPARE(core::regionOfQueueUrl("https://sqs.eu-west-1.amazonaws.com/123456789012/orders"),
                 std::string("eu-west-1"));
        QCOMPARE(core::regionOfQueueUrl("https://sqs.cn-north-1.amazonaws.com.cn/123456789012/orders"),
                 std::string("cn-north-1"));
        QCOMPARE(core::regionOfQueueUrl("https://eu-central-1.queue.amazonaws.com/123456789012/orders"),
                 std::string("eu-central-1"));
        QCOMPARE(core::regionOfQueueUrl("http://sqs.us-west-2.localhost.localstack.cloud:4566/000000000000/q"),
                 std::string("us-west-2"));
        QCOMPARE(core::regionOfQueueUrl("http://127.0.0.1:4566/123456789012/orders"), std::string());
        QCOMPARE(core::regionOfQueueUrl("https://sqs.amazonaws.com/123456789012/orders"), std::string());
        QCOMPARE(core::regionOfQueueArgument("orders", "us-east-1"), std::string("us-east-1"));
        QCOMPARE(core::regionOfQueueArgument("arn:aws:sqs:eu-west-1:1:orders", "us-east-1"), std::string("eu-west-1"));
    }

    void eachRegionHasItsOwnQueuesAndStreams()
    {
        core::Engine engine(quickOptions());
        auto* regions = engine.sources()->regions();
        QVERIFY(regions);
        QCOMPARE(regions->defaultRegion(), std::string("us-east-1"));
        QCOMPARE(regions->all().size(), std::size_t(1));
        // The default region's services are the ones the rest of the engine uses.
        QVERIFY(regionOf(engine, "us-east-1").queues == engine.sources()->queues());
        QVERIFY(regionOf(engine, "").queues == engine.sources()->queues());

        auto east = regionOf(engine, "us-east-1");
        auto west = regionOf(engine, "eu-west-1");
        QCOMPARE(regions->all().size(), std::size_t(2));
        QCOMPARE(regions->all().front().region, std::string("us-east-1"));
        QVERIFY(west.queues != east.queues);
        // The same name in two regions: two queues, each with its region's ARN and its own messages.
        createQueueIn(*east.queues, "orders");
        createQueueIn(*west.queues, "orders");
        createQueueIn(*west.queues, "only-west");
        QCOMPARE(east.queues->queueArn("orders"), std::string("arn:aws:sqs:us-east-1:123456789012:orders"));
        QCOMPARE(west.queues->queueArn("orders"), std::string("arn:aws:sqs:eu-west-1:123456789012:orders"));
        QVERIFY(east.queues->queueNames() == std::vector<std::string>{"orders"});
        QCOMPARE(west.queues->queueNames().size(), std::size_t(2));
        QVERIFY(!east.queues->getQueueUrl("only-west").ok());
        sendTo(*west.queues, "orders", "to the west");
        QCOMPARE(west.queues->stats("orders")->visible, std::int64_t(1));
        QCOMPARE(east.queues->stats("orders")->visible, std::int64_t(0));
        // An ARN names its region's service: the directory hands out eu-west-1's for it (the endpoint and the
        // mappings route ARNs this way before any QueueService sees them).
        QVERIFY(regionOf(engine, core::regionOfArn("arn:aws:sqs:eu-west-1:123456789012:orders")).queues == west.queues);

        core::CreateStreamRequest stream;
        stream.streamName = "clicks";
        stream.shardCount = 1;
        QVERIFY(west.streams->createStream(stream).ok());
        QVERIFY(east.streams->streamNames().empty());
        QVERIFY(west.streams->streamNames() == std::vector<std::string>{"clicks"});

        const auto bad = regions->services("EU_WEST");
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().code, std::string("InvalidParameterValue"));
        QCOMPARE(regions->all().size(), std::size_t(2));
    }

    void otherRegionsAreKeptAcrossRestarts()
    {
        QTemporaryDir dir;
        auto options = quickOptions();
        options.stateDir = dir.path().toStdString();
        {
            core::Engine engine(options);
            auto west = regionOf(engine, "eu-west-1");
            createQueueIn(*west.queues, "kept");
            sendTo(*west.queues, "kept", "survives");
            core::CreateStreamRequest stream;
            stream.streamName = "kept-stream";
            stream.shardCount = 2;
            QVERIFY(west.streams->createStream(stream).ok());
        }
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("regions/eu-west-1.db"))));
        core::Engine engine(options);
        // Reopened at start, before any request names the region, so the app lists it at once.
        const auto regions = engine.sources()->regions()->all();
        QCOMPARE(regions.size(), std::size_t(2));
        QCOMPARE(regions[1].region, std::string("eu-west-1"));
        QCOMPARE(regions[1].queues->stats("kept")->visible, std::int64_t(1));
        QVERIFY(regions[1].streams->streamNames() == std::vector<std::string>{"kept-stream"});
        QVERIFY(!engine.sources()->queues()->stats("kept"));
    }

    // state.db records the region it belongs to: a run under another default region finds state.db's queues and
    // streams in their own region, keeps its own default's apart, and a run back under the first default sees both
    // as they were. Before the record, the second run took state.db's queues for eu-west-1's.
    void changingTheDefaultRegionKeepsEachRegionsQueues()
    {
        QTemporaryDir dir;
        auto options = quickOptions();
        options.stateDir = dir.path().toStdString();
        options.region = "us-east-1";
        {
            core::Engine engine(options);
            createQueueIn(*engine.sources()->queues(), "east-orders");
            sendTo(*engine.sources()->queues(), "east-orders", "from the first run");
            core::CreateStreamRequest stream;
            stream.streamName = "east-clicks";
            stream.shardCount = 1;
            QVERIFY(engine.sources()->streams()->createStream(stream).ok());
        }
        options.region = "eu-west-1";
        {
            core::Engine engine(options);
            QVERIFY(!engine.sources()->queues()->stats("east-orders"));
            QVERIFY(engine.sources()->streams()->streamNames().empty());
            const auto regions = engine.sources()->regions()->all();
            QCOMPARE(regions.size(), std::size_t(2));
            QCOMPARE(regions[0].region, std::string("eu-west-1"));
            QCOMPARE(regions[1].region, std::string("us-east-1"));
            QCOMPARE(regions[1].queues->stats("east-orders")->visible, std::int64_t(1));
            QCOMPARE(regions[1].queues->queueArn("east-orders"),
                     std::string("arn:aws:sqs:us-east-1:123456789012:east-orders"));
            QVERIFY(regions[1].streams->streamNames() == std::vector<std::string>{"east-clicks"});
            createQueueIn(*engine.sources()->queues(), "west-orders");
        }
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("regions/eu-west-1.db"))));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("regions/us-east-1.db"))));
        options.region = "us-east-1";
        core::Engine engine(options);
        QCOMPARE(engine.sources()->queues()->stats("east-orders")->visible, std::int64_t(1));
        QVERIFY(!engine.sources()->queues()->stats("west-orders"));
        const auto regions = engine.sources()->regions()->all();
        QCOMPARE(regions.size(), std::size_t(2));
        QCOMPARE(regions[1].region, std::string("eu-west-1"));
        QVERIFY(regions[1].queues->stats("west-orders"));
    }

    // A request that only names a region (a ListQueues signed for eu-west-1) opens it; with nothing created there
    // it is not kept, so it is not reopened and listed at every start. A region whose queue was deleted goes too.
    void aRegionThatHoldsNothingIsNotKept()
    {
        QTemporaryDir dir;
        auto options = quickOptions();
        options.stateDir = dir.path().toStdString();
        {
            core::Engine engine(options);
            const auto named = regionOf(engine, "eu-west-1");
            QVERIFY(named.queues->queueNames().empty());
            const auto emptied = regionOf(engine, "ap-south-1");
            createQueueIn(*emptied.queues, "short-lived");
            QVERIFY(emptied.queues->deleteQueue("short-lived").ok());
            const auto kept = regionOf(engine, "eu-central-1");
            createQueueIn(*kept.queues, "kept");
            QCOMPARE(engine.sources()->regions()->all().size(), std::size_t(4));
        }
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("regions/eu-west-1.db"))));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("regions/ap-south-1.db"))));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("regions/eu-central-1.db"))));
        // An empty region's database left over (by an earlier version, or a run that ended without closing) is not
        // reopened, and is deleted.
        {
            core::StreamServiceOptions leftover;
            leftover.databasePath = dir.filePath(QStringLiteral("regions/us-west-2.db")).toStdString();
            QVERIFY(core::StreamService::open(leftover).ok());
        }
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("regions/us-west-2.db"))));
        core::Engine engine(options);
        const auto regions = engine.sources()->regions()->all();
        QCOMPARE(regions.size(), std::size_t(2));
        QCOMPARE(regions[1].region, std::string("eu-central-1"));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("regions/us-west-2.db"))));
    }

    void mappingsAndDestinationsFollowTheSourceRegion()
    {
        core::Engine engine(scaledOptions(0.01));
        Collected<core::BatchDelivered> batches(engine);
        Collected<core::QueueChanged> changes(engine);
        engine.putFunction(python("consumer", "sqsbatch"));
        auto west = regionOf(engine, "eu-west-1");
        createQueueIn(*west.queues, "orders");
        createQueue(engine, "orders");  // the default region's queue of the same name stays untouched
        send(engine, "orders", "{\"east\":true}");
        const auto westArn = west.queues->queueArn("orders");
        core::EventSourceMappingConfig config;
        config.functionName = "consumer";
        config.eventSourceArn = westArn;
        config.batchSize = 10;
        config.maximumBatchingWindowSeconds = 1;
        QVERIFY(engine.sources()->createMapping(config).ok());
        sendTo(*west.queues, "orders", "{\"west\":true}");
        QTRY_COMPARE_WITH_TIMEOUT(west.queues->stats("orders")->visible + west.queues->stats("orders")->inFlight,
                                  std::int64_t(0), 10000);
        QCOMPARE(engine.sources()->queues()->stats("orders")->visible, std::int64_t(1));
        bool sawWest = false;
        for (const auto& line : batches.lines()) {
            if (!line.text.starts_with("EVENT "))
                continue;
            const auto record = nlohmann::json::parse(line.text.substr(6))["Records"][0];
            QCOMPARE(record["awsRegion"].get<std::string>(), std::string("eu-west-1"));
            QCOMPARE(record["eventSourceARN"].get<std::string>(), westArn);
            QCOMPARE(record["body"].get<std::string>(), std::string("{\"west\":true}"));
            sawWest = true;
        }
        QVERIFY(sawWest);
        // Queue changes name their region, so views can tell the two "orders" apart.
        bool westChange = false;
        for (const auto& change : changes.all())
            westChange = westChange || (change.queueName == "orders" && change.region == "eu-west-1");
        QVERIFY(westChange);

        // A mapping on a queue that exists only in another region is refused as AWS refuses a missing queue.
        config.uuid.clear();
        config.eventSourceArn = "arn:aws:sqs:ap-south-1:123456789012:orders";
        const auto missing = engine.sources()->createMapping(config);
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.find("does not exist") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestRegions)
#include "tst_regions.moc"
