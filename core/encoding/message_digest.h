// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace lambdadesk::core {

/// MD5 (RFC 1321), fed in pieces: SQS's body and attribute checksums. Not for security.
class Md5 {
public:
    Md5();
    void update(std::string_view bytes);
    /// Finishes the digest; the object must not be updated afterwards.
    std::array<std::uint8_t, 16> finish();
    /// Lowercase hex of finish().
    std::string finishHex();

private:
    void block(const std::uint8_t* data);

    std::array<std::uint32_t, 4> m_state{};
    std::array<std::uint8_t, 64> m_buffer{};
    std::uint64_t m_length = 0;
};

/// Lowercase hex MD5 of `bytes`.
std::string md5Hex(std::string_view bytes);
/// Lowercase hex SHA-256 (FIPS 180-4) of `bytes`: FIFO content-based deduplication ids.
std::string sha256Hex(std::string_view bytes);

} // namespace lambdadesk::core
