// SPDX-License-Identifier: MIT
// The endpoint as a whole, over real HTTP on 127.0.0.1: routing, the Host and Origin guards, health in
// LocalStack's shape, the not-emulated answer, a taken port, and functions' own SDK calls reported as
// downstream calls.
#include "endpoint/endpoint.h"
#include "upstream/http_client.h"

#include <engine.h>
#include <runtime/environment_variables.h>
#include <telemetry/event_stream.h>

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace lambdadesk;
using Json = nlohmann::json;

class TestEndpoint : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<core::Engine> m_engine;
    std::unique_ptr<bridge::Endpoint> m_endpoint;

    core::net::HttpResponse send(const std::string& method, const std::string& target,
                                 std::vector<std::pair<std::string, std::string>> headers = {},
                                 const std::string& body = {})
    {
        core::net::HttpRequest request;
        request.method = method;
        request.target = target;
        request.headers = std::move(headers);
        request.body = body;
        bridge::HttpUrl server;
        server.host = "127.0.0.1";
        server.port = m_endpoint->port();
        auto response = bridge::sendHttpRequestBlocking(server, std::move(request));
        if (!response)
            qFatal("request failed: %s", response.error().message.c_str());
        return *response;
    }

    static std::string header(const core::net::HttpResponse& response, const std::string& name)
    {
        for (const auto& [key, value] : response.headers) {
            if (core::net::equalsIgnoreCase(key, name))
                return value;
        }
        return {};
    }

private slots:
    void init()
    {
        m_engine = std::make_unique<core::Engine>();
        bridge::EndpointOptions options;
        options.port = 0;
        options.allowedOrigins = {"http://localhost:3000"};
        auto endpoint = bridge::Endpoint::start(*m_engine, options);
        QVERIFY2(endpoint, endpoint ? "" : endpoint.error().message.c_str());
        m_endpoint = std::move(*endpoint);
    }

    void cleanup()
    {
        m_endpoint.reset();
        m_engine.reset();
    }

    void healthInLocalStacksShape()
    {
        auto localstack = send("GET", "/_localstack/health");
        QCOMPARE(localstack.status, 200);
        const auto body = Json::parse(localstack.body);
        QCOMPARE(body["services"]["lambda"], "running");
        QCOMPARE(body["services"]["sqs"], "running");
        QCOMPARE(body["services"]["kinesis"], "running");
        QCOMPARE(body["services"]["s3"], "disabled");  // no upstream
        auto own = Json::parse(send("GET", "/_lambdadesk/health").body);
        QCOMPARE(own["status"], "ok");
        QCOMPARE(own["endpoint"], m_endpoint->url());
    }

    void routesBySignatureTargetAndPath()
    {
        // Lambda by path, unsigned.
        auto functions = send("GET", "/2015-03-31/functions/");
        QCOMPARE(functions.status, 200);
        QCOMPARE(Json::parse(functions.body)["Functions"], Json::array());
        QVERIFY(!header(functions, "x-amzn-RequestId").empty());
        // Kinesis by X-Amz-Target.
        auto streams = send("POST", "/", {{"X-Amz-Target", "Kinesis_20131202.ListStreams"},
                                          {"Content-Type", "application/x-amz-json-1.1"}}, "{}");
        QCOMPARE(streams.status, 200);
        // SQS by the credential scope.
        auto queues = send("POST", "/", {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/sqs/"
                                                           "aws4_request, SignedHeaders=host, Signature=0"},
                                         {"Content-Type", "application/x-www-form-urlencoded"}},
                           "Action=ListQueues&Version=2012-11-05");
        QCOMPARE(queues.status, 200);
        QVERIFY(queues.body.find("<ListQueuesResponse") != std::string::npos);
        // A service that is not emulated, without an upstream: the answer names it and --upstream.
        auto s3 = send("GET", "/bucket/key", {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/"
                                                                "s3/aws4_request, SignedHeaders=host, Signature=0"}});
        QCOMPARE(s3.status, 501);
        QVERIFY(s3.body.find("'s3'") != std::string::npos && s3.body.find("--upstream") != std::string::npos);
        auto unknown = send("POST", "/", {}, "hello");
        QCOMPARE(unknown.status, 400);
        QVERIFY(unknown.body.find("UnknownService") != std::string::npos);
    }

    void refusesRebindingAndCrossOriginCalls()
    {
        auto rebound = send("GET", "/2015-03-31/functions/", {{"Host", "attacker.example:4566"}});
        QCOMPARE(rebound.status, 403);
        QVERIFY(rebound.body.find("--allow-host") != std::string::npos);
        auto crossOrigin = send("GET", "/2015-03-31/functions/", {{"Origin", "http://evil.example"}});
        QCOMPARE(crossOrigin.status, 403);
        QVERIFY(crossOrigin.body.find("--allow-origin") != std::string::npos);
        auto allowed = send("GET", "/2015-03-31/functions/", {{"Origin", "http://localhost:3000"}});
        QCOMPARE(allowed.status, 200);
        QCOMPARE(header(allowed, "Access-Control-Allow-Origin"), std::string("http://localhost:3000"));
        QCOMPARE(send("GET", "/2015-03-31/functions/", {{"Host", "localhost:4566"}}).status, 200);
        QCOMPARE(send("GET", "/2015-03-31/functions/", {{"Host", "sqs.us-east-1.localhost.localstack.cloud"}}).status,
                 200);
    }

    void takenPortIsAClearError()
    {
        bridge::EndpointOptions options;
        options.port = m_endpoint->port();
        auto second = bridge::Endpoint::start(*m_engine, options);
        QVERIFY(!second);
        QVERIFY2(second.error().message.find(std::to_string(m_endpoint->port())) != std::string::npos,
                 second.error().message.c_str());
    }

    void functionsOwnCallsAreDownstreamCalls()
    {
        auto sink = std::make_shared<core::QueuedEventSink>();
        m_engine->events().subscribe(sink);
        const auto key = core::functionAccessKeyId("OrderProcessor");
        QCOMPARE(core::functionFromAccessKeyId(key), std::string("OrderProcessor"));
        QVERIFY(core::functionFromAccessKeyId("AKIDEXAMPLE").empty());
        auto created = send("POST", "/",
                            {{"Authorization", "AWS4-HMAC-SHA256 Credential=" + key +
                                                   "/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, "
                                                   "Signature=0"},
                             {"X-Amz-Target", "AmazonSQS.CreateQueue"},
                             {"Content-Type", "application/x-amz-json-1.0"}},
                            R"({"QueueName":"downstream"})");
        QCOMPARE(created.status, 200);
        std::optional<core::ServiceCall> call;
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     for (auto& event : sink->drain()) {
                                         if (auto* found = std::get_if<core::ServiceCall>(&event.payload))
                                             call = *found;
                                     }
                                     return call.has_value();
                                 }()),
                                 5000);
        QCOMPARE(call->functionName, std::string("OrderProcessor"));
        QCOMPARE(call->service, std::string("sqs"));
        QCOMPARE(call->operation, std::string("CreateQueue"));
        QCOMPARE(call->status, 200);
        QVERIFY(call->durationMs >= 0);
    }
};

QTEST_GUILESS_MAIN(TestEndpoint)
#include "tst_endpoint.moc"
