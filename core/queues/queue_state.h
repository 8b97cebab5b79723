// SPDX-License-Identifier: MIT
#pragma once

#include "queues/queue_types.h"
#include "store/message_record.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace lambdadesk::core {

/// Identity and settings of one queue.
struct QueueInfo {
    std::int64_t id = 0;
    std::string name;
    std::string arn;
    bool fifo = false;
    QueueAttributes attributes;
    std::int64_t createdUs = 0;
    std::int64_t modifiedUs = 0;
    std::int64_t purgedUs = 0;
};

/// One queue's messages in memory, indexed for the operations SQS needs: visible messages in send order
/// (standard), message groups with their in-flight count (FIFO), delays and visibility timeouts by
/// deadline, send times for retention, and the FIFO deduplication window. No locking and no I/O:
/// QueueService holds its lock and commits to the store before it changes this.
class QueueState {
public:
    /// What forEachReceivable's visitor did with a message.
    enum class Pick {
        Deliver, ///< taken; FIFO keeps walking the same group
        Skip,    ///< not taken and leaving the queue (moved to the DLQ); the walk goes on past it
        Stop,    ///< enough
    };

    /// The first message sent with a deduplication id, while its 5-minute window lasts.
    struct Deduplication {
        std::string messageId;
        std::int64_t sequence = 0;
        std::int64_t expiresUs = 0;
    };

    explicit QueueState(QueueInfo info) : m_info(std::move(info)) {}

    QueueInfo& info() { return m_info; }
    [[nodiscard]] const QueueInfo& info() const { return m_info; }

    /// Adds a message; its state follows from visibleAtUs and receiveCount relative to `nowUs`.
    MessageRecord& insert(MessageRecord message, std::int64_t nowUs);
    MessageRecord* find(std::int64_t key);
    /// Removes a message and returns it (it must exist).
    MessageRecord extract(std::int64_t key);
    void erase(std::int64_t key);
    /// Removes every message (purge); deduplication entries stay.
    void clearMessages();

    /// Hides a message until `visibleAtUs` (receive, ChangeMessageVisibility); one not in the future makes it visible.
    void setVisibleAt(MessageRecord& message, std::int64_t visibleAtUs, std::int64_t nowUs);
    /// Ends the delays and visibility timeouts that are over by `nowUs`.
    void advance(std::int64_t nowUs);
    /// The earliest pending delay or visibility deadline; INT64_MAX when there is none.
    [[nodiscard]] std::int64_t nextDeadlineUs() const;
    /// Keys of the messages whose retention period (from SentTimestamp) is over.
    [[nodiscard]] std::vector<std::int64_t> expired(std::int64_t nowUs, std::int64_t retentionUs) const;

    /// Walks receivable messages in delivery order until the visitor says Stop. Standard: visible messages,
    /// oldest first. FIFO: groups without a message in flight, oldest head first; within a group the
    /// messages in order up to the first that is not visible. The visitor must not change this state.
    void forEachReceivable(const std::function<Pick(MessageRecord&)>& visit);

    /// Walks every message, oldest SentTimestamp first, while the visitor returns true (peeking).
    void forEachInSendOrder(const std::function<bool(const MessageRecord&)>& visit) const;

    [[nodiscard]] QueueStats stats(std::int64_t nowUs) const;
    [[nodiscard]] std::int64_t inFlightCount() const { return m_inFlight; }
    [[nodiscard]] std::size_t size() const { return m_messages.size(); }
    /// Whether any message is visible; for FIFO, whether one is receivable (its group not in flight).
    [[nodiscard]] bool hasReceivable() const;

    [[nodiscard]] const Deduplication* findDeduplication(const std::string& key, std::int64_t nowUs) const;
    void putDeduplication(const std::string& key, Deduplication entry);
    /// Forgets entries whose window ended; true when any did.
    bool pruneDeduplication(std::int64_t nowUs);
    void clearDeduplication();

private:
    struct Group {
        std::set<std::int64_t> keys; ///< every message of the group, in send order
        int inFlight = 0;
        std::int64_t readyHead = 0; ///< the key it is filed under in m_readyGroups; 0 when not filed
    };

    void leave(MessageRecord& message);
    void enter(MessageRecord& message, MessageState state);
    void refreshGroup(const std::string& groupId);

    QueueInfo m_info;
    std::unordered_map<std::int64_t, MessageRecord> m_messages;
    std::set<std::int64_t> m_visible;                            ///< standard queues only
    std::set<std::pair<std::int64_t, std::int64_t>> m_deadlines; ///< (visibleAtUs, key): delayed and in flight
    std::set<std::pair<std::int64_t, std::int64_t>> m_bySent;    ///< (sentUs, key)
    std::unordered_map<std::string, Group> m_groups;             ///< FIFO queues only
    std::set<std::pair<std::int64_t, Group*>> m_readyGroups;     ///< (head key, group) with nothing in flight
    std::int64_t m_visibleCount = 0;
    std::int64_t m_inFlight = 0;
    std::int64_t m_delayed = 0;
    std::unordered_map<std::string, Deduplication> m_deduplication;
    std::deque<std::pair<std::int64_t, std::string>> m_deduplicationExpiry;
};

} // namespace lambdadesk::core
