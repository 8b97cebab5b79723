// SPDX-License-Identifier: MIT
// base64 from OpenSSL's libcrypto (EVP_EncodeBlock, EVP_DecodeBlock) rather than an alphabet table by hand.
// EVP_DecodeBlock checks less than callers rely on (it trims spaces, reads '=' anywhere as zero bits and
// always yields whole 3-byte groups), so decodeBase64 validates first and trims the padding bytes after.
#include "encoding/base64.h"

#include <openssl/evp.h>

#include <algorithm>

namespace lambdadesk::core {
namespace {

// EVP_*Block take int lengths: work in slices that fit, each a whole number of groups.
constexpr std::size_t kSliceBytes = std::size_t{3} << 20;  // 3 MiB of bytes…
constexpr std::size_t kSliceSymbols = kSliceBytes / 3 * 4; // …are 4 Mi symbols

bool isSymbol(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

unsigned char* bytesOf(std::string& text)
{
    return reinterpret_cast<unsigned char*>(text.data());
}

const unsigned char* bytesOf(std::string_view text)
{
    return reinterpret_cast<const unsigned char*>(text.data());
}

} // namespace

std::string encodeBase64(std::string_view bytes)
{
    // Room for EVP_EncodeBlock's terminating NUL, which the next slice overwrites and resize() drops.
    std::string encoded((bytes.size() + 2) / 3 * 4 + 1, '\0');
    std::size_t written = 0;
    for (std::size_t read = 0; read < bytes.size(); read += kSliceBytes) {
        const std::size_t slice = std::min(kSliceBytes, bytes.size() - read);
        written += static_cast<std::size_t>(
            EVP_EncodeBlock(bytesOf(encoded) + written, bytesOf(bytes) + read, static_cast<int>(slice)));
    }
    encoded.resize(written);
    return encoded;
}

bool decodeBase64(std::string_view text, std::string& decoded, std::string* problem)
{
    decoded.clear();
    const auto fail = [&](std::string why) {
        if (problem)
            *problem = std::move(why);
        return false;
    };
    std::string symbols;
    symbols.reserve(text.size());
    std::size_t padding = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            ++padding;
            continue;
        }
        if (padding > 0)
            return fail("it goes on after the '=' padding (at character " + std::to_string(i + 1) + ")");
        if (!isSymbol(c))
            return fail("character " + std::to_string(i + 1) +
                        " is outside the base64 alphabet (A-Z a-z 0-9 + / and = padding at the end)");
        symbols.push_back(c);
    }
    if (padding > 2)
        return fail("it ends in " + std::to_string(padding) + " '=' (padding is at most two)");
    // A lone last symbol holds 6 bits, less than a byte: it adds nothing, as it never has here.
    if (symbols.size() % 4 == 1)
        symbols.pop_back();
    const std::size_t size = symbols.size() * 3 / 4;
    // Whole groups for EVP_DecodeBlock; the padding's zero bits make bytes that resize() below drops.
    symbols.append((4 - symbols.size() % 4) % 4, '=');
    decoded.resize(symbols.size() / 4 * 3);
    std::size_t written = 0;
    for (std::size_t read = 0; read < symbols.size(); read += kSliceSymbols) {
        const std::size_t slice = std::min(kSliceSymbols, symbols.size() - read);
        const int count = EVP_DecodeBlock(bytesOf(decoded) + written, bytesOf(std::string_view(symbols)) + read,
                                          static_cast<int>(slice));
        if (count < 0) { // cannot happen after the checks above; kept so a libcrypto change fails loudly
            decoded.clear();
            return fail("libcrypto could not decode it");
        }
        written += static_cast<std::size_t>(count);
    }
    decoded.resize(size);
    return true;
}

} // namespace lambdadesk::core
