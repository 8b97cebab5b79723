// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "store/database.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lambdadesk::core {

/// A stream's row.
struct StoredStream {
    std::int64_t id = 0;
    std::string name;
    int shardCount = 1;
    std::string mode = "PROVISIONED";
    int retentionHours = 24;
    std::int64_t createdUs = 0;
    std::int64_t lastPosition = 0;   ///< the highest position ever handed out, so numbers never go back
    std::int64_t lastArrivalUs = 0;  ///< arrival times never go back either (AT_TIMESTAMP relies on it)
};

/// A record's row. Within a shard, position and arrival time both increase.
struct StoredStreamRecord {
    int shard = 0;
    std::int64_t position = 0;
    std::int64_t arrivalUs = 0;
    std::string partitionKey;
    std::string data;
};

/// A shard's row: its lineage. Hash keys are decimal strings (0..2^128-1); closedPosition < 0 while open.
struct StoredStreamShard {
    int shard = 0;
    std::string startingHashKey;
    std::string endingHashKey;
    int parent = -1;
    int adjacentParent = -1;
    std::int64_t openedPosition = 0;
    std::int64_t openedUs = 0;
    std::int64_t closedPosition = -1;
    std::int64_t closedUs = 0;
};

/// A registered (enhanced fan-out) consumer's row.
struct StoredStreamConsumer {
    std::string name;
    std::int64_t createdUs = 0;
};

/// Per-shard totals at load time.
struct StoredShardTotals {
    int shard = 0;
    std::int64_t records = 0;
    std::int64_t lastPosition = 0;
};

/// SQLite persistence of Kinesis streams and their records. Records are clustered by (stream, shard, position),
/// so reading a shard in order, finding a time and trimming old records are range operations on one b-tree,
/// and a put writes nothing else. Each write is one statement; callers group them into transactions
/// (DatabaseTransaction on database()), so a PutRecords call commits once.
class StreamStore {
public:
    /// Opens the database and creates the tables if needed.
    static Expected<std::unique_ptr<StreamStore>> open(const std::string& path, const DatabaseOptions& options = {});

    Database& database() { return *m_database; }

    Expected<std::vector<StoredStream>> loadStreams();
    Expected<std::vector<StoredShardTotals>> loadShardTotals(std::int64_t streamId);

    /// Empty for a stream written before resharding existed (its shards are the even split of shardCount).
    Expected<std::vector<StoredStreamShard>> loadShards(std::int64_t streamId);
    Expected<std::vector<std::pair<std::string, std::string>>> loadTags(std::int64_t streamId);
    Expected<std::vector<StoredStreamConsumer>> loadConsumers(std::int64_t streamId);

    Expected<std::int64_t> insertStream(const StoredStream& stream);
    /// Inserts or replaces a shard's row (a reshard closes parents and adds children in one transaction).
    Expected<void> saveShard(std::int64_t streamId, const StoredStreamShard& shard);
    Expected<void> updateShardCount(std::int64_t streamId, int shardCount);
    Expected<void> updateMode(std::int64_t streamId, const std::string& mode);
    Expected<void> saveTag(std::int64_t streamId, const std::string& key, const std::string& value);
    Expected<void> deleteTag(std::int64_t streamId, const std::string& key);
    Expected<void> insertConsumer(std::int64_t streamId, const StoredStreamConsumer& consumer);
    Expected<void> deleteConsumer(std::int64_t streamId, const std::string& name);
    /// Removes the stream and all of its records.
    Expected<void> deleteStream(std::int64_t streamId);
    Expected<void> updateRetention(std::int64_t streamId, int retentionHours);
    Expected<void> saveLastPosition(std::int64_t streamId, std::int64_t position, std::int64_t arrivalUs);

    /// Binds the bytes without copying them; they only need to live through the call.
    Expected<void> insertRecord(std::int64_t streamId, int shard, std::int64_t position, std::int64_t arrivalUs,
                                std::string_view partitionKey, std::string_view data);
    /// Up to `limit` records of a shard after `afterPosition` that arrived at or after `minArrivalUs`, in order,
    /// stopping before the total of data and partition keys would pass `maxBytes` (but always at least one).
    /// `next`, when given, receives the first record that was left out (data not loaded), or nothing when none.
    Expected<std::vector<StoredStreamRecord>> readRecords(std::int64_t streamId, int shard, std::int64_t afterPosition,
                                                          std::int64_t minArrivalUs, int limit, std::int64_t maxBytes,
                                                          std::optional<StoredStreamRecord>* next = nullptr);
    /// The first record of a shard that arrived at or after `arrivalUs` (position and arrival only).
    Expected<std::optional<StoredStreamRecord>> firstArrivedSince(std::int64_t streamId, int shard,
                                                                  std::int64_t arrivalUs);
    /// Deletes a shard's records that arrived before `cutoffUs`; returns how many.
    Expected<std::int64_t> trimShard(std::int64_t streamId, int shard, std::int64_t cutoffUs);

private:
    explicit StreamStore(std::unique_ptr<Database> database) : m_database(std::move(database)) {}

    std::unique_ptr<Database> m_database;
};

}  // namespace lambdadesk::core
