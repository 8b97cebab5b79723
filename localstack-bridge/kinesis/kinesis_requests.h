// SPDX-License-Identifier: MIT
// Kinesis request members (JSON 1.1) onto StreamService's request structs, one to one. Only the wire's shape is
// checked here (types, base64); every constraint of the API is core's.
#pragma once

#include <model/expected.h>
#include <streams/stream_types.h>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace lambdadesk::bridge::kinesis {

/// A request naming a stream and one number: RetentionPeriodHours of Increase/DecreaseStreamRetentionPeriod.
struct RetentionRequest {
    std::string stream;
    int retentionPeriodHours = 0;
};

/// PutRecords' members.
struct PutRecordsRequest {
    std::string stream;
    std::vector<core::PutRecordsEntry> records;
};

/// UpdateStreamMode's members.
struct StreamModeRequest {
    std::string streamArn;
    std::string streamMode;
};

/// AddTagsToStream's members.
struct TagsRequest {
    std::string stream;
    std::vector<core::StreamTag> tags;
};

/// RemoveTagsFromStream's members.
struct TagKeysRequest {
    std::string stream;
    std::vector<std::string> tagKeys;
};

core::Expected<core::CreateStreamRequest> createStreamFromJson(const nlohmann::json& body);
core::Expected<std::string> streamFromJson(const nlohmann::json& body);
core::Expected<core::DescribeStreamRequest> describeStreamFromJson(const nlohmann::json& body);
core::Expected<core::ListStreamsRequest> listStreamsFromJson(const nlohmann::json& body);
core::Expected<core::ListShardsRequest> listShardsFromJson(const nlohmann::json& body);
core::Expected<RetentionRequest> retentionFromJson(const nlohmann::json& body);
core::Expected<core::PutRecordRequest> putRecordFromJson(const nlohmann::json& body);
core::Expected<PutRecordsRequest> putRecordsFromJson(const nlohmann::json& body);
core::Expected<core::GetShardIteratorRequest> getShardIteratorFromJson(const nlohmann::json& body);
core::Expected<core::GetRecordsRequest> getRecordsFromJson(const nlohmann::json& body);
core::Expected<core::SplitShardRequest> splitShardFromJson(const nlohmann::json& body);
core::Expected<core::MergeShardsRequest> mergeShardsFromJson(const nlohmann::json& body);
core::Expected<core::UpdateShardCountRequest> updateShardCountFromJson(const nlohmann::json& body);
core::Expected<StreamModeRequest> updateStreamModeFromJson(const nlohmann::json& body);
core::Expected<TagsRequest> addTagsFromJson(const nlohmann::json& body);
core::Expected<TagKeysRequest> removeTagsFromJson(const nlohmann::json& body);
core::Expected<core::ListTagsForStreamRequest> listTagsFromJson(const nlohmann::json& body);
/// StreamARN, ConsumerName and ConsumerARN (Describe/DeregisterStreamConsumer; Register uses the first two).
core::Expected<core::ConsumerRequest> consumerFromJson(const nlohmann::json& body);
core::Expected<core::ListStreamConsumersRequest> listConsumersFromJson(const nlohmann::json& body);

} // namespace lambdadesk::bridge::kinesis
