// SPDX-License-Identifier: MIT
// SqsHandler's wire details without a network: the exact XML of results and errors, escaping that keeps
// bodies intact, headers, requests to a queue's URL and GET, body limits, a missing database, and
// requests that are malformed on purpose (bad JSON, wrong JSON types, broken forms).
#include "sqs_test_client.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace sqs_test;
using namespace std::string_literals;

class TestSqsWire : public QObject {
    Q_OBJECT

private slots:
    void jsonTypeMismatches()
    {
        Fixture fixture;
        create(fixture, SqsProtocol::Json, "typed");
        const std::pair<std::string, json> cases[] = {
            {"SendMessage", {{"QueueUrl", "typed"}, {"MessageBody", 5}}},
            {"SendMessage", {{"QueueUrl", "typed"}, {"MessageBody", "x"}, {"DelaySeconds", 1.5}}},
            {"SendMessage", {{"QueueUrl", "typed"}, {"MessageBody", "x"}, {"MessageAttributes", {"not", "an object"}}}},
            {"SendMessage", {{"QueueUrl", "typed"}, {"MessageBody", "x"}, {"MessageAttributes", {{"a", "scalar"}}}}},
            {"ReceiveMessage", {{"QueueUrl", "typed"}, {"AttributeNames", "All"}}},
            {"ReceiveMessage", {{"QueueUrl", "typed"}, {"VisibilityTimeout", 1e12}}},
            {"SetQueueAttributes", {{"QueueUrl", "typed"}, {"Attributes", {{"DelaySeconds", 1}}}}},
            {"SendMessageBatch", {{"QueueUrl", "typed"}, {"Entries", {1, 2}}}},
            {"SendMessageBatch", {{"QueueUrl", "typed"}, {"Entries", {{"Id", "a"}}}}},
            {"GetQueueUrl", {{"QueueName", json::array()}}},
        };
        for (const auto& [action, input] : cases) {
            auto reply = fixture.call(SqsProtocol::Json, action, input);
            QVERIFY2(reply.status() == 400, input.dump().c_str());
            QVERIFY2(reply.errorCode() == "InvalidParameterValue", (input.dump() + " → " + reply.http.body).c_str());
        }
    }

    void malformedRequests()
    {
        Fixture fixture;
        const auto raw = [&](std::string contentType, std::string target, std::string body) {
            HttpRequest request;
            request.method = "POST";
            request.target = "/";
            request.headers.emplace_back("Content-Type", std::move(contentType));
            if (!target.empty())
                request.headers.emplace_back("X-Amz-Target", std::move(target));
            request.body = std::move(body);
            return fixture.send(std::move(request));
        };
        const auto json10 = "application/x-amz-json-1.0"s;
        for (const auto& body : {"{not json"s, "[1,2]"s, "\"text\""s, "{\"QueueName\": \"a\""s}) {
            auto response = raw(json10, "AmazonSQS.CreateQueue", body);
            QCOMPARE(response.status, 400);
            const auto parsed = json::parse(response.body);
            QCOMPARE(parsed["__type"].get<std::string>(), "com.amazon.coral.service#SerializationException"s);
            QVERIFY(!parsed["message"].get<std::string>().empty());
        }
        // JSON without a target, and an empty body for an operation without required members.
        QCOMPARE(raw(json10, "", "{}").status, 400);
        QCOMPARE(raw(json10, "AmazonSQS.ListQueues", "").status, 200);

        const auto form = "application/x-www-form-urlencoded; charset=utf-8"s;
        auto noAction = readReply(SqsProtocol::Query, raw(form, "", "Version=2012-11-05&QueueName=x"));
        QCOMPARE(noAction.status(), 400);
        QCOMPARE(noAction.errorCode(), "MissingAction"s);
        auto garbage = readReply(SqsProtocol::Query, raw(form, "", "%%%=&&==&Action"));
        QCOMPARE(garbage.errorCode(), "MissingAction"s);
        auto badIndex = readReply(SqsProtocol::Query,
                                  raw(form, "", "Action=CreateQueue&QueueName=q&Attribute.x.Name=DelaySeconds"));
        QCOMPARE(badIndex.errorCode(), "InvalidParameterValue"s);
        auto halfMap = readReply(SqsProtocol::Query,
                                 raw(form, "", "Action=CreateQueue&QueueName=q&Attribute.1.Name=DelaySeconds"));
        QCOMPARE(halfMap.errorCode(), "MissingParameter"s);
        QCOMPARE(halfMap.errorMessage(), "The request must contain the parameter Attribute.1.Value."s);
        auto badNumber =
            readReply(SqsProtocol::Query, raw(form, "", "Action=ReceiveMessage&QueueUrl=q&WaitTimeSeconds=1e3"));
        QCOMPARE(badNumber.errorCode(), "InvalidParameterValue"s);
        QVERIFY(badNumber.xmlOk);
    }

    void queryResponseShapes()
    {
        Fixture fixture;
        const auto protocol = SqsProtocol::Query;
        const auto url = create(fixture, protocol, "shapes");
        // Operations with output have their <OpResult>, even empty; the others only ResponseMetadata.
        auto empty = fixture.send(Fixture::request(protocol, "ReceiveMessage", {{"QueueUrl", url}}));
        QCOMPARE(empty.status, 200);
        QCOMPARE(header(empty, "Content-Type"), "text/xml"s);
        QCOMPARE(header(empty, "x-amzn-RequestId"), std::string(kRequestId));
        QVERIFY(empty.body.find("<ReceiveMessageResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                                "<ReceiveMessageResult/><ResponseMetadata><RequestId>" +
                                std::string(kRequestId) + "</RequestId></ResponseMetadata></ReceiveMessageResponse>") !=
                std::string::npos);
        auto deleted = fixture.send(Fixture::request(protocol, "SetQueueAttributes",
                                                     {{"QueueUrl", url}, {"Attributes", {{"DelaySeconds", "0"}}}}));
        QVERIFY(deleted.body.find("<SetQueueAttributesResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">"
                                  "<ResponseMetadata>") != std::string::npos);
        QVERIFY(deleted.body.find("Result") == std::string::npos);
        auto sent = fixture.send(Fixture::request(protocol, "SendMessage", {{"QueueUrl", url}, {"MessageBody", "x"}}));
        QVERIFY(sent.body.find("<SendMessageResult><MessageId>") != std::string::npos);
        // Binary attributes travel as base64 in XML too.
        fixture.call(protocol, "SendMessage",
                     {{"QueueUrl", url},
                      {"MessageBody", "b"},
                      {"MessageAttributes", {{"bin", {{"DataType", "Binary"}, {"BinaryValue", "AAH/"}}}}}});
        auto received = fixture.send(
            Fixture::request(protocol, "ReceiveMessage",
                             {{"QueueUrl", url}, {"MaxNumberOfMessages", 10}, {"MessageAttributeNames", {"All"}}}));
        QVERIFY(received.body.find("<MessageAttribute><Name>bin</Name><Value><BinaryValue>AAH/</BinaryValue>"
                                   "<DataType>Binary</DataType></Value></MessageAttribute>") != std::string::npos);

        // JSON answers of operations without output are {}.
        auto jsonPurge = fixture.send(Fixture::request(SqsProtocol::Json, "PurgeQueue", {{"QueueUrl", url}}));
        QCOMPARE(jsonPurge.body, "{}"s);
        QCOMPARE(header(jsonPurge, "Content-Type"), "application/x-amz-json-1.0"s);
    }

    void xmlEscapingRoundTrip_data() { addProtocols(); }
    void xmlEscapingRoundTrip()
    {
        const auto protocol = fetchProtocol();
        Fixture fixture;
        const auto url = create(fixture, protocol, "escaped");
        const std::string body =
            "<a href=\"x\">&amp; 'quoted' ]]> \t tab\nline\r\ncrlf\r ünïcödé \xF0\x9F\x98\x80 end ";
        auto sent = fixture.call(protocol, "SendMessage",
                                 {{"QueueUrl", url},
                                  {"MessageBody", body},
                                  {"MessageAttributes", {{"note", {{"DataType", "String"}, {"StringValue", body}}}}}});
        QCOMPARE(sent.status(), 200);
        auto raw = fixture.send(
            Fixture::request(protocol, "ReceiveMessage", {{"QueueUrl", url}, {"MessageAttributeNames", {"All"}}}));
        if (protocol == SqsProtocol::Query) {
            QVERIFY(raw.body.find("&#xD;&#xA;crlf&#xD;") != std::string::npos);
            QVERIFY(raw.body.find("&lt;a href=&quot;x&quot;&gt;&amp;amp; &apos;quoted&apos; ]]&gt;") !=
                    std::string::npos);
        }
        auto received = readReply(protocol, raw);
        QVERIFY(received.xmlOk);
        QCOMPARE(received.text("/Messages/0/Body"_json_pointer), body);
        QCOMPARE(received.text("/Messages/0/MessageAttributes/note/StringValue"_json_pointer), body);
        QCOMPARE(received.text("/Messages/0/MD5OfBody"_json_pointer), sent.text("MD5OfMessageBody"));
    }

    void queryDetails()
    {
        Fixture fixture;
        create(fixture, SqsProtocol::Query, "legacy");
        // Older SDKs post to the queue's URL and leave QueueUrl out.
        HttpRequest toQueue;
        toQueue.method = "POST";
        toQueue.target = "/123456789012/legacy";
        toQueue.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
        toQueue.body = "Action=SendMessage&MessageBody=Test+message.";
        auto sent = readReply(SqsProtocol::Query, fixture.send(std::move(toQueue)));
        QCOMPARE(sent.text("MD5OfMessageBody"), "e4e68fb7bd0e697a0ae8f1bb342846b3"s);
        // GET with the members in the URL.
        HttpRequest get;
        get.method = "GET";
        get.target = "/?Action=ListQueues&QueueNamePrefix=leg";
        auto listed = readReply(SqsProtocol::Query, fixture.send(std::move(get)));
        QCOMPARE(listed.list("QueueUrls"), json::array({queueUrl("legacy")}));
    }

    void truncatedRequestsNeverCrash_data() { addProtocols(); }
    void truncatedRequestsNeverCrash()
    {
        // Every prefix of real requests: each gets exactly one answer, a 200 or a client error.
        const auto protocol = fetchProtocol();
        Fixture fixture;
        create(fixture, protocol, "cut");
        const json attributes = {{"a", {{"DataType", "String"}, {"StringValue", "v"}}},
                                 {"b", {{"DataType", "Binary"}, {"BinaryValue", "AAH/"}}}};
        const json entry = {{"Id", "e1"}, {"MessageBody", "body"}, {"MessageAttributes", attributes}};
        const std::vector<HttpRequest> requests = {
            Fixture::request(protocol, "SendMessageBatch", {{"QueueUrl", "cut"}, {"Entries", json::array({entry})}}),
            Fixture::request(protocol, "CreateQueue",
                             {{"QueueName", "cut-2"}, {"Attributes", {{"DelaySeconds", "1"}}}, {"tags", {{"k", "v"}}}}),
            Fixture::request(protocol, "ReceiveMessage",
                             {{"QueueUrl", "cut"}, {"AttributeNames", {"All"}}, {"MaxNumberOfMessages", 10}})};
        for (const auto& request : requests) {
            for (std::size_t length = 0; length <= request.body.size(); ++length) {
                auto cut = request;
                cut.body.resize(length);
                const auto response = fixture.send(std::move(cut));
                QVERIFY2(response.status == 200 || (response.status >= 400 && response.status < 500),
                         (std::to_string(response.status) + " for " + request.body.substr(0, length)).c_str());
            }
        }
    }

    void limitsAndUnavailableDatabase()
    {
        Fixture fixture;
        auto tooLarge = Fixture::request(SqsProtocol::Query, "ListQueues", json::object());
        tooLarge.bodyTooLarge = true;
        tooLarge.body.clear();
        auto refused = readReply(SqsProtocol::Query, fixture.send(std::move(tooLarge)));
        QCOMPARE(refused.status(), 413);
        QCOMPARE(refused.errorCode(), "RequestEntityTooLarge"s);
        QVERIFY(refused.errorMessage().find("1048576") != std::string::npos);
        auto big = Fixture::request(SqsProtocol::Json, "SendMessage",
                                    {{"QueueUrl", "x"}, {"MessageBody", std::string(4200 * 1024, 'a')}});
        QCOMPARE(fixture.send(std::move(big)).status, 413);

        Fixture broken(false);
        for (const auto protocol : {SqsProtocol::Query, SqsProtocol::Json}) {
            auto reply = broken.call(protocol, "ListQueues");
            QCOMPARE(reply.status(), 500);
            QCOMPARE(reply.errorCode(), "InternalFailure"s);
            QCOMPARE(reply.data["Error"]["Type"].get<std::string>(), "Receiver"s);
            QVERIFY(reply.errorMessage().find("queue database is unavailable") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestSqsWire)
#include "tst_sqs_wire.moc"
