// SPDX-License-Identifier: MIT
#include "sqs/sqs_errors.h"

#include "endpoint/aws_errors.h"
#include "sqs/sqs_output.h"

#include <queues/queue_errors.h>

#include <nlohmann/json.hpp>

#include <array>

namespace lambdadesk::bridge {
namespace {

namespace queue_error = core::queue_error;

struct KnownError {
    std::string_view code;
    int status;
    std::string_view jsonType;
};

// The JSON model's exception shapes for the query codes (botocore's sqs service-2.json: the 1.29 query
// model names the codes, the JSON model the shapes). InvalidParameterValue and MissingParameter have no
// shape; AWS's JSON front end names them as below.
constexpr std::array<KnownError, 24> kKnownErrors = {{
    {queue_error::kNonExistentQueue, 400, "com.amazonaws.sqs#QueueDoesNotExist"},
    {queue_error::kQueueAlreadyExists, 400, "com.amazonaws.sqs#QueueNameExists"},
    {queue_error::kQueueDeletedRecently, 400, "com.amazonaws.sqs#QueueDeletedRecently"},
    {queue_error::kPurgeQueueInProgress, 403, "com.amazonaws.sqs#PurgeQueueInProgress"},
    {queue_error::kMessageNotInflight, 400, "com.amazonaws.sqs#MessageNotInflight"},
    {queue_error::kTooManyEntriesInBatchRequest, 400, "com.amazonaws.sqs#TooManyEntriesInBatchRequest"},
    {queue_error::kEmptyBatchRequest, 400, "com.amazonaws.sqs#EmptyBatchRequest"},
    {queue_error::kBatchEntryIdsNotDistinct, 400, "com.amazonaws.sqs#BatchEntryIdsNotDistinct"},
    {queue_error::kBatchRequestTooLong, 400, "com.amazonaws.sqs#BatchRequestTooLong"},
    {queue_error::kInvalidBatchEntryId, 400, "com.amazonaws.sqs#InvalidBatchEntryId"},
    {queue_error::kUnsupportedOperation, 400, "com.amazonaws.sqs#UnsupportedOperation"},
    {queue_error::kOverLimit, 403, "com.amazonaws.sqs#OverLimit"},
    {queue_error::kInvalidParameterValue, 400, "com.amazonaws.sqs#InvalidParameterValueException"},
    {queue_error::kInvalidAttributeName, 400, "com.amazonaws.sqs#InvalidAttributeName"},
    {queue_error::kInvalidAttributeValue, 400, "com.amazonaws.sqs#InvalidAttributeValue"},
    {queue_error::kReceiptHandleIsInvalid, 400, "com.amazonaws.sqs#ReceiptHandleIsInvalid"},
    {queue_error::kInvalidMessageContents, 400, "com.amazonaws.sqs#InvalidMessageContents"},
    {queue_error::kMissingParameter, 400, "com.amazonaws.sqs#MissingRequiredParameterException"},
    {queue_error::kResourceNotFound, 404, "com.amazonaws.sqs#ResourceNotFoundException"},
    {queue_error::kInternalFailure, 500, "com.amazonaws.sqs#InternalFailure"},
    {sqs_error::kInvalidAction, 400, "com.amazonaws.sqs#UnsupportedOperation"},
    {sqs_error::kMissingAction, 400, "com.amazonaws.sqs#MissingAction"},
    {sqs_error::kSerialization, 400, "com.amazon.coral.service#SerializationException"},
    {sqs_error::kRequestTooLarge, 413, "com.amazonaws.sqs#RequestEntityTooLarge"},
}};

} // namespace

SqsErrorShape sqsErrorShape(std::string_view code)
{
    for (const auto& known : kKnownErrors) {
        if (known.code == code)
            return SqsErrorShape{known.status, known.status < 500, std::string(known.jsonType)};
    }
    // A code core or the store made up: keep its name; the last dotted part is the short one.
    const auto dot = code.rfind('.');
    const auto shortName = dot == std::string_view::npos ? code : code.substr(dot + 1);
    return SqsErrorShape{400, true, "com.amazonaws.sqs#" + std::string(shortName)};
}

core::net::HttpResponse sqsErrorResponse(SqsProtocol protocol, const core::Error& error, const std::string& requestId)
{
    const auto shape = sqsErrorShape(error.code);
    const std::string fault = shape.senderFault ? "Sender" : "Receiver";
    core::net::HttpResponse response;
    response.status = shape.status;
    if (protocol == SqsProtocol::Json) {
        const nlohmann::json body = {{"__type", shape.jsonType}, {"message", error.message}};
        response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        response.headers.emplace_back("Content-Type", "application/x-amz-json-1.0");
        // botocore and the JS SDK take the code from here because SQS's JSON model is awsQueryCompatible.
        response.headers.emplace_back("x-amzn-query-error", error.code + ";" + fault);
    } else {
        response.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        "<ErrorResponse xmlns=\"http://queue.amazonaws.com/doc/2012-11-05/\"><Error><Type>" +
                        fault + "</Type><Code>" + xmlEscape(error.code) + "</Code><Message>" +
                        xmlEscape(error.message) + "</Message><Detail/></Error><RequestId>" + xmlEscape(requestId) +
                        "</RequestId></ErrorResponse>";
        response.headers.emplace_back("Content-Type", "text/xml");
    }
    addRequestId(response, requestId);
    return response;
}

} // namespace lambdadesk::bridge
