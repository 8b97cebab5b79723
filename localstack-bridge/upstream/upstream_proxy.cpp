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

using Headers = std::vector<std::pair<std::string, std::string>>;

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

void UpstreamProxy::handle(HttpRequest&& request, const RequestContext& context, core::net::HttpResponder respond)
{
    const auto upstreamText = m_upstream.text();
    if (request.bodyTooLarge) {
        respond(jsonProtocolError(413, "RequestEntityTooLarge",
                                  "The request body is larger than the " + std::to_string(m_requestBodyLimit) +
                                      " bytes LambdaDesk buffers before forwarding to the upstream " + upstreamText +
                                      "; send it to the upstream directly",
                                  context.requestId));
        return;
    }
    const bool head = request.method == "HEAD";
    HttpRequest outgoing;
    outgoing.method = std::move(request.method);
    outgoing.target = m_basePath + request.target;
    // Expect: 100-continue asks for a go-ahead the client already had from us; the whole body is here.
    outgoing.headers = endToEnd(std::move(request.headers), {"Expect"});
    outgoing.body = std::move(request.body);
    m_client.send(m_upstream, std::move(outgoing),
                  [respond = std::move(respond), upstreamText,
                   service = context.service.empty() ? std::string("a request of no known service")
                                                     : "the '" + context.service + "' service",
                   requestId = context.requestId, head](core::Expected<HttpResponse> answer) {
                      if (!answer) {
                          const auto& error = answer.error();
                          if (error.code == "Cancelled") {
                              respond(jsonProtocolError(503, "ServiceUnavailable",
                                                        "The endpoint is stopping; the request to the upstream " +
                                                            upstreamText + " was abandoned",
                                                        requestId));
                              return;
                          }
                          const bool timeout = error.code == "Timeout";
                          respond(jsonProtocolError(
                              timeout ? 504 : 502, timeout ? "UpstreamTimeout" : "UpstreamUnavailable",
                              (timeout ? "No answer from the upstream " : "Could not reach the upstream ") +
                                  upstreamText + " for " + service + ": " + error.message,
                              requestId));
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

void UpstreamProxy::cancelAll()
{
    m_client.cancelAll();
}

}  // namespace lambdadesk::bridge
