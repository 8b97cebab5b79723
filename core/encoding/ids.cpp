// SPDX-License-Identifier: MIT
#include "encoding/ids.h"

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

}  // namespace lambdadesk::core
