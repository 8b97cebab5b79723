// SPDX-License-Identifier: MIT
// The two primitives Signature Version 4 is built from, over OpenSSL's libcrypto.
#pragma once

#include <string>
#include <string_view>

namespace lambdadesk::bridge {

/// SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256Hex(std::string_view data);
/// HMAC-SHA256 of `data` under `key`: the 32 raw bytes.
std::string hmacSha256(std::string_view key, std::string_view data);
/// Bytes as lowercase hex.
std::string toHex(std::string_view bytes);
/// Compares in time independent of where the strings differ (for signatures).
bool equalsConstantTime(std::string_view a, std::string_view b);

} // namespace lambdadesk::bridge
