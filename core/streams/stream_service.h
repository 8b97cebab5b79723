// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "queues/queue_clock.h"
#include "streams/stream_hash_key.h"
#include "streams/stream_types.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::core {

struct ShardView;
struct StreamShardState;
struct StreamState;
class StreamStore;

struct StreamServiceOptions {
    /// The SQLite file (its folder must exist), e.g. <project>/.lambdadesk/state.db; ":memory:" keeps nothing.
    std::string databasePath = ":memory:";
    std::string region = "us-east-1";
    std::string accountId = "123456789012";
    /// Shrinks retention and the 5-minute iterator lifetime (`--time-scale`). Arrival timestamps stay real.
    double timeScale = 1.0;
    /// Microseconds since the Unix epoch; empty reads the system clock. Tests move time with it.
    QueueClock::Source clock;
    /// Shards across all streams (AWS's account quota; 500 in the large regions) → LimitExceededException.
    int shardLimit = 500;
    /// AWS's per-shard write limits, 1000 records and 1 MiB per second: over them a record fails with
    /// ProvisionedThroughputExceededException. Off by default, so local load tests are not throttled.
    bool enforceShardWriteLimits = false;
    /// See QueueServiceOptions::exclusiveDatabase; only for a file no other connection needs.
    bool exclusiveDatabase = false;
};

/// Kinesis Data Streams with AWS's semantics, durable in SQLite: streams of evenly split shards, partition keys
/// hashed with MD5 onto them, sequence numbers that strictly increase (see stream_sequence.h for their format),
/// retention, shard iterators of every type and GetRecords batches. A put returns after its records are
/// committed (a PutRecords call in one transaction); a new service on the same file sees every stream and record.
/// Streams are ACTIVE as soon as they are created. Resharding (SplitShard, MergeShards, UpdateShardCount) and
/// UpdateStreamMode commit their change in one transaction before they return, then leave the stream UPDATING for
/// kReshardUpdatingSeconds (scaled by the time scale): another reshard then gets ResourceInUseException, while
/// reads and writes go on, and ListShards, DescribeStream and DescribeStreamSummary show the stream as it was
/// before the reshard (ShardView), as AWS shows a reshard when the stream is ACTIVE again. The window lives in
/// memory only, so a restart ends it (the change itself is durable). Closed shards keep their records until
/// retention trims them. Thread-safe.
///
/// Besides the Kinesis API, a reader API lets event source mappings poll shards by position without iterator
/// strings, and a change listener wakes them when records arrive.
class StreamService {
public:
    static constexpr std::int64_t kMaxRecordBytes = 1024 * 1024;
    static constexpr std::int64_t kMaxPutRecordsBytes = 5 * 1024 * 1024;
    static constexpr int kMaxPutRecordsEntries = 500;
    static constexpr std::int64_t kMaxGetRecordsBytes = 10 * 1024 * 1024;
    static constexpr int kMaxGetRecordsLimit = 10000;
    static constexpr int kOnDemandShardCount = 4;
    /// AWS's default quota of ON_DEMAND streams per account.
    static constexpr int kOnDemandStreamCountLimit = 50;
    /// How long a stream stays UPDATING after a reshard or a mode change, at time scale 1. AWS takes seconds to
    /// minutes; half a second shows the state to pollers and waiters without slowing tests down.
    static constexpr double kReshardUpdatingSeconds = 0.5;

    /// Opens (or creates) the database and loads every stream in it.
    static Expected<std::shared_ptr<StreamService>> open(StreamServiceOptions options = {});
    ~StreamService();
    StreamService(const StreamService&) = delete;
    StreamService& operator=(const StreamService&) = delete;

    [[nodiscard]] std::string streamArn(const std::string& streamName) const;
    /// Called after each change, outside the service's lock, on the thread that made it. Keep it short.
    void setChangeListener(StreamChangeListener listener);
    [[nodiscard]] const QueueClock& clock() const { return m_clock; }

    // Streams. `stream` arguments accept a name or a stream ARN.
    Expected<void> createStream(const CreateStreamRequest& request);
    Expected<void> createStream(const std::string& streamName, int shardCount);
    Expected<void> deleteStream(const std::string& stream);
    Expected<StreamDescription> describeStream(const DescribeStreamRequest& request);
    Expected<StreamDescriptionSummary> describeStreamSummary(const std::string& stream);
    Expected<ListStreamsResult> listStreams(const ListStreamsRequest& request = {});
    Expected<ListShardsResult> listShards(const ListShardsRequest& request);
    /// 24–8760 hours, and not below the current period (AWS's IncreaseStreamRetentionPeriod).
    Expected<void> increaseStreamRetentionPeriod(const std::string& stream, int retentionPeriodHours);
    /// 24–8760 hours, and not above the current period; records older than the new period are trimmed at once.
    Expected<void> decreaseStreamRetentionPeriod(const std::string& stream, int retentionPeriodHours);
    [[nodiscard]] std::vector<std::string> streamNames() const;

    // Resharding (stream_service_reshard.cpp). Each completes before it returns, then the stream is UPDATING for
    // a moment. ON_DEMAND streams refuse SplitShard, MergeShards and UpdateShardCount (ValidationException).
    // Arguments are checked before the state, as AWS does: a bad shard, key or count is reported even while the
    // stream is UPDATING; only a valid request gets ResourceInUseException then.
    Expected<void> splitShard(const SplitShardRequest& request);
    Expected<void> mergeShards(const MergeShardsRequest& request);
    /// UNIFORM_SCALING: splits and merges the open shards until there are `target` of even width.
    Expected<UpdateShardCountResult> updateShardCount(const UpdateShardCountRequest& request);
    /// PROVISIONED or ON_DEMAND; the shards stay as they are (an ON_DEMAND stream does not scale by itself here).
    Expected<void> updateStreamMode(const std::string& streamArn, const std::string& streamMode);
    Expected<DescribeLimitsResult> describeLimits();

    // Tags and consumers (stream_service_tags.cpp).
    Expected<void> addTagsToStream(const std::string& stream, const std::vector<StreamTag>& tags);
    Expected<void> removeTagsFromStream(const std::string& stream, const std::vector<std::string>& tagKeys);
    Expected<ListTagsForStreamResult> listTagsForStream(const ListTagsForStreamRequest& request);
    Expected<ConsumerDescription> registerStreamConsumer(const std::string& streamArn, const std::string& consumerName);
    Expected<ConsumerDescription> describeStreamConsumer(const ConsumerRequest& request);
    Expected<ListStreamConsumersResult> listStreamConsumers(const ListStreamConsumersRequest& request);
    Expected<void> deregisterStreamConsumer(const ConsumerRequest& request);

    // Records.
    Expected<PutRecordResult> putRecord(const PutRecordRequest& request);
    /// Request-level problems (validation, unknown stream, too many or too large) are the Expected's error;
    /// a record refused for throughput is a failed entry. The accepted records commit in one transaction.
    Expected<PutRecordsResult> putRecords(const std::string& stream, const std::vector<PutRecordsEntry>& records);
    /// An opaque iterator valid for 5 minutes (scaled by the time scale).
    Expected<std::string> getShardIterator(const GetShardIteratorRequest& request);
    Expected<GetRecordsResult> getRecords(const GetRecordsRequest& request);

    // Reader API for event source mappings: positions instead of iterator strings, no expiry.
    /// The shard ids of a stream, in order (closed ones too).
    Expected<std::vector<std::string>> shardIds(const std::string& stream);
    /// Every shard of a stream with its parents and whether it is still open, in shard order.
    Expected<std::vector<ShardLineage>> shardLineage(const std::string& stream);
    /// Where an iterator of `type` would start, with the same rules and errors as getShardIterator.
    Expected<StreamPosition> startingPosition(const std::string& stream, const std::string& shardId,
                                              ShardIteratorType type, const std::string& sequenceNumber = {},
                                              std::optional<double> timestamp = {});
    /// The tip: reading after it returns only records put later (a LATEST start).
    Expected<StreamPosition> latestPosition(const std::string& stream, const std::string& shardId);
    /// Up to `limit` (1–10000) untrimmed records after `after`, in order, at most `maxBytes` (at least one record).
    Expected<ShardReadResult> readShard(const std::string& stream, const std::string& shardId, StreamPosition after,
                                        int limit, std::int64_t maxBytes = kMaxGetRecordsBytes);
    /// Records per shard and the oldest record's age; nullopt for an unknown stream. Trims first.
    std::optional<StreamStats> stats(const std::string& stream);

private:
    /// What a stream must be for an operation to go on (lockStream).
    enum class StreamGate {
        Exists,  ///< any stream
        Active,  ///< not UPDATING (ResourceInUseException)
    };
    /// How a request names its stream: StreamName (or StreamARN in its place), or a required StreamARN member.
    enum class StreamMember { Name, Arn };
    /// A stream found under the service's lock, which it holds until it is destroyed.
    struct LockedStream {
        std::unique_lock<std::mutex> lock;
        StreamState* state = nullptr;
        std::string name;
    };
    /// The sequence every stream operation starts with: the member's constraint problems (added to `problems`,
    /// which the caller collected for its other members) as one ValidationException, then the lock, then the
    /// stream by name or ARN (ResourceNotFoundException) and `gate`'s state checks, in AWS's words.
    Expected<LockedStream> lockStream(const std::string& streamOrArn, std::vector<std::string> problems,
                                      StreamGate gate = StreamGate::Exists, StreamMember member = StreamMember::Name);
    /// lockStream's checks after the lock: the stream by name and `gate`.
    Expected<StreamState*> gatedLocked(const std::string& name, StreamGate gate);
    /// ResourceInUseException while the stream is UPDATING.
    Expected<void> activeLocked(const StreamState& state, const std::string& name) const;
    /// Starts the UPDATING window after a reshard (`reshardFirstShard`: the first shard it opened, hidden from
    /// clients until the window ends) or a mode change (-1).
    void startUpdatingLocked(StreamState& state, int reshardFirstShard = -1);
    /// The shards as clients see them now (see ShardView).
    [[nodiscard]] ShardView clientViewLocked(const StreamState& state) const;
    /// "ACTIVE" or "UPDATING" (while a reshard's window lasts).
    [[nodiscard]] const char* statusLocked(const StreamState& state) const;

    /// A shard found by stream name (or ARN) and shard id.
    struct Located {
        StreamState* state = nullptr;
        int shardIndex = 0;
    };

    StreamService(StreamServiceOptions options, std::unique_ptr<StreamStore> store);
    Expected<void> load();

    /// Adds the shards of a new (or pre-resharding) stream: `count` of even width, all open. Saved, not committed.
    Expected<void> addInitialShardsLocked(StreamState& state, int count);
    /// Appends an open shard and saves it; returns its index.
    Expected<int> addShardLocked(StreamState& state, StreamHashKey start, StreamHashKey end, int parent,
                                 int adjacentParent, std::int64_t nowUs);
    Expected<void> closeShardLocked(StreamState& state, int index, std::int64_t nowUs);
    /// Unchecked split and merge (the public calls validate first); return the new shards' indexes.
    Expected<std::vector<int>> splitLocked(StreamState& state, int index, StreamHashKey newStart, std::int64_t nowUs);
    Expected<int> mergeLocked(StreamState& state, int index, int adjacentIndex, std::int64_t nowUs);
    /// A reshard's stream, locked, and the shards it names, checked.
    struct LockedReshard {
        LockedStream locked;
        std::vector<int> shards;
    };
    /// The opening every reshard shares, in AWS's order: the request's constraint problems (ValidationException), the
    /// stream (ResourceNotFoundException), its capacity mode (ValidationException for ON_DEMAND), then each of
    /// `shardIds`: it exists and is open as clients see the stream (ResourceNotFoundException, InvalidArgument).
    /// The UPDATING check comes last, in commitReshardLocked, after the operation's own argument checks.
    Expected<LockedReshard> lockReshard(const std::string& stream, std::vector<std::string> problems,
                                        const std::vector<std::string>& shardIds);
    /// A reshard's end: ResourceInUseException while UPDATING, else `change` in one transaction, then the UPDATING
    /// window with the new shards hidden from clients. Returns the shards it opened that are still open.
    Expected<std::vector<int>> commitReshardLocked(StreamState& state, const std::string& name,
                                                   const std::function<Expected<void>()>& change);
    [[nodiscard]] int openShardsLocked() const;
    /// The open shard whose hash-key range holds `key`.
    [[nodiscard]] int shardForKeyLocked(const StreamState& state, const StreamHashKey& key) const;
    /// Resolves a consumer by ARN, or by stream ARN and name, with AWS's not-found errors.
    Expected<std::pair<StreamState*, std::size_t>> consumerLocked(const ConsumerRequest& request);
    [[nodiscard]] ConsumerDescription consumerDescriptionLocked(const StreamState& state, std::size_t index) const;

    /// Takes the lock itself: createStream validates before and notifies after, both unlocked.
    Expected<void> insertStream(const std::string& streamName, int shardCount, bool onDemand);

    // Everything below runs with m_mutex held.
    StreamState* findLocked(std::string_view streamName);
    /// Resolves a name or ARN and a shard id to a stream and shard index, with AWS's not-found messages.
    Expected<Located> locateLocked(const std::string& stream, const std::string& shardId);
    Expected<std::int64_t> retentionCheckLocked(const std::string& stream, int hours);
    /// Deletes records older than the retention period; `force` ignores the once-a-second pacing.
    Expected<void> trimLocked(StreamState& state, std::int64_t nowUs, bool force);
    [[nodiscard]] std::int64_t retentionCutoffUs(const StreamState& state, std::int64_t nowUs) const;
    Expected<PutRecordsResult> putLocked(StreamState& state, const std::vector<PutRecordsEntry>& records,
                                         std::int64_t nowUs, StreamChange& change);
    /// Throughput check for one record of `bytes` on a shard; true when it may be written.
    bool admitLocked(StreamShardState& shard, std::int64_t bytes, std::int64_t nowUs);
    Expected<StreamPosition> startingPositionLocked(StreamState& state, int shardIndex, ShardIteratorType type,
                                                    const std::string& sequenceNumber, std::optional<double> timestamp,
                                                    std::int64_t nowUs);
    Expected<ShardReadResult> readLocked(StreamState& state, int shardIndex, StreamPosition after, int limit,
                                         std::int64_t maxBytes, std::int64_t nowUs);
    [[nodiscard]] std::string sequenceNumberLocked(const StreamState& state, int shardIndex,
                                                   StreamPosition position) const;
    /// `shownOpen`: a shard closed by the pending reshard, described without its EndingSequenceNumber (ShardView).
    [[nodiscard]] ShardDescription shardDescriptionLocked(const StreamState& state, int shardIndex,
                                                          bool shownOpen = false) const;
    void notify(const StreamChange& change);

    StreamServiceOptions m_options;
    QueueClock m_clock;
    mutable std::mutex m_mutex;
    std::unique_ptr<StreamStore> m_store;
    std::map<std::string, std::unique_ptr<StreamState>, std::less<>> m_streams;
    std::shared_ptr<const StreamChangeListener> m_listener;
};

}  // namespace lambdadesk::core
