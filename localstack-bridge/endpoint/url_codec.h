// SPDX-License-Identifier: MIT
#pragma once

#include <net/percent_decoding.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lambdadesk::bridge {

using QueryParameters = std::vector<std::pair<std::string, std::string>>;

using core::net::percentDecode;
/// RFC 3986 encoding: everything but unreserved characters (A–Z a–z 0–9 - _ . ~) as %XX; with
/// `keepSlash` '/' stays (URI paths, as SigV4 canonical URIs need).
std::string percentEncode(std::string_view text, bool keepSlash = false);
/// Splits "a=1&b=2" (a query string or an x-www-form-urlencoded body) into decoded pairs, in order.
QueryParameters parseQuery(std::string_view query, bool plusIsSpace = true);
/// The query string of a request target ("" when it has none).
std::string_view queryOf(std::string_view target);
/// A REST path's decoded segments: "/2015-03-31/functions/my%3Afn/" → {"2015-03-31", "functions", "my:fn"}.
std::vector<std::string> pathSegments(std::string_view path);
/// The first value of `name`, or nullptr.
const std::string* findParameter(const QueryParameters& parameters, std::string_view name);

}  // namespace lambdadesk::bridge
