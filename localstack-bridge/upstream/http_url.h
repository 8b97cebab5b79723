// SPDX-License-Identifier: MIT
#pragma once

#include <model/expected.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace lambdadesk::bridge {

/// An http:// URL taken apart: http://host[:port][/path[?query]].
struct HttpUrl {
    std::string host;         ///< a name or an address; IPv6 without its brackets
    std::uint16_t port = 80;
    std::string target;       ///< path and query as written; "" when the URL has none

    /// host:port, IPv6 in brackets: what a Host header carries.
    [[nodiscard]] std::string authority() const;
    /// http://<authority><target>
    [[nodiscard]] std::string text() const;
};

/// Parses an http:// URL. https:// (no TLS here), other schemes, a missing host or a bad port are Errors
/// (code InvalidUrl) that say what is accepted.
core::Expected<HttpUrl> parseHttpUrl(std::string_view text);

}  // namespace lambdadesk::bridge
