// SPDX-License-Identifier: MIT
// The FIS API on the endpoint, over real HTTP on 127.0.0.1: templates, experiments through their states, the
// action catalogue, reports, every error shape, which runner the endpoint drives, and downstream faults (an
// api-error experiment failing SQS calls in SQS's own error shapes, an api-latency one that does not block).
#include "endpoint/endpoint.h"
#include "upstream/http_client.h"
#include "test_paths.h"

#include <engine.h>
#include <model/function_name.h>
#include <run/experiment_runner.h>
#include <runtime/environment_variables.h>
#include <telemetry/event_stream.h>

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <future>
#include <set>

using namespace lambdadesk;
using Json = nlohmann::json;

namespace {

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

std::string functionArn()
{
    return core::functionArn("us-east-1", "123456789012", kFunction);
}

/// The FIS example of the reference (aws-behaviour.md §5) aimed at the fixture function by ARN.
Json exampleTemplate(const std::string& duration = "PT2M")
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
Json serviceTemplate(const std::string& actionId, Json parameters)
{
    return {{"description", "downstream " + actionId},
            {"stopConditions", {{{"source", "none"}}}},
            {"actions", {{"calls", {{"actionId", actionId}, {"parameters", std::move(parameters)}}}}}};
}

std::string scope(const std::string& service, const std::string& key = "AKIDEXAMPLE")
{
    return "AWS4-HMAC-SHA256 Credential=" + key + "/20240101/us-east-1/" + service +
           "/aws4_request, SignedHeaders=host, Signature=0";
}

} // namespace

class TestFisApi : public QObject {
    Q_OBJECT

private:
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

private slots:
    void init()
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

    void cleanup()
    {
        m_endpoint.reset();
        m_engine.reset();
        m_state.reset();
    }

    void listedInHealthBesideLambdasPaths()
    {
        QCOMPARE(send("GET", "/_localstack/health", {}).json["services"]["fis"], "running");
        const auto own = send("GET", "/_lambdadesk/health", {}).json;
        QVERIFY2(own.dump().find("\"fis\"") != std::string::npos, own.dump().c_str());
        // Lambda's unsigned path routing is untouched: FIS's paths carry no dated version segment.
        QCOMPARE(send("GET", "/2015-03-31/functions/", {}).response.status, 200);
        QCOMPARE(fis("GET", "/experimentTemplates").response.status, 200);
    }

    void templateLifecycle()
    {
        auto created = fis("POST", "/experimentTemplates", exampleTemplate());
        QVERIFY2(created.response.status == 200, created.response.body.c_str());
        const auto& made = created.json["experimentTemplate"];
        const auto id = made["id"].get<std::string>();
        QVERIFY2(id.starts_with("EXT"), id.c_str());
        QVERIFY(made["arn"].get<std::string>().find(":experiment-template/" + id) != std::string::npos);
        QCOMPARE(made["targets"]["Fns"]["resourceArns"][0], functionArn());
        QCOMPARE(made["actions"]["delay"]["actionId"], "aws:lambda:invocation-add-delay");
        QCOMPARE(made["actions"]["delay"]["parameters"]["duration"], "PT2M");
        QCOMPARE(made["actions"]["delay"]["targets"]["Functions"], "Fns");
        QCOMPARE(made["tags"]["team"], "orders");
        QVERIFY(made["creationTime"].is_number()); // rest-json timestamps: epoch seconds

        auto got = fis("GET", "/experimentTemplates/" + id);
        QCOMPARE(got.response.status, 200);
        QCOMPARE(got.json["experimentTemplate"]["id"], id);
        QCOMPARE(got.json["experimentTemplate"]["description"], made["description"]);

        auto listed = fis("GET", "/experimentTemplates");
        QCOMPARE(listed.response.status, 200);
        QCOMPARE(listed.json["experimentTemplates"].size(), std::size_t{1});
        const auto& summary = listed.json["experimentTemplates"][0];
        std::set<std::string> keys;
        for (const auto& [key, value] : summary.items())
            keys.insert(key);
        QCOMPARE(keys, (std::set<std::string>{"id", "arn", "description", "creationTime", "lastUpdateTime", "tags"}));
        QCOMPARE(summary["id"], id);
        QCOMPARE(summary["tags"]["team"], "orders");

        auto updated = fis("PATCH", "/experimentTemplates/" + id, Json{{"description", "Changed"}});
        QVERIFY2(updated.response.status == 200, updated.response.body.c_str());
        QCOMPARE(updated.json["experimentTemplate"]["description"], "Changed");
        QCOMPARE(updated.json["experimentTemplate"]["actions"]["delay"]["actionId"], "aws:lambda:invocation-add-delay");
        QCOMPARE(fis("GET", "/experimentTemplates/" + id).json["experimentTemplate"]["description"], "Changed");

        auto deleted = fis("DELETE", "/experimentTemplates/" + id);
        QCOMPARE(deleted.response.status, 200);
        QCOMPARE(deleted.json["experimentTemplate"]["id"], id);
        verifyFisError(fis("GET", "/experimentTemplates/" + id), 404, "ResourceNotFoundException", id);
        QCOMPARE(fis("GET", "/experimentTemplates").json["experimentTemplates"].size(), std::size_t{0});
    }

    void experimentRunsToCompletion()
    {
        const auto templateId = createTemplate(exampleTemplate("PT1S"));
        auto started =
            fis("POST", "/experiments",
                Json{{"clientToken", "run-1"}, {"experimentTemplateId", templateId}, {"tags", {{"run", "1"}}}});
        QVERIFY2(started.response.status == 200, started.response.body.c_str());
        const auto& experiment = started.json["experiment"];
        const auto id = experiment["id"].get<std::string>();
        QVERIFY2(id.starts_with("EXP"), id.c_str());
        QCOMPARE(experiment["experimentTemplateId"], templateId);
        const auto status = experiment["state"]["status"].get<std::string>();
        QVERIFY2(status == "initiating" || status == "running", status.c_str());
        QCOMPARE(experiment["tags"]["run"], "1");
        QCOMPARE(experiment["actions"]["delay"]["actionId"], "aws:lambda:invocation-add-delay");

        // The same client token starts nothing new.
        auto again = fis("POST", "/experiments", Json{{"clientToken", "run-1"}, {"experimentTemplateId", templateId}});
        QCOMPARE(again.json["experiment"]["id"], id);

        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("completed"), 15000);
        auto got = fis("GET", "/experiments/" + id).json["experiment"];
        QVERIFY(got["startTime"].is_number() && got["endTime"].is_number());

        auto listed = fis("GET", "/experiments?experimentTemplateId=" + templateId);
        QCOMPARE(listed.response.status, 200);
        QCOMPARE(listed.json["experiments"].size(), std::size_t{1});
        const auto& summary = listed.json["experiments"][0];
        QCOMPARE(summary["id"], id);
        QCOMPARE(summary["experimentTemplateId"], templateId);
        QCOMPARE(summary["state"]["status"], "completed");
        QVERIFY(summary["creationTime"].is_number());
        QCOMPARE(summary["tags"]["run"], "1");
        QVERIFY(!summary.contains("actions"));
        QCOMPARE(fis("GET", "/experiments?experimentTemplateId=EXTnone").json["experiments"].size(), std::size_t{0});

        auto report = fis("GET", "/experiments/" + id + "/report");
        QVERIFY2(report.response.status == 200, report.response.body.c_str());
        QCOMPARE(report.json["experiment"]["id"], id);
        QVERIFY(report.json["actions"].is_array());
        auto page = fis("GET", "/experiments/" + id + "/report.html");
        QCOMPARE(page.response.status, 200);
        QVERIFY2(page.header("Content-Type").starts_with("text/html"), page.header("Content-Type").c_str());
        QVERIFY(page.response.body.find("<html") != std::string::npos ||
                page.response.body.find("<!DOCTYPE") != std::string::npos);
        verifyFisError(fis("GET", "/experiments/EXPnone/report"), 404, "ResourceNotFoundException", "EXPnone");
    }

    void experimentStops()
    {
        const auto templateId = createTemplate(exampleTemplate("PT5M"));
        const auto id = startExperiment(templateId);
        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("running"), 10000);
        auto stopped = fis("DELETE", "/experiments/" + id);
        QVERIFY2(stopped.response.status == 200, stopped.response.body.c_str());
        const auto status = stopped.json["experiment"]["state"]["status"].get<std::string>();
        QVERIFY2(status == "stopping" || status == "stopped", status.c_str());
        QTRY_COMPARE_WITH_TIMEOUT(experimentStatus(id), std::string("stopped"), 10000);
        // Stopping what has stopped answers its state again.
        QCOMPARE(fis("DELETE", "/experiments/" + id).response.status, 200);
    }

    void actionCatalogue()
    {
        auto listed = fis("GET", "/actions");
        QCOMPARE(listed.response.status, 200);
        const auto& actions = listed.json["actions"];
        QVERIFY(actions.size() >= 4);
        const Json* delay = nullptr;
        for (const auto& action : actions) {
            if (action["id"] == "aws:lambda:invocation-add-delay")
                delay = &action;
        }
        QVERIFY(delay);
        QCOMPARE((*delay)["arn"], "arn:aws:fis:us-east-1::action/aws:lambda:invocation-add-delay");
        QCOMPARE((*delay)["targets"]["Functions"]["resourceType"], "aws:lambda:function");
        QCOMPARE((*delay)["tags"], Json::object());
        QVERIFY(!(*delay)["description"].get<std::string>().empty());
        QVERIFY(!delay->contains("parameters"));

        // Pages: maxResults and the nextToken it hands out.
        auto first = fis("GET", "/actions?maxResults=2");
        QCOMPARE(first.json["actions"].size(), std::size_t{2});
        const auto token = first.text("nextToken");
        QVERIFY(!token.empty());
        auto second = fis("GET", "/actions?maxResults=100&nextToken=" + token);
        QCOMPARE(second.json["actions"].size(), actions.size() - 2);
        QVERIFY(!second.json.contains("nextToken"));

        // botocore percent-encodes the colons of the id in the path.
        auto got = fis("GET", "/actions/aws%3Alambda%3Ainvocation-add-delay");
        QVERIFY2(got.response.status == 200, got.response.body.c_str());
        const auto& action = got.json["action"];
        QCOMPARE(action["id"], "aws:lambda:invocation-add-delay");
        QCOMPARE(action["parameters"]["duration"]["required"], true);
        QCOMPARE(action["parameters"]["startupDelayMilliseconds"]["required"], false);
        QVERIFY(!action["parameters"]["duration"]["description"].get<std::string>().empty());
        QCOMPARE(action["targets"]["Functions"]["resourceType"], "aws:lambda:function");
        verifyFisError(fis("GET", "/actions/aws:nothing:here"), 404, "ResourceNotFoundException", "aws:nothing:here");

        auto types = fis("GET", "/targetResourceTypes");
        QCOMPARE(types.json["targetResourceTypes"][0]["resourceType"], "aws:lambda:function");
        QCOMPARE(fis("GET", "/targetResourceTypes/aws%3Alambda%3Afunction").json["targetResourceType"]["resourceType"],
                 "aws:lambda:function");
    }

    void errorsInFisShape()
    {
        // ResourceNotFoundException (404) for every id that names nothing.
        verifyFisError(fis("GET", "/experimentTemplates/EXTmissing"), 404, "ResourceNotFoundException", "EXTmissing");
        verifyFisError(fis("PATCH", "/experimentTemplates/EXTmissing", Json{{"description", "x"}}), 404,
                       "ResourceNotFoundException", "EXTmissing");
        verifyFisError(fis("DELETE", "/experimentTemplates/EXTmissing"), 404, "ResourceNotFoundException",
                       "EXTmissing");
        verifyFisError(fis("POST", "/experiments", Json{{"clientToken", "t"}, {"experimentTemplateId", "EXTmissing"}}),
                       404, "ResourceNotFoundException", "EXTmissing");
        verifyFisError(fis("GET", "/experiments/EXPmissing"), 404, "ResourceNotFoundException", "EXPmissing");
        verifyFisError(fis("DELETE", "/experiments/EXPmissing"), 404, "ResourceNotFoundException", "EXPmissing");

        // ValidationException (400): bodies that are not JSON, or whose members are wrong, named.
        verifyFisError(fis("POST", "/experimentTemplates", std::string(R"({"description": )")), 400,
                       "ValidationException", "not valid JSON");
        verifyFisError(fis("POST", "/experiments", std::string("[1, 2]")), 400, "ValidationException", "JSON object");
        auto badTargets = exampleTemplate();
        badTargets["targets"] = "Fns";
        verifyFisError(fis("POST", "/experimentTemplates", badTargets), 400, "ValidationException", "targets");
        auto badDuration = exampleTemplate("two minutes");
        verifyFisError(fis("POST", "/experimentTemplates", badDuration), 400, "ValidationException",
                       "actions.delay.parameters.duration");
        auto noDescription = exampleTemplate();
        noDescription.erase("description");
        verifyFisError(fis("POST", "/experimentTemplates", noDescription), 400, "ValidationException", "description");
        verifyFisError(fis("POST", "/experiments", Json{{"clientToken", "t"}, {"experimentTemplateId", 7}}), 400,
                       "ValidationException", "experimentTemplateId");
        verifyFisError(fis("POST", "/experiments", Json{{"clientToken", "t"}}), 400, "ValidationException",
                       "experimentTemplateId");
        verifyFisError(fis("POST", "/experiments", Json{{"experimentTemplateId", "EXT1"}, {"tags", {{"k", 1}}}}), 400,
                       "ValidationException", "tags.k");
        verifyFisError(fis("POST", "/experiments", Json{{"experimentTemplateId", "EXT1"}, {"colour", "red"}}), 400,
                       "ValidationException", "colour");
        verifyFisError(fis("GET", "/experimentTemplates?maxResults=0"), 400, "ValidationException", "maxResults");
        verifyFisError(fis("GET", "/experiments?nextToken=abc"), 400, "ValidationException", "nextToken");

        // Operations LambdaDesk does not serve.
        verifyFisError(fis("GET", "/tags/arn%3Aaws%3Afis%3Aus-east-1%3A123456789012%3Aexperiment%2FEXP1"), 404,
                       "UnknownOperationException", "/tags/");
    }

    void conflictWhenTheRunnerIsShuttingDown()
    {
        m_endpoint.reset();
        auto runner = faults::ExperimentRunner::create(*m_engine);
        startEndpoint(runner);
        const auto templateId = createTemplate(exampleTemplate());
        runner->shutdown();
        verifyFisError(fis("POST", "/experiments", Json{{"clientToken", "late"}, {"experimentTemplateId", templateId}}),
                       409, "ConflictException", "shutting down");
    }

    void drivesTheRunnerItIsGivenOrFinds()
    {
        // Created by the endpoint: installed into the engine while it runs, gone with it.
        QVERIFY(faults::ExperimentRunner::installedIn(*m_engine));
        m_endpoint.reset();
        QVERIFY(!faults::ExperimentRunner::installedIn(*m_engine));

        // Found in the engine: the endpoint drives it and leaves it installed.
        auto runner = faults::ExperimentRunner::create(*m_engine);
        startEndpoint();
        const auto id = createTemplate(exampleTemplate());
        QVERIFY(runner->getTemplate(id));
        m_endpoint.reset();
        QVERIFY(faults::ExperimentRunner::installedIn(*m_engine) == runner);
        runner->shutdown();
    }

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

QTEST_GUILESS_MAIN(TestFisApi)
#include "tst_fis_api.moc"
