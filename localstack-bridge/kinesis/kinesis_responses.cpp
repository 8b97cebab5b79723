// SPDX-License-Identifier: MIT
#include "kinesis/kinesis_responses.h"

#include <encoding/base64.h>

namespace lambdadesk::bridge::kinesis {
namespace {

nlohmann::json streamModeDetails(const std::string& mode)
{
    return {{"StreamMode", mode}};
}

/// Kinesis reports no shard-level metrics until EnableEnhancedMonitoring, which is not emulated.
nlohmann::json enhancedMonitoring()
{
    return nlohmann::json::array({{{"ShardLevelMetrics", nlohmann::json::array()}}});
}

nlohmann::json shardsToJson(const std::vector<core::ShardDescription>& shards)
{
    auto list = nlohmann::json::array();
    for (const auto& shard : shards)
        list.push_back(toJson(shard));
    return list;
}

} // namespace

nlohmann::json toJson(const core::ShardDescription& shard)
{
    nlohmann::json out = {
        {"ShardId", shard.shardId},
        {"HashKeyRange",
         {{"StartingHashKey", shard.hashKeyRange.startingHashKey},
          {"EndingHashKey", shard.hashKeyRange.endingHashKey}}},
    };
    nlohmann::json sequenceRange = {{"StartingSequenceNumber", shard.sequenceNumberRange.startingSequenceNumber}};
    if (!shard.sequenceNumberRange.endingSequenceNumber.empty())
        sequenceRange["EndingSequenceNumber"] = shard.sequenceNumberRange.endingSequenceNumber;
    out["SequenceNumberRange"] = std::move(sequenceRange);
    if (!shard.parentShardId.empty())
        out["ParentShardId"] = shard.parentShardId;
    if (!shard.adjacentParentShardId.empty())
        out["AdjacentParentShardId"] = shard.adjacentParentShardId;
    return out;
}

nlohmann::json describeStreamToJson(const core::StreamDescription& description)
{
    return {{"StreamDescription",
             {
                 {"StreamName", description.streamName},
                 {"StreamARN", description.streamArn},
                 {"StreamStatus", description.streamStatus},
                 {"StreamModeDetails", streamModeDetails(description.streamMode)},
                 {"Shards", shardsToJson(description.shards)},
                 {"HasMoreShards", description.hasMoreShards},
                 {"RetentionPeriodHours", description.retentionPeriodHours},
                 {"StreamCreationTimestamp", description.streamCreationTimestamp},
                 {"EnhancedMonitoring", enhancedMonitoring()},
                 {"EncryptionType", description.encryptionType},
             }}};
}

nlohmann::json describeStreamSummaryToJson(const core::StreamDescriptionSummary& summary)
{
    return {{"StreamDescriptionSummary",
             {
                 {"StreamName", summary.streamName},
                 {"StreamARN", summary.streamArn},
                 {"StreamStatus", summary.streamStatus},
                 {"StreamModeDetails", streamModeDetails(summary.streamMode)},
                 {"RetentionPeriodHours", summary.retentionPeriodHours},
                 {"StreamCreationTimestamp", summary.streamCreationTimestamp},
                 {"EnhancedMonitoring", enhancedMonitoring()},
                 {"EncryptionType", summary.encryptionType},
                 {"OpenShardCount", summary.openShardCount},
                 {"ConsumerCount", summary.consumerCount},
             }}};
}

nlohmann::json listStreamsToJson(const core::ListStreamsResult& result)
{
    auto summaries = nlohmann::json::array();
    for (const auto& stream : result.streamSummaries) {
        summaries.push_back({
            {"StreamName", stream.streamName},
            {"StreamARN", stream.streamArn},
            {"StreamStatus", stream.streamStatus},
            {"StreamModeDetails", streamModeDetails(stream.streamMode)},
            {"StreamCreationTimestamp", stream.streamCreationTimestamp},
        });
    }
    nlohmann::json out = {
        {"StreamNames", result.streamNames},
        {"HasMoreStreams", result.hasMoreStreams},
        {"StreamSummaries", std::move(summaries)},
    };
    if (!result.nextToken.empty())
        out["NextToken"] = result.nextToken;
    return out;
}

nlohmann::json listShardsToJson(const core::ListShardsResult& result)
{
    nlohmann::json out = {{"Shards", shardsToJson(result.shards)}};
    if (!result.nextToken.empty())
        out["NextToken"] = result.nextToken;
    return out;
}

nlohmann::json putRecordToJson(const core::PutRecordResult& result)
{
    return {
        {"ShardId", result.shardId},
        {"SequenceNumber", result.sequenceNumber},
        {"EncryptionType", result.encryptionType},
    };
}

nlohmann::json putRecordsToJson(const core::PutRecordsResult& result)
{
    auto records = nlohmann::json::array();
    for (const auto& entry : result.records) {
        if (entry.failed())
            records.push_back({{"ErrorCode", entry.errorCode}, {"ErrorMessage", entry.errorMessage}});
        else
            records.push_back({{"SequenceNumber", entry.sequenceNumber}, {"ShardId", entry.shardId}});
    }
    return {
        {"FailedRecordCount", result.failedRecordCount},
        {"Records", std::move(records)},
        {"EncryptionType", result.encryptionType},
    };
}

nlohmann::json getShardIteratorToJson(const std::string& shardIterator)
{
    return {{"ShardIterator", shardIterator}};
}

nlohmann::json getRecordsToJson(const core::GetRecordsResult& result)
{
    auto records = nlohmann::json::array();
    for (const auto& record : result.records) {
        nlohmann::json item = {
            {"SequenceNumber", record.sequenceNumber},
            {"ApproximateArrivalTimestamp", record.approximateArrivalTimestamp},
            {"Data", core::encodeBase64(record.data)},
            {"PartitionKey", record.partitionKey},
        };
        // Kinesis names the encryption only of encrypted records.
        if (!record.encryptionType.empty() && record.encryptionType != "NONE")
            item["EncryptionType"] = record.encryptionType;
        records.push_back(std::move(item));
    }
    nlohmann::json out = {
        {"Records", std::move(records)},
        {"MillisBehindLatest", result.millisBehindLatest},
    };
    // A closed shard's last page has no next iterator; leave the member out rather than send null.
    if (!result.nextShardIterator.empty())
        out["NextShardIterator"] = result.nextShardIterator;
    return out;
}

nlohmann::json updateShardCountToJson(const core::UpdateShardCountResult& result)
{
    return {
        {"StreamName", result.streamName},
        {"StreamARN", result.streamArn},
        {"CurrentShardCount", result.currentShardCount},
        {"TargetShardCount", result.targetShardCount},
    };
}

nlohmann::json describeLimitsToJson(const core::DescribeLimitsResult& result)
{
    return {
        {"ShardLimit", result.shardLimit},
        {"OpenShardCount", result.openShardCount},
        {"OnDemandStreamCount", result.onDemandStreamCount},
        {"OnDemandStreamCountLimit", result.onDemandStreamCountLimit},
    };
}

nlohmann::json listTagsToJson(const core::ListTagsForStreamResult& result)
{
    auto tags = nlohmann::json::array();
    for (const auto& tag : result.tags)
        tags.push_back({{"Key", tag.key}, {"Value", tag.value}});
    return {{"Tags", std::move(tags)}, {"HasMoreTags", result.hasMoreTags}};
}

namespace {

nlohmann::json consumerToJson(const core::ConsumerDescription& consumer)
{
    return {
        {"ConsumerName", consumer.consumerName},
        {"ConsumerARN", consumer.consumerArn},
        {"ConsumerStatus", consumer.consumerStatus},
        {"ConsumerCreationTimestamp", consumer.consumerCreationTimestamp},
    };
}

} // namespace

nlohmann::json registerConsumerToJson(const core::ConsumerDescription& consumer)
{
    return {{"Consumer", consumerToJson(consumer)}};
}

nlohmann::json describeConsumerToJson(const core::ConsumerDescription& consumer)
{
    auto description = consumerToJson(consumer);
    description["StreamARN"] = consumer.streamArn;
    return {{"ConsumerDescription", std::move(description)}};
}

nlohmann::json listConsumersToJson(const core::ListStreamConsumersResult& result)
{
    auto consumers = nlohmann::json::array();
    for (const auto& consumer : result.consumers)
        consumers.push_back(consumerToJson(consumer));
    nlohmann::json out = {{"Consumers", std::move(consumers)}};
    if (!result.nextToken.empty())
        out["NextToken"] = result.nextToken;
    return out;
}

} // namespace lambdadesk::bridge::kinesis
