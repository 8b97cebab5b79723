// SPDX-License-Identifier: MIT
#pragma once

#include "endpoint/service_handler.h"
#include "upstream/http_client.h"

#include <boost/asio/any_io_executor.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace lambdadesk::bridge {

/// Forwards the requests of services LambdaDesk does not emulate (S3, DynamoDB, SNS…) to an upstream such as
/// LocalStack (--upstream URL), and answers with what the upstream answered.
///
/// The request goes verbatim: method, target (path and query, after the upstream URL's own path if it has
/// one), every end-to-end header — Host, Authorization and X-Amz-* as the client sent them, so SigV4
/// signatures stay valid — and the body. Hop-by-hop headers (Connection and what it names, Keep-Alive,
/// Proxy-*, TE, Trailer, Transfer-Encoding, Upgrade) and Expect (the body is already here) are not
/// forwarded. The answer keeps the upstream's status, headers (hop-by-hop ones dropped; Content-Length is
/// recomputed by the endpoint's server, except for HEAD, whose announced length is kept) and body.
///
/// Bodies stream both ways (stream()): the request's body goes on as it arrives and the answer comes back as
/// the upstream sends it, so an S3 upload or download of any size passes without being held in memory, and
/// a slow side slows the other. handle() is the buffered form, for requests that had to be read whole (a
/// signature to verify without a declared payload hash): a body up to the endpoint's limit (larger: 413),
/// an answer up to HttpClientOptions::responseBodyLimit.
/// An upstream that cannot be reached gets 502 UpstreamUnavailable, one that does not answer in time 504
/// UpstreamTimeout, both in the JSON error shape naming the upstream and the service.
/// Never blocks the endpoint's thread: the exchange runs asynchronously on the executor given.
class UpstreamProxy : public ServiceHandler {
public:
    /// Checks `upstreamUrl` (an http:// URL without a query); its Error says what --upstream accepts.
    static core::Expected<std::unique_ptr<UpstreamProxy>> create(std::string_view upstreamUrl,
                                                                 const boost::asio::any_io_executor& executor,
                                                                 std::size_t requestBodyLimit,
                                                                 HttpClientOptions options = {});

    void handle(core::net::HttpRequest&& request, const RequestContext& context,
                core::net::HttpResponder respond) override;

    /// Forwards a request whose body is still arriving (`body`) and streams the upstream's answer into
    /// `answer`. An upstream that fails before answering gets the same 502/503/504 as handle(); one that
    /// fails in the middle of its answer aborts it (the client sees the connection close).
    void stream(core::net::HttpRequest&& head, const RequestContext& context,
                std::shared_ptr<core::net::HttpBodySource> body, std::shared_ptr<core::net::HttpResponseSink> answer);

    /// Answers every forwarded request still waiting with 503 and drops them: for the endpoint's stop,
    /// on its thread.
    void cancelAll();

    [[nodiscard]] const HttpUrl& upstream() const { return m_upstream; }

    /// Whether a header is hop-by-hop (RFC 9110 §7.6.1) and so never forwarded.
    static bool isHopByHop(std::string_view name);

private:
    /// The request as it goes upstream: the target under the upstream's base path, end-to-end headers.
    core::net::HttpRequest outgoing(core::net::HttpRequest&& request) const;

    UpstreamProxy(HttpUrl upstream, const boost::asio::any_io_executor& executor, std::size_t requestBodyLimit,
                  HttpClientOptions options);

    HttpUrl m_upstream;
    std::string m_basePath;  ///< the upstream URL's path without its trailing '/'; usually empty
    std::size_t m_requestBodyLimit;
    HttpClient m_client;
};

}  // namespace lambdadesk::bridge
