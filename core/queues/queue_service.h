// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "queues/queue_clock.h"
#include "queues/queue_types.h"

#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace lambdadesk::core {

class QueueState;
class QueueStore;

struct QueueServiceOptions {
    /// The SQLite file (its folder must exist), e.g. <project>/.lambdadesk/state.db; ":memory:" keeps nothing.
    std::string databasePath = ":memory:";
    std::string region = "us-east-1";
    std::string accountId = "123456789012";
    /// Queue URLs are <endpointUrl>/<accountId>/<name>; the bridge sets its own address (setEndpointUrl).
    std::string endpointUrl = "http://localhost:4566";
    /// Shrinks every SQS duration (visibility, delays, retention, dedup window, 60 s rules, long polls).
    double timeScale = 1.0;
    /// Microseconds since the Unix epoch; empty reads the system clock. Tests move time with it.
    QueueClock::Source clock;
    /// Keep the database file locked while the service lives (DatabaseOptions::exclusive): faster small
    /// transactions, and a second process cannot open the same queues behind this one's back. Only for a
    /// file no other connection needs.
    bool exclusiveDatabase = false;
};

/// SQS queues with AWS's semantics, durable in SQLite. Every change an API call acknowledges is committed
/// before the call returns (a batch in one transaction); a new service on the same file sees queues,
/// attributes, messages, in-flight state and receive counts. Thread-safe. Long polls never block a
/// thread: they wait on Asio timers of the executor given at open(), which some thread must run; destroy
/// the service before that executor's io_context.
class QueueService : public std::enable_shared_from_this<QueueService> {
public:
    using ReceiveCallback = std::function<void(Expected<ReceiveMessageResult>)>;

    /// Opens (or creates) the database and loads every queue and message in it.
    static Expected<std::shared_ptr<QueueService>> open(boost::asio::any_io_executor executor,
                                                        QueueServiceOptions options = {});
    /// Pending long polls complete with no messages.
    ~QueueService();
    QueueService(const QueueService&) = delete;
    QueueService& operator=(const QueueService&) = delete;

    void setEndpointUrl(std::string endpointUrl);
    [[nodiscard]] std::string queueUrl(const std::string& queueName) const;
    [[nodiscard]] std::string queueArn(const std::string& queueName) const;
    /// Called after each change, outside the service's lock, on the thread that made the change (or an
    /// executor thread for timer-driven ones). Keep it short.
    void setChangeListener(QueueChangeListener listener);
    [[nodiscard]] const QueueClock& clock() const { return m_clock; }

    // Queues. `queue` arguments accept a queue URL, an ARN or a bare name.
    Expected<std::string> createQueue(const CreateQueueRequest& request);
    Expected<std::string> getQueueUrl(const std::string& queueName);
    Expected<ListQueuesResult> listQueues(const ListQueuesRequest& request = {});
    Expected<void> deleteQueue(const std::string& queue);
    /// Deletes every message; AWS allows one purge per queue every 60 s.
    Expected<void> purgeQueue(const std::string& queue);
    /// `names` may hold "All"; values are strings as on the wire.
    Expected<QueueAttributeMap> getQueueAttributes(const std::string& queue, const std::vector<std::string>& names);
    Expected<void> setQueueAttributes(const std::string& queue, const QueueAttributeMap& attributes);
    /// URLs of the queues whose RedrivePolicy targets `queue`.
    Expected<std::vector<std::string>> listDeadLetterSourceQueues(const std::string& queue);
    [[nodiscard]] std::vector<std::string> queueNames() const;
    /// Visible, in-flight and delayed counts and the oldest message's age; nullopt for an unknown queue.
    std::optional<QueueStats> stats(const std::string& queue);

    // Messages.
    /// Up to `maxMessages` (1–1000) messages of the queue, oldest first (by SentTimestamp), in every state,
    /// without receiving them. Time passes as in any call (ended timeouts, retention); nothing else changes.
    Expected<std::vector<PeekedMessage>> peekMessages(const std::string& queue, int maxMessages);
    Expected<SendMessageResult> sendMessage(const SendMessageRequest& request);
    /// Request-level problems (empty, too many, bad or repeated ids, too long) are the Expected's error;
    /// per-entry problems are `failed` entries. The successful entries commit in one transaction.
    Expected<SendMessageBatchResult> sendMessageBatch(const std::string& queue,
                                                      const std::vector<SendMessageBatchEntry>& entries);
    /// Long poll: `done` runs at once (on this thread, before receiveMessage returns) when messages are
    /// available, the request is invalid or WaitTimeSeconds is 0; otherwise later on an executor thread,
    /// when a message arrives or the wait ends (then with no messages).
    void receiveMessage(const ReceiveMessageRequest& request, ReceiveCallback done);
    /// Blocking convenience for tests and the CLI. Never call it on an executor thread: a long poll waits
    /// for that executor.
    Expected<ReceiveMessageResult> receiveMessage(const ReceiveMessageRequest& request);
    /// A stale receipt handle (the message was received again since) succeeds without deleting.
    Expected<void> deleteMessage(const std::string& queue, const std::string& receiptHandle);
    Expected<BatchResult> deleteMessageBatch(const std::string& queue,
                                             const std::vector<DeleteMessageBatchEntry>& entries);
    /// 0–43200 s from now; MessageNotInflight when the message is not in flight under this handle.
    Expected<void> changeMessageVisibility(const std::string& queue, const std::string& receiptHandle,
                                           int visibilityTimeout);
    Expected<BatchResult> changeMessageVisibilityBatch(const std::string& queue,
                                                       const std::vector<ChangeMessageVisibilityBatchEntry>& entries);
    /// StartMessageMoveTask, done at once: moves the DLQ's visible messages to `destination` (a queue URL,
    /// ARN or name) or, when empty, each back to the queue named by its DeadLetterQueueSourceArn.
    Expected<MessageMoveResult> redriveDeadLetterQueue(const std::string& deadLetterQueue,
                                                       const std::string& destination = {});

private:
    struct Effects;
    struct ReceiveOptions;
    struct Waiter;
    struct WakeTimer;

    QueueService(boost::asio::any_io_executor executor, QueueServiceOptions options, std::unique_ptr<QueueStore> store);
    Expected<void> load();

    // Everything below runs with m_mutex held.
    QueueState* findLocked(std::string_view queue);
    QueueState* findByArnLocked(std::string_view arn);
    std::string urlLocked(const std::string& name) const;
    /// Applies the passage of time to a queue: ended delays and visibility timeouts, retention, dedup window.
    void advanceLocked(QueueState& queue, std::int64_t nowUs, Effects& effects);
    Expected<void> checkRedrivePolicyLocked(const std::string& sourceArn, bool fifo, const QueueAttributes& attributes);
    Expected<SendMessageBatchResult> sendLocked(QueueState& queue, const std::vector<SendMessageBatchEntry>& entries,
                                                bool single, Effects& effects);
    Expected<ReceiveOptions> receiveOptionsLocked(const QueueState& queue, const ReceiveMessageRequest& request);
    Expected<ReceiveMessageResult> collectLocked(QueueState& queue, const ReceiveOptions& options, Effects& effects);
    void serveWaitersLocked(QueueState& queue, Effects& effects);
    /// Serves the long polls of every queue a call touched, and re-arms their wake-up timers.
    void wakeWaitersLocked(Effects& effects);
    void armWakeTimerLocked(QueueState& queue, std::int64_t nowUs);
    void onWaitEnded(const std::shared_ptr<Waiter>& waiter);
    void onWakeTimer(std::int64_t queueId);
    Expected<BatchResult> deleteLocked(QueueState& queue, const std::vector<DeleteMessageBatchEntry>& entries,
                                       bool single, Effects& effects);
    Expected<BatchResult> changeVisibilityLocked(QueueState& queue,
                                                 const std::vector<ChangeMessageVisibilityBatchEntry>& entries,
                                                 bool single, Effects& effects);
    void dropQueueLocked(QueueState& queue, Effects& effects);
    std::int64_t takeKeyLocked() { return m_nextKey++; }
    /// Inside a write transaction: stores a new key reservation when the handed-out keys passed the old one.
    Expected<void> reserveKeysLocked();

    /// Runs what a call collected once the lock is released: listener calls and long-poll completions.
    void finish(Effects& effects);

    boost::asio::any_io_executor m_executor;
    QueueServiceOptions m_options;
    QueueClock m_clock;
    mutable std::mutex m_mutex;
    std::unique_ptr<QueueStore> m_store;
    std::map<std::string, std::unique_ptr<QueueState>, std::less<>> m_queues;
    std::unordered_map<std::int64_t, QueueState*> m_queuesById;
    std::map<std::string, std::int64_t, std::less<>> m_deletedQueues; ///< name → when, for the 60 s rule
    std::int64_t m_nextKey = 1;
    std::int64_t m_reservedKey = 0; ///< keys below this are covered by the stored reservation
    std::unordered_map<std::int64_t, std::deque<std::shared_ptr<Waiter>>> m_waiters;
    std::unordered_map<std::int64_t, std::unique_ptr<WakeTimer>> m_wakeTimers;
    std::shared_ptr<const QueueChangeListener> m_listener;
};

} // namespace lambdadesk::core
