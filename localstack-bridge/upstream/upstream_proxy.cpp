// SPDX-License-Identifier: MIT
#include "upstream/upstream_proxy.h"

#include "endpoint/aws_errors.h"

#include <array>
#include <cctype>

namespace lambdadesk::bridge {

using core::net::equalsIgnoreCase;
using core::net::HttpRequest;
using core::net::HttpResponse;

namespace {

using core::net::Headers;

/// The header names a Connection header lists ("close", "keep-alive", or extension headers): hop-by-hop too.
std::vector<std::string> connectionTokens(const Headers& headers)
{
    std::vector<std::string> tokens;
    for (const auto& [name, value] : headers) {
        if (!equalsIgnoreCase(name, "Connection"))
            continue;
        std::string token;
        for (const char c : value + ",") {
            if (c == ',') {
                if (!token.empty())
                    tokens.push_back(token);
                token.clear();
            } else if (!std::isspace(static_cast<unsigned char>(c))) {
                token += c;
            }
        }
    }
    return tokens;
}

/// `headers` without hop-by-hop ones and without those named in `alsoDrop`.
Headers endToEnd(Headers&& headers, std::initializer_list<std::string_view> alsoDrop)
{
    const auto tokens = connectionTokens(headers);
    Headers kept;
    kept.reserve(headers.size());
    for (auto& [name, value] : headers) {
        bool drop = UpstreamProxy::isHopByHop(name);
        for (const auto& token : tokens)
            drop = drop || equalsIgnoreCase(name, token);
        for (const auto other : alsoDrop)
            drop = drop || equalsIgnoreCase(name, other);
        if (!drop)
            kept.emplace_back(std::move(name), std::move(value));
    }
    return kept;
}

}  // namespace

core::Expected<std::unique_ptr<UpstreamProxy>> UpstreamProxy::create(std::string_view upstreamUrl,
                                                                      const boost::asio::any_io_executor& executor,
                                                                      std::size_t requestBodyLimit,
                                                                      HttpClientOptions options)
{
    auto url = parseHttpUrl(upstreamUrl);
    if (!url)
        return core::Error{"InvalidUpstream", "--upstream: " + url.error().message};
    if (url->target.find('?') != std::string::npos)
        return core::Error{"InvalidUpstream", "--upstream: '" + std::string(upstreamUrl) +
                                                  "' has a query string; give the endpoint's base URL, e.g. "
                                                  "http://127.0.0.1:4567"};
    return std::unique_ptr<UpstreamProxy>(new UpstreamProxy(std::move(*url), executor, requestBodyLimit, options));
}

UpstreamProxy::UpstreamProxy(HttpUrl upstream, const boost::asio::any_io_executor& executor,
                             std::size_t requestBodyLimit, HttpClientOptions options)
    : m_upstream(std::move(upstream)), m_requestBodyLimit(requestBodyLimit), m_client(executor, options)
{
    m_basePath = m_upstream.target;
    while (m_basePath.ends_with('/'))
        m_basePath.pop_back();
}

bool UpstreamProxy::isHopByHop(std::string_view name)
{
    static constexpr std::array<std::string_view, 7> kHopByHop = {"Connection", "Keep-Alive", "TE",     "Trailer",
                                                                   "Transfer-Encoding", "Upgrade", "Proxy-Connection"};
    for (const auto hop : kHopByHop) {
        if (equalsIgnoreCase(name, hop))
            return true;
    }
    return name.size() >= 6 && equalsIgnoreCase(name.substr(0, 6), "Proxy-");
}

HttpRequest UpstreamProxy::outgoing(HttpRequest&& request) const
{
    HttpRequest forwarded;
    forwarded.method = std::move(request.method);
    forwarded.target = m_basePath + request.target;
    // Expect: 100-continue asks for a go-ahead the client already had from us.
    forwarded.headers = endToEnd(std::move(request.headers), {"Expect"});
    forwarded.body = std::move(request.body);
    return forwarded;
}

namespace {

/// The answer for an exchange that failed before the upstream answered.
HttpResponse failure(const std::string& upstreamText, const core::Error& error, const RequestContext& context)
{
    if (error.code == "Cancelled")
        return jsonProtocolError(503, "ServiceUnavailable",
                                 "The endpoint is stopping; the request to the upstream " + upstreamText +
                                     " was abandoned",
                                 context.requestId);
    const auto service = context.service.empty() ? std::string("a request of no known service")
                                                 : "the '" + context.service + "' service";
    if (error.code == "ClientGone" || error.code == "BadBody")
        return jsonProtocolError(400, "IncompleteBody",
                                 "The request body for " + service + " could not be forwarded to the upstream " +
                                     upstreamText + ": " + error.message,
                                 context.requestId);
    const bool timeout = error.code == "Timeout";
    return jsonProtocolError(timeout ? 504 : 502, timeout ? "UpstreamTimeout" : "UpstreamUnavailable",
                             (timeout ? "No answer from the upstream " : "Could not reach the upstream ") +
                                 upstreamText + " for " + service + ": " + error.message,
                             context.requestId);
}

}  // namespace

void UpstreamProxy::handle(HttpRequest&& request, const RequestContext& context, core::net::HttpResponder respond)
{
    if (request.bodyTooLarge) {
        respond(jsonProtocolError(413, "RequestEntityTooLarge",
                                  "The request body is larger than the " + std::to_string(m_requestBodyLimit) +
                                      " bytes LambdaDesk reads whole to check a signature before forwarding to the "
                                      "upstream " +
                                      m_upstream.text() +
                                      "; declare the payload hash in x-amz-content-sha256 to have it streamed, or "
                                      "send it to the upstream directly",
                                  context.requestId));
        return;
    }
    const bool head = request.method == "HEAD";
    m_client.send(m_upstream, outgoing(std::move(request)),
                  [upstreamText = m_upstream.text(), respond = std::move(respond), context,
                   head](core::Expected<HttpResponse> answer) {
                      if (!answer) {
                          respond(failure(upstreamText, answer.error(), context));
                          return;
                      }
                      HttpResponse response;
                      response.status = answer->status;
                      // A HEAD answer's Content-Length describes the resource (S3's HeadObject): keep it.
                      response.headers = head ? endToEnd(std::move(answer->headers), {})
                                              : endToEnd(std::move(answer->headers), {"Content-Length"});
                      response.body = std::move(answer->body);
                      respond(std::move(response));
                  });
}

namespace {

/// The client's answer as the upstream's passes into it, without the upstream's hop-by-hop headers.
class EndToEndSink final : public core::net::HttpResponseSink {
public:
    explicit EndToEndSink(std::shared_ptr<core::net::HttpResponseSink> inner) : m_inner(std::move(inner)) {}
    void begin(int status, Headers headers, std::optional<std::uint64_t> contentLength, Done done) override
    {
        m_inner->begin(status, endToEnd(std::move(headers), {}), contentLength, std::move(done));
    }
    void write(std::string piece, Done done) override { m_inner->write(std::move(piece), std::move(done)); }
    void end(Done done) override { m_inner->end(std::move(done)); }
    void abort() override { m_inner->abort(); }

private:
    std::shared_ptr<core::net::HttpResponseSink> m_inner;
};

}  // namespace

void UpstreamProxy::stream(HttpRequest&& head, const RequestContext& context,
                           std::shared_ptr<core::net::HttpBodySource> body,
                           std::shared_ptr<core::net::HttpResponseSink> answer)
{
    m_client.stream(m_upstream, outgoing(std::move(head)), std::move(body), std::make_shared<EndToEndSink>(answer),
                    [upstreamText = m_upstream.text(), answer, context](core::Expected<void> result, bool answerBegan) {
                        if (!result && !answerBegan)
                            core::net::HttpResponseSink::respond(answer, failure(upstreamText, result.error(), context));
                    });
}

void UpstreamProxy::cancelAll()
{
    m_client.cancelAll();
}

}  // namespace lambdadesk::bridge
