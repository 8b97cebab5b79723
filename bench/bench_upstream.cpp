// SPDX-License-Identifier: MIT
// bench_upstream: large bodies through the endpoint's upstream proxy (--upstream), streamed both ways.
// An S3-signed PUT of --mib MiB and a GET of the same size go to a local sink upstream once directly and
// once through the endpoint; the table shows throughput next to the direct transfer (the baseline) and how
// far this process's peak resident memory rose during the proxied transfers — a buffering proxy would add
// the whole body.
#include "bench_stats.h"
#include "fake_http_server.h"

#include <endpoint/endpoint.h>
#include <engine.h>
#include <net/http_server.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <nlohmann/json.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

using namespace lambdadesk;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kMiB = 1024 * 1024;

long peakResidentKb()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

/// The streamed handling of an upstream that takes every request: a PUT's body is read and dropped, a GET is
/// answered with `size` bytes sent piece by piece. Runs in a FakeHttpServer, on its thread.
class Sink {
public:
    explicit Sink(std::size_t size) : m_size(size) {}

    [[nodiscard]] core::net::HttpStreaming streaming()
    {
        core::net::HttpStreaming streaming;
        streaming.wants = [](const core::net::HttpRequest&) { return true; };
        streaming.handle = [this](core::net::HttpRequest&& head, std::shared_ptr<core::net::HttpBodySource> body,
                                  std::shared_ptr<core::net::HttpResponseSink> answer) {
            if (head.method == "GET")
                answer->begin(200, {}, m_size, [this, answer](bool ok) {
                    if (ok)
                        sendFrom(0, answer);
                });
            else
                drain(std::move(body), std::move(answer), 0);
        };
        return streaming;
    }

private:
    void drain(std::shared_ptr<core::net::HttpBodySource> body, std::shared_ptr<core::net::HttpResponseSink> answer,
               std::size_t received)
    {
        auto* source = body.get();
        source->read([this, body = std::move(body), answer, received](core::Expected<core::net::BodyPiece> piece) mutable {
            if (!piece)
                return answer->abort();
            received += piece->data.size();
            if (!piece->last)
                return drain(std::move(body), std::move(answer), received);
            core::net::HttpResponseSink::respond(answer, core::net::HttpResponse::json(200, std::to_string(received)));
        });
    }
    void sendFrom(std::size_t sent, const std::shared_ptr<core::net::HttpResponseSink>& answer)
    {
        if (sent >= m_size)
            return answer->end([](bool) {});
        const auto piece = std::min<std::size_t>(64 * 1024, m_size - sent);
        answer->write(std::string(piece, 'x'), [this, sent, piece, answer](bool ok) {
            if (ok)
                sendFrom(sent + piece, answer);
        });
    }

    std::size_t m_size;
};

const char* kS3Auth = "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/s3/aws4_request, "
                      "SignedHeaders=host, Signature=abc\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\n";

/// Reads one answer's header and its Content-Length body; returns the body's size.
std::size_t readAnswer(tcp::socket& socket)
{
    asio::streambuf buffer;
    asio::read_until(socket, buffer, "\r\n\r\n");
    const std::string head(asio::buffers_begin(buffer.data()), asio::buffers_end(buffer.data()));
    const auto headEnd = head.find("\r\n\r\n") + 4;
    const auto lengthAt = head.find("Content-Length: ");
    const std::size_t length = lengthAt == std::string::npos ? 0 : std::stoull(head.substr(lengthAt + 16));
    std::size_t have = head.size() - headEnd;
    buffer.consume(buffer.size());
    std::vector<char> piece(256 * 1024);
    while (have < length)
        have += socket.read_some(asio::buffer(piece.data(), std::min(piece.size(), length - have)));
    return length;
}

/// Seconds to PUT `size` bytes to 127.0.0.1:port and have the answer.
double upload(std::uint16_t port, std::size_t size)
{
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    const auto started = Clock::now();
    const std::string head = "PUT /bucket/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n" + std::string(kS3Auth) +
                             "Content-Length: " + std::to_string(size) + "\r\n\r\n";
    asio::write(socket, asio::buffer(head));
    const std::string chunk(kMiB, 'y');
    for (std::size_t sent = 0; sent < size; sent += kMiB)
        asio::write(socket, asio::buffer(chunk.data(), std::min(kMiB, size - sent)));
    readAnswer(socket);
    return std::chrono::duration<double>(Clock::now() - started).count();
}

/// Seconds to GET `size` bytes from 127.0.0.1:port.
double download(std::uint16_t port, std::size_t size)
{
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    const auto started = Clock::now();
    const std::string head = "GET /bucket/big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n" + std::string(kS3Auth) + "\r\n";
    asio::write(socket, asio::buffer(head));
    if (readAnswer(socket) != size)
        std::fprintf(stderr, "bench_upstream: short download\n");
    return std::chrono::duration<double>(Clock::now() - started).count();
}

}  // namespace

int main(int argc, char** argv)
{
    std::size_t mib = 256;
    std::string jsonPath = "bench_upstream.json";
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--mib") == 0 && i + 1 < argc)
            mib = std::strtoull(argv[++i], nullptr, 10);
        else if (std::strcmp(argv[i], "--json") == 0 && i + 1 < argc)
            jsonPath = argv[++i];
    }
    const std::size_t size = mib * kMiB;
    Sink sink(size);
    tests::FakeHttpServer upstream([](core::net::HttpRequest&&, core::net::HttpResponder respond) { respond({}); },
                                   sink.streaming());
    core::Engine engine{core::EngineOptions{}};
    bridge::EndpointOptions options;
    options.port = 0;
    options.upstreamUrl = "http://127.0.0.1:" + std::to_string(upstream.port());
    auto endpoint = bridge::Endpoint::start(engine, options);
    if (!endpoint) {
        std::fprintf(stderr, "bench_upstream: %s\n", endpoint.error().message.c_str());
        return 1;
    }
    // Warm both paths, then measure: direct first (the baseline), then through the endpoint.
    upload(upstream.port(), kMiB);
    upload((*endpoint)->port(), kMiB);
    const double directUp = upload(upstream.port(), size);
    const double directDown = download(upstream.port(), size);
    const long peakBefore = peakResidentKb();
    const double proxiedUp = upload((*endpoint)->port(), size);
    const double proxiedDown = download((*endpoint)->port(), size);
    const long peakRiseMb = (peakResidentKb() - peakBefore) / 1024;

    const auto rate = [size](double seconds) { return static_cast<double>(size) / kMiB / seconds; };
    std::printf("bench_upstream: %zu MiB each way through --upstream (streamed), next to the same transfer direct\n",
                mib);
    std::printf("%-40s %14s %14s %10s\n", "figure", "via endpoint", "direct", "ratio");
    std::printf("%-40s %10.0f MiB/s %8.0f MiB/s %9.2fx\n", "PUT (upload)", rate(proxiedUp), rate(directUp),
                rate(proxiedUp) / rate(directUp));
    std::printf("%-40s %10.0f MiB/s %8.0f MiB/s %9.2fx\n", "GET (download)", rate(proxiedDown), rate(directDown),
                rate(proxiedDown) / rate(directDown));
    std::printf("%-40s %11ld MB %14s\n", "peak RSS rise while proxying", peakRiseMb,
                ("body " + std::to_string(mib) + " MiB").c_str());
    const nlohmann::json report = {{"mib", mib},
                                   {"uploadMiBps", {{"endpoint", rate(proxiedUp)}, {"direct", rate(directUp)}}},
                                   {"downloadMiBps", {{"endpoint", rate(proxiedDown)}, {"direct", rate(directDown)}}},
                                   {"peakRssRiseMb", peakRiseMb}};
    std::ofstream(jsonPath) << report.dump(2) << '\n';
    std::printf("wrote %s\n", jsonPath.c_str());
    return 0;
}
