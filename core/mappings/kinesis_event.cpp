// SPDX-License-Identifier: MIT
#include "mappings/kinesis_event.h"

#include "encoding/base64.h"
#include "encoding/ids.h"

#include <ctime>
#include <unordered_map>

namespace lambdadesk::core {

std::string isoTimestampUs(std::int64_t epochUs)
{
    const std::time_t seconds = static_cast<std::time_t>(epochUs / 1'000'000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[80];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>((epochUs / 1000) % 1000));
    return text;
}

nlohmann::json kinesisEventRecord(const StreamRecord& record, const KinesisRecordSource& source)
{
    return {{"kinesis",
             {{"kinesisSchemaVersion", "1.0"},
              {"partitionKey", record.partitionKey},
              {"sequenceNumber", record.sequenceNumber},
              {"data", encodeBase64(record.data)},
              {"approximateArrivalTimestamp", record.approximateArrivalTimestamp}}},
            {"eventSource", "aws:kinesis"},
            {"eventVersion", "1.0"},
            {"eventID", source.shardId + ':' + record.sequenceNumber},
            {"eventName", "aws:kinesis:record"},
            {"invokeIdentityArn", source.roleArn},
            {"awsRegion", source.region},
            {"eventSourceARN", source.streamArn}};
}

nlohmann::json kinesisFailureRecord(const std::vector<StreamRecord>& batch, const KinesisRecordSource& source,
                                    const std::string& functionArn, KinesisFailureCondition condition,
                                    int invokeCount, const std::optional<InvokeResult>& lastInvoke,
                                    std::int64_t nowUs)
{
    nlohmann::json responseContext = {{"statusCode", 200}, {"executedVersion", "$LATEST"}};
    if (lastInvoke) {
        responseContext["executedVersion"] = lastInvoke->executedVersion;
        if (!lastInvoke->functionError.empty())
            responseContext["functionError"] = lastInvoke->functionError;
        else if (lastInvoke->status == InvokeStatus::Throttled)
            responseContext["statusCode"] = 429;
        else if (!lastInvoke->ok() && lastInvoke->status != InvokeStatus::FunctionError)
            responseContext["statusCode"] = 500;
    }
    const std::string conditionName =
        condition == KinesisFailureCondition::RetryAttemptsExhausted ? "RetryAttemptsExhausted" : "RecordAgeExceeded";
    nlohmann::json info = nlohmann::json::object();
    if (!batch.empty()) {
        info = {{"shardId", source.shardId},
                {"startSequenceNumber", batch.front().sequenceNumber},
                {"endSequenceNumber", batch.back().sequenceNumber},
                {"approximateArrivalOfFirstRecord", isoTimestampUs(batch.front().arrivalUs)},
                {"approximateArrivalOfLastRecord", isoTimestampUs(batch.back().arrivalUs)},
                {"batchSize", batch.size()},
                {"streamArn", source.streamArn}};
    }
    return {{"requestContext",
             {{"requestId", lastInvoke && !lastInvoke->requestId.empty() ? lastInvoke->requestId : newRequestId()},
              {"functionArn", functionArn},
              {"condition", conditionName},
              {"approximateInvokeCount", invokeCount}}},
            {"responseContext", std::move(responseContext)},
            {"version", "1.0"},
            {"timestamp", isoTimestampUs(nowUs)},
            {"KinesisBatchInfo", std::move(info)}};
}

KinesisBatchOutcome readBatchItemFailures(const nlohmann::json& response, bool validJson,
                                          const std::vector<StreamRecord>& batch)
{
    KinesisBatchOutcome outcome;
    if (!validJson) {
        outcome.wholeBatchFailed = true;
        return outcome;
    }
    if (!response.is_object() || !response.contains("batchItemFailures") || response["batchItemFailures"].is_null())
        return outcome;
    const auto& failures = response["batchItemFailures"];
    if (!failures.is_array()) {
        outcome.wholeBatchFailed = true;
        return outcome;
    }
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < batch.size(); ++i)
        index.emplace(batch[i].sequenceNumber, i);
    for (const auto& item : failures) {
        const auto* identifier = item.is_object() && item.contains("itemIdentifier") ? &item["itemIdentifier"] : nullptr;
        if (!identifier || !identifier->is_string()) {
            outcome.wholeBatchFailed = true;
            return outcome;
        }
        const auto found = index.find(identifier->get<std::string>());
        if (found == index.end()) {
            outcome.wholeBatchFailed = true;
            return outcome;
        }
        // Sequence numbers grow along the batch, so the lowest one is the earliest index.
        if (!outcome.firstFailed || found->second < *outcome.firstFailed)
            outcome.firstFailed = found->second;
    }
    return outcome;
}

}  // namespace lambdadesk::core
