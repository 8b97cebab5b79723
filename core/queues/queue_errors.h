// SPDX-License-Identifier: MIT
// AWS's SQS error codes as the query protocol names them (the JSON protocol sends the same code in
// x-amzn-query-error), so the bridge can pass Error::code through unchanged.
#pragma once

#include "model/expected.h"

#include <string>

namespace lambdadesk::core::queue_error {

inline constexpr const char* kNonExistentQueue = "AWS.SimpleQueueService.NonExistentQueue";
inline constexpr const char* kQueueAlreadyExists = "QueueAlreadyExists";
inline constexpr const char* kQueueDeletedRecently = "AWS.SimpleQueueService.QueueDeletedRecently";
inline constexpr const char* kPurgeQueueInProgress = "AWS.SimpleQueueService.PurgeQueueInProgress";
inline constexpr const char* kMessageNotInflight = "AWS.SimpleQueueService.MessageNotInflight";
inline constexpr const char* kTooManyEntriesInBatchRequest = "AWS.SimpleQueueService.TooManyEntriesInBatchRequest";
inline constexpr const char* kEmptyBatchRequest = "AWS.SimpleQueueService.EmptyBatchRequest";
inline constexpr const char* kBatchEntryIdsNotDistinct = "AWS.SimpleQueueService.BatchEntryIdsNotDistinct";
inline constexpr const char* kBatchRequestTooLong = "AWS.SimpleQueueService.BatchRequestTooLong";
inline constexpr const char* kInvalidBatchEntryId = "AWS.SimpleQueueService.InvalidBatchEntryId";
inline constexpr const char* kUnsupportedOperation = "AWS.SimpleQueueService.UnsupportedOperation";
inline constexpr const char* kOverLimit = "OverLimit";
inline constexpr const char* kInvalidParameterValue = "InvalidParameterValue";
inline constexpr const char* kInvalidAttributeName = "InvalidAttributeName";
inline constexpr const char* kInvalidAttributeValue = "InvalidAttributeValue";
inline constexpr const char* kReceiptHandleIsInvalid = "ReceiptHandleIsInvalid";
inline constexpr const char* kInvalidMessageContents = "InvalidMessageContents";
inline constexpr const char* kMissingParameter = "MissingParameter";
inline constexpr const char* kResourceNotFound = "ResourceNotFoundException";
/// Not an SQS code: the database failed (disk full, file removed). Maps to HTTP 500.
inline constexpr const char* kInternalFailure = "InternalFailure";

inline Error make(const char* code, std::string message)
{
    return Error{code, std::move(message)};
}

inline Error nonExistentQueue()
{
    return make(kNonExistentQueue, "The specified queue does not exist.");
}

/// "Value <v> for parameter <p> is invalid. Reason: <reason>" — AWS's InvalidParameterValue shape.
inline Error invalidParameter(const std::string& parameter, const std::string& value, const std::string& reason)
{
    return make(kInvalidParameterValue,
                "Value " + value + " for parameter " + parameter + " is invalid. Reason: " + reason);
}

} // namespace lambdadesk::core::queue_error
