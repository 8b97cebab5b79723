// SPDX-License-Identifier: MIT
// Upstream forwarding (--upstream): requests of services LambdaDesk does not emulate reach a fake upstream
// verbatim and its answers come back; the HTTP client's URL parsing, timeouts and errors; code for
// CreateFunction fetched from S3 without blocking. Streaming is in tst_upstream_stream.
#include <endpoint/endpoint.h>
#include <lambda/code_archive.h>
#include <engine.h>
#include <upstream/http_client.h>
#include <upstream/upstream_proxy.h>

#include "fake_http_server.h"
#include "upstream_test_support.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <nlohmann/json.hpp>

#include <QtTest>

#include <algorithm>
#include <fstream>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

using namespace lambdadesk;
using namespace lambdadesk::tests;
using core::net::HttpRequest;
using core::net::HttpResponse;
namespace asio = boost::asio;

namespace {

Headers sortedWithout(Headers headers, std::initializer_list<std::string_view> names)
{
    std::erase_if(headers, [names](const auto& header) {
        return std::any_of(names.begin(), names.end(),
                           [&header](std::string_view name) { return core::net::equalsIgnoreCase(header.first, name); });
    });
    std::sort(headers.begin(), headers.end());
    return headers;
}

/// An upstream that records what it receives and answers with `answer`, or holds the requests until
/// release() when `hold` is set.
class FakeUpstream {
public:
    FakeUpstream()
        : m_server([this](HttpRequest&& request, core::net::HttpResponder respond) {
              onRequest(std::move(request), std::move(respond));
          })
    {
    }
    ~FakeUpstream() { release(); }
    FakeUpstream(const FakeUpstream&) = delete;
    FakeUpstream& operator=(const FakeUpstream&) = delete;

    [[nodiscard]] bool listening() const { return m_server.listening(); }
    [[nodiscard]] std::string url() const { return m_server.url(); }

    void setAnswer(HttpResponse answer)
    {
        const std::lock_guard lock(m_mutex);
        m_answer = std::move(answer);
    }
    void setHold(bool hold)
    {
        const std::lock_guard lock(m_mutex);
        m_hold = hold;
    }
    /// Answers the held requests.
    void release()
    {
        std::vector<core::net::HttpResponder> held;
        HttpResponse answer;
        {
            const std::lock_guard lock(m_mutex);
            held.swap(m_held);
            answer = m_answer;
        }
        for (auto& respond : held)
            respond(answer);
    }
    std::vector<HttpRequest> received()
    {
        const std::lock_guard lock(m_mutex);
        return m_received;
    }
    bool waitForRequests(std::size_t count)
    {
        std::unique_lock lock(m_mutex);
        return m_arrived.wait_for(lock, std::chrono::seconds(10), [&] { return m_received.size() >= count; });
    }

private:
    void onRequest(HttpRequest&& request, core::net::HttpResponder respond)
    {
        std::unique_lock lock(m_mutex);
        m_received.push_back(std::move(request));
        m_arrived.notify_all();
        if (m_hold) {
            m_held.push_back(std::move(respond));
            return;
        }
        auto answer = m_answer;
        lock.unlock();
        respond(std::move(answer));
    }

    std::mutex m_mutex;
    std::condition_variable m_arrived;
    std::vector<HttpRequest> m_received;
    std::vector<core::net::HttpResponder> m_held;
    HttpResponse m_answer;
    bool m_hold = false;
    tests::FakeHttpServer m_server;  // last: stopped first, before the state its handler uses goes
};

/// A PutObject as an SDK sends it to a virtual-hosted bucket, SigV4-signed for s3.
HttpRequest signedPutObject()
{
    HttpRequest request;
    request.method = "PUT";
    request.target = "/notes/hello%20world.txt?x-id=PutObject";
    request.headers = {
        {"Host", "my-bucket.s3.localhost.localstack.cloud:4566"},
        {"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, "
                          "Signature=abc"},
        {"X-Amz-Date", "20240101T000000Z"},
        {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"},
        {"Content-Type", "text/plain"},
        {"x-amz-meta-owner", "ada"},
        {"Expect", "100-continue"},
        {"Connection", "keep-alive, X-Hop"},
        {"X-Hop", "dropped: named by Connection"},
        {"Keep-Alive", "timeout=5"},
    };
    request.body = std::string("hello\r\nworld\0binary", 19);
    return request;
}


}  // namespace

class TestUpstream : public QObject {
    Q_OBJECT

private slots:
    void parsesUrls();
    void forwardsVerbatim();
    void keepsHeadLength();
    void passesErrorStatuses();
    void doesNotBlockTheEndpoint();
    void withoutUpstreamIsNotEmulated();
    void unreachableUpstreamIs502();
    void badUpstreamUrlFailsStart();
    void clientTimesOut();
    void clientCancels();
    void codeFromS3DoesNotBlockTheEndpoint();
};

void TestUpstream::parsesUrls()
{
    auto plain = bridge::parseHttpUrl("http://127.0.0.1:4567");
    QVERIFY(plain.ok());
    QCOMPARE(bytes(plain->host), QByteArray("127.0.0.1"));
    QCOMPARE(plain->port, std::uint16_t{4567});
    QCOMPARE(bytes(plain->target), QByteArray());
    QCOMPARE(bytes(plain->text()), QByteArray("http://127.0.0.1:4567"));

    auto withPath = bridge::parseHttpUrl("HTTP://localhost/base/?a=1#frag");
    QVERIFY(withPath.ok());
    QCOMPARE(withPath->port, std::uint16_t{80});
    QCOMPARE(bytes(withPath->target), QByteArray("/base/?a=1"));
    QCOMPARE(bytes(withPath->authority()), QByteArray("localhost"));

    auto v6 = bridge::parseHttpUrl("http://[::1]:4566/x");
    QVERIFY(v6.ok());
    QCOMPARE(bytes(v6->host), QByteArray("::1"));
    QCOMPARE(bytes(v6->authority()), QByteArray("[::1]:4566"));

    auto https = bridge::parseHttpUrl("https://localhost:4566");
    QVERIFY(!https.ok());
    QVERIFY(https.error().message.find("https is not supported") != std::string::npos);
    for (const char* bad : {"localhost:4566", "ftp://x", "http://", "http://host:0", "http://host:99999",
                            "http://host:12a", "http://user:pw@host:1", "http://[::1"}) {
        auto parsed = bridge::parseHttpUrl(bad);
        QVERIFY2(!parsed.ok(), bad);
        QCOMPARE(bytes(parsed.error().code), QByteArray("InvalidUrl"));
    }
}

void TestUpstream::forwardsVerbatim()
{
    FakeUpstream upstream;
    QVERIFY(upstream.listening());
    HttpResponse answer;
    answer.status = 200;
    answer.headers = {{"ETag", "\"5d41402abc4b2a76b9719d911017c592\""},
                      {"x-amz-request-id", "FAKE-REQUEST-1"},
                      {"x-amz-version-id", "null"},
                      {"Content-Type", "application/xml"},
                      {"Keep-Alive", "timeout=99"}};
    answer.body = "<PutObjectResult/>";
    upstream.setAnswer(answer);

    auto running = startEndpoint(upstream.url());
    QVERIFY2(running.ok(), running.ok() ? "" : running.error().message.c_str());
    const auto sent = signedPutObject();
    auto response = send(*running->endpoint, sent);
    QVERIFY2(response.ok(), response.ok() ? "" : response.error().message.c_str());

    QVERIFY(upstream.waitForRequests(1));
    const auto received = upstream.received().front();
    QCOMPARE(bytes(received.method), QByteArray("PUT"));
    QCOMPARE(bytes(received.target), QByteArray("/notes/hello%20world.txt?x-id=PutObject"));
    QCOMPARE(bytes(received.body), bytes(sent.body));
    // Every end-to-end header arrives as sent (Host and Authorization included); hop-by-hop ones and
    // Expect do not; Content-Length is the body's.
    const auto expected = sortedWithout(sent.headers, {"Connection", "Keep-Alive", "X-Hop", "Expect"});
    const auto got = sortedWithout(received.headers, {"Content-Length"});
    QCOMPARE(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        QCOMPARE(bytes(got[i].first), bytes(expected[i].first));
        QCOMPARE(bytes(got[i].second), bytes(expected[i].second));
    }
    QCOMPARE(bytes(headerOf(received.headers, "Content-Length")), bytes(std::to_string(sent.body.size())));
    QCOMPARE(bytes(headerOf(received.headers, "Host")), QByteArray("my-bucket.s3.localhost.localstack.cloud:4566"));

    QCOMPARE(response->status, 200);
    QCOMPARE(bytes(response->body), bytes(answer.body));
    for (const auto* name : {"ETag", "x-amz-request-id", "x-amz-version-id", "Content-Type"})
        QCOMPARE(bytes(headerOf(response->headers, name)), bytes(headerOf(answer.headers, name)));
    QVERIFY(!hasHeader(response->headers, "Keep-Alive"));
    QCOMPARE(bytes(headerOf(response->headers, "Content-Length")), bytes(std::to_string(answer.body.size())));
}

void TestUpstream::keepsHeadLength()
{
    FakeUpstream upstream;
    HttpResponse answer;
    answer.headers = {{"Content-Length", "1234"}, {"ETag", "\"e\""}, {"Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT"}};
    upstream.setAnswer(answer);
    auto running = startEndpoint(upstream.url());
    QVERIFY(running.ok());
    auto request = signedPutObject();
    request.method = "HEAD";
    request.body.clear();
    std::erase_if(request.headers, [](const auto& header) { return header.first == "Expect"; });
    auto response = send(*running->endpoint, request);
    QVERIFY2(response.ok(), response.ok() ? "" : response.error().message.c_str());
    QCOMPARE(response->status, 200);
    QCOMPARE(bytes(headerOf(response->headers, "Content-Length")), QByteArray("1234"));
    QCOMPARE(bytes(headerOf(response->headers, "ETag")), QByteArray("\"e\""));
    QVERIFY(response->body.empty());
    QCOMPARE(bytes(upstream.received().front().method), QByteArray("HEAD"));
}

void TestUpstream::passesErrorStatuses()
{
    FakeUpstream upstream;
    HttpResponse answer;
    answer.status = 404;
    answer.headers = {{"Content-Type", "application/xml"}};
    answer.body = "<Error><Code>NoSuchBucket</Code></Error>";
    upstream.setAnswer(answer);
    auto running = startEndpoint(upstream.url());
    QVERIFY(running.ok());
    HttpRequest request;
    request.method = "GET";
    request.target = "/missing-bucket?list-type=2";
    request.headers = {{"Host", "localhost"},
                       {"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, "
                                         "SignedHeaders=host, Signature=abc"}};
    auto response = send(*running->endpoint, request);
    QVERIFY(response.ok());
    QCOMPARE(response->status, 404);
    QCOMPARE(bytes(response->body), bytes(answer.body));
    const auto received = upstream.received().front();
    QVERIFY(!hasHeader(received.headers, "Content-Length"));  // a GET without a body gets no length
}

void TestUpstream::doesNotBlockTheEndpoint()
{
    FakeUpstream upstream;
    upstream.setHold(true);
    HttpResponse answer;
    answer.body = "late";
    upstream.setAnswer(answer);
    auto running = startEndpoint(upstream.url());
    QVERIFY(running.ok());
    auto slow = std::async(std::launch::async, [&] { return send(*running->endpoint, signedPutObject()); });
    QVERIFY(upstream.waitForRequests(1));
    // While the upstream holds the first request, the endpoint answers others.
    HttpRequest health;
    health.method = "GET";
    health.target = "/_localstack/health";
    health.headers = {{"Host", "localhost"}};
    const auto started = std::chrono::steady_clock::now();
    auto healthResponse = send(*running->endpoint, health, std::chrono::seconds(5));
    QVERIFY(healthResponse.ok());
    QCOMPARE(healthResponse->status, 200);
    QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
    const auto report = nlohmann::json::parse(healthResponse->body);
    QCOMPARE(bytes(report["services"]["s3"].get<std::string>()), QByteArray("available"));
    QCOMPARE(slow.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);
    upstream.release();
    auto late = slow.get();
    QVERIFY(late.ok());
    QCOMPARE(bytes(late->body), QByteArray("late"));
}

void TestUpstream::withoutUpstreamIsNotEmulated()
{
    auto running = startEndpoint("");
    QVERIFY(running.ok());
    auto response = send(*running->endpoint, signedPutObject());
    QVERIFY(response.ok());
    QCOMPARE(response->status, 501);
    const auto body = nlohmann::json::parse(response->body);
    QCOMPARE(bytes(body["__type"].get<std::string>()), QByteArray("ServiceNotEmulated"));
    const auto message = body["message"].get<std::string>();
    QVERIFY2(message.find("'s3'") != std::string::npos, message.c_str());
    QVERIFY2(message.find("--upstream") != std::string::npos, message.c_str());
}

void TestUpstream::unreachableUpstreamIs502()
{
    const auto url = "http://127.0.0.1:" + std::to_string(closedPort());
    auto running = startEndpoint(url);
    QVERIFY(running.ok());
    auto response = send(*running->endpoint, signedPutObject());
    QVERIFY(response.ok());
    QCOMPARE(response->status, 502);
    const auto body = nlohmann::json::parse(response->body);
    QCOMPARE(bytes(body["__type"].get<std::string>()), QByteArray("UpstreamUnavailable"));
    const auto message = body["message"].get<std::string>();
    QCOMPARE(bytes(message),
             bytes("Could not reach the upstream " + url + " for the 's3' service: connection refused"));
    QVERIFY(!headerOf(response->headers, "x-amzn-RequestId").empty());
}

void TestUpstream::badUpstreamUrlFailsStart()
{
    for (const char* bad : {"https://localhost:4566", "localhost:4566", "http://localhost:4566/?a=b"}) {
        auto running = startEndpoint(bad);
        QVERIFY2(!running.ok(), bad);
        QVERIFY2(running.error().message.starts_with("--upstream"), running.error().message.c_str());
    }
}

void TestUpstream::clientTimesOut()
{
    FakeUpstream upstream;
    upstream.setHold(true);
    bridge::HttpClientOptions options;
    options.requestTimeout = std::chrono::milliseconds(300);
    HttpRequest request;
    request.method = "GET";
    request.target = "/";
    const auto started = std::chrono::steady_clock::now();
    auto response = bridge::sendHttpRequestBlocking(*bridge::parseHttpUrl(upstream.url()), request, options);
    QVERIFY(!response.ok());
    QCOMPARE(bytes(response.error().code), QByteArray("Timeout"));
    QCOMPARE(bytes(response.error().message), QByteArray("no answer within 300 ms"));
    QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
}

void TestUpstream::clientCancels()
{
    FakeUpstream upstream;
    upstream.setHold(true);
    asio::io_context io;
    auto work = asio::make_work_guard(io);
    std::thread thread([&io] { io.run(); });
    std::promise<core::Expected<HttpResponse>> answered;
    {
        bridge::HttpClient client(io.get_executor());
        HttpRequest request;
        request.method = "GET";
        request.target = "/";
        client.send(*bridge::parseHttpUrl(upstream.url()), request,
                    [&answered](core::Expected<HttpResponse> answer) { answered.set_value(std::move(answer)); });
        QVERIFY(upstream.waitForRequests(1));
        client.cancelAll();
        auto future = answered.get_future();
        QCOMPARE(future.wait_for(std::chrono::seconds(5)), std::future_status::ready);
        auto answer = future.get();
        QVERIFY(!answer.ok());
        QCOMPARE(bytes(answer.error().code), QByteArray("Cancelled"));
    }
    work.reset();
    thread.join();
}

void TestUpstream::codeFromS3DoesNotBlockTheEndpoint()
{
    // CreateFunction with Code.S3Bucket/S3Key: the endpoint fetches the zip from the upstream. While the
    // upstream holds it back, the endpoint answers other requests; then the function is created from it.
    QTemporaryDir folder;
    std::ofstream(folder.filePath(QStringLiteral("app.py")).toStdString())
        << "def handler(event, context):\n    return {'from': 's3'}\n";
    auto zip = bridge::zipFolder(folder.path().toStdString());
    QVERIFY(zip.ok());
    FakeUpstream upstream;
    HttpResponse object;
    object.body = *zip;
    upstream.setAnswer(object);
    upstream.setHold(true);
    auto running = startEndpoint(upstream.url());
    QVERIFY(running.ok());
    HttpRequest create;
    create.method = "POST";
    create.target = "/2015-03-31/functions";
    create.headers = {{"Content-Type", "application/json"}};
    create.body = nlohmann::json{{"FunctionName", "from-s3"},
                                 {"Runtime", "python3.12"},
                                 {"Handler", "app.handler"},
                                 {"Role", "arn:aws:iam::123456789012:role/x"},
                                 {"Code", {{"S3Bucket", "code"}, {"S3Key", "fn/app.zip"}}}}
                      .dump();
    auto created = std::async(std::launch::async, [&] { return send(*running->endpoint, create); });
    QVERIFY(upstream.waitForRequests(1));
    QCOMPARE(bytes(upstream.received().front().target), QByteArray("/code/fn/app.zip"));

    HttpRequest health;
    health.method = "GET";
    health.target = "/_lambdadesk/health";
    const auto started = std::chrono::steady_clock::now();
    auto healthResponse = send(*running->endpoint, health);
    QVERIFY(healthResponse.ok());
    QCOMPARE(healthResponse->status, 200);
    QVERIFY(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
    QCOMPARE(created.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);

    upstream.release();
    auto response = created.get();
    QVERIFY(response.ok());
    QCOMPARE(response->status, 201);
    const auto function = nlohmann::json::parse(response->body);
    QCOMPARE(bytes(function["FunctionName"].get<std::string>()), QByteArray("from-s3"));
    QCOMPARE(function["CodeSize"].get<std::size_t>(), zip->size());
}

QTEST_GUILESS_MAIN(TestUpstream)
#include "tst_upstream.moc"
