// SPDX-License-Identifier: MIT
#pragma once

#include "streams/stream_types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lambdadesk::core {

/// What a shard iterator string carries. The string is opaque to clients, as AWS's is: base64 of a version
/// header, these fields and a checksum, so a truncated or edited iterator is rejected rather than misread.
/// It needs no server-side state, so iterators survive a restart of the service (until they expire).
struct ShardIteratorToken {
    std::string streamName;
    std::int64_t streamId = 0;         ///< the incarnation of the name it was issued for
    int shardIndex = 0;
    StreamPosition position = 0;       ///< the next read returns records after this
    std::int64_t issuedUs = 0;         ///< when it was issued, for the 5-minute expiry
};

std::string encodeShardIterator(const ShardIteratorToken& token);
/// nullopt for anything encodeShardIterator did not produce.
std::optional<ShardIteratorToken> decodeShardIterator(std::string_view iterator);

}  // namespace lambdadesk::core
