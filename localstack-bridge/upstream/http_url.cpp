// SPDX-License-Identifier: MIT
#include "upstream/http_url.h"

#include <cctype>

namespace lambdadesk::bridge {

using core::Error;

std::string HttpUrl::authority() const
{
    const bool v6 = host.find(':') != std::string::npos;
    std::string text = v6 ? "[" + host + "]" : host;
    if (port != 80)
        text += ":" + std::to_string(port);
    return text;
}

std::string HttpUrl::text() const
{
    return "http://" + authority() + target;
}

core::Expected<HttpUrl> parseHttpUrl(std::string_view text)
{
    const std::string quoted = "'" + std::string(text) + "'";
    const auto schemeEnd = text.find("://");
    if (schemeEnd == std::string_view::npos)
        return Error{"InvalidUrl", quoted + " is not a URL: give http://host:port, e.g. http://127.0.0.1:4566"};
    std::string scheme(text.substr(0, schemeEnd));
    for (auto& c : scheme)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (scheme == "https")
        return Error{"InvalidUrl", "https is not supported (" + quoted +
                                       "): LambdaDesk talks plain HTTP; give the http:// URL of the same endpoint "
                                       "(LocalStack serves both on port 4566)"};
    if (scheme != "http")
        return Error{"InvalidUrl", "the scheme '" + scheme + "' of " + quoted + " is not supported: give an http:// URL"};
    auto rest = text.substr(schemeEnd + 3);
    const auto authorityEnd = rest.find_first_of("/?#");
    auto authority = rest.substr(0, authorityEnd);
    HttpUrl url;
    if (authorityEnd != std::string_view::npos) {
        auto target = rest.substr(authorityEnd);
        target = target.substr(0, target.find('#'));
        url.target = std::string(target);
        if (url.target.starts_with('?'))
            url.target.insert(0, "/");
    }
    if (authority.find('@') != std::string_view::npos)
        return Error{"InvalidUrl", quoted + " carries credentials: give http://host:port without user:password@"};
    std::string_view portText;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return Error{"InvalidUrl", quoted + " has an unclosed '[' in its IPv6 address"};
        url.host = std::string(authority.substr(1, close - 1));
        const auto after = authority.substr(close + 1);
        if (!after.empty() && !after.starts_with(':'))
            return Error{"InvalidUrl", quoted + " has text after its IPv6 address: give http://[address]:port"};
        if (!after.empty())
            portText = after.substr(1);
    } else {
        const auto colon = authority.rfind(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos)
            portText = authority.substr(colon + 1);
    }
    if (url.host.empty())
        return Error{"InvalidUrl", quoted + " has no host: give http://host:port, e.g. http://127.0.0.1:4566"};
    if (!portText.empty() || authority.ends_with(':')) {
        unsigned long port = 0;
        bool digits = !portText.empty() && portText.size() <= 5;
        for (const char c : portText) {
            digits = digits && std::isdigit(static_cast<unsigned char>(c));
            port = port * 10 + static_cast<unsigned long>(c - '0');
        }
        if (!digits || port == 0 || port > 65535)
            return Error{"InvalidUrl", quoted + " has a bad port '" + std::string(portText) + "': give 1 to 65535"};
        url.port = static_cast<std::uint16_t>(port);
    }
    return url;
}

}  // namespace lambdadesk::bridge
