// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace lambdadesk::core {

/// Standard base64 (RFC 4648 §4: A-Z a-z 0-9 + / with '=' padding), the form AWS APIs carry blobs in.
std::string encodeBase64(std::string_view bytes);

/// Standard base64 decoding into `decoded`. Lenient where senders are: padding may be left out and line
/// breaks (CR, LF) anywhere are skipped. False, with `decoded` cleared and `problem` (when given) saying why
/// in a phrase for an error message, on characters outside the alphabet (spaces, URL-safe '-' and '_'
/// included), anything after '=' padding, or more than two '='.
bool decodeBase64(std::string_view text, std::string& decoded, std::string* problem = nullptr);

} // namespace lambdadesk::core
