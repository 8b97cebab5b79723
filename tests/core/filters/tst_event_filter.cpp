// SPDX-License-Identifier: MIT
// Event filtering for event source mappings: every EventBridge operator Lambda accepts, matched and not
// matched, the SQS/Kinesis documents filters see (JSON vs plain payloads), and invalid patterns rejected
// with InvalidParameterValueException and a message naming what is wrong.
#include "encoding/base64.h"
#include "filters/event_filter.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace lambdadesk::core;
using nlohmann::json;

namespace {

void row(const char* name, const char* pattern, const char* event, bool expected)
{
    QTest::newRow(name) << QByteArray(pattern) << QByteArray(event) << expected;
}

void invalid(const char* name, const char* pattern, const char* messagePart)
{
    QTest::newRow(name) << QByteArray(pattern) << QByteArray(messagePart);
}

json sqsRecord(const std::string& body)
{
    return json{{"messageId", "059f36b4-87a3-44ab-83d2-661975830a7d"},
                {"receiptHandle", "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a"},
                {"body", body},
                {"attributes", {{"ApproximateReceiveCount", "1"}, {"SentTimestamp", "1545082649183"}}},
                {"messageAttributes", {{"kind", {{"stringValue", "order"}, {"dataType", "String"}}}}},
                {"md5OfBody", "e4e68fb7bd0e697a0ae8f1bb342846b3"},
                {"eventSource", "aws:sqs"},
                {"eventSourceARN", "arn:aws:sqs:us-east-2:123456789012:my-queue"},
                {"awsRegion", "us-east-2"}};
}

json kinesisRecord(const std::string& data, const std::string& partitionKey = "1")
{
    return json{{"kinesis",
                 {{"kinesisSchemaVersion", "1.0"},
                  {"partitionKey", partitionKey},
                  {"sequenceNumber", "49590338271490256608559692538361571095921575989136588898"},
                  {"data", encodeBase64(data)},
                  {"approximateArrivalTimestamp", 1545084650.987}}},
                {"eventSource", "aws:kinesis"},
                {"eventVersion", "1.0"},
                {"eventID", "shardId-000000000006:49590338271490256608559692538361571095921575989136588898"},
                {"eventName", "aws:kinesis:record"},
                {"awsRegion", "us-east-2"},
                {"eventSourceARN", "arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream"}};
}

}  // namespace

class TestEventFilter : public QObject {
    Q_OBJECT

private slots:
    void matching_data();
    void matching();
    void sqsDocuments_data();
    void sqsDocuments();
    void kinesisDocuments_data();
    void kinesisDocuments();
    void documentShapes();
    void deepArraysAreBounded();
    void invalidPatterns_data();
    void invalidPatterns();
    void kinesisRejectsPlainDataPattern();
    void criteria();
};

void TestEventFilter::matching_data()
{
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<bool>("expected");

    // Literals: exact, case-sensitive, typed.
    row("string equal", R"({"a": ["x"]})", R"({"a": "x"})", true);
    row("string is case-sensitive", R"({"a": ["x"]})", R"({"a": "X"})", false);
    row("value array is an OR", R"({"a": ["x", "y"]})", R"({"a": "y"})", true);
    row("value array, no value matches", R"({"a": ["x", "y"]})", R"({"a": "z"})", false);
    row("missing field never equals", R"({"a": ["x"]})", R"({"b": "x"})", false);
    row("string literal vs number", R"({"a": ["300"]})", R"({"a": 300})", false);
    row("number literal vs string", R"({"a": [300]})", R"({"a": "300"})", false);
    row("integer literal", R"({"a": [300]})", R"({"a": 300})", true);
    row("300 is not 300.0", R"({"a": [300]})", R"({"a": 300.0})", false);
    row("300.0 is not 300", R"({"a": [300.0]})", R"({"a": 300})", false);
    row("decimal literal", R"({"a": [1.5]})", R"({"a": 1.5})", true);
    row("negative integer literal", R"({"a": [-7]})", R"({"a": -7})", true);
    row("integer literal, other value", R"({"a": [7]})", R"({"a": 8})", false);
    row("null literal", R"({"a": [null]})", R"({"a": null})", true);
    row("null literal, field missing", R"({"a": [null]})", R"({})", false);
    row("null literal vs empty string", R"({"a": [null]})", R"({"a": ""})", false);
    row("empty string literal", R"({"a": [""]})", R"({"a": ""})", true);
    row("empty string vs null", R"({"a": [""]})", R"({"a": null})", false);
    row("boolean literal", R"({"a": [true]})", R"({"a": true})", true);
    row("boolean literal vs string", R"({"a": [true]})", R"({"a": "true"})", false);
    row("duplicate keys: last wins (match)", R"({"a": ["x"], "a": ["y"]})", R"({"a": "y"})", true);
    row("duplicate keys: last wins (no match)", R"({"a": ["x"], "a": ["y"]})", R"({"a": "x"})", false);

    // Nested objects are ANDed; structure must line up.
    row("nested and top-level fields all match", R"({"a": {"b": ["x"]}, "c": ["y"]})",
        R"({"a": {"b": "x"}, "c": "y"})", true);
    row("nested and top-level, one fails", R"({"a": {"b": ["x"]}, "c": ["y"]})", R"({"a": {"b": "x"}, "c": "z"})",
        false);
    row("three levels deep", R"({"a": {"b": {"c": [1]}}})", R"({"a": {"b": {"c": 1}, "d": 2}})", true);
    row("nested pattern vs scalar event", R"({"a": {"b": ["x"]}})", R"({"a": "x"})", false);
    row("leaf pattern vs object event", R"({"a": ["x"]})", R"({"a": {"b": "x"}})", false);

    // Event arrays: any element; nested pattern objects hold within one element.
    row("event array, one element matches", R"({"a": ["x"]})", R"({"a": ["y", "x"]})", true);
    row("event array, no element matches", R"({"a": ["x"]})", R"({"a": ["y", "z"]})", false);
    row("array of objects", R"({"a": {"b": ["x"]}})", R"({"a": [{"b": "y"}, {"b": "x"}]})", true);
    row("array consistency: fields from different elements", R"({"a": {"b": ["x"], "c": ["1"]}})",
        R"({"a": [{"b": "x", "c": "2"}, {"b": "y", "c": "1"}]})", false);
    row("array consistency: fields from one element", R"({"a": {"b": ["x"], "c": ["1"]}})",
        R"({"a": [{"b": "y", "c": "2"}, {"b": "x", "c": "1"}]})", true);
    row("nested event arrays are flattened", R"({"a": [3]})", R"({"a": [[1, 2], [3]]})", true);

    // prefix / suffix, plain and ignoring case.
    row("prefix", R"({"r": [{"prefix": "us-"}]})", R"({"r": "us-east-1"})", true);
    row("prefix, other start", R"({"r": [{"prefix": "us-"}]})", R"({"r": "eu-west-1"})", false);
    row("prefix is case-sensitive", R"({"r": [{"prefix": "us-"}]})", R"({"r": "US-EAST-1"})", false);
    row("prefix never matches a number", R"({"r": [{"prefix": "3"}]})", R"({"r": 300})", false);
    row("prefix equals-ignore-case", R"({"s": [{"prefix": {"equals-ignore-case": "EventB"}}]})",
        R"({"s": "eventbridge"})", true);
    row("prefix equals-ignore-case, other start", R"({"s": [{"prefix": {"equals-ignore-case": "EventB"}}]})",
        R"({"s": "events"})", false);
    row("suffix", R"({"f": [{"suffix": ".png"}]})", R"({"f": "image.png"})", true);
    row("suffix, other end", R"({"f": [{"suffix": ".png"}]})", R"({"f": "image.jpg"})", false);
    row("suffix equals-ignore-case", R"({"f": [{"suffix": {"equals-ignore-case": ".PNG"}}]})",
        R"({"f": "image.png"})", true);
    row("suffix equals-ignore-case, other end", R"({"f": [{"suffix": {"equals-ignore-case": ".PNG"}}]})",
        R"({"f": "image.pngx"})", false);

    // equals-ignore-case.
    row("equals-ignore-case", R"({"n": [{"equals-ignore-case": "alice"}]})", R"({"n": "ALICE"})", true);
    row("equals-ignore-case, other word", R"({"n": [{"equals-ignore-case": "alice"}]})", R"({"n": "alicia"})",
        false);
    row("equals-ignore-case, Latin-1", R"({"n": [{"equals-ignore-case": "ÉTÉ"}]})", R"({"n": "été"})", true);
    row("equals-ignore-case, Greek", R"({"n": [{"equals-ignore-case": "ΑΘΗΝΑ"}]})", R"({"n": "αθηνα"})", true);
    row("equals-ignore-case, Cyrillic", R"({"n": [{"equals-ignore-case": "москва"}]})", R"({"n": "МОСКВА"})", true);
    row("equals-ignore-case never matches a number", R"({"n": [{"equals-ignore-case": "1"}]})", R"({"n": 1})",
        false);

    // anything-but and its forms.
    row("anything-but value", R"({"s": [{"anything-but": "init"}]})", R"({"s": "running"})", true);
    row("anything-but value, excluded", R"({"s": [{"anything-but": "init"}]})", R"({"s": "init"})", false);
    row("anything-but needs the field", R"({"s": [{"anything-but": "init"}]})", R"({"t": "running"})", false);
    row("anything-but list, excluded", R"({"s": [{"anything-but": ["stopped", "overloaded"]}]})",
        R"({"s": "overloaded"})", false);
    row("anything-but list, other", R"({"s": [{"anything-but": ["stopped", "overloaded"]}]})",
        R"({"s": "running"})", true);
    row("anything-but numbers compare numerically", R"({"p": [{"anything-but": [100, 200]}]})",
        R"({"p": 100.0})", false);
    row("anything-but numbers, other number", R"({"p": [{"anything-but": [100, 200]}]})", R"({"p": 150})", true);
    row("anything-but numbers, string passes", R"({"p": [{"anything-but": [100, 200]}]})", R"({"p": "100"})",
        true);
    row("anything-but single number", R"({"p": [{"anything-but": 123}]})", R"({"p": 123})", false);
    row("anything-but, event array with an allowed value", R"({"p": [{"anything-but": [100, 500]}]})",
        R"({"p": [100, 50]})", true);
    row("anything-but, event array all excluded", R"({"p": [{"anything-but": [100, 500]}]})",
        R"({"p": [100, 500]})", false);
    row("anything-but prefix", R"({"r": [{"anything-but": {"prefix": "us-"}}]})", R"({"r": "eu-west-1"})", true);
    row("anything-but prefix, excluded", R"({"r": [{"anything-but": {"prefix": "us-"}}]})",
        R"({"r": "us-east-1"})", false);
    row("anything-but suffix, excluded", R"({"f": [{"anything-but": {"suffix": ".png"}}]})", R"({"f": "a.png"})",
        false);
    row("anything-but suffix", R"({"f": [{"anything-but": {"suffix": ".png"}}]})", R"({"f": "a.txt"})", true);
    row("anything-but equals-ignore-case, excluded", R"({"s": [{"anything-but": {"equals-ignore-case": "Init"}}]})",
        R"({"s": "INIT"})", false);
    row("anything-but equals-ignore-case list", R"({"s": [{"anything-but": {"equals-ignore-case": ["a", "b"]}}]})",
        R"({"s": "C"})", true);
    row("anything-but wildcard, excluded", R"({"p": [{"anything-but": {"wildcard": "*/lib/*"}}]})",
        R"({"p": "/usr/lib/x.so"})", false);
    row("anything-but wildcard", R"({"p": [{"anything-but": {"wildcard": "*/lib/*"}}]})",
        R"({"p": "/usr/bin/x"})", true);

    // numeric.
    row("numeric range, top inclusive", R"({"c": [{"numeric": [">", 0, "<=", 5]}]})", R"({"c": 5})", true);
    row("numeric range, bottom exclusive", R"({"c": [{"numeric": [">", 0, "<=", 5]}]})", R"({"c": 0})", false);
    row("numeric range, above", R"({"c": [{"numeric": [">", 0, "<=", 5]}]})", R"({"c": 5.5})", false);
    row("numeric = compares values", R"({"c": [{"numeric": ["=", 300]}]})", R"({"c": 300.0})", true);
    row("numeric = with exponent", R"({"c": [{"numeric": ["=", 3.018e2]}]})", R"({"c": 301.8})", true);
    row("numeric = other value", R"({"c": [{"numeric": ["=", 300]}]})", R"({"c": 301})", false);
    row("numeric < is exclusive", R"({"c": [{"numeric": ["<", 10]}]})", R"({"c": 10})", false);
    row("numeric <= is inclusive", R"({"c": [{"numeric": ["<=", 10]}]})", R"({"c": 10})", true);
    row("numeric >= negative decimal", R"({"c": [{"numeric": [">=", -1.5]}]})", R"({"c": -1.5})", true);
    row("numeric >= below", R"({"c": [{"numeric": [">=", -1.5]}]})", R"({"c": -1.6})", false);
    row("numeric never matches a numeric string", R"({"c": [{"numeric": [">", 0]}]})", R"({"c": "5"})", false);
    row("numeric, event beyond 1e9", R"({"c": [{"numeric": [">", 0]}]})", R"({"c": 1700000000000})", true);
    row("numeric, event beyond -1e9", R"({"c": [{"numeric": [">", -5]}]})", R"({"c": -1700000000000})", false);
    row("numeric compares at 6 decimals", R"({"c": [{"numeric": ["=", 1]}]})", R"({"c": 1.0000001})", true);
    row("numeric, event array", R"({"c": [{"numeric": [">", 10]}]})", R"({"c": [1, 20]})", true);

    // exists (leaf nodes only).
    row("exists true, present", R"({"a": [{"exists": true}]})", R"({"a": "x"})", true);
    row("exists true, absent", R"({"a": [{"exists": true}]})", R"({"b": "x"})", false);
    row("exists true, null counts", R"({"a": [{"exists": true}]})", R"({"a": null})", true);
    row("exists true, object is not a leaf", R"({"a": [{"exists": true}]})", R"({"a": {"b": 1}})", false);
    row("exists false, absent", R"({"a": [{"exists": false}]})", R"({"b": 1})", true);
    row("exists false, present", R"({"a": [{"exists": false}]})", R"({"a": 0})", false);
    row("exists false, object is not a leaf", R"({"a": [{"exists": false}]})", R"({"a": {"b": 1}})", true);
    row("exists false, empty array", R"({"a": [{"exists": false}]})", R"({"a": []})", true);
    row("exists false, nested", R"({"a": {"b": [{"exists": false}]}})", R"({"a": {"c": 1}})", true);
    row("exists false ORed with a value", R"({"a": [{"exists": false}, "x"]})", R"({"a": "x"})", true);

    // cidr.
    row("cidr IPv4 inside", R"({"ip": [{"cidr": "10.0.0.0/24"}]})", R"({"ip": "10.0.0.255"})", true);
    row("cidr IPv4 outside", R"({"ip": [{"cidr": "10.0.0.0/24"}]})", R"({"ip": "10.0.1.0"})", false);
    row("cidr, not an address", R"({"ip": [{"cidr": "10.0.0.0/24"}]})", R"({"ip": "not-an-ip"})", false);
    row("cidr IPv6 inside", R"({"ip": [{"cidr": "2001:db8::/32"}]})", R"({"ip": "2001:db8:1::5"})", true);
    row("cidr IPv6 outside", R"({"ip": [{"cidr": "2001:db8::/32"}]})", R"({"ip": "2001:db9::1"})", false);
    row("cidr IPv4 range vs IPv6 address", R"({"ip": [{"cidr": "10.0.0.0/8"}]})", R"({"ip": "::ffff:10.0.0.1"})",
        false);
    row("cidr range starts at the address as written", R"({"ip": [{"cidr": "10.0.0.5/24"}]})",
        R"({"ip": "10.0.0.1"})", false);

    // wildcard.
    row("wildcard", R"({"s": [{"wildcard": "Simple*Service"}]})", R"({"s": "SimpleQueueService"})", true);
    row("wildcard matches an empty run", R"({"s": [{"wildcard": "Simple*Service"}]})", R"({"s": "SimpleService"})",
        true);
    row("wildcard, wrong end", R"({"s": [{"wildcard": "Simple*Service"}]})", R"({"s": "SimpleQueue"})", false);
    row("wildcard, several stars", R"({"a": [{"wildcard": "arn:*:events:*:bus/*"}]})",
        R"({"a": "arn:aws:events:us-east-1:bus/default"})", true);
    row("wildcard, overlapping pieces", R"({"a": [{"wildcard": "*aa*aa"}]})", R"({"a": "aaa"})", false);
    row("wildcard, overlapping pieces fit", R"({"a": [{"wildcard": "*aa*aa"}]})", R"({"a": "aaaa"})", true);
    row("wildcard, escaped star is literal", R"({"a": [{"wildcard": "a\\*b"}]})", R"({"a": "a*b"})", true);
    row("wildcard, escaped star is not a wildcard", R"({"a": [{"wildcard": "a\\*b"}]})", R"({"a": "axb"})", false);
    row("wildcard never matches a number", R"({"a": [{"wildcard": "*"}]})", R"({"a": 5})", false);

    // $or.
    row("$or, second branch", R"({"$or": [{"a": ["x"]}, {"b": ["y"]}]})", R"({"b": "y"})", true);
    row("$or, no branch", R"({"$or": [{"a": ["x"]}, {"b": ["y"]}]})", R"({"a": "z", "b": "z"})", false);
    row("$or ANDed with a field", R"({"c": ["1"], "$or": [{"a": ["x"]}, {"b": ["y"]}]})", R"({"a": "x", "c": "2"})",
        false);
    row("$or ANDed with a field, both hold", R"({"c": ["1"], "$or": [{"a": ["x"]}, {"b": ["y"]}]})",
        R"({"a": "x", "c": "1"})", true);
    row("$or nested in an object", R"({"d": {"$or": [{"a": [1]}, {"b": [{"numeric": [">", 1]}]}]}})",
        R"({"d": {"b": 2}})", true);
}

void TestEventFilter::matching()
{
    QFETCH(QByteArray, pattern);
    QFETCH(QByteArray, event);
    QFETCH(bool, expected);

    const auto filter = EventFilter::parse(pattern.toStdString());
    QVERIFY2(filter.ok(), filter.ok() ? "" : filter.error().message.c_str());
    QCOMPARE(filter->matches(json::parse(event.toStdString())), expected);
}

void TestEventFilter::sqsDocuments_data()
{
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<QByteArray>("event");  // the message body
    QTest::addColumn<bool>("expected");

    row("JSON body, JSON pattern", R"({"body": {"type": ["buy"]}})", R"({"type": "buy"})", true);
    row("JSON body, JSON pattern, other value", R"({"body": {"type": ["buy"]}})", R"({"type": "sell"})", false);
    row("plain body, plain pattern", R"({"body": ["hello"]})", "hello", true);
    row("plain body, prefix", R"({"body": [{"prefix": "hel"}]})", "hello", true);
    row("plain body, JSON pattern is dropped", R"({"body": {"type": [{"exists": false}]}})", "hello", false);
    row("JSON body, plain pattern is dropped", R"({"body": [{"exists": true}]})", R"({"a": 1})", false);
    row("JSON body, plain prefix is dropped", R"({"body": [{"prefix": "{"}]})", R"({"a": 1})", false);
    row("JSON body, plain exists:false is dropped", R"({"body": [{"exists": false}]})", R"({"a": 1})", false);
    row("plain body, plain exists:false", R"({"body": [{"exists": false}], "md5OfBody": [{"exists": true}]})", "x",
        false);
    row("scalar JSON body stays a plain string", R"({"body": ["42"]})", "42", true);
    row("metadata only, plain body", R"({"messageAttributes": {"kind": {"stringValue": ["order"]}}})", "hello", true);
    row("metadata and JSON body", R"({"attributes": {"ApproximateReceiveCount": ["1"]}, "body": {"a": [1]}})",
        R"({"a": 1})", true);
    row("metadata mismatch", R"({"eventSource": ["aws:kinesis"]})", R"({"a": 1})", false);
    row("$or mixing formats, plain body", R"({"$or": [{"body": {"a": [1]}}, {"body": ["plain"]}]})", "plain", true);
    row("$or mixing formats, JSON body", R"({"$or": [{"body": {"a": [1]}}, {"body": ["plain"]}]})", R"({"a": 1})",
        true);
    row("$or mixing formats, neither", R"({"$or": [{"body": {"a": [1]}}, {"body": ["plain"]}]})", R"({"a": 2})",
        false);
}

void TestEventFilter::sqsDocuments()
{
    QFETCH(QByteArray, pattern);
    QFETCH(QByteArray, event);
    QFETCH(bool, expected);

    const auto criteria = FilterCriteria::parse({pattern.toStdString()}, FilterSource::Sqs);
    QVERIFY2(criteria.ok(), criteria.ok() ? "" : criteria.error().message.c_str());
    QCOMPARE(criteria->matches(filterDocumentForSqs(sqsRecord(event.toStdString()))), expected);
}

void TestEventFilter::kinesisDocuments_data()
{
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<QByteArray>("event");  // the record data before base64 encoding
    QTest::addColumn<bool>("expected");

    row("JSON data", R"({"data": {"order": {"type": ["buy"]}}})", R"({"order": {"type": "buy", "quantity": 1000}})",
        true);
    row("JSON data, other value", R"({"data": {"order": {"type": ["buy"]}}})", R"({"order": {"type": "sell"}})",
        false);
    row("JSON data, numeric range", R"({"data": {"Temperature": [{"numeric": [">", 50, "<=", 60]}]}})",
        R"({"Temperature": 55})", true);
    row("plain data, JSON pattern is dropped", R"({"data": {"x": [{"exists": false}]}})", "plain text", false);
    row("partitionKey metadata", R"({"partitionKey": ["1"]})", "plain text", true);
    row("partitionKey metadata and data", R"({"partitionKey": ["2"], "data": {"a": [1]}})", R"({"a": 1})", false);
    row("record field next to kinesis fields", R"({"eventSource": ["aws:kinesis"], "data": {"a": [1]}})",
        R"({"a": 1})", true);
}

void TestEventFilter::kinesisDocuments()
{
    QFETCH(QByteArray, pattern);
    QFETCH(QByteArray, event);
    QFETCH(bool, expected);

    const auto criteria = FilterCriteria::parse({pattern.toStdString()}, FilterSource::Kinesis);
    QVERIFY2(criteria.ok(), criteria.ok() ? "" : criteria.error().message.c_str());
    QCOMPARE(criteria->matches(filterDocumentForKinesis(kinesisRecord(event.toStdString()))), expected);
}

void TestEventFilter::documentShapes()
{
    const FilterDocument jsonBody = filterDocumentForSqs(sqsRecord(R"({"type": "buy"})"));
    QVERIFY(jsonBody.payloadIsJson);
    QVERIFY(jsonBody.source == FilterSource::Sqs);
    QVERIFY(jsonBody.document.at("body").is_object());
    QCOMPARE(jsonBody.document.at("body").at("type").get<std::string>(), std::string("buy"));
    QCOMPARE(jsonBody.document.at("messageId").get<std::string>(), std::string("059f36b4-87a3-44ab-83d2-661975830a7d"));

    const FilterDocument plainBody = filterDocumentForSqs(sqsRecord("not { json"));
    QVERIFY(!plainBody.payloadIsJson);
    QCOMPARE(plainBody.document.at("body").get<std::string>(), std::string("not { json"));

    const FilterDocument arrayBody = filterDocumentForSqs(sqsRecord("[1, 2]"));
    QVERIFY(!arrayBody.payloadIsJson);
    QVERIFY(arrayBody.document.at("body").is_string());

    const FilterDocument kinesis = filterDocumentForKinesis(kinesisRecord(R"({"order": {"type": "buy"}})", "pk-7"));
    QVERIFY(kinesis.payloadIsJson);
    QVERIFY(kinesis.source == FilterSource::Kinesis);
    QVERIFY(!kinesis.document.contains("kinesis"));
    QCOMPARE(kinesis.document.at("partitionKey").get<std::string>(), std::string("pk-7"));
    QCOMPARE(kinesis.document.at("data").at("order").at("type").get<std::string>(), std::string("buy"));
    QCOMPARE(kinesis.document.at("eventSource").get<std::string>(), std::string("aws:kinesis"));

    const FilterDocument plainData = filterDocumentForKinesis(kinesisRecord("Hello, this is a test."));
    QVERIFY(!plainData.payloadIsJson);
    QCOMPARE(plainData.document.at("data").get<std::string>(), std::string("Hello, this is a test."));

    const FilterDocument overflowBody = filterDocumentForSqs(sqsRecord(R"({"a": 1e999})"));
    QVERIFY(!overflowBody.payloadIsJson);

    json broken = kinesisRecord("x");
    broken["kinesis"]["data"] = "%%% not base64 %%%";
    const FilterDocument brokenData = filterDocumentForKinesis(broken);
    QVERIFY(!brokenData.payloadIsJson);
    QCOMPARE(brokenData.document.at("data").get<std::string>(), std::string("%%% not base64 %%%"));
}

void TestEventFilter::deepArraysAreBounded()
{
    // Event arrays nested beyond the matcher's depth bound hold no values for it; matching must not
    // recurse through all of them.
    json nested = "x";
    for (int i = 0; i < 5000; ++i)
        nested = json::array({std::move(nested)});
    const json event = {{"a", nested}};
    QVERIFY(!EventFilter::parse(R"({"a": ["x"]})")->matches(event));
    QVERIFY(EventFilter::parse(R"({"a": [{"exists": false}]})")->matches(event));
    QVERIFY(EventFilter::parse(R"({"a": ["x"]})")->matches(json{{"a", json::array({json::array({"x"})})}}));
}

void TestEventFilter::invalidPatterns_data()
{
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<QByteArray>("messagePart");

    invalid("not JSON", R"({"a": [)", "not valid JSON");
    invalid("not an object", R"(["a"])", "Filter is not an object");
    invalid("number out of range", R"({"a": [1e999]})", "not valid JSON (a number is out of range)");
    invalid("scalar field value", R"({"a": "x"})", R"("a" must be an object or an array)");
    invalid("empty value array", R"({"a": []})", "Empty arrays are not allowed");
    invalid("empty pattern", R"({})", "Empty objects are not allowed");
    invalid("empty nested object", R"({"a": {}})", "Empty objects are not allowed");
    invalid("nested value array", R"({"a": [["x"]]})", "Match value must be String, number, true, false, or null");
    invalid("unknown operator", R"({"a": [{"contains": "x"}]})", "Unrecognized match type contains; accepted: prefix");
    invalid("two operators in one expression", R"({"a": [{"prefix": "x", "suffix": "y"}]})",
            "Only one key allowed in match expression");
    invalid("empty expression", R"({"a": [{}]})", "Match expression name not found");
    invalid("prefix not a string", R"({"a": [{"prefix": 1}]})", "prefix match pattern must be a string");
    invalid("prefix with another operator", R"({"a": [{"prefix": {"wildcard": "x"}}]})", "Unsupported prefix pattern");
    invalid("suffix ignore-case not a string", R"({"a": [{"suffix": {"equals-ignore-case": 5}}]})",
            "suffix/equals-ignore-case match pattern must be a string");
    invalid("equals-ignore-case not a string", R"({"a": [{"equals-ignore-case": ["x"]}]})",
            "equals-ignore-case match pattern must be a string");
    invalid("exists not a boolean", R"({"a": [{"exists": "true"}]})",
            "exists match pattern must be either true or false");
    invalid("exists on an intermediate node", R"({"a": {"exists": true}})",
            R"("exists" must be an object or an array)");
    invalid("numeric not an array", R"({"a": [{"numeric": 5}]})", "Value of numeric must be an array");
    invalid("numeric empty", R"({"a": [{"numeric": []}]})", "Invalid member in numeric match: ]");
    invalid("numeric starts with a number", R"({"a": [{"numeric": [5, ">"]}]})", "Invalid member in numeric match: 5");
    invalid("numeric unknown operator", R"({"a": [{"numeric": ["!=", 5]}]})",
            "Unrecognized numeric range operator: !=; accepted: =, <, <=, >, >=");
    invalid("numeric operand is a string", R"({"a": [{"numeric": [">", "5"]}]})", "Value of > must be numeric");
    invalid("numeric operand missing", R"({"a": [{"numeric": ["="]}]})", "Value of equals must be numeric");
    invalid("numeric = with a second bound", R"({"a": [{"numeric": ["=", 5, "<", 6]}]})",
            "Too many elements in numeric expression");
    invalid("numeric upper bound with >", R"({"a": [{"numeric": [">", 5, ">", 6]}]})", "Bad numeric range operator: >");
    invalid("numeric upper bound not an operator", R"({"a": [{"numeric": [">", 0, 5]}]})",
            "Bad value in numeric range: 5");
    invalid("numeric bottom not below top", R"({"a": [{"numeric": [">", 5, "<", 5]}]})",
            "Bottom must be less than top");
    invalid("numeric beyond 1e9", R"({"a": [{"numeric": [">", 1e10]}]})",
            "Value of > must be between -1e9 and 1e9 inclusive");
    invalid("numeric too many terms", R"({"a": [{"numeric": [">", 0, "<", 5, "<", 6]}]})",
            "Too many terms in numeric range expression");
    invalid("anything-but mixed list", R"({"a": [{"anything-but": ["x", 1]}]})", "mixed type is not supported");
    invalid("anything-but empty list", R"({"a": [{"anything-but": []}]})", "give at least one string or number");
    invalid("anything-but null in list", R"({"a": [{"anything-but": [null]}]})", "start|null|boolean is not supported");
    invalid("anything-but boolean", R"({"a": [{"anything-but": true}]})",
            "Value of anything-but must be an array or single string/number value");
    invalid("anything-but numeric", R"({"a": [{"anything-but": {"numeric": [">", 1]}}]})",
            "Unsupported anything-but pattern: numeric; accepted: prefix, suffix, equals-ignore-case, wildcard");
    invalid("anything-but empty prefix", R"({"a": [{"anything-but": {"prefix": ""}}]})",
            "Null prefix/suffix not allowed");
    invalid("anything-but prefix not a string", R"({"a": [{"anything-but": {"prefix": 5}}]})",
            "anything-but/prefix match pattern must be a string");
    invalid("anything-but number beyond 1e9", R"({"a": [{"anything-but": [2e9]}]})",
            "Value of anything-but must be between -1e9 and 1e9");
    invalid("wildcard consecutive stars", R"({"a": [{"wildcard": "a**b"}]})",
            "Consecutive wildcard characters at pos 1");
    invalid("wildcard bad escape", R"({"a": [{"wildcard": "a\\b"}]})", "Invalid escape character at pos 1");
    invalid("wildcard not a string", R"({"a": [{"wildcard": 5}]})", "wildcard match pattern must be a string");
    invalid("anything-but wildcard consecutive stars", R"({"a": [{"anything-but": {"wildcard": "**"}}]})",
            "Consecutive wildcard characters at pos 0");
    invalid("cidr without a slash", R"({"ip": [{"cidr": "10.0.0.0"}]})", "Malformed CIDR, one '/' required");
    invalid("cidr mask not a number", R"({"ip": [{"cidr": "10.0.0.0/x"}]})",
            "Malformed CIDR, mask bits must be an integer");
    invalid("cidr IPv4 /32", R"({"ip": [{"cidr": "10.0.0.1/32"}]})", "IPv4 mask bits must be < 32");
    invalid("cidr IPv6 /128", R"({"ip": [{"cidr": "2001:db8::1/128"}]})", "IPv6 mask bits must be < 128");
    invalid("cidr bad address", R"({"ip": [{"cidr": "10.0.0/8"}]})", "Nonstandard IP address: 10.0.0");
    invalid("cidr not a string", R"({"ip": [{"cidr": 10}]})", "cidr match pattern must be a string");
    invalid("$or not an array", R"({"$or": {"a": ["x"]}})", "$or must be an array of at least 2 objects");
    invalid("$or with one branch", R"({"$or": [{"a": ["x"]}]})", "There must be at least 2 objects");
    invalid("$or with a non-object branch", R"({"$or": [{"a": ["x"]}, "b"]})", "Only JSON objects are allowed");
    invalid("$or with an operator as field", R"({"$or": [{"prefix": ["x"]}, {"b": ["y"]}]})",
            R"("prefix" is an operator and cannot be used as a field name inside $or)");
    invalid("error names the field", R"({"body": {"price": [{"numeric": ["~", 1]}]}})",
            R"(At "body.price": Unrecognized numeric range operator: ~)");
    invalid("error names the $or branch", R"({"$or": [{"a": ["x"]}, {"b": [{"exists": 1}]}]})",
            R"(At "$or[1].b": exists match pattern)");
}

void TestEventFilter::invalidPatterns()
{
    QFETCH(QByteArray, pattern);
    QFETCH(QByteArray, messagePart);

    const auto filter = EventFilter::parse(pattern.toStdString());
    QVERIFY(!filter.ok());
    QCOMPARE(filter.error().code, std::string("InvalidParameterValueException"));
    const std::string& message = filter.error().message;
    QVERIFY2(message.starts_with("Invalid filter pattern definition. "), message.c_str());
    QVERIFY2(message.find(messagePart.toStdString()) != std::string::npos, message.c_str());
}

void TestEventFilter::kinesisRejectsPlainDataPattern()
{
    const std::string plain = R"({"data": ["hello"]})";
    const auto kinesis = EventFilter::parse(plain, FilterSource::Kinesis);
    QVERIFY(!kinesis.ok());
    QCOMPARE(kinesis.error().code, std::string("InvalidParameterValueException"));
    QVERIFY2(kinesis.error().message.find("must be in a valid JSON format") != std::string::npos,
             kinesis.error().message.c_str());
    // The same plain pattern is fine where `data` is not the data key, and `body` may be plain for SQS.
    QVERIFY(EventFilter::parse(plain, FilterSource::Sqs).ok());
    QVERIFY(EventFilter::parse(R"({"body": ["hello"]})", FilterSource::Sqs).ok());
    // Only the top-level key is the data key.
    QVERIFY(EventFilter::parse(R"({"data": {"data": ["x"]}})", FilterSource::Kinesis).ok());
}

void TestEventFilter::criteria()
{
    const std::vector<std::string> five = {R"({"a": ["1"]})", R"({"a": ["2"]})", R"({"a": ["3"]})",
                                           R"({"a": ["4"]})", R"({"b": [{"exists": true}]})"};
    const auto criteria = FilterCriteria::parse(five);
    QVERIFY(criteria.ok());
    QVERIFY(!criteria->empty());
    QCOMPARE(criteria->filters().size(), std::size_t(5));
    QCOMPARE(criteria->filters()[1].pattern(), five[1]);
    QVERIFY(criteria->matches(json{{"a", "3"}}));
    QVERIFY(criteria->matches(json{{"b", 0}}));
    QVERIFY(!criteria->matches(json{{"a", "6"}}));

    std::vector<std::string> six = five;
    six.emplace_back(R"({"a": ["6"]})");
    const auto tooMany = FilterCriteria::parse(six);
    QVERIFY(!tooMany.ok());
    QCOMPARE(tooMany.error().code, std::string("InvalidParameterValueException"));
    QVERIFY2(tooMany.error().message.find("at most 5 filters") != std::string::npos, tooMany.error().message.c_str());

    const auto badSecond = FilterCriteria::parse({R"({"a": ["1"]})", R"({"a": "1"})"});
    QVERIFY(!badSecond.ok());
    QVERIFY2(badSecond.error().message.find("FilterCriteria.Filters[1].Pattern") != std::string::npos,
             badSecond.error().message.c_str());

    const auto none = FilterCriteria::parse({});
    QVERIFY(none.ok());
    QVERIFY(none->empty());
    QVERIFY(none->matches(json{{"anything", 1}}));
    QVERIFY(none->matches(filterDocumentForSqs(sqsRecord("plain"))));
    QVERIFY(FilterCriteria().matches(json::object()));
}

QTEST_GUILESS_MAIN(TestEventFilter)
#include "tst_event_filter.moc"
