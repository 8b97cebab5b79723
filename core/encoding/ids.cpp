// SPDX-License-Identifier: MIT
#include "encoding/ids.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <random>

namespace lambdadesk::core {
namespace {

std::mt19937_64& generator()
{
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return engine;
}

std::string randomHex(std::size_t digits)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text(digits, '0');
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        if (i % 16 == 0)
            bits = generator()();
        text[i] = kHex[bits & 0xF];
        bits >>= 4;
    }
    return text;
}

}  // namespace

std::string newRequestId()
{
    std::string hex = randomHex(32);
    hex[12] = '4';                                   // version 4
    hex[16] = "89ab"[generator()() & 0x3];           // RFC 4122 variant
    return hex.substr(0, 8) + '-' + hex.substr(8, 4) + '-' + hex.substr(12, 4) + '-' + hex.substr(16, 4) + '-' +
           hex.substr(20, 12);
}

std::string newEnvironmentId()
{
    return randomHex(32);
}

std::string newTraceId()
{
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    char epoch[16];
    std::snprintf(epoch, sizeof epoch, "%08llx", static_cast<unsigned long long>(seconds));
    return "Root=1-" + std::string(epoch) + '-' + randomHex(24) + ";Parent=" + randomHex(16) + ";Sampled=0";
}

bool decodeBase64(const std::string& text, std::string& decoded)
{
    static const auto table = [] {
        std::array<int, 256> values{};
        values.fill(-1);
        const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (std::size_t i = 0; i < alphabet.size(); ++i)
            values[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
        return values;
    }();
    decoded.clear();
    unsigned buffer = 0;
    int bits = 0;
    std::size_t padding = 0;
    for (const char c : text) {
        if (c == '=') {
            ++padding;
            continue;
        }
        if (c == '\n' || c == '\r')
            continue;
        const int value = table[static_cast<unsigned char>(c)];
        if (value < 0 || padding > 0)
            return false;
        buffer = (buffer << 6) | static_cast<unsigned>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            decoded.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return padding <= 2;
}

std::string encodeBase64(const std::string& bytes)
{
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string encoded;
    encoded.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned chunk = (static_cast<unsigned char>(bytes[i]) << 16) |
                               (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        encoded += kAlphabet[(chunk >> 18) & 63];
        encoded += kAlphabet[(chunk >> 12) & 63];
        encoded += kAlphabet[(chunk >> 6) & 63];
        encoded += kAlphabet[chunk & 63];
    }
    if (i < bytes.size()) {
        unsigned chunk = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size())
            chunk |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        encoded += kAlphabet[(chunk >> 18) & 63];
        encoded += kAlphabet[(chunk >> 12) & 63];
        encoded += i + 1 < bytes.size() ? kAlphabet[(chunk >> 6) & 63] : '=';
        encoded += '=';
    }
    return encoded;
}

}  // namespace lambdadesk::core
