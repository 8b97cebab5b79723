// SPDX-License-Identifier: MIT
// core/net's HTTP server on 127.0.0.1 and an ephemeral port, driven over raw sockets so the bytes on the wire are
// the test's: the request as the handler sees it (method, target, path, headers without regard to case, body whole
// or chunked), keep-alive, pipelining and Connection: close, statuses and headers as the handler answers them (404,
// 405 with Allow), answers given later from another thread, an answer held back for a pipelined request's (the
// Runtime API's 202), a malformed request answered 400 (431 for a huge header), the body limit, Expect: 100-continue,
// the read timeout, a streamed exchange, and stop(), which closes connections.
// Also its helpers: percent decoding and a request's announced body length.
#include "net/http_server.h"
#include "net/http_stream.h"
#include "net/percent_decoding.h"
#include "raw_socket.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <QtTest>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace lambdadesk;
using namespace lambdadesk::core;
using namespace std::chrono_literals;
using lambdadesk::tests::RawConnection;

namespace {

/// An HttpServer on its own io_context thread, recording what its handler saw. Stopped on its executor.
class Server {
public:
    explicit Server(net::HttpHandler handler = {}, const net::HttpServerOptions& options = {},
                    net::HttpStreaming streaming = {})
    {
        if (!handler) {
            handler = [this](net::HttpRequest&& request, net::HttpResponder respond) {
                record(request);
                respond(net::HttpResponse::json(200, R"({"ok":true})"));
            };
        }
        auto started = net::HttpServer::start(m_io.get_executor(), options, std::move(handler), std::move(streaming));
        if (!started)
            m_error = started.error();
        else
            m_server = std::move(*started);
        m_thread = std::thread([this] { m_io.run(); });
    }
    ~Server()
    {
        stop();
        m_work.reset();
        m_io.stop();
        m_thread.join();
    }

    [[nodiscard]] bool ok() const { return m_server != nullptr; }
    [[nodiscard]] const std::optional<Error>& error() const { return m_error; }
    [[nodiscard]] std::uint16_t port() const { return m_server->port(); }
    RawConnection connect() { return RawConnection::to(m_client, port()); }

    /// Runs stop() on the server's executor and waits for it.
    void stop()
    {
        if (!m_server)
            return;
        std::promise<void> stopped;
        boost::asio::post(m_io, [&] {
            m_server->stop();
            stopped.set_value();
        });
        stopped.get_future().wait();
        m_server.reset();
    }

    void record(const net::HttpRequest& request)
    {
        const std::lock_guard lock(m_mutex);
        m_requests.push_back(request);
    }
    std::vector<net::HttpRequest> requests()
    {
        const std::lock_guard lock(m_mutex);
        return m_requests;
    }

private:
    boost::asio::io_context m_io;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work{m_io.get_executor()};
    boost::asio::io_context m_client;
    std::unique_ptr<net::HttpServer> m_server;
    std::optional<Error> m_error;
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<net::HttpRequest> m_requests;
};

/// Reads one whole answer (header and Content-Length body) off `connection`; consumes it from received().
std::string readAnswer(RawConnection& connection)
{
    if (!connection.readUntil("\r\n\r\n"))
        return {};
    auto& received = connection.received();
    const auto headerEnd = received.find("\r\n\r\n") + 4;
    std::size_t length = 0;
    const auto lower = [](std::string text) {
        for (auto& c : text)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return text;
    };
    const auto head = lower(received.substr(0, headerEnd));
    if (const auto at = head.find("content-length: "); at != std::string::npos)
        length = std::stoul(head.substr(at + 16));
    if (!connection.readAtLeast(headerEnd + length))
        return {};
    auto answer = received.substr(0, headerEnd + length);
    received.erase(0, headerEnd + length);
    return answer;
}

bool startsWith(const std::string& text, std::string_view prefix)
{
    return text.rfind(prefix, 0) == 0;
}

}  // namespace

class TestHttpServer : public QObject {
    Q_OBJECT

private slots:
    void handsTheHandlerTheRequestAsSent()
    {
        Server server;
        QVERIFY(server.ok());
        QVERIFY(server.port() != 0);  // an ephemeral port was chosen
        auto client = server.connect();
        QVERIFY(client.connected());
        QVERIFY(client.send("POST /2015-03-31/functions/my%3Afn/invocations?Qualifier=%24LATEST&x=1 HTTP/1.1\r\n"
                            "Host: 127.0.0.1\r\n"
                            "X-Amz-Invocation-Type: Event\r\n"
                            "content-type: application/json\r\n"
                            "Content-Length: 13\r\n\r\n"
                            "{\"key\":\"val\"}"));
        const auto answer = readAnswer(client);
        QVERIFY2(startsWith(answer, "HTTP/1.1 200 OK\r\n"), answer.c_str());
        QVERIFY(answer.find("\r\n\r\n{\"ok\":true}") != std::string::npos);
        QVERIFY(answer.find("Content-Length: 11\r\n") != std::string::npos);

        const auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t(1));
        const auto& request = requests.front();
        QCOMPARE(request.method, std::string("POST"));
        QCOMPARE(request.target, std::string("/2015-03-31/functions/my%3Afn/invocations?Qualifier=%24LATEST&x=1"));
        QCOMPARE(std::string(request.path()), std::string("/2015-03-31/functions/my%3Afn/invocations"));
        QCOMPARE(std::string(request.header("x-amz-invocation-type")), std::string("Event"));
        QCOMPARE(std::string(request.header("Content-Type")), std::string("application/json"));
        QCOMPARE(std::string(request.header("X-Missing")), std::string());
        QCOMPARE(request.body, std::string("{\"key\":\"val\"}"));
        QVERIFY(!request.bodyTooLarge);
        QVERIFY(!request.bodyStreamed);
    }

    void aChunkedBodyArrivesWhole()
    {
        Server server;
        auto client = server.connect();
        QVERIFY(client.send("PUT /object HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));
        QVERIFY(startsWith(readAnswer(client), "HTTP/1.1 200"));
        QCOMPARE(server.requests().front().body, std::string("hello world"));
    }

    void keepAliveServesSeveralRequestsOnOneConnection()
    {
        Server server;
        auto client = server.connect();
        for (int i = 0; i < 3; ++i) {
            QVERIFY(client.send("GET /ping/" + std::to_string(i) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
            const auto answer = readAnswer(client);
            QVERIFY2(startsWith(answer, "HTTP/1.1 200"), answer.c_str());
            QVERIFY(answer.find("Connection: close") == std::string::npos);
        }
        QVERIFY(!client.closedByPeer());
        // Connection: close is honoured: answered, then closed.
        QVERIFY(client.send("GET /last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        const auto last = readAnswer(client);
        QVERIFY2(startsWith(last, "HTTP/1.1 200"), last.c_str());
        QVERIFY(last.find("Connection: close") != std::string::npos);
        QVERIFY(client.readToClose(5s));
        const auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t(4));
        QCOMPARE(requests[2].target, std::string("/ping/2"));

        // HTTP/1.0 closes after one answer unless it asks for keep-alive.
        auto old = server.connect();
        QVERIFY(old.send("GET /old HTTP/1.0\r\n\r\n"));
        QVERIFY(old.readToClose(5s));
        QVERIFY(startsWith(old.received(), "HTTP/1.1 200"));
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        // Two requests in one write, as the runtime loops send POST /response and GET /next: both are read from
        // the session's buffer and answered in order, with a read timeout (which waits for the socket before a
        // request's first byte, where this second request never arrives) and without one (the Runtime API).
        for (const auto timeout : {std::chrono::milliseconds(30000), std::chrono::milliseconds(0)}) {
            net::HttpServerOptions options;
            options.requestReadTimeout = timeout;
            Server server({}, options);
            auto client = server.connect();
            QVERIFY(client.send("POST /first HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                                "GET /second HTTP/1.1\r\nHost: x\r\n\r\n"));
            const auto first = readAnswer(client);
            QVERIFY2(startsWith(first, "HTTP/1.1 200"), first.c_str());
            const auto second = readAnswer(client);
            QVERIFY2(startsWith(second, "HTTP/1.1 200"), "the pipelined request got no answer");
            const auto requests = server.requests();
            QCOMPARE(requests.size(), std::size_t(2));
            QCOMPARE(requests[0].target, std::string("/first"));
            QCOMPARE(requests[0].body, std::string("hello"));
            QCOMPARE(requests[1].target, std::string("/second"));
            // The connection stays usable afterwards.
            QVERIFY(client.send("GET /third HTTP/1.1\r\nHost: x\r\n\r\n"));
            QVERIFY(startsWith(readAnswer(client), "HTTP/1.1 200"));
        }
    }

    void theHandlersStatusesAndHeadersGoOutAsAnswered()
    {
        // A router's answers: 404 for a path it does not serve, 405 with Allow for a method it does not take.
        Server server([&server](net::HttpRequest&& request, net::HttpResponder respond) {
            server.record(request);
            if (request.path() != "/items")
                return respond(net::HttpResponse::json(404, R"({"message":"no such path"})"));
            if (request.method != "GET") {
                auto response = net::HttpResponse::json(405, R"({"message":"GET only"})");
                response.headers.emplace_back("Allow", "GET");
                return respond(std::move(response));
            }
            respond(net::HttpResponse::json(200, "[]"));
        });
        auto client = server.connect();
        QVERIFY(client.send("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n"));
        const auto missing = readAnswer(client);
        QVERIFY2(startsWith(missing, "HTTP/1.1 404 Not Found\r\n"), missing.c_str());
        QVERIFY(missing.find("{\"message\":\"no such path\"}") != std::string::npos);
        QVERIFY(client.send("DELETE /items HTTP/1.1\r\nHost: x\r\n\r\n"));
        const auto refused = readAnswer(client);
        QVERIFY2(startsWith(refused, "HTTP/1.1 405 Method Not Allowed\r\n"), refused.c_str());
        QVERIFY(refused.find("Allow: GET\r\n") != std::string::npos);
        QVERIFY(refused.find("Content-Type: application/json") != std::string::npos);
        // Neither closed the connection.
        QVERIFY(client.send("GET /items HTTP/1.1\r\nHost: x\r\n\r\n"));
        QVERIFY(startsWith(readAnswer(client), "HTTP/1.1 200"));
    }

    void anAnswerMayComeLaterFromAnotherThread()
    {
        std::vector<std::thread> answerers;
        std::mutex mutex;
        Server server([&](net::HttpRequest&&, net::HttpResponder respond) {
            const std::lock_guard lock(mutex);
            answerers.emplace_back([respond = std::move(respond)] {
                std::this_thread::sleep_for(100ms);  // a long poll's wait, on a thread of its own
                respond(net::HttpResponse::json(200, R"({"late":true})"));
            });
        });
        auto first = server.connect();
        auto second = server.connect();
        QVERIFY(first.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n"));
        QVERIFY(second.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n"));
        // The executor is not held while a handler's answer is pending: both wait at once.
        QVERIFY(readAnswer(first).find("{\"late\":true}") != std::string::npos);
        QVERIFY(readAnswer(second).find("{\"late\":true}") != std::string::npos);
        for (auto& thread : answerers)
            thread.join();
    }

    void anAnswerThatMayWaitGoesOutWithTheNextOneOnlyWhenThatWasPipelined()
    {
        // The Runtime API's 202 to a loop that sent POST /response and GET /next in one write waits for the next
        // event; a client that did not pipeline (or sent only a stray CRLF after its body) gets it at once.
        std::mutex mutex;
        std::optional<net::HttpResponder> parked;
        Server server([&](net::HttpRequest&& request, net::HttpResponder respond) {
            if (request.method == "GET") {
                const std::lock_guard lock(mutex);
                parked = std::move(respond);  // a long poll: answered below, from the test's thread
                return;
            }
            auto accepted = net::HttpResponse::json(202, R"({"status":"OK"})");
            accepted.mayWaitForNext = true;
            respond(std::move(accepted));
        });
        const auto hasParked = [&] {
            const std::lock_guard lock(mutex);
            return parked.has_value();
        };

        auto pipelined = server.connect();
        QVERIFY(pipelined.send("POST /answer HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
                               "GET /next HTTP/1.1\r\nHost: x\r\n\r\n"));
        QTRY_VERIFY_WITH_TIMEOUT(hasParked(), 5000);
        // Nothing on the wire while the next request waits: the 202 is held for it.
        QVERIFY2(!pipelined.readAtLeast(1, 300ms), pipelined.received().c_str());
        net::HttpResponder respond;
        {
            const std::lock_guard lock(mutex);
            respond = std::move(*parked);
            parked.reset();
        }
        respond(net::HttpResponse::json(200, R"({"event":1})"));
        const auto accepted = readAnswer(pipelined);
        QVERIFY2(startsWith(accepted, "HTTP/1.1 202"), accepted.c_str());
        const auto event = readAnswer(pipelined);
        QVERIFY2(startsWith(event, "HTTP/1.1 200") && event.find(R"({"event":1})") != std::string::npos, event.c_str());

        // Not pipelined, or only a stray CRLF after the body: the client may be waiting for the answer to go on.
        for (const std::string& after : {std::string(), std::string("\r\n")}) {
            auto client = server.connect();
            QVERIFY(client.send("POST /answer HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}" + after));
            QVERIFY(client.readUntil("\r\n\r\n", 5s));
            QVERIFY2(startsWith(client.received(), "HTTP/1.1 202"), client.received().c_str());
        }
    }

    void aMalformedRequestGets400AndTheConnectionCloses()
    {
        Server server;
        for (const std::string& garbage : {std::string("this is not http\r\n\r\n"),
                                           std::string("GET / HTTP/9\r\n\r\n"),
                                           std::string("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n"),
                                           std::string("GET / HTTP/1.1\r\nNo colon here\r\n\r\n")}) {
            auto client = server.connect();
            QVERIFY(client.send(garbage));
            QVERIFY2(client.readToClose(5s), garbage.c_str());
            QVERIFY2(startsWith(client.received(), "HTTP/1.1 400 Bad Request\r\n"),
                     (garbage + " → " + client.received()).c_str());
            QVERIFY(client.received().find("malformed HTTP request") != std::string::npos);
        }
        QVERIFY(server.requests().empty());  // the handler never saw them

        // A header past the server's 64 KiB limit is 431.
        auto huge = server.connect();
        QVERIFY(huge.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(70 * 1024, 'a') + "\r\n\r\n"));
        QVERIFY(huge.readToClose(5s));
        QVERIFY2(startsWith(huge.received(), "HTTP/1.1 431"), huge.received().substr(0, 100).c_str());

        // The server goes on serving.
        auto fine = server.connect();
        QVERIFY(fine.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        QVERIFY(startsWith(readAnswer(fine), "HTTP/1.1 200"));
    }

    void aClientThatLeavesMidRequestGetsNoAnswer()
    {
        Server server;
        auto client = server.connect();
        QVERIFY(client.send("GET / HTTP/1.1\r\nHo"));
        client.close();
        // Nothing to assert on the closed socket: the server must neither crash nor call the handler.
        auto next = server.connect();
        QVERIFY(next.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        QVERIFY(startsWith(readAnswer(next), "HTTP/1.1 200"));
        QCOMPARE(server.requests().size(), std::size_t(1));
    }

    void aBodyOverTheLimitReachesTheHandlerFlagged()
    {
        net::HttpServerOptions options;
        options.bodyLimit = 16;
        Server server(
            [&server](net::HttpRequest&& request, net::HttpResponder respond) {
                server.record(request);
                respond(net::HttpResponse::json(request.bodyTooLarge ? 413 : 200, "{}"));
            },
            options);
        // Announced too large: answered at once, without reading the body, and closed.
        auto announced = server.connect();
        QVERIFY(announced.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x')));
        QVERIFY(announced.readToClose(5s));
        QVERIFY2(startsWith(announced.received(), "HTTP/1.1 413"), announced.received().c_str());
        // Chunked past the limit: counted as it comes.
        auto chunked = server.connect();
        QVERIFY(chunked.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "10\r\n0123456789abcdef\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n"));
        QVERIFY(chunked.readToClose(5s));
        QVERIFY(startsWith(chunked.received(), "HTTP/1.1 413"));
        // At the limit is fine.
        auto fits = server.connect();
        QVERIFY(fits.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 16\r\n\r\n" + std::string(16, 'y')));
        QVERIFY(startsWith(readAnswer(fits), "HTTP/1.1 200"));

        const auto requests = server.requests();
        QCOMPARE(requests.size(), std::size_t(3));
        QVERIFY(requests[0].bodyTooLarge && requests[0].body.empty());
        QVERIFY(requests[1].bodyTooLarge);
        QVERIFY(!requests[2].bodyTooLarge);
        QCOMPARE(requests[2].body, std::string(16, 'y'));
    }

    void expectContinueIsAnsweredBeforeTheBody()
    {
        Server server;
        auto client = server.connect();
        QVERIFY(client.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"));
        QVERIFY(client.readUntil("HTTP/1.1 100 Continue\r\n\r\n"));
        client.received().clear();
        QVERIFY(client.send("data"));
        QVERIFY(startsWith(readAnswer(client), "HTTP/1.1 200"));
        QCOMPARE(server.requests().front().body, std::string("data"));
    }

    void aRequestThatStallsIsCutOffAfterTheReadTimeout()
    {
        net::HttpServerOptions options;
        options.requestReadTimeout = 200ms;
        Server server({}, options);
        // An idle keep-alive connection is fine: the timeout starts with a request's first byte.
        auto idle = server.connect();
        QTest::qWait(400);
        QVERIFY(idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        QVERIFY(startsWith(readAnswer(idle), "HTTP/1.1 200"));
        // Half a header, then nothing: closed without an answer.
        auto stalled = server.connect();
        QVERIFY(stalled.send("GET / HTTP/1.1\r\nHost: x\r\n"));
        const auto before = std::chrono::steady_clock::now();
        QVERIFY(stalled.readToClose(5s));
        QVERIFY(std::chrono::steady_clock::now() - before < 3s);
        QVERIFY(stalled.received().empty());
    }

    void aStreamedRequestPassesItsBodyThroughPieceByPiece()
    {
        // The handler reads the body as it arrives, then answers through the sink: the pieces are the test's.
        std::mutex mutex;
        std::vector<std::string> pieces;
        net::HttpStreaming streaming;
        streaming.wants = [](const net::HttpRequest& head) { return head.path() == "/stream"; };
        streaming.handle = [&](net::HttpRequest&& head, std::shared_ptr<net::HttpBodySource> body,
                               std::shared_ptr<net::HttpResponseSink> answer) {
            QVERIFY(head.body.empty());
            auto received = std::make_shared<std::string>();
            auto pump = std::make_shared<std::function<void()>>();
            *pump = [&, body, answer, received, pump] {
                body->read([&, answer, received, pump](Expected<net::BodyPiece> piece) {
                    if (!piece)
                        return answer->abort();
                    {
                        const std::lock_guard lock(mutex);
                        pieces.push_back(piece->data);
                    }
                    *received += piece->data;
                    if (!piece->last)
                        return (*pump)();
                    net::HttpResponseSink::respond(answer, net::HttpResponse::json(200, '"' + *received + '"'));
                    *pump = nullptr;  // ends the cycle of the pump holding itself
                });
            };
            (*pump)();
        };
        Server server({}, {}, streaming);
        auto client = server.connect();
        QVERIFY(client.send("POST /stream HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nfirst"));
        QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                     const std::lock_guard lock(mutex);
                                     return !pieces.empty();
                                 }()),
                                 5000);
        QVERIFY(client.send("-last"));
        const auto answer = readAnswer(client);
        QVERIFY2(startsWith(answer, "HTTP/1.1 200"), answer.c_str());
        QVERIFY(answer.find("\r\n\r\n\"first-last\"") != std::string::npos);
        {
            const std::lock_guard lock(mutex);
            QVERIFY2(pieces.size() >= 2, "the body arrived in one piece");
            QCOMPARE(pieces.front(), std::string("first"));
        }
        QVERIFY(server.requests().empty());  // not the ordinary handler's
        // Read to its end before the answer, the connection then serves an ordinary request.
        QVERIFY(client.send("GET /plain HTTP/1.1\r\nHost: x\r\n\r\n"));
        QVERIFY(startsWith(readAnswer(client), "HTTP/1.1 200"));
        QCOMPARE(server.requests().size(), std::size_t(1));
    }

    void stopClosesConnectionsAndThePort()
    {
        Server server;
        const auto port = server.port();
        auto client = server.connect();
        QVERIFY(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        QVERIFY(startsWith(readAnswer(client), "HTTP/1.1 200"));
        server.stop();
        QVERIFY(client.readToClose(5s));  // the idle keep-alive connection is closed
        boost::asio::io_context io;
        boost::asio::ip::tcp::socket late(io);
        boost::system::error_code refused;
        late.connect({boost::asio::ip::make_address("127.0.0.1"), port}, refused);
        QVERIFY2(refused == boost::asio::error::connection_refused, refused.message().c_str());  // nobody listens
    }

    void aTakenPortOrABadAddressIsAnError()
    {
        Server first;
        QVERIFY(first.ok());
        net::HttpServerOptions same;
        same.port = first.port();
        Server second({}, same);
        QVERIFY(!second.ok());
        QCOMPARE(second.error()->code, std::string("AddressInUse"));
        QVERIFY(second.error()->message.find(std::to_string(first.port())) != std::string::npos);

        net::HttpServerOptions bad;
        bad.bindAddress = "localhost:80";
        Server third({}, bad);
        QVERIFY(!third.ok());
        QCOMPARE(third.error()->code, std::string("InvalidAddress"));
        QVERIFY(third.error()->message.find("127.0.0.1") != std::string::npos);  // says what is accepted
        QCOMPARE(net::HttpServerOptions().bindAddress, std::string("127.0.0.1"));  // loopback unless told
    }

    void percentDecoding()
    {
        QCOMPARE(net::percentDecode("my%3Afn%2Fv1"), std::string("my:fn/v1"));
        QCOMPARE(net::percentDecode("a+b"), std::string("a+b"));  // paths keep '+'
        QCOMPARE(net::percentDecode("a+b%20c", true), std::string("a b c"));  // forms and queries
        QCOMPARE(net::percentDecode("100%"), std::string("100%"));  // bad escapes are kept as they are
        QCOMPARE(net::percentDecode("%zz%4"), std::string("%zz%4"));
        QCOMPARE(net::percentDecode("%e2%82%ac"), std::string("\xe2\x82\xac"));
    }

    void announcedBodyLengths()
    {
        net::HttpRequest request;
        QVERIFY(!net::announcedContentLength(request));
        request.headers = {{"content-length", "42"}};
        QCOMPARE(net::announcedContentLength(request).value_or(0), std::uint64_t(42));
        request.headers = {{"Content-Length", "42"}, {"Transfer-Encoding", "gzip, chunked"}};
        QVERIFY(!net::announcedContentLength(request));  // chunked wins
        QVERIFY(net::isChunked("chunked"));
        QVERIFY(net::isChunked("gzip, Chunked"));
        QVERIFY(!net::isChunked("chunked, gzip"));
        QVERIFY(!net::isChunked(""));
        QVERIFY(net::equalsIgnoreCase("X-Amz-Target", "x-amz-target"));
        QVERIFY(!net::equalsIgnoreCase("X-Amz-Target", "x-amz-targets"));
    }
};

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_http_server.moc"
