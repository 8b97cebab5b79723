// SPDX-License-Identifier: MIT
#pragma once
// What the FIS API suites share: an engine with one Python function and an endpoint on 127.0.0.1 in front of it,
// real HTTP calls to it (FIS's signed JSON, SQS's query form), FIS's example template and its error shape.

#include "endpoint/endpoint.h"
#include "upstream/http_client.h"
#include "test_paths.h"

#include <engine.h>
#include <model/function_name.h>
#include <run/experiment_runner.h>
#include <telemetry/event_stream.h>

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lambdadesk::tests {

using Json = nlohmann::json;

constexpr const char* kFunction = "FisTarget";

struct Reply {
    core::net::HttpResponse response;
    Json json;
    [[nodiscard]] std::string header(const std::string& name) const
    {
        for (const auto& [key, value] : response.headers) {
            if (core::net::equalsIgnoreCase(key, name))
                return value;
        }
        return {};
    }
    [[nodiscard]] std::string text(const char* key) const
    {
        return json.is_object() && json.contains(key) && json[key].is_string() ? json[key].get<std::string>() : "";
    }
};

inline std::string functionArn()
{
    return core::functionArn("us-east-1", "123456789012", kFunction);
}

/// The FIS example of the reference (aws-behaviour.md §5) aimed at the fixture function by ARN.
inline Json exampleTemplate(const std::string& duration = "PT2M")
{
    return {{"clientToken", "example-" + duration},
            {"description", "Delay a quarter of FisTarget's invocations"},
            {"roleArn", "arn:aws:iam::123456789012:role/fis"},
            {"stopConditions", {{{"source", "none"}}}},
            {"targets",
             {{"Fns",
               {{"resourceType", "aws:lambda:function"},
                {"resourceArns", {functionArn()}},
                {"filters", {{{"path", "Configuration.Runtime"}, {"values", {"python3.12"}}}}},
                {"selectionMode", "ALL"}}}}},
            {"actions",
             {{"delay",
               {{"actionId", "aws:lambda:invocation-add-delay"},
                {"parameters",
                 {{"duration", duration}, {"invocationPercentage", "25"}, {"startupDelayMilliseconds", "3000"}}},
                {"targets", {{"Functions", "Fns"}}},
                {"startAfter", Json::array()}}}}},
            {"tags", {{"team", "orders"}}},
            {"experimentOptions", {{"emptyTargetResolutionMode", "fail"}}}};
}

/// A template of one downstream action (lambdadesk:api-error or api-latency), which takes no target.
inline Json serviceTemplate(const std::string& actionId, Json parameters)
{
    return {{"description", "downstream " + actionId},
            {"stopConditions", {{{"source", "none"}}}},
            {"actions", {{"calls", {{"actionId", actionId}, {"parameters", std::move(parameters)}}}}}};
}

inline std::string scope(const std::string& service, const std::string& key = "AKIDEXAMPLE")
{
    return "AWS4-HMAC-SHA256 Credential=" + key + "/20240101/us-east-1/" + service +
           "/aws4_request, SignedHeaders=host, Signature=0";
}

/// The engine and endpoint of one test (init() builds them, cleanup() drops them) and the calls tests make.
class FisApiFixture {
protected:
    std::unique_ptr<QTemporaryDir> m_state;
    std::unique_ptr<core::Engine> m_engine;
    std::unique_ptr<bridge::Endpoint> m_endpoint;

    Reply send(const std::string& method, const std::string& target,
               std::vector<std::pair<std::string, std::string>> headers, const std::string& body = {},
               std::uint16_t port = 0)
    {
        core::net::HttpRequest request;
        request.method = method;
        request.target = target;
        request.headers = std::move(headers);
        request.body = body;
        bridge::HttpUrl server;
        server.host = "127.0.0.1";
        server.port = port ? port : m_endpoint->port();
        auto response = bridge::sendHttpRequestBlocking(server, std::move(request));
        if (!response)
            qFatal("%s %s failed: %s", method.c_str(), target.c_str(), response.error().message.c_str());
        Reply reply{*response, {}};
        reply.json = Json::parse(reply.response.body, nullptr, false);
        return reply;
    }

    /// A FIS call as botocore sends it: signed for `fis` (signatures are not checked here), JSON body.
    Reply fis(const std::string& method, const std::string& target, const std::string& body = {})
    {
        std::vector<std::pair<std::string, std::string>> headers{{"Authorization", scope("fis")}};
        if (!body.empty())
            headers.emplace_back("Content-Type", "application/json");
        return send(method, target, std::move(headers), body);
    }
    Reply fis(const std::string& method, const std::string& target, const Json& body)
    {
        return fis(method, target, body.dump());
    }

    std::string createTemplate(const Json& body)
    {
        auto created = fis("POST", "/experimentTemplates", body);
        if (created.response.status != 200)
            qFatal("CreateExperimentTemplate: %d %s", created.response.status, created.response.body.c_str());
        return created.json["experimentTemplate"]["id"].get<std::string>();
    }

    std::string startExperiment(const std::string& templateId)
    {
        auto started = fis("POST", "/experiments", Json{{"experimentTemplateId", templateId}});
        if (started.response.status != 200)
            qFatal("StartExperiment: %d %s", started.response.status, started.response.body.c_str());
        return started.json["experiment"]["id"].get<std::string>();
    }

    std::string experimentStatus(const std::string& id)
    {
        return fis("GET", "/experiments/" + id).json["experiment"]["state"]["status"].get<std::string>();
    }

    /// An SQS query-protocol call, unsigned (routed by its Action= form).
    Reply sqsQuery(const std::string& form)
    {
        return send("POST", "/", {{"Content-Type", "application/x-www-form-urlencoded"}}, form + "&Version=2012-11-05");
    }

    /// FIS's error shape: the code in x-amzn-ErrorType, the text in `message`.
    static void verifyFisError(const Reply& reply, int status, const std::string& code, const std::string& mentions)
    {
        QVERIFY2(reply.response.status == status, reply.response.body.c_str());
        QCOMPARE(reply.header("x-amzn-ErrorType"), code);
        QVERIFY2(!reply.header("x-amzn-RequestId").empty(), "no request id");
        QVERIFY2(reply.json.is_object() && reply.json.contains("message"), reply.response.body.c_str());
        QVERIFY2(reply.text("message").find(mentions) != std::string::npos, reply.response.body.c_str());
    }

    /// Waits until `sink` has seen a FaultApplied: a faulted call has reached the endpoint.
    static bool sawFault(core::QueuedEventSink& sink)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::chrono::steady_clock::now() < deadline) {
            for (auto& event : sink.drain()) {
                if (std::holds_alternative<core::FaultApplied>(event.payload))
                    return true;
            }
            QTest::qWait(10);
        }
        return false;
    }

    void startEndpoint(std::shared_ptr<faults::ExperimentRunner> runner = nullptr)
    {
        bridge::EndpointOptions options;
        options.port = 0;
        options.experiments = std::move(runner);
        auto endpoint = bridge::Endpoint::start(*m_engine, options);
        QVERIFY2(endpoint, endpoint ? "" : endpoint.error().message.c_str());
        m_endpoint = std::move(*endpoint);
    }

    /// A fresh state folder, engine and endpoint: call from the suite's init().
    void setUp()
    {
        m_state = std::make_unique<QTemporaryDir>();
        core::EngineOptions options;
        options.stateDir = m_state->path().toStdString() + "/state";
        m_engine = std::make_unique<core::Engine>(options);
        core::FunctionConfig function;
        function.name = function.logicalId = kFunction;
        function.runtime = "python3.12";
        function.handler = "app.handler";
        function.codeDir = lambdadesk::tests::fixturesDir() + "/python/echo";
        function.arn = functionArn();
        m_engine->putFunction(function);
        startEndpoint();
    }

    /// Call from the suite's cleanup().
    void tearDown()
    {
        m_endpoint.reset();
        m_engine.reset();
        m_state.reset();
    }
};

}  // namespace lambdadesk::tests
