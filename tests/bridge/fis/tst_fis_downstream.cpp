// SPDX-License-Identifier: MIT
// Downstream faults through the FIS API: an api-error experiment failing SQS, Kinesis and Lambda calls in each
// service's own error shape and throttling code, picking Lambda operations by their names, and an api-latency
// one that does not block the endpoint, nor its stop.
#include "fis/fis_fixture.h"

#include <runtime/environment_variables.h>

#include <future>
#include <set>
#include <thread>

using namespace lambdadesk;
using namespace lambdadesk::tests;

class TestFisDownstream : public QObject, public FisApiFixture {
    Q_OBJECT

private slots:
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void apiErrorFailsSqsCallsInSqsShapes()
    {
        auto sink = std::make_shared<core::QueuedEventSink>();
        m_engine->events().subscribe(sink);
        auto created = sqsQuery("Action=CreateQueue&QueueName=orders");
        QVERIFY2(created.response.status == 200, created.response.body.c_str());
        const auto& answer = created.response.body;
        const auto from = answer.find("<QueueUrl>") + std::string_view("<QueueUrl>").size();
        const auto queueUrl = answer.substr(from, answer.find("</QueueUrl>") - from);
        QVERIFY2(queueUrl.ends_with("/orders"), answer.c_str());
        const auto sendForm = "Action=SendMessage&QueueUrl=" + queueUrl + "&MessageBody=hello";
        QCOMPARE(sqsQuery(sendForm).response.status, 200);

        const auto id = startExperiment(
            createTemplate(serviceTemplate("lambdadesk:api-error", {{"duration", "PT5M"},
                                                                    {"services", "sqs"},
                                                                    {"operations", "SendMessage"},
                                                                    {"statusCode", "503"},
                                                                    {"errorCode", "ServiceUnavailable"}})));
        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("running"), 10000);

        // The query protocol: SQS's XML <ErrorResponse>, a Receiver fault for a 5xx.
        auto query = sqsQuery(sendForm);
        QCOMPARE(query.response.status, 503);
        QVERIFY2(query.header("Content-Type").starts_with("text/xml"), query.header("Content-Type").c_str());
        const auto& xml = query.response.body;
        QVERIFY2(xml.find("<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\">") != std::string::npos,
                 xml.c_str());
        QVERIFY2(xml.find("<Type>Receiver</Type><Code>ServiceUnavailable</Code>") != std::string::npos, xml.c_str());
        QVERIFY2(xml.find("<RequestId>") != std::string::npos, xml.c_str());

        // The JSON protocol, from a function's own SDK (its access key names it).
        auto json = send("POST", "/",
                         {{"Authorization", scope("sqs", core::functionAccessKeyId(kFunction))},
                          {"X-Amz-Target", "AmazonSQS.SendMessage"},
                          {"Content-Type", "application/x-amz-json-1.0"}},
                         Json{{"QueueUrl", queueUrl}, {"MessageBody", "hello"}}.dump());
        QCOMPARE(json.response.status, 503);
        QCOMPARE(json.text("__type"), std::string("ServiceUnavailable"));
        QVERIFY(!json.text("message").empty());
        QCOMPARE(json.header("x-amzn-ErrorType"), std::string("ServiceUnavailable"));
        QCOMPARE(json.header("x-amzn-query-error"), std::string("ServiceUnavailable;Receiver"));

        // Other operations, and FIS itself, go through.
        QCOMPARE(sqsQuery("Action=GetQueueUrl&QueueName=orders").response.status, 200);
        QCOMPARE(fis("GET", "/experiments/" + id).response.status, 200);

        std::vector<core::FaultApplied> applied;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (auto& event : sink->drain()) {
                                         if (auto* fault = std::get_if<core::FaultApplied>(&event.payload))
                                             applied.push_back(*fault);
                                     }
                                     return applied.size() >= 2;
                                 }()),
                                 5000);
        QCOMPARE(applied[0].experimentId, id);
        QCOMPARE(applied[0].actionName, std::string("calls"));
        QCOMPARE(applied[0].actionId, std::string("lambdadesk:api-error"));
        QVERIFY(applied[0].functionName.empty());
        QVERIFY(applied[0].requestId.empty());
        QCOMPARE(applied[1].functionName, std::string(kFunction));

        QCOMPARE(fis("DELETE", "/experiments/" + id).response.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(sqsQuery(sendForm).response.status, 200, 5000);
    }

    void apiErrorAnswersInEachProtocol()
    {
        const auto id = startExperiment(createTemplate(serviceTemplate(
            "lambdadesk:api-error", {{"duration", "PT5M"}, {"statusCode", "500"}, {"errorCode", "InternalFailure"}})));
        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("running"), 10000);

        // Lambda's rest-json: x-amzn-ErrorType and {"Type": "Service", …}.
        auto lambda = send("GET", "/2015-03-31/functions/", {});
        QCOMPARE(lambda.response.status, 500);
        QCOMPARE(lambda.header("x-amzn-ErrorType"), std::string("InternalFailure"));
        QCOMPARE(lambda.text("Type"), std::string("Service"));
        // Kinesis' JSON 1.1.
        auto kinesis = send(
            "POST", "/",
            {{"X-Amz-Target", "Kinesis_20131202.ListStreams"}, {"Content-Type", "application/x-amz-json-1.1"}}, "{}");
        QCOMPARE(kinesis.response.status, 500);
        QCOMPARE(kinesis.text("__type"), std::string("InternalFailure"));
        // FIS is never faulted, so the experiment can always be stopped.
        QCOMPARE(fis("DELETE", "/experiments/" + id).response.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(send("GET", "/2015-03-31/functions/", {}).response.status, 200, 5000);
    }

    // statusCode 429 without an errorCode: each service's own throttling error, in each of its protocols — Kinesis'
    // data plane ProvisionedThroughputExceededException (JSON and CBOR, which the Kinesis handler itself refuses:
    // the fault answers first), its control plane LimitExceededException, SQS RequestThrottled, Lambda
    // TooManyRequestsException.
    void apiErrorThrottlesWithEachServicesOwnCode()
    {
        const auto id = startExperiment(
            createTemplate(serviceTemplate("lambdadesk:api-error", {{"duration", "PT5M"}, {"statusCode", "429"}})));
        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("running"), 10000);

        const auto kinesis = [&](const std::string& operation, const std::string& contentType, const std::string& body) {
            return send("POST", "/",
                        {{"X-Amz-Target", "Kinesis_20131202." + operation}, {"Content-Type", contentType}}, body);
        };
        for (const char* operation : {"PutRecord", "PutRecords", "GetRecords", "GetShardIterator"}) {
            const auto json = kinesis(operation, "application/x-amz-json-1.1", "{}");
            QCOMPARE(json.response.status, 429);
            QCOMPARE(json.text("__type"), std::string("ProvisionedThroughputExceededException"));
        }
        const auto control = kinesis("ListStreams", "application/x-amz-json-1.1", "{}");
        QCOMPARE(control.response.status, 429);
        QCOMPARE(control.text("__type"), std::string("LimitExceededException"));

        // The Java SDK and the CLI's v2 speak CBOR to Kinesis: the error comes back as one CBOR map.
        const auto cbor = kinesis("PutRecord", "application/x-amz-cbor-1.1", std::string("\xa0", 1));
        QCOMPARE(cbor.response.status, 429);
        QCOMPARE(cbor.header("Content-Type"), std::string("application/x-amz-cbor-1.1"));
        const auto decoded = Json::from_cbor(cbor.response.body, true, false);
        QVERIFY2(!decoded.is_discarded(), cbor.response.body.c_str());
        QCOMPARE(decoded["__type"].get<std::string>(), std::string("ProvisionedThroughputExceededException"));
        QVERIFY(!decoded["message"].get<std::string>().empty());

        const auto query = sqsQuery("Action=SendMessage&QueueUrl=http://127.0.0.1/123456789012/q&MessageBody=x");
        QCOMPARE(query.response.status, 429);
        QVERIFY2(query.response.body.find("<Type>Sender</Type><Code>RequestThrottled</Code>") != std::string::npos,
                 query.response.body.c_str());
        const auto sqsJson = send("POST", "/",
                                  {{"Authorization", scope("sqs")},
                                   {"X-Amz-Target", "AmazonSQS.ReceiveMessage"},
                                   {"Content-Type", "application/x-amz-json-1.0"}},
                                  "{}");
        QCOMPARE(sqsJson.response.status, 429);
        QCOMPARE(sqsJson.text("__type"), std::string("RequestThrottled"));
        QCOMPARE(sqsJson.header("x-amzn-query-error"), std::string("RequestThrottled;Sender"));

        const auto lambda = send("GET", "/2015-03-31/functions/", {});
        QCOMPARE(lambda.response.status, 429);
        QCOMPARE(lambda.header("x-amzn-ErrorType"), std::string("TooManyRequestsException"));

        // A code the template names wins over the default.
        QCOMPARE(fis("DELETE", "/experiments/" + id).response.status, 200);
        const auto named = startExperiment(createTemplate(serviceTemplate(
            "lambdadesk:api-error", {{"duration", "PT5M"}, {"statusCode", "429"}, {"errorCode", "ThrottlingException"}})));
        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(named), std::string("running"), 10000);
        QCOMPARE(kinesis("PutRecord", "application/x-amz-json-1.1", "{}").text("__type"), std::string("ThrottlingException"));
        QCOMPARE(fis("DELETE", "/experiments/" + named).response.status, 200);
    }

    void apiErrorPicksLambdaOperationsByTheirNames()
    {
        const auto id = startExperiment(createTemplate(serviceTemplate(
            "lambdadesk:api-error", {{"duration", "PT5M"},
                                     {"services", "lambda"},
                                     {"operations", "ListFunctions,GetAccountSettings"},
                                     {"errorCode", "TooManyRequestsException"},
                                     {"statusCode", "429"}})));
        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("running"), 10000);
        QCOMPARE(send("GET", "/2015-03-31/functions/", {}).response.status, 429);
        QCOMPARE(send("GET", "/2016-08-19/account-settings/", {}).response.status, 429);
        // Other Lambda operations pass: ListEventSourceMappings, and GetFunction's not-found answer.
        QCOMPARE(send("GET", "/2015-03-31/event-source-mappings/", {}).response.status, 200);
        QCOMPARE(send("GET", "/2015-03-31/functions/NoSuchFunction", {}).response.status, 404);
        QCOMPARE(fis("DELETE", "/experiments/" + id).response.status, 200);
    }

    void apiLatencyDoesNotBlockTheEndpoint()
    {
        auto sink = std::make_shared<core::QueuedEventSink>();
        m_engine->events().subscribe(sink);
        QCOMPARE(sqsQuery("Action=CreateQueue&QueueName=slow").response.status, 200);
        const auto id = startExperiment(
            createTemplate(serviceTemplate("lambdadesk:api-latency", {{"duration", "PT5M"},
                                                                      {"services", "sqs"},
                                                                      {"operations", "ListQueues"},
                                                                      {"latencyMilliseconds", "1500"}})));
        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("running"), 10000);

        const auto port = m_endpoint->port();
        const auto startedAt = std::chrono::steady_clock::now();
        auto slow = std::async(std::launch::async, [this, port] {
            return send("POST", "/", {{"Content-Type", "application/x-www-form-urlencoded"}},
                        "Action=ListQueues&Version=2012-11-05", port);
        });
        // While ListQueues waits out its latency, the endpoint answers others.
        QVERIFY(sawFault(*sink));
        QCOMPARE(sqsQuery("Action=GetQueueUrl&QueueName=slow").response.status, 200);
        QVERIFY(slow.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready);
        QVERIFY(slow.wait_for(std::chrono::seconds(15)) == std::future_status::ready);
        const auto reply = slow.get();
        QCOMPARE(reply.response.status, 200);
        QVERIFY(reply.response.body.find("slow") != std::string::npos);
        QVERIFY(std::chrono::steady_clock::now() - startedAt >= std::chrono::milliseconds(1400));
        QCOMPARE(fis("DELETE", "/experiments/" + id).response.status, 200);
    }

    void stoppingAnswersCallsWaitingOutALatency()
    {
        auto sink = std::make_shared<core::QueuedEventSink>();
        m_engine->events().subscribe(sink);
        const auto id = startExperiment(createTemplate(serviceTemplate(
            "lambdadesk:api-latency", {{"duration", "PT5M"}, {"services", "sqs"}, {"latencyMilliseconds", "60000"}})));
        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("running"), 10000);
        bridge::HttpUrl server;
        server.host = "127.0.0.1";
        server.port = m_endpoint->port();
        auto waiting = std::async(std::launch::async, [server] {
            core::net::HttpRequest request;
            request.method = "POST";
            request.target = "/";
            request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
            request.body = "Action=ListQueues&Version=2012-11-05";
            return bridge::sendHttpRequestBlocking(server, std::move(request));
        });
        QVERIFY(sawFault(*sink));
        const auto stopAt = std::chrono::steady_clock::now();
        m_endpoint.reset();
        QVERIFY(std::chrono::steady_clock::now() - stopAt < std::chrono::seconds(10));
        // Answered (503) or cut off with the connection: either way not left waiting a minute.
        QVERIFY(waiting.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    }
};

QTEST_GUILESS_MAIN(TestFisDownstream)
#include "tst_fis_downstream.moc"
