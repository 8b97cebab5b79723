// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace lambdadesk::core {

/// MD5 (RFC 1321) of `bytes`: Kinesis partition keys' hash keys. Not for security.
std::array<std::uint8_t, 16> md5(std::string_view bytes);
/// Lowercase hex MD5 of `bytes`: SQS's body and attribute checksums.
std::string md5Hex(std::string_view bytes);
/// Lowercase hex SHA-256 (FIPS 180-4) of `bytes`: FIFO content-based deduplication ids.
std::string sha256Hex(std::string_view bytes);

} // namespace lambdadesk::core
