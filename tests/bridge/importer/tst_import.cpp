// SPDX-License-Identifier: MIT
// The importer (lambdadesk-cli import): functions, settings and mappings read from a Lambda endpoint —
// LambdaDesk's own, in-process, and a fake one for what LambdaDesk cannot hold — become a SAM project
// that LambdaDesk's template loader accepts.
#include <endpoint/endpoint.h>
#include <engine.h>
#include <importer/project_importer.h>
#include <importer/sam_template_writer.h>
#include <encoding/base64.h>
#include <lambda/code_archive.h>
#include <project/template_loader.h>
#include <mappings/event_sources.h>
#include <queues/queue_service.h>
#include <upstream/http_client.h>

#include "fake_http_server.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <mutex>

using namespace lambdadesk;
using core::net::HttpRequest;
using core::net::HttpResponse;
using Json = nlohmann::json;

namespace {

QByteArray bytes(const std::string& text)
{
    return QByteArray::fromStdString(text);
}

std::filesystem::path pathOf(const QTemporaryDir& dir)
{
    return std::filesystem::path(dir.path().toStdString());
}

std::string readFile(const std::filesystem::path& path)
{
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

void writeFile(const std::filesystem::path& path, const std::string& content)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

/// A zip of one file, as a deployment package.
std::string zipOf(const std::filesystem::path& scratch, const std::string& file, const std::string& content)
{
    std::filesystem::remove_all(scratch);
    writeFile(scratch / file, content);
    auto zip = bridge::zipFolder(scratch);
    return zip ? *zip : std::string();
}

struct ApiAnswer {
    int status = 0;
    Json body;
};

ApiAnswer call(const std::string& endpointUrl, const std::string& method, const std::string& target,
               const Json& body = nullptr)
{
    HttpRequest request;
    request.method = method;
    request.target = target;
    request.headers = {{"Content-Type", "application/json"}};
    if (!body.is_null())
        request.body = body.dump();
    auto response = bridge::sendHttpRequestBlocking(*bridge::parseHttpUrl(endpointUrl), request);
    if (!response)
        return {0, Json{{"error", response.error().message}}};
    return {response->status, Json::parse(response->body, nullptr, false)};
}

const core::FunctionConfig* functionNamed(const core::Project& project, const std::string& name)
{
    for (const auto& function : project.functions) {
        if (function.name == name)
            return &function;
    }
    return nullptr;
}

const std::string kHandlerCode = "def handler(event, context):\n    return {'ok': True}\n";
const std::string kFilter = R"({"body":{"kind":["order"]}})";

}  // namespace

class TestImport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void importsFromLambdaDesk();
    void importsOnlyTheFunctionsAsked();
    void refusesAnOutputInUse();
    void skipsAndReportsFailuresFromAFakeEndpoint();
    void unreachableEndpointIsAClearError();
    void logicalIds();

private:
    std::unique_ptr<core::Engine> m_engine;
    std::unique_ptr<bridge::Endpoint> m_endpoint;
    QTemporaryDir m_workspace;
    std::string m_queueArn;
};

void TestImport::initTestCase()
{
    QVERIFY(m_workspace.isValid());
    m_engine = std::make_unique<core::Engine>(core::EngineOptions{});
    bridge::EndpointOptions options;
    options.port = 0;
    options.workspaceDir = (pathOf(m_workspace) / "endpoint").string();
    auto endpoint = bridge::Endpoint::start(*m_engine, options);
    QVERIFY2(endpoint.ok(), endpoint.ok() ? "" : endpoint.error().message.c_str());
    m_endpoint = std::move(*endpoint);
    const auto url = m_endpoint->url();

    const auto zip = zipOf(pathOf(m_workspace) / "scratch", "app.py", kHandlerCode);
    QVERIFY(!zip.empty());
    // Values that would change meaning if written to YAML unquoted.
    const Json create = {
        {"FunctionName", "orders-worker"},
        {"Runtime", "python3.12"},
        {"Handler", "app.handler"},
        {"Role", "arn:aws:iam::123456789012:role/lambda"},
        {"Code", {{"ZipFile", core::encodeBase64(zip)}}},
        {"MemorySize", 256},
        {"Timeout", 30},
        {"Description", "Takes: orders # from the queue\nand \"more\""},
        {"Environment", {{"Variables", {{"STAGE", "dev"}, {"ANSWER", "yes: \"no\""}, {"NUMBER", "123"}, {"FLAG", "true"}}}}},
        {"Tags", {{"team", "shop"}, {"cost center", "42"}}},
        {"DeadLetterConfig", {{"TargetArn", "arn:aws:sqs:us-east-1:123456789012:orders-dlq"}}},
    };
    auto created = call(url, "POST", "/2015-03-31/functions", create);
    QVERIFY2(created.status == 201, created.body.dump().c_str());
    auto concurrency = call(url, "PUT", "/2017-10-31/functions/orders-worker/concurrency",
                            Json{{"ReservedConcurrentExecutions", 7}});
    QVERIFY2(concurrency.status == 200, concurrency.body.dump().c_str());
    auto invokeConfig =
        call(url, "PUT", "/2019-09-25/functions/orders-worker/event-invoke-config",
             Json{{"MaximumRetryAttempts", 1},
                  {"MaximumEventAgeInSeconds", 3600},
                  {"DestinationConfig",
                   {{"OnSuccess", {{"Destination", "arn:aws:sns:us-east-1:123456789012:done"}}},
                    {"OnFailure", {{"Destination", "arn:aws:sqs:us-east-1:123456789012:failures"}}}}}});
    QVERIFY2(invokeConfig.status == 200, invokeConfig.body.dump().c_str());

    const auto nodeZip = zipOf(pathOf(m_workspace) / "scratch", "index.js", "exports.handler = async () => 1;\n");
    auto plain = call(url, "POST", "/2015-03-31/functions",
                      Json{{"FunctionName", "plain_fn"},
                           {"Runtime", "nodejs20.x"},
                           {"Handler", "index.handler"},
                           {"Role", "arn:aws:iam::123456789012:role/lambda"},
                           {"Code", {{"ZipFile", core::encodeBase64(nodeZip)}}}});
    QVERIFY2(plain.status == 201, plain.body.dump().c_str());

    QVERIFY(m_engine->sources() && m_engine->sources()->queues());
    auto queue = m_engine->sources()->queues()->createQueue(core::CreateQueueRequest{"orders", {}, {}});
    QVERIFY2(queue.ok(), queue.ok() ? "" : queue.error().message.c_str());
    m_queueArn = m_engine->sources()->queues()->queueArn("orders");
    auto mapping = call(url, "POST", "/2015-03-31/event-source-mappings",
                        Json{{"FunctionName", "orders-worker"},
                             {"EventSourceArn", m_queueArn},
                             {"BatchSize", 5},
                             {"MaximumBatchingWindowInSeconds", 2},
                             {"FunctionResponseTypes", {"ReportBatchItemFailures"}},
                             {"FilterCriteria", {{"Filters", {{{"Pattern", kFilter}}}}}},
                             {"ScalingConfig", {{"MaximumConcurrency", 3}}}});
    QVERIFY2(mapping.status == 202 || mapping.status == 200 || mapping.status == 201, mapping.body.dump().c_str());
}

void TestImport::cleanupTestCase()
{
    if (m_endpoint)
        m_endpoint->stop(std::chrono::milliseconds(0));
    m_endpoint.reset();
    m_engine.reset();
}

void TestImport::importsFromLambdaDesk()
{
    QTemporaryDir out;
    bridge::ImportOptions options;
    options.endpointUrl = m_endpoint->url();
    options.outDir = pathOf(out);
    std::vector<std::string> lines;
    auto report = bridge::importProject(options, [&lines](const std::string& line) { lines.push_back(line); });
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().message.c_str());
    QVERIFY2(report->ok(), report->failed.empty() ? "no template" : report->failed.front().c_str());
    QVERIFY(report->imported == (std::vector<std::string>{"orders-worker", "plain_fn"}));
    QVERIFY(report->skipped.empty());
    QCOMPARE(lines.size(), std::size_t{2});

    const auto yaml = readFile(report->templatePath);
    QVERIFY2(yaml.find("Transform: AWS::Serverless-2016-10-31") != std::string::npos, yaml.c_str());
    QVERIFY2(yaml.find("# NOT created by this template") != std::string::npos, yaml.c_str());

    auto loaded = core::loadProject(pathOf(out));
    QVERIFY2(loaded.ok(), loaded.errorText().c_str());
    for (const auto& diagnostic : loaded.diagnostics)
        QVERIFY2(diagnostic.severity != core::Diagnostic::Severity::Error, diagnostic.toString().c_str());
    QCOMPARE(loaded.project->functions.size(), std::size_t{2});

    const auto* function = functionNamed(*loaded.project, "orders-worker");
    QVERIFY(function);
    QCOMPARE(bytes(function->logicalId), QByteArray("OrdersWorker"));
    QCOMPARE(bytes(function->runtime), QByteArray("python3.12"));
    QCOMPARE(bytes(function->handler), QByteArray("app.handler"));
    QCOMPARE(function->memoryMb, 256);
    QCOMPARE(function->timeoutSeconds, 30);
    QCOMPARE(bytes(function->description), QByteArray("Takes: orders # from the queue\nand \"more\""));
    QCOMPARE(function->environment.size(), std::size_t{4});
    QCOMPARE(bytes(function->environment.at("ANSWER")), QByteArray("yes: \"no\""));
    QCOMPARE(bytes(function->environment.at("NUMBER")), QByteArray("123"));
    QCOMPARE(bytes(function->environment.at("FLAG")), QByteArray("true"));
    QCOMPARE(bytes(function->tags.at("team")), QByteArray("shop"));
    QCOMPARE(bytes(function->tags.at("cost center")), QByteArray("42"));
    QVERIFY(function->reservedConcurrency == std::optional<int>(7));
    QVERIFY(function->eventInvokeConfig);
    QCOMPARE(function->eventInvokeConfig->maximumRetryAttempts, 1);
    QCOMPARE(function->eventInvokeConfig->maximumEventAgeSeconds, 3600);
    QCOMPARE(bytes(function->eventInvokeConfig->onSuccessArn), QByteArray("arn:aws:sns:us-east-1:123456789012:done"));
    QCOMPARE(bytes(function->eventInvokeConfig->onFailureArn),
             QByteArray("arn:aws:sqs:us-east-1:123456789012:failures"));
    QVERIFY(function->deadLetter);
    QCOMPARE(bytes(function->deadLetter->type), QByteArray("SQS"));
    QCOMPARE(bytes(function->deadLetter->targetArn), QByteArray("arn:aws:sqs:us-east-1:123456789012:orders-dlq"));
    QCOMPARE(bytes(function->codeDir.string()), bytes((pathOf(out) / "functions" / "orders-worker").string()));
    QCOMPARE(bytes(readFile(function->codeDir / "app.py")), bytes(kHandlerCode));

    QCOMPARE(function->events.size(), std::size_t{1});
    const auto& event = function->events.front();
    QCOMPARE(bytes(event.type), QByteArray("SQS"));
    QCOMPARE(bytes(event.name), QByteArray("QueueOrders"));
    // The engine reads the event as the mapping it came from.
    std::vector<std::string> errors;
    const auto mappings = core::mappingsFromEvents(*function, &errors);
    QVERIFY(errors.empty());
    QCOMPARE(mappings.size(), std::size_t{1});
    const auto& mapping = mappings.front();
    QCOMPARE(bytes(mapping.eventSourceArn), bytes(m_queueArn));
    QCOMPARE(mapping.batchSize, 5);
    QCOMPARE(mapping.maximumBatchingWindowSeconds, 2);
    QVERIFY(mapping.enabled);
    QVERIFY(mapping.reportBatchItemFailures);
    QVERIFY(mapping.maximumConcurrency == std::optional<int>(3));
    QCOMPARE(mapping.filterPatterns.size(), std::size_t{1});
    QCOMPARE(bytes(mapping.filterPatterns.front()), bytes(kFilter));

    const auto* plain = functionNamed(*loaded.project, "plain_fn");
    QVERIFY(plain);
    QCOMPARE(bytes(plain->logicalId), QByteArray("PlainFn"));
    QCOMPARE(bytes(plain->runtime), QByteArray("nodejs20.x"));
    QVERIFY(!plain->reservedConcurrency);
    QVERIFY(!plain->eventInvokeConfig);  // GetFunctionEventInvokeConfig answered 404
    QVERIFY(plain->events.empty());
    QVERIFY(std::filesystem::exists(plain->codeDir / "index.js"));
}

void TestImport::importsOnlyTheFunctionsAsked()
{
    QTemporaryDir out;
    bridge::ImportOptions options;
    options.endpointUrl = m_endpoint->url();
    options.outDir = pathOf(out);
    options.functions = {"plain_fn", "ghost"};
    auto report = bridge::importProject(options);
    QVERIFY(report.ok());
    QVERIFY(report->imported == std::vector<std::string>{"plain_fn"});
    QCOMPARE(report->failed.size(), std::size_t{1});
    QVERIFY2(report->failed.front().starts_with("ghost: ListFunctions at " + m_endpoint->url()),
             report->failed.front().c_str());
    QVERIFY(!report->ok());  // a function asked for failed: exit status 1
    auto loaded = core::loadProject(pathOf(out));
    QVERIFY2(loaded.ok(), loaded.errorText().c_str());
    QCOMPARE(loaded.project->functions.size(), std::size_t{1});
    QVERIFY(!std::filesystem::exists(pathOf(out) / "functions" / "orders-worker"));
}

void TestImport::refusesAnOutputInUse()
{
    QTemporaryDir out;
    writeFile(pathOf(out) / "template.yaml", "# mine\n");
    bridge::ImportOptions options;
    options.endpointUrl = m_endpoint->url();
    options.outDir = pathOf(out);
    auto report = bridge::importProject(options);
    QVERIFY(!report.ok());
    QCOMPARE(bytes(report.error().code), QByteArray("OutputInUse"));
    QVERIFY(report.error().message.find("--force") != std::string::npos);
    QCOMPARE(bytes(readFile(pathOf(out) / "template.yaml")), QByteArray("# mine\n"));
    options.overwrite = true;
    report = bridge::importProject(options);
    QVERIFY(report.ok() && report->ok());
    QVERIFY(core::loadProject(pathOf(out)).ok());
}

void TestImport::skipsAndReportsFailuresFromAFakeEndpoint()
{
    QTemporaryDir scratch;
    const auto zip = zipOf(pathOf(scratch) / "code", "app.py", kHandlerCode);
    const auto closed = tests::closedPort();
    std::mutex mutex;
    std::vector<HttpRequest> received;
    std::string selfUrl;
    tests::FakeHttpServer fake([&](HttpRequest&& request, core::net::HttpResponder respond) {
        std::string base;
        {
            const std::lock_guard lock(mutex);
            received.push_back(request);
            base = selfUrl;
        }
        const auto path = std::string(request.path());
        const std::string account = "arn:aws:lambda:us-east-1:000000000000:function:";
        auto json = [&respond](int status, const Json& body) { respond(HttpResponse::json(status, body.dump())); };
        if (path == "/2015-03-31/functions/") {
            if (request.target.find("Marker=page%202") == std::string::npos)
                return json(200, {{"Functions", {{{"FunctionName", "good"}}, {{"FunctionName", "broken"}}}},
                                  {"NextMarker", "page 2"}});
            return json(200, {{"Functions", {{{"FunctionName", "java-fn"}}}}});
        }
        if (path == "/2015-03-31/event-source-mappings/") {
            return json(200, {{"EventSourceMappings",
                               {{{"UUID", "u-dynamo"},
                                 {"EventSourceArn", "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2024"},
                                 {"FunctionArn", account + "good"},
                                 {"State", "Enabled"}},
                                {{"UUID", "u-kinesis"},
                                 {"EventSourceArn", "arn:aws:kinesis:us-east-1:000000000000:stream/order-events"},
                                 {"FunctionArn", account + "good"},
                                 {"StartingPosition", "TRIM_HORIZON"},
                                 {"BatchSize", 100},
                                 {"ParallelizationFactor", 2},
                                 {"BisectBatchOnFunctionError", true},
                                 {"MaximumRetryAttempts", 3},
                                 {"MaximumRecordAgeInSeconds", 3600},
                                 {"TumblingWindowInSeconds", 30},
                                 {"DestinationConfig",
                                  {{"OnFailure", {{"Destination", "arn:aws:sqs:us-east-1:000000000000:kfail"}}}}},
                                 {"State", "Disabled"}}}}});
        }
        auto configuration = [&](const std::string& name, const std::string& runtime) {
            return Json{{"FunctionName", name}, {"Runtime", runtime}, {"Handler", "app.handler"},
                        {"MemorySize", 512},   {"Timeout", 10},       {"PackageType", "Zip"},
                        {"Layers", Json::array({{{"Arn", "arn:aws:lambda:us-east-1:000000000000:layer:l:1"}}})}};
        };
        if (path == "/2015-03-31/functions/good")
            return json(200, {{"Configuration", configuration("good", "python3.11")},
                              {"Code", {{"Location", base + "/code/good.zip?X-Amz-Signature=s"}}},
                              {"Tags", {{"aws:cloudformation:stack-name", "stack"}, {"owner", "ada"}}}});
        if (path == "/2015-03-31/functions/broken")
            return json(200, {{"Configuration", configuration("broken", "python3.12")},
                              {"Code", {{"Location", "http://127.0.0.1:" + std::to_string(closed) + "/code/broken.zip"}}}});
        if (path == "/2015-03-31/functions/java-fn")
            return json(200, {{"Configuration", configuration("java-fn", "java21")}});
        if (path.ends_with("/concurrency"))
            return json(200, Json::object());
        if (path.ends_with("/event-invoke-config"))
            return json(404, {{"Type", "User"}, {"Message", "no config"}});
        if (path == "/code/good.zip") {
            HttpResponse response;
            response.headers = {{"Content-Type", "application/zip"}};
            response.body = zip;
            return respond(std::move(response));
        }
        json(404, {{"__type", "NoSuchKey"}, {"message", "nothing at " + path}});
    });
    QVERIFY(fake.listening());
    {
        const std::lock_guard lock(mutex);
        selfUrl = fake.url();
    }
    QTemporaryDir out;
    bridge::ImportOptions options;
    options.endpointUrl = fake.url();
    options.outDir = pathOf(out);
    auto report = bridge::importProject(options);
    QVERIFY2(report.ok(), report.ok() ? "" : report.error().message.c_str());
    QVERIFY(report->imported == std::vector<std::string>{"good"});
    QCOMPARE(report->skipped.size(), std::size_t{1});
    QVERIFY2(report->skipped.front().starts_with("java-fn: the runtime java21 is not one LambdaDesk runs"),
             report->skipped.front().c_str());
    QCOMPARE(report->failed.size(), std::size_t{1});
    // The location could not be reached, nor the same path at the endpoint: both are named.
    const auto& failure = report->failed.front();
    QVERIFY2(failure.starts_with("broken: downloading the code from http://127.0.0.1:"), failure.c_str());
    QVERIFY2(failure.find("connection refused") != std::string::npos, failure.c_str());
    QVERIFY2(failure.find("404 NoSuchKey") != std::string::npos, failure.c_str());
    QVERIFY(!report->ok());
    const auto notes = [&] {
        std::string all;
        for (const auto& note : report->notes)
            all += note + "\n";
        return all;
    }();
    QVERIFY2(notes.find("good: its 1 layer(s) were not imported") != std::string::npos, notes.c_str());
    QVERIFY2(notes.find("u-dynamo") != std::string::npos, notes.c_str());

    {
        const std::lock_guard lock(mutex);
        for (const auto& request : received) {
            const auto authorization = std::string(request.header("Authorization"));
            if (request.path().starts_with("/code/"))
                QVERIFY(authorization.empty());  // a presigned location carries its own
            else
                QVERIFY2(authorization.find("/us-east-1/lambda/aws4_request") != std::string::npos,
                         request.target.c_str());
        }
    }

    auto loaded = core::loadProject(pathOf(out));
    QVERIFY2(loaded.ok(), loaded.errorText().c_str());
    QCOMPARE(loaded.project->functions.size(), std::size_t{1});
    const auto& good = loaded.project->functions.front();
    QCOMPARE(good.memoryMb, 512);
    QCOMPARE(good.tags.size(), std::size_t{1});  // aws: tags are AWS's, not the template's
    QCOMPARE(bytes(good.tags.at("owner")), QByteArray("ada"));
    QVERIFY(std::filesystem::exists(good.codeDir / "app.py"));
    QCOMPARE(good.events.size(), std::size_t{1});
    QCOMPARE(bytes(good.events.front().type), QByteArray("Kinesis"));
    const auto mappings = core::mappingsFromEvents(good);
    QCOMPARE(mappings.size(), std::size_t{1});
    const auto& kinesis = mappings.front();
    QCOMPARE(bytes(kinesis.eventSourceArn), QByteArray("arn:aws:kinesis:us-east-1:000000000000:stream/order-events"));
    QCOMPARE(bytes(kinesis.startingPosition), QByteArray("TRIM_HORIZON"));
    QCOMPARE(kinesis.batchSize, 100);
    QCOMPARE(kinesis.parallelizationFactor, 2);
    QVERIFY(kinesis.bisectBatchOnFunctionError);
    QCOMPARE(kinesis.maximumRetryAttempts, 3);
    QCOMPARE(kinesis.maximumRecordAgeInSeconds, 3600);
    QCOMPARE(kinesis.tumblingWindowInSeconds, 30);
    QCOMPARE(bytes(kinesis.onFailureArn), QByteArray("arn:aws:sqs:us-east-1:000000000000:kfail"));
    QVERIFY(!kinesis.enabled);
}

void TestImport::unreachableEndpointIsAClearError()
{
    QTemporaryDir out;
    bridge::ImportOptions options;
    options.endpointUrl = "http://127.0.0.1:" + std::to_string(tests::closedPort());
    options.outDir = pathOf(out);
    auto report = bridge::importProject(options);
    QVERIFY(!report.ok());
    QCOMPARE(bytes(report.error().message), bytes("ListFunctions at " + options.endpointUrl + ": connection refused"));
    QVERIFY(!std::filesystem::exists(pathOf(out) / "template.yaml"));

    options.endpointUrl = "https://localhost:4566";
    report = bridge::importProject(options);
    QVERIFY(!report.ok());
    QVERIFY2(report.error().message.starts_with("--endpoint: https is not supported"), report.error().message.c_str());
}

void TestImport::logicalIds()
{
    QCOMPARE(bytes(bridge::logicalIdFor("orders-v2_fn")), QByteArray("OrdersV2Fn"));
    QCOMPARE(bytes(bridge::logicalIdFor("9lives")), QByteArray("Function9lives"));
    QCOMPARE(bytes(bridge::logicalIdFor("---")), QByteArray("Function"));
}

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
