// SPDX-License-Identifier: MIT
#include "mappings/kinesis_checkpoint_store.h"

#include "store/database.h"

namespace lambdadesk::core {

Expected<std::shared_ptr<KinesisCheckpointStore>> KinesisCheckpointStore::open(const std::string& databasePath)
{
    auto database = Database::openWithSchema(databasePath,
                                             "CREATE TABLE IF NOT EXISTS kinesis_checkpoints ("
                                             " mapping_id TEXT NOT NULL, shard_id TEXT NOT NULL, position INTEGER NOT NULL,"
                                             " PRIMARY KEY (mapping_id, shard_id)) WITHOUT ROWID;");
    if (!database)
        return database.error();
    return std::shared_ptr<KinesisCheckpointStore>(new KinesisCheckpointStore(std::move(*database)));
}

KinesisCheckpointStore::KinesisCheckpointStore(std::unique_ptr<Database> database) : m_database(std::move(database))
{
}

KinesisCheckpointStore::~KinesisCheckpointStore() = default;

Expected<std::optional<StreamPosition>> KinesisCheckpointStore::load(const std::string& mappingId,
                                                                     const std::string& shardId)
{
    const std::lock_guard lock(m_mutex);
    auto& statement =
        m_database->statement("SELECT position FROM kinesis_checkpoints WHERE mapping_id = ?1 AND shard_id = ?2");
    statement.bind(1, mappingId).bind(2, shardId);
    auto row = statement.step();
    if (!row)
        return row.error();
    std::optional<StreamPosition> position;
    if (*row)
        position = statement.columnInt(0);
    statement.reset();
    return position;
}

Expected<void> KinesisCheckpointStore::save(const std::string& mappingId, const std::string& shardId,
                                            StreamPosition position)
{
    const std::lock_guard lock(m_mutex);
    // Outside a transaction the statement commits on its own (WAL, synchronous=NORMAL: survives kill -9).
    return m_database
        ->statement("INSERT INTO kinesis_checkpoints (mapping_id, shard_id, position) VALUES (?1, ?2, ?3)"
                    " ON CONFLICT (mapping_id, shard_id) DO UPDATE SET position = excluded.position")
        .bind(1, mappingId)
        .bind(2, shardId)
        .bind(3, static_cast<std::int64_t>(position))
        .run();
}

Expected<void> KinesisCheckpointStore::remove(const std::string& mappingId)
{
    const std::lock_guard lock(m_mutex);
    return m_database->statement("DELETE FROM kinesis_checkpoints WHERE mapping_id = ?1").bind(1, mappingId).run();
}

}  // namespace lambdadesk::core
