// SPDX-License-Identifier: MIT
// MD5 and SHA-256 from OpenSSL's libcrypto (EVP_Digest): the project already depends on it, and a checksum
// written by hand is one more thing to get wrong.
#include "encoding/message_digest.h"

#include <openssl/evp.h>

#include <algorithm>

namespace lambdadesk::core {
namespace {

/// The digest of `bytes` under `type`; "" when libcrypto refuses (out of memory, or MD5 disabled by a FIPS-only
/// configuration), which then shows as a checksum no client accepts rather than as a crash.
std::string digest(const EVP_MD* type, std::string_view bytes)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int size = 0;
    if (type == nullptr || EVP_Digest(bytes.data(), bytes.size(), out.data(), &size, type, nullptr) != 1)
        return {};
    return {reinterpret_cast<const char*>(out.data()), size};
}

std::string toHex(std::string_view bytes)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text;
    text.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        text.push_back(kHex[byte >> 4]);
        text.push_back(kHex[byte & 0xF]);
    }
    return text;
}

} // namespace

std::array<std::uint8_t, 16> md5(std::string_view bytes)
{
    const std::string raw = digest(EVP_md5(), bytes);
    std::array<std::uint8_t, 16> result{};
    std::copy_n(raw.begin(), std::min(raw.size(), result.size()), result.begin());
    return result;
}

std::string md5Hex(std::string_view bytes)
{
    return toHex(digest(EVP_md5(), bytes));
}

std::string sha256Hex(std::string_view bytes)
{
    return toHex(digest(EVP_sha256(), bytes));
}

} // namespace lambdadesk::core
