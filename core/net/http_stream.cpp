// SPDX-License-Identifier: MIT
#include "net/http_stream.h"

#include <cctype>
#include <charconv>

namespace lambdadesk::core::net {

void HttpResponseSink::respond(const std::shared_ptr<HttpResponseSink>& sink, HttpResponse response, Done done)
{
    if (!done)
        done = [](bool) {};
    auto body = std::move(response.body);
    const auto length = static_cast<std::uint64_t>(body.size());
    // Each step holds the sink: the caller may drop its reference before the answer went out.
    sink->begin(response.status, std::move(response.headers), length,
                [sink, body = std::move(body), done = std::move(done)](bool ok) mutable {
                    if (!ok)
                        return done(false);
                    auto finish = [sink, done = std::move(done)](bool written) mutable {
                        if (!written)
                            return done(false);
                        sink->end(std::move(done));
                    };
                    if (body.empty())
                        finish(true);
                    else
                        sink->write(std::move(body), std::move(finish));
                });
}

std::optional<std::uint64_t> announcedContentLength(const HttpRequest& head)
{
    if (isChunked(head.header("transfer-encoding")))
        return std::nullopt;
    const auto text = head.header("content-length");
    std::uint64_t length = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return length;
}

bool isChunked(std::string_view transferEncoding)
{
    while (!transferEncoding.empty() && std::isspace(static_cast<unsigned char>(transferEncoding.back())))
        transferEncoding.remove_suffix(1);
    constexpr std::string_view kChunked = "chunked";
    return transferEncoding.size() >= kChunked.size() &&
           equalsIgnoreCase(transferEncoding.substr(transferEncoding.size() - kChunked.size()), kChunked);
}

}  // namespace lambdadesk::core::net
