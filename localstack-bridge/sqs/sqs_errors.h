// SPDX-License-Identifier: MIT
// SQS errors in both wire shapes: the query protocol's <ErrorResponse> and AWS JSON 1.0's __type body
// with the x-amzn-query-error header that query-compatible SDKs read the code from.
#pragma once

#include <model/expected.h>
#include <net/http_message.h>

#include <string>
#include <string_view>

namespace lambdadesk::bridge {

enum class SqsProtocol { Query, Json };

/// Error codes of the protocol itself (core's codes are in queues/queue_errors.h).
namespace sqs_error {
inline constexpr const char* kInvalidAction = "InvalidAction";
inline constexpr const char* kMissingAction = "MissingAction";
inline constexpr const char* kSerialization = "SerializationException";
inline constexpr const char* kRequestTooLarge = "RequestEntityTooLarge";
} // namespace sqs_error

/// How an error code travels: HTTP status, who is at fault, and the JSON protocol's __type.
struct SqsErrorShape {
    int status = 400;
    bool senderFault = true;
    std::string jsonType; ///< e.g. com.amazonaws.sqs#QueueDoesNotExist
};

/// The shape of a query-protocol error code (AWS.SimpleQueueService.NonExistentQueue, OverLimit…). Codes
/// the model does not name keep their own name in __type; InternalFailure is a 500 Receiver fault.
SqsErrorShape sqsErrorShape(std::string_view code);

/// The error response for `error` (its code is the query code) in `protocol`, with x-amzn-RequestId.
core::net::HttpResponse sqsErrorResponse(SqsProtocol protocol, const core::Error& error, const std::string& requestId);

} // namespace lambdadesk::bridge
