// SPDX-License-Identifier: MIT
// Kinesis sequence numbers as LambdaDesk makes them. AWS's are 56-digit decimal strings beginning "49" whose
// internals are undocumented; ours have the same look and this fixed layout (digit offsets):
//
//   [0,2)    "49"
//   [2,12)   the stream's creation time, epoch seconds     — which incarnation of the stream name
//   [12,32)  the position: a stream-wide record counter    — what orders records
//   [32,44)  the shard index (as in shardId-000000000000)
//   [44,50)  the stream's database id modulo 10^6          — tells apart incarnations made in the same second
//   [50,56)  check digits: FNV-1a of digits [0,50) mod 10^6 — rejects typos and invented numbers
//
// The position is the most significant varying field, so within a stream the numbers strictly increase with every
// record put, across shards too, and comparing them as big integers (or, being fixed-width, as strings) orders
// them by arrival. A shard's StartingSequenceNumber is the number of position 0 in that shard.
#pragma once

#include "streams/stream_types.h"

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lambdadesk::core {

struct SequenceNumberParts {
    std::int64_t streamCreatedSeconds = 0;
    StreamPosition position = 0;
    int shardIndex = 0;
    std::int64_t streamId = 0;
};

inline constexpr std::size_t kSequenceNumberDigits = 56;

std::string formatSequenceNumber(const SequenceNumberParts& parts);
/// The parts of a sequence number this service made; nullopt for anything else (wrong length, prefix or check).
std::optional<SequenceNumberParts> parseSequenceNumber(std::string_view sequenceNumber);
/// AWS's pattern for sequence numbers: 0|([1-9]\d{0,128}).
bool matchesSequenceNumberPattern(std::string_view text);
/// Compares two decimal strings as unbounded non-negative integers.
std::strong_ordering compareSequenceNumbers(std::string_view left, std::string_view right);

}  // namespace lambdadesk::core
