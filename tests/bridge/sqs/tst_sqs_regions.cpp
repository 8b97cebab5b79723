// SPDX-License-Identifier: MIT
// SQS across regions, in both protocols: the request's signing region picks the region's queues, a queue URL or
// SourceArn naming a region wins over it, a queue asked for in the wrong region gets AWS's error plus where the
// queue is, and a region name that cannot be one is refused.
#include "sqs_test_client.h"

#include <regions/region_directory.h>
#include <streams/stream_service.h>

using namespace sqs_test;
using lambdadesk::core::RegionDirectory;
using lambdadesk::core::RegionServices;

namespace {

/// A RegionDirectory (default us-east-1, in memory) and an SqsHandler that resolves through it, as the endpoint
/// builds them.
class RegionalFixture {
public:
    RegionalFixture()
    {
        lambdadesk::core::QueueServiceOptions queueOptions;
        auto queues = lambdadesk::core::QueueService::open(m_io.get_executor(), queueOptions);
        auto streams = lambdadesk::core::StreamService::open();
        if (!queues || !streams)
            qFatal("cannot open the default region's services");
        regions = std::make_unique<RegionDirectory>(m_io.get_executor(), lambdadesk::core::RegionDirectoryOptions{},
                                                    RegionServices{"us-east-1", *queues, *streams}, nullptr);
        handler = lambdadesk::bridge::makeRegionalSqsHandler(*regions, kEndpoint);
        m_thread = std::thread([this] { m_io.run(); });
    }
    ~RegionalFixture()
    {
        handler.reset();
        regions.reset();
        m_work.reset();
        m_thread.join();
    }
    RegionalFixture(const RegionalFixture&) = delete;
    RegionalFixture& operator=(const RegionalFixture&) = delete;

    Reply call(SqsProtocol protocol, const std::string& region, const std::string& action, const json& input)
    {
        auto promise = std::make_shared<std::promise<HttpResponse>>();
        auto future = promise->get_future();
        lambdadesk::bridge::RequestContext context;
        context.requestId = kRequestId;
        context.service = "sqs";
        context.region = region;
        context.accountId = "123456789012";
        context.endpointUrl = kEndpoint;
        handler->handle(Fixture::request(protocol, action, input), context,
                        [promise](HttpResponse response) { promise->set_value(std::move(response)); });
        if (future.wait_for(std::chrono::seconds(30)) != std::future_status::ready)
            qFatal("the SQS handler did not answer");
        return readReply(protocol, future.get());
    }

    std::unique_ptr<RegionDirectory> regions;
    std::unique_ptr<lambdadesk::bridge::SqsHandler> handler;

private:
    boost::asio::io_context m_io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work{m_io.get_executor()};
    std::thread m_thread;
};

std::vector<std::string> listed(const Reply& reply)
{
    std::vector<std::string> names;
    for (const auto& url : reply.list("QueueUrls")) {
        const auto text = url.get<std::string>();
        names.push_back(text.substr(text.rfind('/') + 1));
    }
    return names;
}

}  // namespace

class TestSqsRegions : public QObject {
    Q_OBJECT

private slots:
    void theSigningRegionPicksTheQueues_data() { addProtocols(); }
    void theSigningRegionPicksTheQueues()
    {
        const auto protocol = fetchProtocol();
        RegionalFixture fixture;
        QCOMPARE(fixture.call(protocol, "us-east-1", "CreateQueue", {{"QueueName", "orders"}}).status(), 200);
        QCOMPARE(fixture.call(protocol, "eu-west-1", "CreateQueue", {{"QueueName", "orders"}}).status(), 200);
        QCOMPARE(fixture.call(protocol, "eu-west-1", "CreateQueue", {{"QueueName", "west-only"}}).status(), 200);
        QVERIFY(listed(fixture.call(protocol, "us-east-1", "ListQueues", json::object())) ==
                std::vector<std::string>{"orders"});
        QCOMPARE(listed(fixture.call(protocol, "eu-west-1", "ListQueues", json::object())).size(), std::size_t(2));
        const auto url = fixture.call(protocol, "eu-west-1", "GetQueueUrl", {{"QueueName", "orders"}}).text("QueueUrl");
        QCOMPARE(url, std::string(kEndpoint) + "/123456789012/orders");
        const auto attributes = fixture.call(protocol, "eu-west-1", "GetQueueAttributes",
                                             {{"QueueUrl", url}, {"AttributeNames", {"QueueArn"}}});
        QCOMPARE(attributes.text(json::json_pointer("/Attributes/QueueArn")),
                 std::string("arn:aws:sqs:eu-west-1:123456789012:orders"));
        QCOMPARE(fixture.call(protocol, "eu-west-1", "SendMessage", {{"QueueUrl", url}, {"MessageBody", "west"}}).status(),
                 200);
        QCOMPARE(fixture.regions->services("eu-west-1")->queues->stats("orders")->visible, std::int64_t(1));
        QCOMPARE(fixture.regions->services("us-east-1")->queues->stats("orders")->visible, std::int64_t(0));
    }

    void aQueueUrlNamingARegionWinsOverTheSignature_data() { addProtocols(); }
    void aQueueUrlNamingARegionWinsOverTheSignature()
    {
        const auto protocol = fetchProtocol();
        RegionalFixture fixture;
        fixture.call(protocol, "eu-west-1", "CreateQueue", {{"QueueName", "orders"}});
        const auto sent = fixture.call(protocol, "us-east-1", "SendMessage",
                                       {{"QueueUrl", "https://sqs.eu-west-1.amazonaws.com/123456789012/orders"},
                                        {"MessageBody", "by AWS's URL"}});
        QVERIFY2(sent.status() == 200, sent.http.body.c_str());
        QCOMPARE(fixture.regions->services("eu-west-1")->queues->stats("orders")->visible, std::int64_t(1));
    }

    void theWrongRegionSaysWhereTheQueueIs_data() { addProtocols(); }
    void theWrongRegionSaysWhereTheQueueIs()
    {
        const auto protocol = fetchProtocol();
        RegionalFixture fixture;
        fixture.call(protocol, "eu-west-1", "CreateQueue", {{"QueueName", "west-only"}});
        const auto missing = fixture.call(protocol, "us-east-1", "GetQueueUrl", {{"QueueName", "west-only"}});
        QCOMPARE(missing.status(), 400);
        QCOMPARE(missing.errorCode(), std::string("AWS.SimpleQueueService.NonExistentQueue"));
        QVERIFY2(missing.errorMessage().starts_with("The specified queue does not exist."), missing.errorMessage().c_str());
        QVERIFY2(missing.errorMessage().find("exists in eu-west-1; this request was for us-east-1") != std::string::npos,
                 missing.errorMessage().c_str());
        // A queue that exists nowhere keeps AWS's message alone.
        const auto nowhere = fixture.call(protocol, "us-east-1", "GetQueueUrl", {{"QueueName", "nowhere"}});
        QCOMPARE(nowhere.errorMessage(), std::string("The specified queue does not exist."));
    }

    void aRegionThatCannotBeOneIsRefused_data() { addProtocols(); }
    void aRegionThatCannotBeOneIsRefused()
    {
        const auto protocol = fetchProtocol();
        RegionalFixture fixture;
        const auto refused = fixture.call(protocol, "../../etc", "ListQueues", json::object());
        QCOMPARE(refused.status(), 400);
        QCOMPARE(refused.errorCode(), std::string("InvalidParameterValue"));
        QVERIFY(refused.errorMessage().find("is not a region name") != std::string::npos);
        QCOMPARE(fixture.regions->all().size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestSqsRegions)
#include "tst_sqs_regions.moc"
