// SPDX-License-Identifier: MIT
// The Lambda API handler, driven with plain HttpRequests (no network): function management from zips,
// invoke in its three types, concurrency, async config, tags, mappings, errors and zip safety.
#include "lambda/code_archive.h"
#include "lambda/lambda_handler.h"
#include "test_paths.h"

#include <engine.h>
#include <encoding/base64.h>
#include <encoding/ids.h>
#include <mappings/event_sources.h>
#include <queues/queue_service.h>

#include <nlohmann/json.hpp>
#include <zip.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <cstring>
#include <future>

using namespace lambdadesk;
using Json = nlohmann::json;

namespace {

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
};

std::string fixtureZip(const std::string& folder)
{
    auto zip = bridge::zipFolder(lambdadesk::tests::fixturesDir() + "/python/" + folder);
    return zip ? *zip : std::string();
}

/// A zip holding the given entries, written with libzip (so tests can build hostile archives).
std::string makeZip(const std::vector<std::pair<std::string, std::string>>& entries)
{
    QTemporaryDir dir;
    const auto path = (dir.path().toStdString() + "/a.zip");
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    for (const auto& [name, content] : entries) {
        // libzip reads the buffer at zip_close and frees it then (freep = 1).
        void* copy = std::malloc(content.size() + 1);
        std::memcpy(copy, content.data(), content.size());
        zip_source_t* source = zip_source_buffer(archive, copy, content.size(), 1);
        zip_file_add(archive, name.c_str(), source, ZIP_FL_OVERWRITE);
    }
    zip_close(archive);
    QFile file(QString::fromStdString(path));
    file.open(QIODevice::ReadOnly);
    return file.readAll().toStdString();
}

Json createBody(const std::string& name, const std::string& zip, const std::string& handler = "app.handler")
{
    return {{"FunctionName", name},
            {"Runtime", "python3.12"},
            {"Handler", handler},
            {"Role", "arn:aws:iam::123456789012:role/test"},
            {"Code", {{"ZipFile", core::encodeBase64(zip)}}}};
}

}  // namespace

class TestLambdaApi : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_state;
    std::unique_ptr<core::Engine> m_engine;
    std::unique_ptr<bridge::LambdaHandler> m_handler;

    Reply call(const std::string& method, const std::string& target, const std::string& body = {},
               std::vector<std::pair<std::string, std::string>> headers = {}, const std::string& region = "us-east-1")
    {
        core::net::HttpRequest request;
        request.method = method;
        request.target = target;
        request.body = body;
        request.headers = std::move(headers);
        bridge::RequestContext context;
        context.requestId = core::newRequestId();
        context.service = "lambda";
        context.region = region;
        context.accountId = "123456789012";
        context.endpointUrl = "http://127.0.0.1:4566";
        std::promise<core::net::HttpResponse> promise;
        auto future = promise.get_future();
        m_handler->handle(std::move(request), context,
                          [&promise](core::net::HttpResponse response) { promise.set_value(std::move(response)); });
        if (future.wait_for(std::chrono::seconds(20)) != std::future_status::ready)
            qFatal("no answer to %s %s", method.c_str(), target.c_str());
        Reply reply{future.get(), {}};
        reply.json = Json::parse(reply.response.body, nullptr, false);
        return reply;
    }

    Reply create(const std::string& name, const std::string& fixture = "echo")
    {
        return call("POST", "/2015-03-31/functions", createBody(name, fixtureZip(fixture)).dump());
    }

    void cleanupEngineOnly()
    {
        m_handler.reset();
        m_engine.reset();
    }

    void startEngine()
    {
        core::EngineOptions options;
        options.stateDir = (m_state->path().toStdString() + "/state");
        m_engine = std::make_unique<core::Engine>(options);
        m_handler = std::make_unique<bridge::LambdaHandler>(
            *m_engine, (m_state->path().toStdString() + "/workspace"), "http://127.0.0.1:4566");
    }

private slots:
    void init()
    {
        m_state = std::make_unique<QTemporaryDir>();
        startEngine();
    }

    void cleanup()
    {
        cleanupEngineOnly();
        m_state.reset();
    }

    void createGetInvokeDelete()
    {
        auto created = create("echo");
        QCOMPARE(created.response.status, 201);
        QCOMPARE(created.json["State"], "Pending");
        QCOMPARE(created.json["FunctionArn"], "arn:aws:lambda:us-east-1:123456789012:function:echo");
        QVERIFY(!created.json["CodeSha256"].get<std::string>().empty());

        auto got = call("GET", "/2015-03-31/functions/echo");
        QCOMPARE(got.response.status, 200);
        QCOMPARE(got.json["Configuration"]["State"], "Active");
        QCOMPARE(got.json["Code"]["Location"], "http://127.0.0.1:4566/_lambdadesk/code/echo.zip");

        auto invoked = call("POST", "/2015-03-31/functions/echo/invocations", R"({"a":1})",
                            {{"X-Amz-Log-Type", "Tail"}});
        QCOMPARE(invoked.response.status, 200);
        QCOMPARE(invoked.json, Json({{"a", 1}}));
        QCOMPARE(invoked.header("X-Amz-Executed-Version"), std::string("$LATEST"));
        std::string log;
        QVERIFY(core::decodeBase64(invoked.header("X-Amz-Log-Result"), log));
        QVERIFY2(log.find("START RequestId: ") != std::string::npos, log.c_str());
        QVERIFY(log.find("REPORT RequestId: ") != std::string::npos);

        // By ARN, percent-encoded as botocore sends it.
        auto byArn = call("POST", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aecho/invocations",
                          R"({"b":2})");
        QCOMPARE(byArn.json, Json({{"b", 2}}));

        QCOMPARE(call("POST", "/2015-03-31/functions/echo/invocations", "{}", {{"X-Amz-Invocation-Type", "Event"}})
                     .response.status,
                 202);
        QCOMPARE(call("POST", "/2015-03-31/functions/echo/invocations", "{}", {{"X-Amz-Invocation-Type", "DryRun"}})
                     .response.status,
                 204);
        QCOMPARE(call("DELETE", "/2015-03-31/functions/echo").response.status, 204);
        auto gone = call("GET", "/2015-03-31/functions/echo/configuration");
        QCOMPARE(gone.response.status, 404);
        QCOMPARE(gone.header("x-amzn-ErrorType"), std::string("ResourceNotFoundException"));
        QCOMPARE(gone.json["Message"], "Function not found: arn:aws:lambda:us-east-1:123456789012:function:echo");
    }

    void oneNameInTwoRegions()
    {
        // Each region has its own functions: "echo" in both, each found, listed, invoked and deleted by its own.
        const auto west = [&](const std::string& method, const std::string& target, const std::string& body = {}) {
            return call(method, target, body, {}, "eu-west-1");
        };
        QCOMPARE(create("echo").response.status, 201);
        auto created = west("POST", "/2015-03-31/functions", createBody("echo", fixtureZip("envdump")).dump());
        QCOMPARE(created.response.status, 201);
        QCOMPARE(created.json["FunctionName"], "echo");
        QCOMPARE(created.json["FunctionArn"], "arn:aws:lambda:eu-west-1:123456789012:function:echo");
        QCOMPARE(west("POST", "/2015-03-31/functions", createBody("echo", fixtureZip("echo")).dump()).response.status,
                 409);

        const auto listed = [](const Reply& reply) {
            std::vector<std::string> arns;
            for (const auto& function : reply.json["Functions"])
                arns.push_back(function["FunctionArn"].get<std::string>());
            return arns;
        };
        QCOMPARE(listed(west("GET", "/2015-03-31/functions")),
                 std::vector<std::string>{"arn:aws:lambda:eu-west-1:123456789012:function:echo"});
        QCOMPARE(listed(call("GET", "/2015-03-31/functions")),
                 std::vector<std::string>{"arn:aws:lambda:us-east-1:123456789012:function:echo"});
        QCOMPARE(west("GET", "/2015-03-31/functions/echo").json["Configuration"]["LoggingConfig"]["LogGroup"],
                 "/aws/lambda/echo");

        auto fromWest = west("POST", "/2015-03-31/functions/echo/invocations", "{}");
        QCOMPARE(fromWest.json["AWS_REGION"], "eu-west-1");
        QCOMPARE(fromWest.json["AWS_LAMBDA_FUNCTION_NAME"], "echo");
        // The engine's key for it (echo@eu-west-1) is ours: a client naming it gets AWS's pattern error, from
        // any region, and an ARN naming it is no key either.
        for (const std::string named : {"echo@eu-west-1", "echo@eu-west-1:$LATEST",
                                        "arn:aws:lambda:eu-west-1:123456789012:function:echo@eu-west-1"}) {
            const auto refused = call("GET", "/2015-03-31/functions/" + named);
            QCOMPARE(refused.response.status, 400);
            QCOMPARE(refused.header("x-amzn-ErrorType"), std::string("ValidationException"));
            QVERIFY(refused.json["message"].get<std::string>().find("'" + named + "' at 'functionName'") !=
                    std::string::npos);
            QCOMPARE(west("POST", "/2015-03-31/functions/" + named + "/invocations", "{}").response.status, 400);
        }
        // Each region has its own account concurrency (1,000 here): 900 reserved in each is fine, and each
        // region's account settings count only its own functions and reservations.
        const std::string reserve = R"({"ReservedConcurrentExecutions": 900})";
        QCOMPARE(call("PUT", "/2017-10-31/functions/echo/concurrency", reserve).response.status, 200);
        QCOMPARE(west("PUT", "/2017-10-31/functions/echo/concurrency", reserve).response.status, 200);
        const auto settings = west("GET", "/2016-08-19/account-settings/");
        QCOMPARE(settings.json["AccountLimit"]["UnreservedConcurrentExecutions"], 100);
        QCOMPARE(settings.json["AccountUsage"]["FunctionCount"], 1);
        QCOMPARE(west("PUT", "/2017-10-31/functions/echo/concurrency", R"({"ReservedConcurrentExecutions": 901})")
                     .response.status,
                 400);
        QCOMPARE(call("DELETE", "/2017-10-31/functions/echo/concurrency").response.status, 204);
        QCOMPARE(west("DELETE", "/2017-10-31/functions/echo/concurrency").response.status, 204);
        // us-east-1's echo is still the echo fixture.
        QCOMPARE(call("POST", "/2015-03-31/functions/echo/invocations", R"({"east":1})").json, Json({{"east", 1}}));

        // Restarted, each comes back in its region.
        cleanupEngineOnly();
        startEngine();
        QCOMPARE(listed(west("GET", "/2015-03-31/functions")),
                 std::vector<std::string>{"arn:aws:lambda:eu-west-1:123456789012:function:echo"});
        QCOMPARE(listed(call("GET", "/2015-03-31/functions")).size(), std::size_t(1));
        QCOMPARE(west("POST", "/2015-03-31/functions/echo/invocations", "{}").json["AWS_REGION"], "eu-west-1");

        QCOMPARE(west("DELETE", "/2015-03-31/functions/echo").response.status, 204);
        QCOMPARE(call("GET", "/2015-03-31/functions/echo").response.status, 200);
        auto gone = west("GET", "/2015-03-31/functions/echo");
        QCOMPARE(gone.response.status, 404);
        QCOMPARE(gone.json["Message"], "Function not found: arn:aws:lambda:eu-west-1:123456789012:function:echo "
                                       "(a function of this name exists in us-east-1; this request was for eu-west-1)");
    }

    void functionErrorsAndQualifiers()
    {
        QCOMPARE(create("fails", "error").response.status, 201);
        auto failed = call("POST", "/2015-03-31/functions/fails/invocations", R"({"message":"nope"})");
        QCOMPARE(failed.response.status, 200);
        QCOMPARE(failed.header("X-Amz-Function-Error"), std::string("Unhandled"));
        QCOMPARE(failed.json["errorType"], "ValueError");
        QCOMPARE(failed.json["errorMessage"], "nope");
        auto versioned = call("POST", "/2015-03-31/functions/fails/invocations?Qualifier=7", "{}");
        QCOMPARE(versioned.response.status, 404);
        auto badJson = call("POST", "/2015-03-31/functions/fails/invocations", "{not json");
        QCOMPARE(badJson.response.status, 400);
        QCOMPARE(badJson.header("x-amzn-ErrorType"), std::string("InvalidRequestContentException"));
        auto tooBig = call("POST", "/2015-03-31/functions/fails/invocations", std::string(300 * 1024, ' '),
                           {{"X-Amz-Invocation-Type", "Event"}});
        QCOMPARE(tooBig.response.status, 413);
        QCOMPARE(tooBig.header("x-amzn-ErrorType"), std::string("RequestTooLargeException"));
    }

    void createValidation()
    {
        QCOMPARE(create("dup").response.status, 201);
        auto duplicate = create("dup");
        QCOMPARE(duplicate.response.status, 409);
        QCOMPARE(duplicate.header("x-amzn-ErrorType"), std::string("ResourceConflictException"));

        auto body = createBody("x", fixtureZip("echo"));
        body["Timeout"] = 0;
        auto timeout = call("POST", "/2015-03-31/functions", body.dump());
        QCOMPARE(timeout.response.status, 400);
        QCOMPARE(timeout.header("x-amzn-ErrorType"), std::string("ValidationException"));
        body["Timeout"] = "ten";
        auto wrongType = call("POST", "/2015-03-31/functions", body.dump());
        QCOMPARE(wrongType.header("x-amzn-ErrorType"), std::string("InvalidRequestContentException"));
        body["Timeout"] = 10;
        body["Runtime"] = "java21";
        auto runtime = call("POST", "/2015-03-31/functions", body.dump());
        QCOMPARE(runtime.header("x-amzn-ErrorType"), std::string("InvalidParameterValueException"));
        QVERIFY(runtime.json["message"].get<std::string>().find("java21") != std::string::npos);
        auto malformed = call("POST", "/2015-03-31/functions", "{\"FunctionName\":");
        QCOMPARE(malformed.header("x-amzn-ErrorType"), std::string("InvalidRequestContentException"));
        auto missingRole = createBody("y", fixtureZip("echo"));
        missingRole.erase("Role");
        QCOMPARE(call("POST", "/2015-03-31/functions", missingRole.dump()).header("x-amzn-ErrorType"),
                 std::string("ValidationException"));
        auto unknown = call("PATCH", "/2015-03-31/functions/dup");
        QCOMPARE(unknown.response.status, 404);
        QCOMPARE(unknown.header("x-amzn-ErrorType"), std::string("UnknownOperationException"));
    }

    void zipSafety()
    {
        const auto outside = m_state->path().toStdString() + "/evil.txt";
        auto slip = call("POST", "/2015-03-31/functions",
                         createBody("slip", makeZip({{"app.py", "x"}, {"../../evil.txt", "owned"}})).dump());
        QCOMPARE(slip.response.status, 400);
        QCOMPARE(slip.header("x-amzn-ErrorType"), std::string("InvalidParameterValueException"));
        QVERIFY(slip.json["message"].get<std::string>().find("../../evil.txt") != std::string::npos);
        QVERIFY(!std::filesystem::exists(outside));
        QVERIFY(!m_engine->function("slip"));

        auto notZip = call("POST", "/2015-03-31/functions", createBody("nz", "plain text").dump());
        QCOMPARE(notZip.header("x-amzn-ErrorType"), std::string("InvalidParameterValueException"));

        // An archive that expands past the limit is refused on the bytes actually written.
        const auto bomb = makeZip({{"a.bin", std::string(200000, 'a')}});
        QTemporaryDir target;
        bridge::ZipLimits limits;
        limits.maxUnzippedBytes = 100000;
        auto unpacked = bridge::unpackZip(bomb, (target.path().toStdString() + "/code"), limits);
        QVERIFY(!unpacked);
        QVERIFY(unpacked.error().message.find("Unzipped size") != std::string::npos);
        QVERIFY(!std::filesystem::exists((target.path().toStdString() + "/code")));
    }

    void updateCodeAndConfiguration()
    {
        QCOMPARE(create("changing").response.status, 201);
        const auto revision = call("GET", "/2015-03-31/functions/changing/configuration").json["RevisionId"];
        auto stale = call("PUT", "/2015-03-31/functions/changing/code",
                          Json{{"ZipFile", core::encodeBase64(fixtureZip("error"))}, {"RevisionId", "old"}}.dump());
        QCOMPARE(stale.response.status, 412);
        auto updated = call("PUT", "/2015-03-31/functions/changing/code",
                            Json{{"ZipFile", core::encodeBase64(fixtureZip("error"))}, {"RevisionId", revision}}.dump());
        QCOMPARE(updated.response.status, 200);
        QCOMPARE(updated.json["LastUpdateStatus"], "InProgress");
        auto invoked = call("POST", "/2015-03-31/functions/changing/invocations", R"({"message":"new code"})");
        QCOMPARE(invoked.header("X-Amz-Function-Error"), std::string("Unhandled"));
        QCOMPARE(invoked.json["errorMessage"], "new code");

        auto configured = call("PUT", "/2015-03-31/functions/changing/configuration",
                               Json{{"Timeout", 30}, {"MemorySize", 512}, {"Environment", {{"Variables", {{"AB", "1"}}}}}}
                                   .dump());
        QCOMPARE(configured.response.status, 200);
        QCOMPARE(configured.json["Timeout"], 30);
        QCOMPARE(m_engine->function("changing")->memoryMb, 512);
        QCOMPARE(m_engine->function("changing")->environment.at("AB"), std::string("1"));
    }

    void listPagination()
    {
        for (const char* name : {"a1", "a2", "a3"})
            QCOMPARE(create(name).response.status, 201);
        auto first = call("GET", "/2015-03-31/functions/?MaxItems=2");
        QCOMPARE(first.json["Functions"].size(), 2u);
        QCOMPARE(first.json["NextMarker"], "a3");
        auto second = call("GET", "/2015-03-31/functions/?MaxItems=2&Marker=a3");
        QCOMPARE(second.json["Functions"].size(), 1u);
        QVERIFY(!second.json.contains("NextMarker"));
        QCOMPARE(call("GET", "/2015-03-31/functions/?MaxItems=0").response.status, 400);
    }

    void concurrency()
    {
        QCOMPARE(create("limited").response.status, 201);
        auto put = call("PUT", "/2017-10-31/functions/limited/concurrency",
                        Json{{"ReservedConcurrentExecutions", 0}}.dump());
        QCOMPARE(put.response.status, 200);
        QCOMPARE(put.json["ReservedConcurrentExecutions"], 0);
        QCOMPARE(call("GET", "/2019-09-30/functions/limited/concurrency").json["ReservedConcurrentExecutions"], 0);
        auto throttled = call("POST", "/2015-03-31/functions/limited/invocations", "{}");
        QCOMPARE(throttled.response.status, 429);
        QCOMPARE(throttled.header("x-amzn-ErrorType"), std::string("TooManyRequestsException"));
        QCOMPARE(throttled.json["Reason"], "ReservedFunctionConcurrentInvocationLimitExceeded");
        auto tooMuch = call("PUT", "/2017-10-31/functions/limited/concurrency",
                            Json{{"ReservedConcurrentExecutions", 901}}.dump());
        QCOMPARE(tooMuch.response.status, 400);
        QVERIFY(tooMuch.json["message"].get<std::string>().find("minimum value of [100]") != std::string::npos);
        QCOMPARE(call("DELETE", "/2017-10-31/functions/limited/concurrency").response.status, 204);
        QCOMPARE(call("POST", "/2015-03-31/functions/limited/invocations", "{}").response.status, 200);
        auto account = call("GET", "/2016-08-19/account-settings/");
        QCOMPARE(account.json["AccountLimit"]["ConcurrentExecutions"], 1000);
        QCOMPARE(account.json["AccountUsage"]["FunctionCount"], 1);
    }

    void eventInvokeConfigAndTags()
    {
        QCOMPARE(create("async").response.status, 201);
        QCOMPARE(call("GET", "/2019-09-25/functions/async/event-invoke-config").response.status, 404);
        auto put = call("PUT", "/2019-09-25/functions/async/event-invoke-config",
                        Json{{"MaximumRetryAttempts", 1},
                             {"DestinationConfig", {{"OnFailure", {{"Destination", "arn:aws:sqs:us-east-1:123456789012:dlq"}}}}}}
                            .dump());
        QCOMPARE(put.response.status, 200);
        QCOMPARE(put.json["MaximumEventAgeInSeconds"], 21600);
        QCOMPARE(put.json["DestinationConfig"]["OnSuccess"], Json::object());
        auto merged = call("POST", "/2019-09-25/functions/async/event-invoke-config",
                           Json{{"MaximumEventAgeInSeconds", 120}}.dump());
        QCOMPARE(merged.json["MaximumRetryAttempts"], 1);
        QCOMPARE(merged.json["MaximumEventAgeInSeconds"], 120);
        QCOMPARE(m_engine->function("async")->eventInvokeConfig->onFailureArn,
                 std::string("arn:aws:sqs:us-east-1:123456789012:dlq"));
        auto bad = call("PUT", "/2019-09-25/functions/async/event-invoke-config",
                        Json{{"MaximumRetryAttempts", 3}}.dump());
        QCOMPARE(bad.header("x-amzn-ErrorType"), std::string("ValidationException"));
        QCOMPARE(call("GET", "/2019-09-25/functions/async/event-invoke-config/list").json["FunctionEventInvokeConfigs"].size(),
                 1u);
        QCOMPARE(call("DELETE", "/2019-09-25/functions/async/event-invoke-config").response.status, 204);

        const std::string arn = "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Aasync";
        QCOMPARE(call("POST", "/2017-03-31/tags/" + arn, Json{{"Tags", {{"team", "a"}, {"env", "dev"}}}}.dump())
                     .response.status,
                 204);
        QCOMPARE(call("GET", "/2017-03-31/tags/" + arn).json["Tags"], Json({{"team", "a"}, {"env", "dev"}}));
        QCOMPARE(call("DELETE", "/2017-03-31/tags/" + arn + "?tagKeys=team").response.status, 204);
        QCOMPARE(call("GET", "/2017-03-31/tags/" + arn).json["Tags"], Json({{"env", "dev"}}));
    }

    void eventSourceMappings()
    {
        QCOMPARE(create("consumer").response.status, 201);
        auto queues = m_engine->sources()->queues();
        core::CreateQueueRequest queue;
        queue.queueName = "jobs";
        QVERIFY(queues->createQueue(queue));
        const std::string queueArn = "arn:aws:sqs:us-east-1:123456789012:jobs";
        auto bad = call("POST", "/2015-03-31/event-source-mappings/",
                        Json{{"FunctionName", "consumer"}, {"EventSourceArn", queueArn}, {"BatchSize", 50}}.dump());
        QCOMPARE(bad.response.status, 400);
        QVERIFY(bad.json["message"].get<std::string>().find("Maximum batch window") != std::string::npos);
        auto created = call("POST", "/2015-03-31/event-source-mappings/",
                            Json{{"FunctionName", "consumer"}, {"EventSourceArn", queueArn}, {"BatchSize", 5}}.dump());
        QCOMPARE(created.response.status, 202);
        QCOMPARE(created.json["State"], "Creating");
        QCOMPARE(created.json["StateTransitionReason"], "USER_INITIATED");
        const auto uuid = created.json["UUID"].get<std::string>();

        // The mapping consumes: a message sent to the queue is processed and deleted.
        core::SendMessageRequest message;
        message.queueUrl = "jobs";
        message.messageBody = R"({"job":1})";
        QVERIFY(queues->sendMessage(message));
        QTRY_VERIFY_WITH_TIMEOUT(queues->stats("jobs")->visible + queues->stats("jobs")->inFlight == 0, 15000);

        auto listed = call("GET", "/2015-03-31/event-source-mappings/?FunctionName=consumer");
        QCOMPARE(listed.json["EventSourceMappings"].size(), 1u);
        auto updated = call("PUT", "/2015-03-31/event-source-mappings/" + uuid, Json{{"Enabled", false}}.dump());
        QCOMPARE(updated.response.status, 202);
        QCOMPARE(updated.json["State"], "Updating");
        QTRY_COMPARE_WITH_TIMEOUT(call("GET", "/2015-03-31/event-source-mappings/" + uuid).json["State"],
                                  Json("Disabled"), 5000);
        QCOMPARE(call("DELETE", "/2015-03-31/event-source-mappings/" + uuid).json["State"], "Deleting");
        QCOMPARE(call("GET", "/2015-03-31/event-source-mappings/" + uuid).response.status, 404);
        auto kinesis = call("POST", "/2015-03-31/event-source-mappings/",
                            Json{{"FunctionName", "consumer"},
                                 {"EventSourceArn", "arn:aws:kinesis:us-east-1:123456789012:stream/s"}}
                                .dump());
        QCOMPARE(kinesis.response.status, 400);
        QVERIFY(kinesis.json["message"].get<std::string>().find("startingPosition") != std::string::npos);
    }

    void mappingsBelongToTheirFunctionsRegion()
    {
        // A mapping of eu-west-1's "consumer" is saved by the function's ARN (its key depends on the default
        // region of the day) and comes back after a restart.
        QCOMPARE(call("POST", "/2015-03-31/functions", createBody("consumer", fixtureZip("echo")).dump(), {}, "eu-west-1")
                     .response.status,
                 201);
        {
            // Not held past the restart: the region's database is the engine's to reopen.
            auto west = m_engine->sources()->regions()->services("eu-west-1");
            QVERIFY(west);
            core::CreateQueueRequest queue;
            queue.queueName = "jobs";
            QVERIFY(west->queues->createQueue(queue));
        }
        auto created = call("POST", "/2015-03-31/event-source-mappings/",
                            Json{{"FunctionName", "consumer"},
                                 {"EventSourceArn", "arn:aws:sqs:eu-west-1:123456789012:jobs"},
                                 {"Enabled", false}}
                                .dump(),
                            {}, "eu-west-1");
        QCOMPARE(created.response.status, 202);
        QCOMPARE(created.json["FunctionArn"], "arn:aws:lambda:eu-west-1:123456789012:function:consumer");
        const auto uuid = created.json["UUID"].get<std::string>();
        QCOMPARE(m_engine->sources()->mapping(uuid)->config.functionName, std::string("consumer@eu-west-1"));
        // A mapping belongs to its function's region: another region neither sees it nor maps across.
        QCOMPARE(call("GET", "/2015-03-31/event-source-mappings/" + uuid).response.status, 404);
        QCOMPARE(call("GET", "/2015-03-31/event-source-mappings/").json["EventSourceMappings"].size(), 0u);
        auto across = call("POST", "/2015-03-31/event-source-mappings/",
                           Json{{"FunctionName", "consumer"},
                                {"EventSourceArn", "arn:aws:sqs:us-east-1:123456789012:jobs"}}
                               .dump(),
                           {}, "eu-west-1");
        QCOMPARE(across.response.status, 400);
        QVERIFY2(across.json["message"].get<std::string>().find("function's region") != std::string::npos,
                 across.response.body.c_str());

        QFile saved(m_state->path() + QStringLiteral("/workspace/mappings.json"));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QVERIFY(saved.readAll().contains("arn:aws:lambda:eu-west-1:123456789012:function:consumer"));
        saved.close();

        // Restarted, it comes back keyed to eu-west-1's function.
        cleanupEngineOnly();
        startEngine();
        const auto mapping = m_engine->sources()->mapping(uuid);
        QVERIFY(mapping);
        QCOMPARE(mapping->config.functionName, std::string("consumer@eu-west-1"));
        auto got = call("GET", "/2015-03-31/event-source-mappings/" + uuid, {}, {}, "eu-west-1");
        QCOMPARE(got.json["FunctionArn"], "arn:aws:lambda:eu-west-1:123456789012:function:consumer");
    }

    void apiFunctionsSurviveRestart()
    {
        QCOMPARE(create("durable").response.status, 201);
        QCOMPARE(call("PUT", "/2017-10-31/functions/durable/concurrency", Json{{"ReservedConcurrentExecutions", 3}}.dump())
                     .response.status,
                 200);
        m_handler.reset();
        m_engine.reset();
        startEngine();
        auto function = m_engine->function("durable");
        QVERIFY(function);
        QCOMPARE(function->reservedConcurrency.value_or(-1), 3);
        QCOMPARE(call("POST", "/2015-03-31/functions/durable/invocations", R"({"back":true})").json,
                 Json({{"back", true}}));
    }
};

QTEST_GUILESS_MAIN(TestLambdaApi)
#include "tst_lambda_api.moc"
