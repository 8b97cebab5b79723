// SPDX-License-Identifier: MIT
#pragma once

#include <net/http_message.h>

#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::bridge {

struct GuardOptions {
    std::string bindAddress = "127.0.0.1";
    std::vector<std::string> allowedHosts;    ///< Host names accepted besides loopback and the bind address
    std::vector<std::string> allowedOrigins;  ///< exact browser origins (scheme://host[:port]) allowed to call
};

/// A web page must not be able to create and run code on the developer's machine. Two checks stop it:
/// - DNS rebinding: the Host header (browsers always send one) must be a loopback name (localhost, *.localhost, 127.x.x.x, [::1],
///   localhost.localstack.cloud and its subdomains, which resolve to loopback), the bind address, or an
///   allowed host.
/// - Cross-origin calls: a request carrying an Origin header (browsers add it) must come from an
///   allowed origin.
/// Returns the 403 to send, or nullopt when the request may pass.
std::optional<core::net::HttpResponse> checkRequest(const core::net::HttpRequest& request, const GuardOptions& options,
                                                    const std::string& requestId);

/// The host part of a Host header value ("[::1]:4566" → "::1", "localhost:4566" → "localhost"), lowercase.
std::string hostName(std::string_view hostHeader);
bool isLoopbackHost(std::string_view host);

}  // namespace lambdadesk::bridge
