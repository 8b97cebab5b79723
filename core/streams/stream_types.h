// SPDX-License-Identifier: MIT
// Requests and results of StreamService: Kinesis Data Streams' API shapes as plain structs, named after the
// wire members so the bridge maps them one to one. Data is raw bytes (the wire's base64 is the bridge's job).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// Where a shard iterator starts reading.
enum class ShardIteratorType {
    TrimHorizon,          ///< the oldest untrimmed record
    Latest,               ///< just after the newest record: only records put later
    AtSequenceNumber,     ///< the record with that sequence number (or the first after it, if trimmed)
    AfterSequenceNumber,  ///< the first record after that sequence number
    AtTimestamp,          ///< the first record that arrived at or after a time
};

/// A position inside a stream: records after it are unread. It is the stream-wide record counter that sequence
/// numbers carry (see stream_sequence.h), so a position is valid for every shard of its stream, and 0 is before
/// the first record ever put.
using StreamPosition = std::int64_t;

struct HashKeyRange {
    std::string startingHashKey;  ///< decimal, 0..2^128-1
    std::string endingHashKey;
};

struct SequenceNumberRange {
    std::string startingSequenceNumber;
    std::string endingSequenceNumber;  ///< empty while the shard is open; set when a split or merge closed it
};

struct ShardDescription {
    std::string shardId;  ///< shardId-000000000000
    std::string parentShardId;
    std::string adjacentParentShardId;
    HashKeyRange hashKeyRange;
    SequenceNumberRange sequenceNumberRange;
};

struct CreateStreamRequest {
    std::string streamName;
    /// Absent: an ON_DEMAND stream, which AWS starts with 4 shards.
    std::optional<int> shardCount;
    /// "PROVISIONED", "ON_DEMAND" or empty (PROVISIONED with a shard count, ON_DEMAND without).
    std::string streamMode;
};

struct DescribeStreamRequest {
    std::string streamName;  ///< a name or a stream ARN
    int limit = 100;         ///< shards per page, 1–10000
    std::string exclusiveStartShardId;
};

struct StreamDescription {
    std::string streamName;
    std::string streamArn;
    std::string streamStatus = "ACTIVE";
    std::string streamMode = "PROVISIONED";
    std::vector<ShardDescription> shards;
    bool hasMoreShards = false;
    int retentionPeriodHours = 24;
    double streamCreationTimestamp = 0;  ///< epoch seconds
    std::string encryptionType = "NONE";
};

struct StreamDescriptionSummary {
    std::string streamName;
    std::string streamArn;
    std::string streamStatus = "ACTIVE";
    std::string streamMode = "PROVISIONED";
    int retentionPeriodHours = 24;
    double streamCreationTimestamp = 0;
    std::string encryptionType = "NONE";
    int openShardCount = 0;
    int consumerCount = 0;
};

struct ListStreamsRequest {
    int limit = 100;  ///< 1–10000
    std::string exclusiveStartStreamName;
    std::string nextToken;  ///< from a previous page; excludes exclusiveStartStreamName
};

struct StreamSummary {
    std::string streamName;
    std::string streamArn;
    std::string streamStatus = "ACTIVE";
    std::string streamMode = "PROVISIONED";
    double streamCreationTimestamp = 0;
};

struct ListStreamsResult {
    std::vector<std::string> streamNames;
    std::vector<StreamSummary> streamSummaries;
    bool hasMoreStreams = false;
    std::string nextToken;  ///< empty on the last page
};

/// ListShards' ShardFilter: which shards of the lineage to list.
struct ShardFilter {
    /// AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP.
    std::string type;
    std::string shardId;              ///< AFTER_SHARD_ID's shard
    std::optional<double> timestamp;  ///< epoch seconds, for AT_TIMESTAMP and FROM_TIMESTAMP
};

struct ListShardsRequest {
    std::string streamName;  ///< a name or a stream ARN; must be empty when nextToken is given
    std::string nextToken;
    std::string exclusiveStartShardId;
    int maxResults = 1000;  ///< 1–10000
    std::optional<ShardFilter> shardFilter;  ///< must be absent when nextToken is given (the token carries it)
};

struct SplitShardRequest {
    std::string streamName;  ///< a name or a stream ARN
    std::string shardToSplit;
    std::string newStartingHashKey;  ///< decimal; strictly inside the shard's range, above its start
};

struct MergeShardsRequest {
    std::string streamName;
    std::string shardToMerge;
    std::string adjacentShardToMerge;  ///< its range must start right after shardToMerge's ends
};

struct UpdateShardCountRequest {
    std::string streamName;
    int targetShardCount = 0;
    std::string scalingType = "UNIFORM_SCALING";  ///< the only type AWS has
};

struct UpdateShardCountResult {
    std::string streamName;
    std::string streamArn;
    int currentShardCount = 0;  ///< open shards before the call
    int targetShardCount = 0;
};

struct DescribeLimitsResult {
    int shardLimit = 0;
    int openShardCount = 0;
    int onDemandStreamCount = 0;
    int onDemandStreamCountLimit = 0;
};

struct StreamTag {
    std::string key;
    std::string value;
};

struct ListTagsForStreamRequest {
    std::string streamName;
    std::string exclusiveStartTagKey;
    int limit = 50;  ///< 1–50
};

struct ListTagsForStreamResult {
    std::vector<StreamTag> tags;
    bool hasMoreTags = false;
};

/// A registered (enhanced fan-out) consumer. Its ARN is <stream ARN>/consumer/<name>:<creation epoch seconds>.
struct ConsumerDescription {
    std::string consumerName;
    std::string consumerArn;
    std::string consumerStatus = "ACTIVE";  ///< CREATING, DELETING or ACTIVE
    double consumerCreationTimestamp = 0;
    std::string streamArn;
};

/// DescribeStreamConsumer names the consumer by ARN, or by stream ARN and name.
struct ConsumerRequest {
    std::string streamArn;
    std::string consumerName;
    std::string consumerArn;
};

struct ListStreamConsumersRequest {
    std::string streamArn;
    std::string nextToken;
    int maxResults = 100;  ///< 1–10000
};

struct ListStreamConsumersResult {
    std::vector<ConsumerDescription> consumers;
    std::string nextToken;
};

/// A shard's place in its stream's lineage, for readers that must finish parents before children.
struct ShardLineage {
    std::string shardId;
    std::string parentShardId;          ///< empty when none
    std::string adjacentParentShardId;  ///< empty when none
    bool open = true;
    std::int64_t closedUs = 0;
};

struct ListShardsResult {
    std::vector<ShardDescription> shards;
    std::string nextToken;  ///< empty on the last page
};

struct PutRecordRequest {
    std::string streamName;  ///< a name or a stream ARN
    std::string partitionKey;
    std::string data;  ///< raw bytes, at most 1 MiB
    std::string explicitHashKey;  ///< decimal 0..2^128-1 overriding the partition key's hash; empty for none
    std::string sequenceNumberForOrdering;  ///< accepted and checked; sequence numbers always increase anyway
};

struct PutRecordResult {
    std::string shardId;
    std::string sequenceNumber;
    std::string encryptionType = "NONE";
};

struct PutRecordsEntry {
    std::string partitionKey;
    std::string data;
    std::string explicitHashKey;
};

/// Either shardId and sequenceNumber, or errorCode and errorMessage.
struct PutRecordsResultEntry {
    std::string shardId;
    std::string sequenceNumber;
    std::string errorCode;
    std::string errorMessage;
    [[nodiscard]] bool failed() const { return !errorCode.empty(); }
};

struct PutRecordsResult {
    int failedRecordCount = 0;
    std::vector<PutRecordsResultEntry> records;  ///< in request order
    std::string encryptionType = "NONE";
};

struct GetShardIteratorRequest {
    std::string streamName;  ///< a name or a stream ARN
    std::string shardId;
    std::string shardIteratorType;  ///< TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, AT_TIMESTAMP
    std::string startingSequenceNumber;
    std::optional<double> timestamp;  ///< epoch seconds (fractional), for AT_TIMESTAMP
};

/// A record as GetRecords and the reader API return it.
struct StreamRecord {
    std::string sequenceNumber;
    double approximateArrivalTimestamp = 0;  ///< epoch seconds with millisecond precision
    std::string data;
    std::string partitionKey;
    std::string encryptionType = "NONE";
    StreamPosition position = 0;  ///< the counter inside sequenceNumber
    std::int64_t arrivalUs = 0;   ///< microseconds since the epoch
};

struct GetRecordsRequest {
    std::string shardIterator;
    int limit = 10000;  ///< 1–10000
};

struct GetRecordsResult {
    std::vector<StreamRecord> records;
    std::string nextShardIterator;
    /// How far the reader is behind the tip: the age of the oldest record it has not read yet, 0 when caught up.
    std::int64_t millisBehindLatest = 0;
};

/// What the reader API returns: records after a position, and where to continue.
struct ShardReadResult {
    std::vector<StreamRecord> records;
    StreamPosition nextPosition = 0;  ///< the last record's position, or the given one when nothing was read
    std::int64_t millisBehindLatest = 0;
    /// The shard is closed and nothing is left after these records: its reader is done with it (GetRecords then
    /// answers no NextShardIterator), and readers may move on to its children.
    bool shardEnded = false;
};

struct ShardStats {
    std::string shardId;
    std::int64_t records = 0;       ///< untrimmed records
    std::int64_t oldestAgeMs = 0;   ///< age of the oldest untrimmed record; 0 when empty
    StreamPosition latestPosition = 0;  ///< position of the newest record in the shard; 0 when none was ever put
    bool open = true;                   ///< false once a split or merge closed it
};

struct StreamStats {
    std::int64_t records = 0;
    std::int64_t oldestAgeMs = 0;
    std::vector<ShardStats> shards;
};

enum class StreamChangeKind {
    Created,
    Deleted,
    RecordsPut,
    RetentionChanged,
    Resharded,  ///< shards were closed and new ones opened (SplitShard, MergeShards, UpdateShardCount)
};

/// What happened to a stream; pollers wake on RecordsPut and the engine turns all of them into telemetry.
struct StreamChange {
    std::string streamName;
    StreamChangeKind kind = StreamChangeKind::RecordsPut;
    std::vector<int> shards;  ///< indexes of the shards that received records (RecordsPut) or opened (Resharded)
    std::int64_t count = 0;   ///< records put
};

using StreamChangeListener = std::function<void(const StreamChange&)>;

}  // namespace lambdadesk::core
