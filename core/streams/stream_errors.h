// SPDX-License-Identifier: MIT
// Kinesis Data Streams' error codes (the JSON protocol's __type), so the bridge can pass Error::code through
// unchanged. Messages follow the ones AWS sends (as recorded by kinesalite's tests against the real service).
#pragma once

#include "model/expected.h"

#include <algorithm>
#include <string>
#include <vector>

namespace lambdadesk::core::stream_error {

inline constexpr const char* kResourceNotFound = "ResourceNotFoundException";
inline constexpr const char* kResourceInUse = "ResourceInUseException";
inline constexpr const char* kInvalidArgument = "InvalidArgumentException";
inline constexpr const char* kExpiredIterator = "ExpiredIteratorException";
inline constexpr const char* kLimitExceeded = "LimitExceededException";
inline constexpr const char* kProvisionedThroughputExceeded = "ProvisionedThroughputExceededException";
/// A request member broke a constraint of the API model (length, pattern, range): AWS checks these before
/// anything else and answers ValidationException, not InvalidArgumentException.
inline constexpr const char* kValidation = "ValidationException";
/// Not a client error: the database failed (disk full, file removed). HTTP 500.
inline constexpr const char* kInternalFailure = "InternalFailure";

inline Error make(const char* code, std::string message)
{
    return Error{code, std::move(message)};
}

/// "1 validation error detected: A" / "3 validation errors detected: A; B; C". Like AWS, it names at most 10.
inline Error validation(const std::vector<std::string>& problems)
{
    const std::size_t shown = std::min<std::size_t>(problems.size(), 10);
    std::string message = std::to_string(shown) +
                          (shown == 1 ? " validation error detected: " : " validation errors detected: ");
    for (std::size_t i = 0; i < shown; ++i)
        message += (i ? "; " : "") + problems[i];
    return make(kValidation, std::move(message));
}

/// One constraint problem in AWS's words: "Value 'x' at 'member' failed to satisfy constraint: Member must …".
inline std::string constraint(const std::string& value, const std::string& member, const std::string& rule)
{
    return "Value " + value + " at '" + member + "' failed to satisfy constraint: Member must " + rule;
}

inline std::string quoted(const std::string& value)
{
    return "'" + value + "'";
}

inline Error streamNotFound(const std::string& stream, const std::string& account)
{
    return make(kResourceNotFound, "Stream " + stream + " under account " + account + " not found.");
}

inline Error shardNotFound(const std::string& shardId, const std::string& stream, const std::string& account)
{
    return make(kResourceNotFound,
                "Shard " + shardId + " in stream " + stream + " under account " + account + " does not exist");
}

inline Error invalidIterator()
{
    return make(kInvalidArgument, "Invalid ShardIterator.");
}

}  // namespace lambdadesk::core::stream_error
