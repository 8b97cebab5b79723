// SPDX-License-Identifier: MIT
// StreamService's results as Kinesis's JSON 1.1 response members. Optional members that have no value are
// left out rather than sent as null; blobs go out as base64 and timestamps as epoch seconds.
#pragma once

#include <streams/stream_types.h>

#include <nlohmann/json.hpp>

namespace lambdadesk::bridge::kinesis {

nlohmann::json toJson(const core::ShardDescription& shard);
/// {"StreamDescription": {...}}
nlohmann::json describeStreamToJson(const core::StreamDescription& description);
/// {"StreamDescriptionSummary": {...}}
nlohmann::json describeStreamSummaryToJson(const core::StreamDescriptionSummary& summary);
nlohmann::json listStreamsToJson(const core::ListStreamsResult& result);
nlohmann::json listShardsToJson(const core::ListShardsResult& result);
nlohmann::json putRecordToJson(const core::PutRecordResult& result);
nlohmann::json putRecordsToJson(const core::PutRecordsResult& result);
nlohmann::json getShardIteratorToJson(const std::string& shardIterator);
nlohmann::json getRecordsToJson(const core::GetRecordsResult& result);
nlohmann::json updateShardCountToJson(const core::UpdateShardCountResult& result);
nlohmann::json describeLimitsToJson(const core::DescribeLimitsResult& result);
nlohmann::json listTagsToJson(const core::ListTagsForStreamResult& result);
/// {"Consumer": {...}} (RegisterStreamConsumer: without StreamARN).
nlohmann::json registerConsumerToJson(const core::ConsumerDescription& consumer);
/// {"ConsumerDescription": {...}}
nlohmann::json describeConsumerToJson(const core::ConsumerDescription& consumer);
nlohmann::json listConsumersToJson(const core::ListStreamConsumersResult& result);

} // namespace lambdadesk::bridge::kinesis
