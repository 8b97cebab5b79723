// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "streams/stream_types.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace lambdadesk::core {

class Database;

/// Durable shard checkpoints of Kinesis mappings: for each (mapping, shard) the stream position after which
/// records are still unprocessed. Its own connection to the state database (table `kinesis_checkpoints`), so a
/// restarted mapping resumes after its last checkpoint. Thread-safe.
class KinesisCheckpointStore {
public:
    /// The position saved for a closed shard that was read to its end and fully processed (Lambda's
    /// SHARD_END): the mapping never reads it again, and its children may start.
    static constexpr StreamPosition kShardEnd = INT64_MAX;

    static Expected<std::shared_ptr<KinesisCheckpointStore>> open(const std::string& databasePath);
    ~KinesisCheckpointStore();
    KinesisCheckpointStore(const KinesisCheckpointStore&) = delete;
    KinesisCheckpointStore& operator=(const KinesisCheckpointStore&) = delete;

    /// The saved position of a shard, or nullopt when the mapping never read it.
    Expected<std::optional<StreamPosition>> load(const std::string& mappingId, const std::string& shardId);
    /// Saves (commits) a shard's position.
    Expected<void> save(const std::string& mappingId, const std::string& shardId, StreamPosition position);
    /// Forgets a mapping's checkpoints (when the mapping is deleted).
    Expected<void> remove(const std::string& mappingId);

private:
    explicit KinesisCheckpointStore(std::unique_ptr<Database> database);

    std::mutex m_mutex;
    std::unique_ptr<Database> m_database;
};

}  // namespace lambdadesk::core
