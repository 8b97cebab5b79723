// SPDX-License-Identifier: MIT
#include "streams/stream_hash_key.h"

#include "encoding/message_digest.h"

#include <algorithm>

namespace lambdadesk::core {
namespace {

// GCC and Clang's 128-bit integer; __extension__ keeps -Wpedantic quiet about the non-standard type.
__extension__ typedef unsigned __int128 Uint128;

Uint128 toWide(const StreamHashKey& key)
{
    return (static_cast<Uint128>(key.high) << 64) | key.low;
}

StreamHashKey fromWide(Uint128 value)
{
    return {static_cast<std::uint64_t>(value >> 64), static_cast<std::uint64_t>(value)};
}

/// ⌊2^128 / count⌋, computed without 2^128 itself: (2^128-1) / count, plus one when count divides 2^128.
/// Only for count ≥ 2: one shard's width, 2^128, does not fit (callers never need it).
Uint128 shardWidth(int count)
{
    const Uint128 all = ~Uint128{0};
    const auto divisor = static_cast<Uint128>(std::max(count, 1));
    Uint128 width = all / divisor;
    if (all % divisor == divisor - 1)
        ++width;
    return width;
}

}  // namespace

StreamHashKey StreamHashKey::ofPartitionKey(std::string_view partitionKey)
{
    const auto digest = md5(partitionKey);
    Uint128 value = 0;
    for (const std::uint8_t byte : digest)
        value = (value << 8) | byte;
    return fromWide(value);
}

std::optional<StreamHashKey> StreamHashKey::parse(std::string_view decimal)
{
    // AWS's pattern is 0|([1-9]\d{0,38}); 39 digits can still overflow 2^128-1, which the loop catches.
    if (decimal.empty() || decimal.size() > 39 || (decimal.size() > 1 && decimal.front() == '0'))
        return std::nullopt;
    const Uint128 all = ~Uint128{0};
    Uint128 value = 0;
    for (const char c : decimal) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const auto digit = static_cast<unsigned>(c - '0');
        if (value > (all - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return fromWide(value);
}

std::string StreamHashKey::toDecimal() const
{
    Uint128 value = toWide(*this);
    if (value == 0)
        return "0";
    std::string digits;
    while (value != 0) {
        digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
        value /= 10;
    }
    std::reverse(digits.begin(), digits.end());
    return digits;
}

StreamHashKey StreamHashKey::next() const
{
    const Uint128 value = toWide(*this);
    return value == ~Uint128{0} ? *this : fromWide(value + 1);
}

StreamHashKey StreamHashKey::previous() const
{
    const Uint128 value = toWide(*this);
    return value == 0 ? *this : fromWide(value - 1);
}

StreamHashKey shardStartingHashKey(int index, int count)
{
    if (index <= 0 || count <= 1)
        return {};
    return fromWide(shardWidth(count) * static_cast<Uint128>(std::max(index, 0)));
}

StreamHashKey shardEndingHashKey(int index, int count)
{
    if (index >= count - 1)
        return StreamHashKey::max();
    return fromWide(shardWidth(count) * static_cast<Uint128>(index + 1) - 1);
}

int shardForHashKey(const StreamHashKey& key, int count)
{
    if (count <= 1)
        return 0;
    const Uint128 index = toWide(key) / shardWidth(count);
    // The last shard also takes the remainder above count × width.
    return index >= static_cast<Uint128>(count) ? count - 1 : static_cast<int>(index);
}

}  // namespace lambdadesk::core
