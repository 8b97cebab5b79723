// SPDX-License-Identifier: MIT
#include "kinesis/kinesis_requests.h"

#include "kinesis/json_member_reader.h"

#include <streams/stream_errors.h>

#include <algorithm>
#include <array>

namespace lambdadesk::bridge::kinesis {
namespace {

/// StreamName, else StreamARN: operations that take both identify the stream by either.
std::string streamMember(JsonMemberReader& in)
{
    auto name = in.string("StreamName");
    auto arn = in.string("StreamARN");
    return name.empty() ? arn : name;
}

} // namespace

core::Expected<core::CreateStreamRequest> createStreamFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::CreateStreamRequest request;
    request.streamName = in.string("StreamName");
    request.shardCount = in.integer("ShardCount");
    if (auto details = in.structure("StreamModeDetails"))
        request.streamMode = details->string("StreamMode");
    return in.result(std::move(request));
}

core::Expected<std::string> streamFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    return in.result(streamMember(in));
}

core::Expected<core::DescribeStreamRequest> describeStreamFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::DescribeStreamRequest request;
    request.streamName = streamMember(in);
    request.limit = in.integer("Limit").value_or(request.limit);
    request.exclusiveStartShardId = in.string("ExclusiveStartShardId");
    return in.result(std::move(request));
}

core::Expected<core::ListStreamsRequest> listStreamsFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::ListStreamsRequest request;
    request.limit = in.integer("Limit").value_or(request.limit);
    request.exclusiveStartStreamName = in.string("ExclusiveStartStreamName");
    request.nextToken = in.string("NextToken");
    return in.result(std::move(request));
}

core::Expected<core::ListShardsRequest> listShardsFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::ListShardsRequest request;
    request.streamName = streamMember(in);
    request.nextToken = in.string("NextToken");
    request.exclusiveStartShardId = in.string("ExclusiveStartShardId");
    request.maxResults = in.integer("MaxResults").value_or(request.maxResults);
    (void)in.timestamp("StreamCreationTimestamp"); // type-checked; one stream per name exists here
    if (auto filter = in.structure("ShardFilter")) {
        // Every shard is open (there is no resharding), so each filter type but AFTER_SHARD_ID selects all of
        // them; AFTER_SHARD_ID is ExclusiveStartShardId under another name.
        static constexpr std::array<std::string_view, 6> kTypes = {
            "AFTER_SHARD_ID", "AT_TRIM_HORIZON", "FROM_TRIM_HORIZON", "AT_LATEST", "AT_TIMESTAMP", "FROM_TIMESTAMP"};
        const auto type = filter->string("Type");
        const auto shardId = filter->string("ShardId");
        (void)filter->timestamp("Timestamp");
        if (!in.error() && std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end()) {
            return core::stream_error::validation({core::stream_error::constraint(
                type.empty() ? std::string("null") : core::stream_error::quoted(type), "shardFilter.type",
                "satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, "
                "AT_TIMESTAMP, FROM_TIMESTAMP]")});
        }
        if (type == "AFTER_SHARD_ID" && request.exclusiveStartShardId.empty())
            request.exclusiveStartShardId = shardId;
    }
    return in.result(std::move(request));
}

core::Expected<RetentionRequest> retentionFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    RetentionRequest request;
    request.stream = streamMember(in);
    const auto hours = in.integer("RetentionPeriodHours");
    if (!in.error() && !hours) {
        return core::stream_error::validation(
            {core::stream_error::constraint("null", "retentionPeriodHours", "not be null")});
    }
    request.retentionPeriodHours = hours.value_or(0);
    return in.result(std::move(request));
}

core::Expected<core::PutRecordRequest> putRecordFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::PutRecordRequest request;
    request.streamName = streamMember(in);
    request.partitionKey = in.string("PartitionKey");
    request.data = in.blob("Data");
    request.explicitHashKey = in.string("ExplicitHashKey");
    request.sequenceNumberForOrdering = in.string("SequenceNumberForOrdering");
    return in.result(std::move(request));
}

core::Expected<PutRecordsRequest> putRecordsFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    PutRecordsRequest request;
    request.stream = streamMember(in);
    auto records = in.structures("Records");
    request.records.reserve(records.size());
    for (auto& record : records) {
        core::PutRecordsEntry entry;
        entry.data = record.blob("Data");
        entry.partitionKey = record.string("PartitionKey");
        entry.explicitHashKey = record.string("ExplicitHashKey");
        request.records.push_back(std::move(entry));
    }
    return in.result(std::move(request));
}

core::Expected<core::GetShardIteratorRequest> getShardIteratorFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::GetShardIteratorRequest request;
    request.streamName = streamMember(in);
    request.shardId = in.string("ShardId");
    request.shardIteratorType = in.string("ShardIteratorType");
    request.startingSequenceNumber = in.string("StartingSequenceNumber");
    request.timestamp = in.timestamp("Timestamp");
    return in.result(std::move(request));
}

core::Expected<core::GetRecordsRequest> getRecordsFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::GetRecordsRequest request;
    request.shardIterator = in.string("ShardIterator");
    request.limit = in.integer("Limit").value_or(request.limit);
    (void)in.string("StreamARN"); // type-checked; the iterator already names its stream
    return in.result(std::move(request));
}

} // namespace lambdadesk::bridge::kinesis
