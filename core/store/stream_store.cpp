// SPDX-License-Identifier: MIT
#include "store/stream_store.h"

#include <limits>

namespace lambdadesk::core {
namespace {

// WITHOUT ROWID: the primary key is the table's own b-tree, so a shard's records sit together in position order
// and no second index is written per record.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS streams(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    shard_count INTEGER NOT NULL,
    mode TEXT NOT NULL,
    retention_hours INTEGER NOT NULL,
    created_us INTEGER NOT NULL,
    last_position INTEGER NOT NULL DEFAULT 0,
    last_arrival_us INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS stream_records(
    stream_id INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    position INTEGER NOT NULL,
    arrival_us INTEGER NOT NULL,
    partition_key TEXT NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY(stream_id, shard, position)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_shards(
    stream_id INTEGER NOT NULL,
    shard INTEGER NOT NULL,
    starting_hash_key TEXT NOT NULL,
    ending_hash_key TEXT NOT NULL,
    parent INTEGER NOT NULL,
    adjacent_parent INTEGER NOT NULL,
    opened_position INTEGER NOT NULL,
    opened_us INTEGER NOT NULL,
    closed_position INTEGER NOT NULL,
    closed_us INTEGER NOT NULL,
    PRIMARY KEY(stream_id, shard)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_tags(
    stream_id INTEGER NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY(stream_id, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_consumers(
    stream_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    PRIMARY KEY(stream_id, name)) WITHOUT ROWID;
)sql";

}  // namespace

Expected<std::unique_ptr<StreamStore>> StreamStore::open(const std::string& path, const DatabaseOptions& options)
{
    auto database = Database::openWithSchema(path, kSchema, options);
    if (!database)
        return database.error();
    return std::unique_ptr<StreamStore>(new StreamStore(std::move(*database)));
}

Expected<std::vector<StoredStream>> StreamStore::loadStreams()
{
    auto& st = m_database->statement("SELECT id, name, shard_count, mode, retention_hours, created_us, last_position, "
                                     "last_arrival_us FROM streams ORDER BY name");
    std::vector<StoredStream> streams;
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        streams.push_back(StoredStream{st.columnInt(0), st.columnText(1), static_cast<int>(st.columnInt(2)),
                                       st.columnText(3), static_cast<int>(st.columnInt(4)), st.columnInt(5),
                                       st.columnInt(6), st.columnInt(7)});
    }
    return streams;
}

Expected<std::vector<StoredShardTotals>> StreamStore::loadShardTotals(std::int64_t streamId)
{
    auto& st = m_database->statement(
        "SELECT shard, COUNT(*), MAX(position) FROM stream_records WHERE stream_id = ? GROUP BY shard");
    st.bind(1, streamId);
    std::vector<StoredShardTotals> totals;
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        totals.push_back(StoredShardTotals{static_cast<int>(st.columnInt(0)), st.columnInt(1), st.columnInt(2)});
    }
    return totals;
}

Expected<std::int64_t> StreamStore::insertStream(const StoredStream& stream)
{
    auto& st = m_database->statement("INSERT INTO streams(name, shard_count, mode, retention_hours, created_us, "
                                     "last_position, last_arrival_us) VALUES(?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, stream.name)
        .bind(2, stream.shardCount)
        .bind(3, stream.mode)
        .bind(4, stream.retentionHours)
        .bind(5, stream.createdUs)
        .bind(6, stream.lastPosition)
        .bind(7, stream.lastArrivalUs);
    if (auto ran = st.run(); !ran)
        return ran.error();
    return m_database->lastInsertRowId();
}

Expected<std::vector<StoredStreamShard>> StreamStore::loadShards(std::int64_t streamId)
{
    auto& st = m_database->statement(
        "SELECT shard, starting_hash_key, ending_hash_key, parent, adjacent_parent, opened_position, opened_us, "
        "closed_position, closed_us FROM stream_shards WHERE stream_id = ? ORDER BY shard");
    st.bind(1, streamId);
    std::vector<StoredStreamShard> shards;
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        shards.push_back(StoredStreamShard{static_cast<int>(st.columnInt(0)), st.columnText(1), st.columnText(2),
                                           static_cast<int>(st.columnInt(3)), static_cast<int>(st.columnInt(4)),
                                           st.columnInt(5), st.columnInt(6), st.columnInt(7), st.columnInt(8)});
    }
    return shards;
}

Expected<std::vector<std::pair<std::string, std::string>>> StreamStore::loadTags(std::int64_t streamId)
{
    auto& st = m_database->statement("SELECT key, value FROM stream_tags WHERE stream_id = ? ORDER BY key");
    st.bind(1, streamId);
    std::vector<std::pair<std::string, std::string>> tags;
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        tags.emplace_back(st.columnText(0), st.columnText(1));
    }
    return tags;
}

Expected<std::vector<StoredStreamConsumer>> StreamStore::loadConsumers(std::int64_t streamId)
{
    auto& st = m_database->statement(
        "SELECT name, created_us FROM stream_consumers WHERE stream_id = ? ORDER BY created_us, name");
    st.bind(1, streamId);
    std::vector<StoredStreamConsumer> consumers;
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        consumers.push_back(StoredStreamConsumer{st.columnText(0), st.columnInt(1)});
    }
    return consumers;
}

Expected<void> StreamStore::saveShard(std::int64_t streamId, const StoredStreamShard& shard)
{
    return m_database
        ->statement("INSERT OR REPLACE INTO stream_shards(stream_id, shard, starting_hash_key, ending_hash_key, "
                    "parent, adjacent_parent, opened_position, opened_us, closed_position, closed_us) "
                    "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, streamId)
        .bind(2, shard.shard)
        .bind(3, shard.startingHashKey)
        .bind(4, shard.endingHashKey)
        .bind(5, shard.parent)
        .bind(6, shard.adjacentParent)
        .bind(7, shard.openedPosition)
        .bind(8, shard.openedUs)
        .bind(9, shard.closedPosition)
        .bind(10, shard.closedUs)
        .run();
}

Expected<void> StreamStore::updateShardCount(std::int64_t streamId, int shardCount)
{
    return m_database->statement("UPDATE streams SET shard_count = ? WHERE id = ?")
        .bind(1, shardCount)
        .bind(2, streamId)
        .run();
}

Expected<void> StreamStore::updateMode(std::int64_t streamId, const std::string& mode)
{
    return m_database->statement("UPDATE streams SET mode = ? WHERE id = ?").bind(1, mode).bind(2, streamId).run();
}

Expected<void> StreamStore::saveTag(std::int64_t streamId, const std::string& key, const std::string& value)
{
    return m_database->statement("INSERT OR REPLACE INTO stream_tags(stream_id, key, value) VALUES(?, ?, ?)")
        .bind(1, streamId)
        .bind(2, key)
        .bind(3, value)
        .run();
}

Expected<void> StreamStore::deleteTag(std::int64_t streamId, const std::string& key)
{
    return m_database->statement("DELETE FROM stream_tags WHERE stream_id = ? AND key = ?")
        .bind(1, streamId)
        .bind(2, key)
        .run();
}

Expected<void> StreamStore::insertConsumer(std::int64_t streamId, const StoredStreamConsumer& consumer)
{
    return m_database->statement("INSERT INTO stream_consumers(stream_id, name, created_us) VALUES(?, ?, ?)")
        .bind(1, streamId)
        .bind(2, consumer.name)
        .bind(3, consumer.createdUs)
        .run();
}

Expected<void> StreamStore::deleteConsumer(std::int64_t streamId, const std::string& name)
{
    return m_database->statement("DELETE FROM stream_consumers WHERE stream_id = ? AND name = ?")
        .bind(1, streamId)
        .bind(2, name)
        .run();
}

Expected<void> StreamStore::deleteStream(std::int64_t streamId)
{
    for (const char* table : {"stream_shards", "stream_tags", "stream_consumers"}) {
        if (auto deleted = m_database->statement(std::string("DELETE FROM ") + table + " WHERE stream_id = ?")
                               .bind(1, streamId)
                               .run();
            !deleted)
            return deleted;
    }
    if (auto records = m_database->statement("DELETE FROM stream_records WHERE stream_id = ?").bind(1, streamId).run();
        !records)
        return records;
    return m_database->statement("DELETE FROM streams WHERE id = ?").bind(1, streamId).run();
}

Expected<void> StreamStore::updateRetention(std::int64_t streamId, int retentionHours)
{
    return m_database->statement("UPDATE streams SET retention_hours = ? WHERE id = ?")
        .bind(1, retentionHours)
        .bind(2, streamId)
        .run();
}

Expected<void> StreamStore::saveLastPosition(std::int64_t streamId, std::int64_t position, std::int64_t arrivalUs)
{
    return m_database->statement("UPDATE streams SET last_position = ?, last_arrival_us = ? WHERE id = ?")
        .bind(1, position)
        .bind(2, arrivalUs)
        .bind(3, streamId)
        .run();
}

Expected<void> StreamStore::insertRecord(std::int64_t streamId, int shard, std::int64_t position, std::int64_t arrivalUs,
                                         std::string_view partitionKey, std::string_view data)
{
    return m_database
        ->statement("INSERT INTO stream_records(stream_id, shard, position, arrival_us, partition_key, data) "
                    "VALUES(?, ?, ?, ?, ?, ?)")
        .bind(1, streamId)
        .bind(2, shard)
        .bind(3, position)
        .bind(4, arrivalUs)
        .bind(5, partitionKey)
        .bindBlob(6, data)
        .run();
}

Expected<std::vector<StoredStreamRecord>> StreamStore::readRecords(std::int64_t streamId, int shard,
                                                                   std::int64_t afterPosition,
                                                                   std::int64_t minArrivalUs, int limit,
                                                                   std::int64_t maxBytes,
                                                                   std::optional<StoredStreamRecord>* next)
{
    // One row more than asked: it tells the caller where the unread part begins (millisBehindLatest). A row's
    // data is only fetched once it is known to fit, so the row left out never loads its blob.
    auto& st = m_database->statement(
        "SELECT position, arrival_us, partition_key, length(data), data FROM stream_records "
        "WHERE stream_id = ? AND shard = ? AND position > ? AND arrival_us >= ? ORDER BY position LIMIT ?");
    st.bind(1, streamId).bind(2, shard).bind(3, afterPosition).bind(4, minArrivalUs).bind(5, limit + 1);
    std::vector<StoredStreamRecord> records;
    std::int64_t bytes = 0;
    if (next)
        next->reset();
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        StoredStreamRecord record;
        record.shard = shard;
        record.position = st.columnInt(0);
        record.arrivalUs = st.columnInt(1);
        record.partitionKey = st.columnText(2);
        const std::int64_t size = st.columnInt(3) + static_cast<std::int64_t>(record.partitionKey.size());
        if (static_cast<int>(records.size()) >= limit || (!records.empty() && bytes + size > maxBytes)) {
            if (next)
                *next = std::move(record);
            break;
        }
        record.data = st.columnText(4);
        bytes += size;
        records.push_back(std::move(record));
    }
    st.reset();
    return records;
}

Expected<std::optional<StoredStreamRecord>> StreamStore::firstArrivedSince(std::int64_t streamId, int shard,
                                                                           std::int64_t arrivalUs)
{
    // Arrival times grow with position, so the scan stops at the first match; it walks only older records.
    auto& st = m_database->statement(
        "SELECT position, arrival_us FROM stream_records WHERE stream_id = ? AND shard = ? AND arrival_us >= ? "
        "ORDER BY position LIMIT 1");
    st.bind(1, streamId).bind(2, shard).bind(3, arrivalUs);
    auto row = st.step();
    if (!row)
        return row.error();
    std::optional<StoredStreamRecord> found;
    if (*row) {
        found.emplace();
        found->shard = shard;
        found->position = st.columnInt(0);
        found->arrivalUs = st.columnInt(1);
    }
    st.reset();
    return found;
}

Expected<std::int64_t> StreamStore::trimShard(std::int64_t streamId, int shard, std::int64_t cutoffUs)
{
    auto first = firstArrivedSince(streamId, shard, cutoffUs);
    if (!first)
        return first.error();
    const std::int64_t boundary = *first ? (*first)->position : std::numeric_limits<std::int64_t>::max();
    auto deleted = m_database->statement("DELETE FROM stream_records WHERE stream_id = ? AND shard = ? AND position < ?")
                       .bind(1, streamId)
                       .bind(2, shard)
                       .bind(3, boundary)
                       .run();
    if (!deleted)
        return deleted.error();
    return m_database->changes();
}

}  // namespace lambdadesk::core
