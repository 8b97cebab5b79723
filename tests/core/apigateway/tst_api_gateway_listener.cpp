// SPDX-License-Identifier: MIT
// ApiGatewayListener end to end: a real Engine with Python functions behind it, and a stub invoker for the
// answers a function cannot provoke (throttles, timeouts, a stopped listener), called over plain POSIX sockets.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "apigateway/api_gateway_fixture.h"
#include "engine_fixture.h"
#include "apigateway/api_gateway_listener.h"
#include "apigateway/api_gateway_routes.h"

#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <optional>
#include <thread>

using namespace lambdadesk;
using namespace lambdadesk::core;
using namespace lambdadesk::tests::apigateway;
using json = nlohmann::json;

namespace {

/// A reply read by the blocking test client.
struct HttpReply {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string error;

    [[nodiscard]] std::string header(std::string_view name) const
    {
        const auto values = lambdadesk::tests::apigateway::headers(headers, name);
        return values.empty() ? "<none>" : values.front();
    }
    [[nodiscard]] json bodyJson() const { return json::parse(body, nullptr, false); }
};

/// One request per connection (Connection: close), so the reply ends where the stream does.
HttpReply call(std::uint16_t port, const std::string& method, const std::string& target, const std::string& body = {},
               const std::vector<std::pair<std::string, std::string>>& extraHeaders = {})
{
    HttpReply reply;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        reply.error = std::strerror(errno);
        return reply;
    }
    timeval timeout{30, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        reply.error = std::string("connect: ") + std::strerror(errno);
        ::close(fd);
        return reply;
    }
    std::string text = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                       "\r\nUser-Agent: tst_api_gateway\r\nConnection: close\r\n";
    for (const auto& [name, value] : extraHeaders)
        text += name + ": " + value + "\r\n";
    if (!body.empty() || method == "POST")
        text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    text += "\r\n" + body;
    for (std::size_t sent = 0; sent < text.size();) {
        const auto n = ::send(fd, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            reply.error = std::string("send: ") + std::strerror(errno);
            ::close(fd);
            return reply;
        }
        sent += static_cast<std::size_t>(n);
    }
    std::string received;
    char buffer[16384];
    for (;;) {
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n < 0)
            reply.error = std::string("recv: ") + std::strerror(errno);
        if (n <= 0)
            break;
        received.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    const auto headerEnd = received.find("\r\n\r\n");
    if (headerEnd == std::string::npos || received.rfind("HTTP/1.1 ", 0) != 0) {
        reply.error += " malformed reply: " + received.substr(0, 200);
        return reply;
    }
    reply.status = std::stoi(received.substr(9, 3));
    std::size_t line = received.find("\r\n") + 2;
    while (line < headerEnd) {
        const auto end = received.find("\r\n", line);
        const auto colon = received.find(':', line);
        if (colon != std::string::npos && colon < end)
            reply.headers.emplace_back(received.substr(line, colon - line),
                                       received.substr(received.find_first_not_of(' ', colon + 1),
                                                       end - received.find_first_not_of(' ', colon + 1)));
        line = end + 2;
    }
    reply.body = received.substr(headerEnd + 4);
    return reply;
}

/// An io_context run by a thread, for the listener.
struct IoThread {
    IoThread() : thread([this] { io.run(); }) {}
    ~IoThread()
    {
        work.reset();
        io.stop();
        thread.join();
    }
    boost::asio::io_context io;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work{io.get_executor()};
    std::thread thread;
};

}  // namespace

class TestApiGatewayListener : public QObject {
    Q_OBJECT

private slots:
    void endToEndWithEngine()
    {
        IoThread io;
        core::Engine engine(tests::quickOptions());
        auto restFunction = tests::python("RestEcho", "apigw");
        restFunction.timeoutSeconds = 10;
        restFunction.events = {
            apiEvent("GetItem", "Api", {{"Path", "/items/{id}"}, {"Method", "get"}}),
            apiEvent("PostItem", "Api", {{"Path", "/items"}, {"Method", "post"}}),
            apiEvent("Slow", "Api", {{"Path", "/slow"}, {"Method", "get"}, {"TimeoutInMillis", 300}}),
        };
        auto httpFunction = tests::python("HttpEcho", "apigw");
        httpFunction.timeoutSeconds = 10;
        httpFunction.events = {
            apiEvent("GetOrder", "HttpApi", {{"Path", "/orders/{id}"}, {"Method", "GET"}}),
            apiEvent("PostOrder", "HttpApi", {{"Path", "/orders"}, {"Method", "POST"}}),
            apiEvent("Slow", "HttpApi", {{"Path", "/slow2"}, {"Method", "GET"}, {"TimeoutInMillis", 300}}),
        };
        engine.putFunction(restFunction);
        engine.putFunction(httpFunction);

        ApiGatewayListenerOptions options;
        options.port = 0;
        std::vector<Error> problems;
        auto started = ApiGatewayListener::start(io.io.get_executor(), engine, options, &problems);
        QVERIFY2(started.ok(), started.ok() ? "" : started.error().message.c_str());
        QVERIFY(problems.empty());
        auto& listener = *started;
        const auto port = listener->port();
        QVERIFY(port != 0);

        // Api (REST, payload 1.0): GET with path and query parameters.
        const auto get = call(port, "GET", "/items/42?verbose=true&tag=a&tag=b");
        QVERIFY2(get.error.empty(), get.error.c_str());
        QCOMPARE(get.status, 200);
        QCOMPARE(get.header("X-Echo"), std::string("yes"));
        QCOMPARE(headers(get.headers, "X-Multi"), (std::vector<std::string>{"a", "b"}));
        QCOMPARE(get.header("Content-Type"), std::string("application/json"));
        QVERIFY(get.header("x-amzn-RequestId") != "<none>");
        const auto getEvent = get.bodyJson();
        QCOMPARE(getEvent["resource"], json("/items/{id}"));
        QCOMPARE(getEvent["path"], json("/items/42"));
        QCOMPARE(getEvent["pathParameters"]["id"], json("42"));
        QCOMPARE(getEvent["queryStringParameters"]["verbose"], json("true"));
        QCOMPARE(getEvent["multiValueQueryStringParameters"]["tag"], json({"a", "b"}));
        QCOMPARE(getEvent["requestContext"]["stage"], json("Prod"));
        QCOMPARE(getEvent["requestContext"]["requestId"], json(get.header("x-amzn-RequestId")));
        QCOMPARE(getEvent["headers"]["User-Agent"], json("tst_api_gateway"));

        // POST with a JSON body.
        const auto post = call(port, "POST", "/items", R"({"name":"widget"})", {{"Content-Type", "application/json"}});
        QCOMPARE(post.status, 200);
        const auto postEvent = post.bodyJson();
        QCOMPARE(postEvent["httpMethod"], json("POST"));
        QCOMPARE(postEvent["body"], json(R"({"name":"widget"})"));
        QCOMPARE(postEvent["isBase64Encoded"], json(false));
        QVERIFY(postEvent["pathParameters"].is_null());

        // Status chosen by the function, a binary body, and API Gateway's own answers.
        QCOMPARE(call(port, "GET", "/items/1?status=418").status, 418);
        const auto binary = call(port, "GET", "/items/1?mode=binary");
        QCOMPARE(binary.status, 200);
        QCOMPARE(binary.header("Content-Type"), std::string("application/octet-stream"));
        QCOMPARE(binary.body, allBytes());
        const auto failed = call(port, "GET", "/items/1?mode=error");
        QCOMPARE(failed.status, 502);
        QCOMPARE(failed.body, std::string(R"({"message": "Internal server error"})"));
        QCOMPARE(call(port, "GET", "/items/1?mode=malformed").status, 502);
        const auto slow = call(port, "GET", "/slow?mode=sleep&ms=1500");
        QCOMPARE(slow.status, 504);
        QCOMPARE(slow.body, std::string(R"({"message": "Endpoint request timed out"})"));

        // HttpApi (payload 2.0).
        const auto order = call(port, "GET", "/orders/7?x=1&x=2", {}, {{"Cookie", "s=1; t=2"}});
        QCOMPARE(order.status, 200);
        QCOMPARE(headers(order.headers, "Set-Cookie"), (std::vector<std::string>{"session=abc; Path=/", "theme=dark"}));
        QVERIFY(order.header("Apigw-Requestid") != "<none>");
        const auto orderEvent = order.bodyJson();
        QCOMPARE(orderEvent["version"], json("2.0"));
        QCOMPARE(orderEvent["routeKey"], json("GET /orders/{id}"));
        QCOMPARE(orderEvent["rawPath"], json("/orders/7"));
        QCOMPARE(orderEvent["rawQueryString"], json("x=1&x=2"));
        QCOMPARE(orderEvent["queryStringParameters"]["x"], json("1,2"));
        QCOMPARE(orderEvent["pathParameters"]["id"], json("7"));
        QCOMPARE(orderEvent["cookies"], json({"s=1", "t=2"}));
        QCOMPARE(orderEvent["headers"]["user-agent"], json("tst_api_gateway"));
        QCOMPARE(orderEvent["requestContext"]["http"]["method"], json("GET"));
        QCOMPARE(orderEvent["requestContext"]["stage"], json("$default"));

        const auto created =
            call(port, "POST", "/orders", R"({"item":"book"})", {{"Content-Type", "application/json"}});
        QCOMPARE(created.status, 200);
        QCOMPARE(created.bodyJson()["body"], json(R"({"item":"book"})"));
        QCOMPARE(created.bodyJson()["requestContext"]["http"]["method"], json("POST"));

        const auto bare = call(port, "GET", "/orders/7?mode=bare");
        QCOMPARE(bare.status, 200);
        QCOMPARE(bare.header("Content-Type"), std::string("application/json"));
        QCOMPARE(bare.bodyJson(), json({{"echo", "/orders/7"}, {"ok", true}}));
        const auto httpFailed = call(port, "GET", "/orders/7?mode=error");
        QCOMPARE(httpFailed.status, 500);
        QCOMPARE(httpFailed.body, std::string(R"({"message":"Internal Server Error"})"));
        QCOMPARE(call(port, "GET", "/slow2?mode=sleep&ms=1500").status, 503);

        // No route: the HTTP API's 404, since this API has HttpApi routes.
        const auto missing = call(port, "GET", "/nowhere");
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.body, std::string(R"({"message":"Not Found"})"));

        // A taken port is an error that names it.
        ApiGatewayListenerOptions same;
        same.port = port;
        const auto second = ApiGatewayListener::start(
            io.io.get_executor(), ApiGatewayRoutes{}, [](InvokeRequest, InvokeCallback) {}, same);
        QVERIFY(!second.ok());
        QVERIFY2(second.error().message.find(std::to_string(port)) != std::string::npos,
                 second.error().message.c_str());

        listener.reset();
        engine.shutdown();
    }

    void listenerWithStubInvoker()
    {
        // No function processes here: they inherit listening sockets today (Asio opens them without
        // FD_CLOEXEC and the launcher's posix_spawn keeps them), so only here is a closed port closed.
        IoThread io;
        ApiGatewayRoutes routes;
        QVERIFY(routes.add(route(ApiKind::Rest, "Ok", "POST", "/ok")).ok());
        QVERIFY(routes.add(route(ApiKind::Rest, "Throttled", "GET", "/throttled")).ok());
        auto hang = route(ApiKind::Rest, "Hang", "GET", "/hang");
        hang.timeout = std::chrono::milliseconds(100);
        QVERIFY(routes.add(hang).ok());
        std::atomic<int> invocations{0};
        ApiInvoker invoker = [&](InvokeRequest request, InvokeCallback done) {
            ++invocations;
            InvokeResult result;
            if (request.function == "Hang")
                return; // never answers: the integration timeout has to
            if (request.function == "Throttled")
                result.status = InvokeStatus::Throttled;
            const auto event = json::parse(request.payload);
            result.payload = json({{"statusCode", 201}, {"body", event["body"]}}).dump();
            std::thread([done = std::move(done), result = std::move(result)]() mutable {
                done(std::move(result));
            }).detach();
        };
        ApiGatewayListenerOptions options;
        options.port = 0;
        options.bodyLimit = 64;
        auto listener = ApiGatewayListener::start(io.io.get_executor(), std::move(routes), invoker, options);
        QVERIFY(listener.ok());
        const auto port = (*listener)->port();

        const auto ok = call(port, "POST", "/ok", "small");
        QCOMPARE(ok.status, 201);
        QCOMPARE(ok.body, std::string("small"));
        QCOMPARE(call(port, "GET", "/throttled").status, 500);
        const auto timedOut = call(port, "GET", "/hang");
        QCOMPARE(timedOut.status, 504);
        const auto missing = call(port, "GET", "/nowhere");
        QCOMPARE(missing.status, 403); // REST only: Missing Authentication Token
        QCOMPARE(missing.header("x-amzn-ErrorType"), std::string("MissingAuthenticationTokenException"));
        QCOMPARE(call(port, "POST", "/ok", std::string(1000, 'x')).status, 413);
        QCOMPARE(invocations.load(), 3);

        (*listener)->stop();
        const auto afterStop = call(port, "GET", "/throttled");
        QCOMPARE(afterStop.status, 0);
        QVERIFY2(afterStop.error.find("connect") != std::string::npos, afterStop.error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestApiGatewayListener)
#include "tst_api_gateway_listener.moc"
