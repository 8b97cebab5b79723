// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "store/database.h"
#include "store/message_record.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// A queue's row: its identity and the settable attributes as a JSON map.
struct StoredQueue {
    std::int64_t id = 0;
    std::string name;
    bool fifo = false;
    std::string attributesJson;
    std::int64_t createdUs = 0;
    std::int64_t modifiedUs = 0;
    std::int64_t purgedUs = 0; ///< last PurgeQueue, for the once-per-60-s rule
};

/// A FIFO deduplication entry: the first message sent with `key` in its 5-minute window.
struct StoredDeduplication {
    std::int64_t queueId = 0;
    std::string key;
    std::string messageId;
    std::int64_t sequence = 0;
    std::int64_t expiresUs = 0;
};

/// SQLite persistence of queues and messages. Each write is one statement; callers group them into
/// transactions (DatabaseTransaction on database()), so a batch API call commits once.
class QueueStore {
public:
    /// Opens the database and creates the tables if needed.
    static Expected<std::unique_ptr<QueueStore>> open(const std::string& path, const DatabaseOptions& options = {});

    Database& database() { return *m_database; }

    Expected<std::vector<StoredQueue>> loadQueues();
    /// Streams every message to `sink` (queue id, record with state not yet derived).
    Expected<void> loadMessages(const std::function<void(std::int64_t, MessageRecord&&)>& sink);
    Expected<std::vector<StoredDeduplication>> loadDeduplication(std::int64_t nowUs);
    /// Recently deleted queue names and when they were deleted.
    Expected<std::vector<std::pair<std::string, std::int64_t>>> loadDeletedQueues();
    /// The next unused message key: past both the saved reservation and every stored message.
    Expected<std::int64_t> loadNextMessageKey();

    Expected<std::int64_t> insertQueue(const StoredQueue& queue);
    Expected<void> updateQueueAttributes(std::int64_t queueId, const std::string& attributesJson,
                                         std::int64_t modifiedUs);
    Expected<void> setQueuePurged(std::int64_t queueId, std::int64_t purgedUs);
    /// Removes the queue, its messages and deduplication entries, and records the name as recently deleted.
    Expected<void> deleteQueue(std::int64_t queueId, const std::string& name, std::int64_t deletedUs);
    Expected<void> forgetDeletedQueue(const std::string& name);
    Expected<void> deleteQueueMessages(std::int64_t queueId);

    Expected<void> insertMessage(std::int64_t queueId, const MessageRecord& message);
    Expected<void> updateReceived(const MessageRecord& message); ///< receive count, visibility, first receive
    Expected<void> updateVisibleAt(std::int64_t key, std::int64_t visibleAtUs);
    Expected<void> deleteMessage(std::int64_t key);
    /// Moves a message to another queue under a new key (DLQ redrive and back).
    Expected<void> moveMessage(std::int64_t oldKey, std::int64_t queueId, const MessageRecord& moved);
    /// Records that keys below `reserved` may have been handed out (hi/lo allocation: written once per block).
    Expected<void> saveKeyReservation(std::int64_t reserved);

    Expected<void> putDeduplication(const StoredDeduplication& entry);
    Expected<void> pruneDeduplication(std::int64_t queueId, std::int64_t nowUs);

private:
    explicit QueueStore(std::unique_ptr<Database> database) : m_database(std::move(database)) {}

    std::unique_ptr<Database> m_database;
};

} // namespace lambdadesk::core
