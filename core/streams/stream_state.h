// SPDX-License-Identifier: MIT
#pragma once

#include "streams/stream_hash_key.h"
#include "streams/stream_types.h"
#include "store/stream_store.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// What StreamService keeps in memory per shard: its place in the stream's lineage (hash-key range, parents,
/// when it opened and closed), counts for stats and the write-throughput window. Shards are never removed: a
/// split or merge closes its parents and appends children, so a shard's index is its id for the stream's life.
struct StreamShardState {
    StreamHashKey startingHashKey;
    StreamHashKey endingHashKey;
    int parent = -1;          ///< ParentShardId's index; -1 for a shard the stream was created with
    int adjacentParent = -1;  ///< AdjacentParentShardId's index (the other shard of a merge); -1 when none
    StreamPosition openedPosition = 0;  ///< the stream's last position when the shard opened
    std::int64_t openedUs = 0;
    /// Set when a split or merge closed the shard: the stream's last position then. Every record of the shard
    /// is at or before it, so it is what EndingSequenceNumber encodes.
    std::optional<StreamPosition> closedPosition;
    std::int64_t closedUs = 0;

    std::int64_t records = 0;           ///< untrimmed records stored
    StreamPosition lastPosition = 0;    ///< newest record's position; 0 when none is stored
    std::int64_t windowSecond = -1;     ///< the second the write counters below belong to
    std::int64_t windowRecords = 0;
    std::int64_t windowBytes = 0;

    [[nodiscard]] bool open() const { return !closedPosition.has_value(); }
};

/// A stream as StreamService holds it: its stored row (with the position counter), its shards, tags and
/// registered consumers.
struct StreamState {
    StoredStream stored;
    std::vector<StreamShardState> shards;
    std::map<std::string, std::string> tags;
    std::vector<StoredStreamConsumer> consumers;
    std::int64_t nextTrimUs = 0;  ///< when old records are next deleted from the database
    /// Until when the stream is UPDATING after a reshard or mode change; in memory only, so a restart ends it.
    std::int64_t updatingUntilUs = 0;
    /// The first shard the reshard of the UPDATING window opened; -1 after a mode change (or before any reshard).
    /// While the window lasts, clients see the stream as it was before that reshard (ShardView).
    int reshardFirstShard = -1;

    [[nodiscard]] std::int64_t createdSeconds() const { return stored.createdUs / 1'000'000; }
};

/// The shards as Kinesis clients see them in ListShards, DescribeStream, DescribeStreamSummary, DescribeLimits and a
/// reshard's own checks. While a reshard's UPDATING window lasts, that is the stream as it was before the reshard
/// (its new shards hidden, the shards it closed still open, without an EndingSequenceNumber), as AWS shows a
/// reshard only when the stream is ACTIVE again. The reshard itself is already committed: records put meanwhile
/// go to the new shards, and mappings read the real lineage (shardLineage, readShard).
struct ShardView {
    int visible = 0;             ///< shards [0, visible) are shown
    std::vector<bool> reopened;  ///< closed by the pending reshard, so still shown open

    [[nodiscard]] bool open(const StreamState& state, int index) const
    {
        return state.shards[static_cast<std::size_t>(index)].open() || reopened[static_cast<std::size_t>(index)];
    }
    [[nodiscard]] int openCount(const StreamState& state) const
    {
        int count = 0;
        for (int index = 0; index < visible; ++index)
            count += open(state, index) ? 1 : 0;
        return count;
    }
};

/// Epoch seconds with millisecond precision, as Kinesis reports times (ApproximateArrivalTimestamp).
inline double epochSecondsOf(std::int64_t us)
{
    return static_cast<double>(us / 1000) / 1000.0;
}

}  // namespace lambdadesk::core
