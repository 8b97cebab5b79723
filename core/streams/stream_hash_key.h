// SPDX-License-Identifier: MIT
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lambdadesk::core {

/// A Kinesis hash key: an unsigned 128-bit integer. A partition key's hash key is its MD5 digest read as a
/// big-endian number; shards own contiguous ranges of 0..2^128-1, split evenly at creation.
struct StreamHashKey {
    std::uint64_t high = 0;
    std::uint64_t low = 0;

    /// MD5 of the partition key's UTF-8 bytes, big-endian.
    static StreamHashKey ofPartitionKey(std::string_view partitionKey);
    /// A decimal string in 0..2^128-1 (no sign, no leading zeros except "0"); nullopt otherwise.
    static std::optional<StreamHashKey> parse(std::string_view decimal);
    static StreamHashKey max() { return {~std::uint64_t{0}, ~std::uint64_t{0}}; }

    [[nodiscard]] std::string toDecimal() const;
    /// The key one above or below, saturating at 2^128-1 and 0 (ranges' neighbours: end + 1 is the next start).
    [[nodiscard]] StreamHashKey next() const;
    [[nodiscard]] StreamHashKey previous() const;

    friend auto operator<=>(const StreamHashKey&, const StreamHashKey&) = default;
};

/// The first hash key of shard `index` when 0..2^128-1 is split evenly over `count` shards: index × ⌊2^128 / count⌋,
/// which is how AWS splits a new stream (the last shard takes the remainder).
StreamHashKey shardStartingHashKey(int index, int count);
/// The last hash key of shard `index`: one before the next shard's start, or 2^128-1 for the last shard.
StreamHashKey shardEndingHashKey(int index, int count);
/// The shard of an evenly split stream of `count` shards whose range holds `key`.
int shardForHashKey(const StreamHashKey& key, int count);

}  // namespace lambdadesk::core
