// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include <string_view>

namespace lambdadesk::core {

/// The kind of record a filter is matched against. It decides the data key (`body` for SQS, `data` for
/// Kinesis) and the format rules Lambda applies to it; `Any` is plain EventBridge matching.
enum class FilterSource { Any, Sqs, Kinesis };

/// The data key of a source: "body", "data", or "" for FilterSource::Any.
std::string_view filterDataKey(FilterSource source);

/// What a filter sees for one record: the record's metadata plus its data key holding the payload,
/// parsed when the payload is a JSON object and kept as the plain string otherwise.
struct FilterDocument {  // NOLINT(bugprone-exception-escape): nlohmann::json move is noexcept in practice
    nlohmann::json document;
    FilterSource source = FilterSource::Any;
    /// Whether the payload parsed as a JSON object. Lambda never matches a JSON pattern on the data key
    /// (`{"body": {"field": […]}}`) against a plain payload, nor a plain one (`{"body": […]}`) against JSON.
    bool payloadIsJson = false;
};

/// The document for an SQS record as delivered to functions (messageId, body, attributes,
/// messageAttributes, …), with `body` parsed when it holds a JSON object. Only a JSON object counts as
/// JSON: a body such as `42` or `"text"` stays the plain string, so plain-string patterns keep working on it.
FilterDocument filterDocumentForSqs(nlohmann::json record);

/// The document for a Kinesis record as delivered to functions: the fields of its `kinesis` object
/// (partitionKey, sequenceNumber, data, …) lifted to the top next to the record's own fields (eventID,
/// eventSourceARN, …), with `data` base64-decoded and parsed when it is a JSON object, else kept as the
/// decoded text. Data that is not valid base64 is kept as it came and counts as plain. The document is
/// for matching: decoded binary data need not be UTF-8, so dump() it only with a lenient error handler.
FilterDocument filterDocumentForKinesis(nlohmann::json record);

}  // namespace lambdadesk::core
