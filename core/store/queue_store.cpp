// SPDX-License-Identifier: MIT
#include "store/queue_store.h"

#include "queues/message_md5.h"

namespace lambdadesk::core {
namespace {

// No index on messages(queue_id): it would cost a second b-tree write on every send and delete, the hot
// path; the operations that need all of a queue's messages (load, purge, delete queue) are rare and scan.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS queue_meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS queues(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    fifo INTEGER NOT NULL,
    attributes TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    modified_us INTEGER NOT NULL,
    purged_us INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS deleted_queues(name TEXT PRIMARY KEY, deleted_us INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS queue_messages(
    key INTEGER PRIMARY KEY,
    queue_id INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    body BLOB NOT NULL,
    attributes BLOB,
    trace_header TEXT,
    group_id TEXT,
    dedup_id TEXT,
    dlq_source_arn TEXT,
    sent_us INTEGER NOT NULL,
    visible_at_us INTEGER NOT NULL,
    receive_count INTEGER NOT NULL,
    first_receive_us INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS queue_dedup(
    queue_id INTEGER NOT NULL,
    dedup_key TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    expires_us INTEGER NOT NULL,
    PRIMARY KEY(queue_id, dedup_key)) WITHOUT ROWID;
INSERT OR IGNORE INTO queue_meta(key, value) VALUES('schema_version', 1);
INSERT OR IGNORE INTO queue_meta(key, value) VALUES('next_message_key', 1);
)sql";

} // namespace

Expected<std::unique_ptr<QueueStore>> QueueStore::open(const std::string& path, const DatabaseOptions& options)
{
    auto database = Database::openWithSchema(path, kSchema, options);
    if (!database)
        return database.error();
    return std::unique_ptr<QueueStore>(new QueueStore(std::move(*database)));
}

Expected<std::vector<StoredQueue>> QueueStore::loadQueues()
{
    auto& st = m_database->statement(
        "SELECT id, name, fifo, attributes, created_us, modified_us, purged_us FROM queues ORDER BY id");
    std::vector<StoredQueue> queues;
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        queues.push_back(StoredQueue{st.columnInt(0), st.columnText(1), st.columnInt(2) != 0, st.columnText(3),
                                     st.columnInt(4), st.columnInt(5), st.columnInt(6)});
    }
    return queues;
}

Expected<void> QueueStore::loadMessages(const std::function<void(std::int64_t, MessageRecord&&)>& sink)
{
    auto& st = m_database->statement(
        "SELECT key, queue_id, message_id, body, attributes, trace_header, group_id, dedup_id, dlq_source_arn, "
        "sent_us, visible_at_us, receive_count, first_receive_us FROM queue_messages ORDER BY key");
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        MessageRecord message;
        message.key = st.columnInt(0);
        message.messageId = st.columnText(2);
        message.body = st.columnText(3);
        if (!st.columnIsNull(4) && !decodeMessageAttributes(st.columnText(4), message.attributes))
            return Error{"InternalFailure", "stored attributes of message " + message.messageId + " are corrupt"};
        message.traceHeader = st.columnText(5);
        message.groupId = st.columnText(6);
        message.deduplicationId = st.columnText(7);
        message.deadLetterSourceArn = st.columnText(8);
        message.sentUs = st.columnInt(9);
        message.visibleAtUs = st.columnInt(10);
        message.receiveCount = static_cast<int>(st.columnInt(11));
        message.firstReceiveUs = st.columnInt(12);
        sink(st.columnInt(1), std::move(message));
    }
    return {};
}

Expected<std::vector<StoredDeduplication>> QueueStore::loadDeduplication(std::int64_t nowUs)
{
    auto& st = m_database->statement(
        "SELECT queue_id, dedup_key, message_id, sequence, expires_us FROM queue_dedup WHERE expires_us > ? "
        "ORDER BY expires_us");
    st.bind(1, nowUs);
    std::vector<StoredDeduplication> entries;
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        entries.push_back(
            StoredDeduplication{st.columnInt(0), st.columnText(1), st.columnText(2), st.columnInt(3), st.columnInt(4)});
    }
    return entries;
}

Expected<std::vector<std::pair<std::string, std::int64_t>>> QueueStore::loadDeletedQueues()
{
    auto& st = m_database->statement("SELECT name, deleted_us FROM deleted_queues");
    std::vector<std::pair<std::string, std::int64_t>> names;
    for (;;) {
        auto row = st.step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        names.emplace_back(st.columnText(0), st.columnInt(1));
    }
    return names;
}

Expected<std::int64_t> QueueStore::loadNextMessageKey()
{
    auto& st = m_database->statement("SELECT max((SELECT value FROM queue_meta WHERE key = 'next_message_key'), "
                                     "(SELECT coalesce(max(key), 0) + 1 FROM queue_messages))");
    auto row = st.step();
    if (!row)
        return row.error();
    const std::int64_t next = *row ? st.columnInt(0) : 1;
    st.reset();
    return next;
}

Expected<std::int64_t> QueueStore::insertQueue(const StoredQueue& queue)
{
    auto inserted = m_database
                        ->statement("INSERT INTO queues(name, fifo, attributes, created_us, modified_us, purged_us) "
                                    "VALUES(?, ?, ?, ?, ?, 0)")
                        .bind(1, queue.name)
                        .bind(2, queue.fifo ? 1 : 0)
                        .bind(3, queue.attributesJson)
                        .bind(4, queue.createdUs)
                        .bind(5, queue.modifiedUs)
                        .run();
    if (!inserted)
        return inserted.error();
    return m_database->lastInsertRowId();
}

Expected<void> QueueStore::updateQueueAttributes(std::int64_t queueId, const std::string& attributesJson,
                                                 std::int64_t modifiedUs)
{
    return m_database->statement("UPDATE queues SET attributes = ?, modified_us = ? WHERE id = ?")
        .bind(1, attributesJson)
        .bind(2, modifiedUs)
        .bind(3, queueId)
        .run();
}

Expected<void> QueueStore::setQueuePurged(std::int64_t queueId, std::int64_t purgedUs)
{
    return m_database->statement("UPDATE queues SET purged_us = ? WHERE id = ?")
        .bind(1, purgedUs)
        .bind(2, queueId)
        .run();
}

Expected<void> QueueStore::deleteQueue(std::int64_t queueId, const std::string& name, std::int64_t deletedUs)
{
    if (auto deleted = deleteQueueMessages(queueId); !deleted)
        return deleted;
    if (auto deleted = m_database->statement("DELETE FROM queues WHERE id = ?").bind(1, queueId).run(); !deleted)
        return deleted;
    return m_database->statement("INSERT OR REPLACE INTO deleted_queues(name, deleted_us) VALUES(?, ?)")
        .bind(1, name)
        .bind(2, deletedUs)
        .run();
}

Expected<void> QueueStore::forgetDeletedQueue(const std::string& name)
{
    return m_database->statement("DELETE FROM deleted_queues WHERE name = ?").bind(1, name).run();
}

Expected<void> QueueStore::deleteQueueMessages(std::int64_t queueId)
{
    if (auto deleted = m_database->statement("DELETE FROM queue_messages WHERE queue_id = ?").bind(1, queueId).run();
        !deleted)
        return deleted;
    return m_database->statement("DELETE FROM queue_dedup WHERE queue_id = ?").bind(1, queueId).run();
}

Expected<void> QueueStore::insertMessage(std::int64_t queueId, const MessageRecord& message)
{
    const std::string attributes = encodeMessageAttributes(message.attributes);
    auto& st = m_database->statement(
        "INSERT INTO queue_messages(key, queue_id, message_id, body, attributes, trace_header, group_id, dedup_id, "
        "dlq_source_arn, sent_us, visible_at_us, receive_count, first_receive_us) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, message.key).bind(2, queueId).bind(3, message.messageId).bindBlob(4, message.body);
    if (attributes.empty())
        st.bindNull(5);
    else
        st.bindBlob(5, attributes);
    return st.bindOptional(6, message.traceHeader)
        .bindOptional(7, message.groupId)
        .bindOptional(8, message.deduplicationId)
        .bindOptional(9, message.deadLetterSourceArn)
        .bind(10, message.sentUs)
        .bind(11, message.visibleAtUs)
        .bind(12, message.receiveCount)
        .bind(13, message.firstReceiveUs)
        .run();
}

Expected<void> QueueStore::updateReceived(const MessageRecord& message)
{
    return m_database
        ->statement(
            "UPDATE queue_messages SET receive_count = ?, visible_at_us = ?, first_receive_us = ? WHERE key = ?")
        .bind(1, message.receiveCount)
        .bind(2, message.visibleAtUs)
        .bind(3, message.firstReceiveUs)
        .bind(4, message.key)
        .run();
}

Expected<void> QueueStore::updateVisibleAt(std::int64_t key, std::int64_t visibleAtUs)
{
    return m_database->statement("UPDATE queue_messages SET visible_at_us = ? WHERE key = ?")
        .bind(1, visibleAtUs)
        .bind(2, key)
        .run();
}

Expected<void> QueueStore::deleteMessage(std::int64_t key)
{
    return m_database->statement("DELETE FROM queue_messages WHERE key = ?").bind(1, key).run();
}

Expected<void> QueueStore::moveMessage(std::int64_t oldKey, std::int64_t queueId, const MessageRecord& moved)
{
    return m_database
        ->statement("UPDATE queue_messages SET key = ?, queue_id = ?, visible_at_us = ?, receive_count = ?, "
                    "first_receive_us = ?, dlq_source_arn = ? WHERE key = ?")
        .bind(1, moved.key)
        .bind(2, queueId)
        .bind(3, moved.visibleAtUs)
        .bind(4, moved.receiveCount)
        .bind(5, moved.firstReceiveUs)
        .bindOptional(6, moved.deadLetterSourceArn)
        .bind(7, oldKey)
        .run();
}

Expected<void> QueueStore::saveKeyReservation(std::int64_t reserved)
{
    return m_database->statement("UPDATE queue_meta SET value = ? WHERE key = 'next_message_key'")
        .bind(1, reserved)
        .run();
}

Expected<void> QueueStore::putDeduplication(const StoredDeduplication& entry)
{
    return m_database
        ->statement("INSERT OR REPLACE INTO queue_dedup(queue_id, dedup_key, message_id, sequence, expires_us) "
                    "VALUES(?, ?, ?, ?, ?)")
        .bind(1, entry.queueId)
        .bind(2, entry.key)
        .bind(3, entry.messageId)
        .bind(4, entry.sequence)
        .bind(5, entry.expiresUs)
        .run();
}

Expected<void> QueueStore::pruneDeduplication(std::int64_t queueId, std::int64_t nowUs)
{
    return m_database->statement("DELETE FROM queue_dedup WHERE queue_id = ? AND expires_us <= ?")
        .bind(1, queueId)
        .bind(2, nowUs)
        .run();
}

} // namespace lambdadesk::core
