// SPDX-License-Identifier: MIT
#include "kinesis/kinesis_requests.h"

#include "kinesis/json_member_reader.h"

#include <streams/stream_errors.h>


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
        core::ShardFilter shardFilter;
        shardFilter.type = filter->string("Type");
        shardFilter.shardId = filter->string("ShardId");
        shardFilter.timestamp = filter->timestamp("Timestamp");
        request.shardFilter = std::move(shardFilter);
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

core::Expected<core::SplitShardRequest> splitShardFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::SplitShardRequest request;
    request.streamName = streamMember(in);
    request.shardToSplit = in.string("ShardToSplit");
    request.newStartingHashKey = in.string("NewStartingHashKey");
    return in.result(std::move(request));
}

core::Expected<core::MergeShardsRequest> mergeShardsFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::MergeShardsRequest request;
    request.streamName = streamMember(in);
    request.shardToMerge = in.string("ShardToMerge");
    request.adjacentShardToMerge = in.string("AdjacentShardToMerge");
    return in.result(std::move(request));
}

core::Expected<core::UpdateShardCountRequest> updateShardCountFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::UpdateShardCountRequest request;
    request.streamName = streamMember(in);
    request.targetShardCount = in.integer("TargetShardCount").value_or(0);
    request.scalingType = in.string("ScalingType");
    return in.result(std::move(request));
}

core::Expected<StreamModeRequest> updateStreamModeFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    StreamModeRequest request;
    request.streamArn = in.string("StreamARN");
    if (auto details = in.structure("StreamModeDetails"))
        request.streamMode = details->string("StreamMode");
    (void)in.integer("WarmThroughputMiBps"); // type-checked; throughput is not emulated
    return in.result(std::move(request));
}

core::Expected<TagsRequest> addTagsFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    TagsRequest request;
    request.stream = streamMember(in);
    if (const auto* tags = body.is_object() ? &body : nullptr; tags && tags->contains("Tags")) {
        const auto& map = (*tags)["Tags"];
        if (!map.is_object())
            return core::Error{"SerializationException", "Tags must be a map of strings to strings."};
        for (const auto& [key, value] : map.items()) {
            if (!value.is_string())
                return core::Error{"SerializationException", "Tags." + key + " must be a string."};
            request.tags.push_back(core::StreamTag{key, value.get<std::string>()});
        }
    }
    return in.result(std::move(request));
}

core::Expected<TagKeysRequest> removeTagsFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    TagKeysRequest request;
    request.stream = streamMember(in);
    if (body.is_object() && body.contains("TagKeys")) {
        const auto& keys = body["TagKeys"];
        if (!keys.is_array())
            return core::Error{"SerializationException", "TagKeys must be a list of strings."};
        for (const auto& key : keys) {
            if (!key.is_string())
                return core::Error{"SerializationException", "TagKeys must be a list of strings."};
            request.tagKeys.push_back(key.get<std::string>());
        }
    }
    return in.result(std::move(request));
}

core::Expected<core::ListTagsForStreamRequest> listTagsFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::ListTagsForStreamRequest request;
    request.streamName = streamMember(in);
    request.exclusiveStartTagKey = in.string("ExclusiveStartTagKey");
    request.limit = in.integer("Limit").value_or(request.limit);
    return in.result(std::move(request));
}

core::Expected<core::ConsumerRequest> consumerFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::ConsumerRequest request;
    request.streamArn = in.string("StreamARN");
    request.consumerName = in.string("ConsumerName");
    request.consumerArn = in.string("ConsumerARN");
    return in.result(std::move(request));
}

core::Expected<core::ListStreamConsumersRequest> listConsumersFromJson(const nlohmann::json& body)
{
    JsonMemberReader in(body);
    core::ListStreamConsumersRequest request;
    request.streamArn = in.string("StreamARN");
    request.nextToken = in.string("NextToken");
    request.maxResults = in.integer("MaxResults").value_or(request.maxResults);
    (void)in.timestamp("StreamCreationTimestamp"); // type-checked; one stream per name exists here
    return in.result(std::move(request));
}

} // namespace lambdadesk::bridge::kinesis
