// SPDX-License-Identifier: MIT
// Checks and conversions of Kinesis request members shared by StreamService's operations. Constraint problems
// are collected as AWS words them and reported together in one ValidationException (stream_error::validation).
#pragma once

#include "streams/stream_types.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::core {

/// The stream name inside "arn:aws:kinesis:<region>:<account>:stream/<name>", or the argument itself.
std::string streamNameOf(std::string_view streamOrArn);

/// StreamName: 1–128 characters of [a-zA-Z0-9_.-].
void checkStreamName(const std::string& name, std::vector<std::string>& problems);
/// ShardId (and ExclusiveStartShardId): 1–128 characters of [a-zA-Z0-9_.-].
void checkShardId(const std::string& shardId, const char* member, std::vector<std::string>& problems);
/// An integer member with a lower and upper bound.
void checkRange(long long value, long long min, long long max, const char* member, std::vector<std::string>& problems);
/// PartitionKey (1–256 characters), Data (≤ 1 MiB) and ExplicitHashKey (0|[1-9]\d{0,38}) of a record; `prefix`
/// is "" for PutRecord and "records.<n>.member." for PutRecords.
void checkRecord(const std::string& partitionKey, const std::string& data, const std::string& explicitHashKey,
                 const std::string& prefix, std::vector<std::string>& problems);

/// The index a shard id names. Like AWS, it reads the digits after the first '-' ("shardId-000000000001",
/// "shard-1") or the whole id ("1"); nullopt when they are not digits or exceed 2^31-1.
std::optional<int> parseShardIndex(std::string_view shardId);
/// shardId-000000000000
std::string formatShardId(int index);

std::optional<ShardIteratorType> parseShardIteratorType(std::string_view text);
const char* toString(ShardIteratorType type);

/// The partition key's length in characters (UTF-8 code points), which is what AWS limits to 256.
std::size_t characterCount(std::string_view utf8);

}  // namespace lambdadesk::core
