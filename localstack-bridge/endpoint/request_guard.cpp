// SPDX-License-Identifier: MIT
#include "endpoint/request_guard.h"

#include "endpoint/aws_errors.h"

#include <algorithm>
#include <cctype>

namespace lambdadesk::bridge {
namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool isIpv4Loopback(std::string_view host)
{
    if (!host.starts_with("127."))
        return false;
    int dots = 0;
    for (const char c : host) {
        if (c == '.')
            ++dots;
        else if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    }
    return dots == 3;
}

core::net::HttpResponse forbidden(const std::string& message, const std::string& requestId)
{
    return jsonProtocolError(403, "AccessDeniedException", message, requestId);
}

}  // namespace

std::string hostName(std::string_view hostHeader)
{
    if (hostHeader.starts_with('[')) {
        const auto close = hostHeader.find(']');
        return lower(hostHeader.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    }
    return lower(hostHeader.substr(0, hostHeader.find(':')));
}

bool isLoopbackHost(std::string_view host)
{
    return host == "localhost" || endsWith(host, ".localhost") || host == "::1" || isIpv4Loopback(host) ||
           host == "localhost.localstack.cloud" || endsWith(host, ".localhost.localstack.cloud");
}

std::optional<core::net::HttpResponse> checkRequest(const core::net::HttpRequest& request, const GuardOptions& options,
                                                    const std::string& requestId)
{
    const auto hostHeader = request.header("host");
    const auto host = hostName(hostHeader);
    const bool hostAllowed =
        host.empty() || isLoopbackHost(host) || host == lower(options.bindAddress) ||
        std::any_of(options.allowedHosts.begin(), options.allowedHosts.end(),
                    [&host](const std::string& allowed) { return lower(allowed) == host; });
    if (!hostAllowed) {
        return forbidden("Host '" + std::string(hostHeader) +
                             "' is not a loopback name or this endpoint's address; requests through other names are "
                             "refused to stop DNS rebinding. Allow it with --allow-host NAME.",
                         requestId);
    }
    const auto origin = request.header("origin");
    if (!origin.empty() && std::find(options.allowedOrigins.begin(), options.allowedOrigins.end(), origin) ==
                               options.allowedOrigins.end()) {
        return forbidden("Cross-origin request from '" + std::string(origin) +
                             "' refused: a web page may not call this endpoint. Allow an origin with --allow-origin "
                             "ORIGIN.",
                         requestId);
    }
    return std::nullopt;
}

}  // namespace lambdadesk::bridge
