// SPDX-License-Identifier: MIT
// The payloads of a Kinesis event source mapping: the event records Lambda builds, the OnFailure record with its
// KinesisBatchInfo, and the reading of a function's batchItemFailures answer.
#pragma once

#include "model/invocation.h"
#include "streams/stream_types.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// Where a record came from, as every event record repeats it.
struct KinesisRecordSource {
    std::string shardId;
    std::string streamArn;
    std::string region;
    std::string roleArn;  ///< invokeIdentityArn
};

/// Microseconds since the epoch as ISO 8601 UTC with milliseconds: 2019-11-14T18:16:05.568Z.
std::string isoTimestampUs(std::int64_t epochUs);

/// One `Records[]` entry: {"kinesis":{kinesisSchemaVersion, partitionKey, sequenceNumber, data (base64),
/// approximateArrivalTimestamp}, eventSource, eventVersion, eventID, eventName, invokeIdentityArn, awsRegion,
/// eventSourceARN}.
nlohmann::json kinesisEventRecord(const StreamRecord& record, const KinesisRecordSource& source);

/// Why a batch went to OnFailure (requestContext.condition).
enum class KinesisFailureCondition { RetryAttemptsExhausted, RecordAgeExceeded };

/// The record Lambda sends to DestinationConfig.OnFailure for a discarded batch: requestContext,
/// responseContext (from the last invoke, if any), version, timestamp and KinesisBatchInfo; never record data.
nlohmann::json kinesisFailureRecord(const std::vector<StreamRecord>& batch, const KinesisRecordSource& source,
                                    const std::string& functionArn, KinesisFailureCondition condition,
                                    int invokeCount, const std::optional<InvokeResult>& lastInvoke,
                                    std::int64_t nowUs);

/// How a function's answer settles a batch under ReportBatchItemFailures.
struct KinesisBatchOutcome {
    bool wholeBatchFailed = false;
    /// Index of the record with the lowest reported sequence number: it and everything after it are retried.
    std::optional<std::size_t> firstFailed;
};

/// Reads `{"batchItemFailures":[{"itemIdentifier":"<sequenceNumber>"}]}` with Lambda's rules: an empty or null
/// list or response is success; invalid JSON or an empty, null or unknown itemIdentifier fails the whole batch.
KinesisBatchOutcome readBatchItemFailures(const nlohmann::json& response, bool validJson,
                                          const std::vector<StreamRecord>& batch);

}  // namespace lambdadesk::core
