// SPDX-License-Identifier: MIT
#pragma once

#include "streams/stream_types.h"
#include "store/stream_store.h"

#include <cstdint>
#include <vector>

namespace lambdadesk::core {

/// What StreamService keeps in memory per shard: counts for stats and the write-throughput window.
struct StreamShardState {
    std::int64_t records = 0;           ///< untrimmed records stored
    StreamPosition lastPosition = 0;    ///< newest record's position; 0 when none is stored
    std::int64_t windowSecond = -1;     ///< the second the write counters below belong to
    std::int64_t windowRecords = 0;
    std::int64_t windowBytes = 0;
};

/// A stream as StreamService holds it: its stored row (with the position counter) and its shards.
struct StreamState {
    StoredStream stored;
    std::vector<StreamShardState> shards;
    std::int64_t nextTrimUs = 0;  ///< when old records are next deleted from the database

    [[nodiscard]] std::int64_t createdSeconds() const { return stored.createdUs / 1'000'000; }
};

/// Epoch seconds with millisecond precision, as Kinesis reports times (ApproximateArrivalTimestamp).
inline double epochSecondsOf(std::int64_t us)
{
    return static_cast<double>(us / 1000) / 1000.0;
}

}  // namespace lambdadesk::core
