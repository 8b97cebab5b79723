// SPDX-License-Identifier: MIT
// Kinesis's JSON 1.1 wire protocol, its errors: client errors as 400 with their __type, serialization errors
// naming the member, unknown targets and methods, CBOR refused (in CBOR), the body limit (413) and a missing
// stream service (500).
#include "kinesis/kinesis_fixture.h"

#include <encoding/base64.h>

#include <QtTest>

using namespace lambdadesk;
using namespace lambdadesk::tests;

class TestKinesisErrors : public QObject {
    Q_OBJECT

private slots:
    void clientErrorsAre400WithTheirType();
    void serializationErrors();
    void targetsAndMethods();
    void cborIsRefusedInCbor();
    void bodyLimit();
    void withoutAStreamService();
};

void TestKinesisErrors::clientErrorsAre400WithTheirType()
{
    Harness h;
    auto missing = h.call("DescribeStreamSummary", {{"StreamName", "nowhere"}});
    QCOMPARE(missing.status, 400);
    QCOMPARE(missing.contentType, std::string("application/x-amz-json-1.1"));
    QCOMPARE(missing.type(), std::string("ResourceNotFoundException"));
    QCOMPARE(missing.errorType, std::string("ResourceNotFoundException"));
    QVERIFY(missing.body["message"].get<std::string>().find("nowhere") != std::string::npos);
    QVERIFY(!missing.requestId.empty());

    auto noName = h.call("DescribeStream", json::object());
    QCOMPARE(noName.status, 400);
    QCOMPARE(noName.type(), std::string("ValidationException"));
    QVERIFY(noName.body["message"].get<std::string>().find("streamName") != std::string::npos);
    // null reads as absent, as AWS reads it
    auto nullName = h.call("DescribeStream", {{"StreamName", nullptr}});
    QCOMPARE(nullName.type(), std::string("ValidationException"));
    auto badKey = h.call("PutRecord", {{"StreamName", "s"}, {"PartitionKey", ""}, {"Data", ""}});
    QCOMPARE(badKey.type(), std::string("ValidationException"));
}

void TestKinesisErrors::serializationErrors()
{
    Harness h;
    auto expectSerialization = [&h](core::net::HttpRequest request, const std::string& mention) {
        auto reply = h.send(std::move(request));
        QCOMPARE(reply.status, 400);
        QCOMPARE(reply.type(), std::string("SerializationException"));
        const auto message = reply.body["message"].get<std::string>();
        if (message.find(mention) == std::string::npos)
            qFatal("'%s' does not mention '%s'", message.c_str(), mention.c_str());
    };
    expectSerialization(kinesisRequest("ListStreams", "{"), "not valid JSON");
    expectSerialization(kinesisRequest("ListStreams", "[1]"), "JSON object");
    expectSerialization(kinesisRequest("ListStreams", "{\"Limit\":\"\xff\"}"), "not valid JSON");
    expectSerialization(kinesisRequest("CreateStream", R"({"StreamName":5,"ShardCount":1})"),
                        "'StreamName' must be a string");
    expectSerialization(kinesisRequest("CreateStream", R"({"StreamName":"s","ShardCount":"1"})"), "'ShardCount'");
    expectSerialization(kinesisRequest("CreateStream", R"({"StreamName":"s","ShardCount":1.5})"), "'ShardCount'");
    expectSerialization(kinesisRequest("CreateStream", R"({"StreamName":"s","ShardCount":4294967296})"),
                        "'ShardCount'");
    expectSerialization(kinesisRequest("CreateStream", R"({"StreamName":"s","StreamModeDetails":"ON_DEMAND"})"),
                        "'StreamModeDetails' must be an object");
    expectSerialization(kinesisRequest("PutRecord", R"({"StreamName":"s","PartitionKey":"k","Data":"@@@@"})"),
                        "'Data' is not valid base64");
    expectSerialization(kinesisRequest("PutRecord", R"({"StreamName":"s","PartitionKey":"k","Data":"abcde"})"),
                        "'Data' is not valid base64");
    expectSerialization(kinesisRequest("PutRecord", R"({"StreamName":"s","PartitionKey":"k","Data":"YQ=x"})"),
                        "'Data' is not valid base64");
    expectSerialization(kinesisRequest("PutRecords", R"({"StreamName":"s","Records":{}})"), "'Records' must be a list");
    expectSerialization(kinesisRequest("PutRecords", R"({"StreamName":"s","Records":[{"PartitionKey":"k","Data":"YQ=="},
                                                     {"PartitionKey":"k","Data":7}]})"),
                        "'Records[1].Data' must be a base64 string");
    expectSerialization(kinesisRequest("PutRecords", R"({"StreamName":"s","Records":[3]})"), "'Records[0]'");

    // Whole-valued floats are integers; unpadded base64 decodes.
    h.ok("CreateStream", json::parse(R"({"StreamName":"s","ShardCount":1.0})"));
    auto put = h.call("PutRecord", json::parse(R"({"StreamName":"s","PartitionKey":"k","Data":"YWI"})"));
    QCOMPARE(put.status, 200);
}

void TestKinesisErrors::targetsAndMethods()
{
    Harness h;
    auto unknown = h.send(kinesisRequest("EnableEnhancedMonitoring", "{}"));
    QCOMPARE(unknown.status, 400);
    QCOMPARE(unknown.type(), std::string("UnknownOperationException"));
    QVERIFY(unknown.body["message"].get<std::string>().find("PutRecords") != std::string::npos);

    auto noTarget = kinesisRequest("ListStreams", "{}");
    noTarget.headers.pop_back();
    QCOMPARE(h.send(noTarget).type(), std::string("UnknownOperationException"));
    auto otherService = kinesisRequest("ListStreams", "{}");
    otherService.headers.back().second = "DynamoDB_20120810.ListTables";
    QCOMPARE(h.send(otherService).type(), std::string("UnknownOperationException"));

    auto get = kinesisRequest("ListStreams", "");
    get.method = "GET";
    QCOMPARE(h.send(get).status, 405);

    // Plain application/json (and a lowercase header name) is fine too.
    auto plain = kinesisRequest("ListStreams", "{}");
    plain.headers[1] = {"content-type", "application/json"};
    QCOMPARE(h.send(plain).status, 200);
}

void TestKinesisErrors::cborIsRefusedInCbor()
{
    Harness h;
    auto request = kinesisRequest("ListStreams", std::string("\xa0", 1));
    request.headers[1].second = "application/x-amz-cbor-1.1";
    auto reply = h.send(request);
    QCOMPARE(reply.status, 415);
    QCOMPARE(reply.contentType, std::string("application/x-amz-cbor-1.1"));
    QCOMPARE(reply.errorType, std::string("UnsupportedMediaTypeException"));
    const std::string code = "UnsupportedMediaTypeException"; // 29 bytes: a one-byte length after 0x78
    const std::string head =
        std::string("\xa2\x66__type\x78", 9) + static_cast<char>(code.size()) + code + std::string("\x67message", 8);
    QVERIFY(reply.raw.starts_with(head));
    QVERIFY(reply.raw.find("com.amazonaws.sdk.disableCbor") != std::string::npos);
    QVERIFY(reply.raw.find("AWS_CBOR_DISABLE=true") != std::string::npos);
    QVERIFY(reply.raw.find("aws.cborEnabled=false") != std::string::npos);

    // The whole body is one CBOR map, the message's long text string included (its length head takes 2 bytes).
    const auto decoded = json::from_cbor(reply.raw, true, false);
    QVERIFY(!decoded.is_discarded());
    QCOMPARE(decoded.size(), std::size_t(2));
    QCOMPARE(decoded["__type"].get<std::string>(), code);
    QVERIFY(decoded["message"].get<std::string>().size() > 255);
    QVERIFY(reply.raw.find(std::string("\x67message\x79", 9)) != std::string::npos);
}

void TestKinesisErrors::bodyLimit()
{
    Harness h;
    auto request = kinesisRequest("PutRecords", "");
    request.bodyTooLarge = true;
    auto reply = h.send(request);
    QCOMPARE(reply.status, 413);
    QVERIFY(reply.body["message"].get<std::string>().find("10 MiB") != std::string::npos);
    auto big = kinesisRequest("PutRecords", std::string(bridge::KinesisHandler::kMaxRequestBytes + 1, ' '));
    QCOMPARE(h.send(big).status, 413);

    // A full PutRecords (5 MiB of data in 500 records, base64) passes the limit.
    h.create("big", 1);
    json records = json::array();
    const std::string chunk(10000, 'z'); // 5,000,000 bytes of data, 6.7 MB as base64
    for (int i = 0; i < 500; ++i)
        records.push_back({{"PartitionKey", "k"}, {"Data", core::encodeBase64(chunk)}});
    auto full = h.call("PutRecords", {{"StreamName", "big"}, {"Records", records}});
    QCOMPARE(full.status, 200);
    QCOMPARE(full.body["FailedRecordCount"].get<int>(), 0);
}

void TestKinesisErrors::withoutAStreamService()
{
    bridge::KinesisHandler handler(std::shared_ptr<core::StreamService>{});
    bridge::RequestContext context;
    context.requestId = "r";
    const auto response = handler.answer(kinesisRequest("ListStreams", "{}"), context);
    QCOMPARE(response.status, 500);
    const auto body = json::parse(response.body);
    QCOMPARE(body["__type"].get<std::string>(), std::string("InternalFailure"));
    QVERIFY(body["message"].get<std::string>().find("unavailable") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestKinesisErrors)
#include "tst_kinesis_errors.moc"
