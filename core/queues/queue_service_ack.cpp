// SPDX-License-Identifier: MIT
// QueueService: DeleteMessage and ChangeMessageVisibility (single and batch) by receipt handle.
#include "queues/queue_service.h"

#include "queues/message_validation.h"
#include "queues/queue_errors.h"
#include "queues/queue_receipt_handle.h"
#include "queues/queue_service_internal.h"
#include "store/database_transaction.h"

namespace lambdadesk::core {
namespace {

Error invalidHandle(const std::string& receiptHandle)
{
    return queue_error::make(queue_error::kReceiptHandleIsInvalid,
                             "The input receipt handle \"" + receiptHandle + "\" is not a valid receipt handle.");
}

/// Turns a batch into its result shape, with one error for a single (non-batch) call.
Expected<void> singleOutcome(const Expected<BatchResult>& batch)
{
    if (!batch)
        return batch.error();
    if (!batch->failed.empty())
        return Error{batch->failed.front().code, batch->failed.front().message};
    return {};
}

} // namespace

Expected<BatchResult> QueueService::deleteLocked(QueueState& queue, const std::vector<DeleteMessageBatchEntry>& entries,
                                                 bool single, Effects& effects)
{
    if (!single) {
        if (auto valid = validateBatchEntries(entries, "DeleteMessageBatchRequestEntry"); !valid)
            return valid.error();
    }
    const std::int64_t now = m_clock.nowUs();
    advanceLocked(queue, now, effects);
    const QueueInfo& info = queue.info();
    BatchResult result;
    std::vector<std::int64_t> keys;
    for (const auto& entry : entries) {
        const auto handle = decodeReceiptHandle(entry.receiptHandle);
        if (!handle || handle->queueId != info.id) {
            const Error error = invalidHandle(entry.receiptHandle);
            result.failed.push_back({entry.id, true, error.code, error.message});
            continue;
        }
        const MessageRecord* message = queue.find(handle->messageKey);
        // Gone already: success, as on AWS. On a standard queue any handle issued for the message deletes it,
        // also one from an earlier receive; on a FIFO queue only the current receive's, while it is in flight
        // (an older one succeeds without deleting).
        if (message && (!info.fifo || message->receiveCount == handle->receiveCount)) {
            if (info.fifo && message->state != MessageState::InFlight) {
                const Error error = queue_error::invalidParameter("ReceiptHandle", entry.receiptHandle,
                                                                  "The receipt handle has expired.");
                result.failed.push_back({entry.id, true, error.code, error.message});
                continue;
            }
            keys.push_back(message->key);
        }
        result.successful.push_back(entry.id);
    }
    if (keys.empty())
        return result;
    DatabaseTransaction transaction(m_store->database());
    Expected<void> written = transaction.begun();
    for (const auto key : keys)
        if (written)
            written = m_store->deleteMessage(key);
    if (written)
        written = transaction.commit();
    if (!written)
        return written.error();
    for (const auto key : keys)
        queue.erase(key);
    effects.changed(info.name, QueueChangeKind::MessagesDeleted, static_cast<std::int64_t>(keys.size()));
    // In a FIFO queue a delete can unlock the message's group.
    effects.wake.push_back(info.id);
    wakeWaitersLocked(effects);
    return result;
}

Expected<void> QueueService::deleteMessage(const std::string& queue, const std::string& receiptHandle)
{
    Effects effects;
    auto result = [&]() -> Expected<BatchResult> {
        std::lock_guard lock(m_mutex);
        QueueState* state = findLocked(queue);
        if (!state)
            return queue_error::nonExistentQueue();
        return deleteLocked(*state, {DeleteMessageBatchEntry{"0", receiptHandle}}, true, effects);
    }();
    finish(effects);
    return singleOutcome(result);
}

Expected<BatchResult> QueueService::deleteMessageBatch(const std::string& queue,
                                                       const std::vector<DeleteMessageBatchEntry>& entries)
{
    Effects effects;
    auto result = [&]() -> Expected<BatchResult> {
        std::lock_guard lock(m_mutex);
        QueueState* state = findLocked(queue);
        if (!state)
            return queue_error::nonExistentQueue();
        return deleteLocked(*state, entries, false, effects);
    }();
    finish(effects);
    return result;
}

Expected<BatchResult>
QueueService::changeVisibilityLocked(QueueState& queue, const std::vector<ChangeMessageVisibilityBatchEntry>& entries,
                                     bool single, Effects& effects)
{
    if (!single) {
        if (auto valid = validateBatchEntries(entries, "ChangeMessageVisibilityBatchRequestEntry"); !valid)
            return valid.error();
    }
    const std::int64_t now = m_clock.nowUs();
    advanceLocked(queue, now, effects);
    const QueueInfo& info = queue.info();
    BatchResult result;
    std::vector<std::pair<MessageRecord*, std::int64_t>> changes;
    for (const auto& entry : entries) {
        const auto fail = [&](const Error& error) {
            result.failed.push_back({entry.id, true, error.code, error.message});
        };
        if (entry.visibilityTimeout < 0 || entry.visibilityTimeout > 43200) {
            fail(queue_error::invalidParameter("VisibilityTimeout", std::to_string(entry.visibilityTimeout),
                                               "Must be >= 0 and <= 43200, if provided."));
            continue;
        }
        const auto handle = decodeReceiptHandle(entry.receiptHandle);
        if (!handle || handle->queueId != info.id) {
            fail(invalidHandle(entry.receiptHandle));
            continue;
        }
        MessageRecord* message = queue.find(handle->messageKey);
        if (!message) {
            fail(queue_error::invalidParameter("ReceiptHandle", entry.receiptHandle,
                                               "Message does not exist or is not available for visibility timeout "
                                               "change."));
            continue;
        }
        // A standard queue takes any handle issued for the message, also after its visibility timeout lapsed
        // (the message is hidden again for the new timeout). A FIFO queue takes only the current receive's,
        // while the message is still hidden.
        if (info.fifo && (message->receiveCount != handle->receiveCount || message->state != MessageState::InFlight)) {
            fail(queue_error::make(queue_error::kMessageNotInflight, "The specified message isn't in flight."));
            continue;
        }
        changes.emplace_back(message, now + m_clock.scaledUs(entry.visibilityTimeout));
        result.successful.push_back(entry.id);
    }
    if (changes.empty())
        return result;
    DatabaseTransaction transaction(m_store->database());
    Expected<void> written = transaction.begun();
    for (const auto& [message, visibleAt] : changes)
        if (written)
            written = m_store->updateVisibleAt(message->key, visibleAt);
    if (written)
        written = transaction.commit();
    if (!written)
        return written.error();
    for (const auto& [message, visibleAt] : changes)
        queue.setVisibleAt(*message, visibleAt, now);
    effects.changed(info.name, QueueChangeKind::VisibilityChanged, static_cast<std::int64_t>(changes.size()));
    effects.wake.push_back(info.id);
    wakeWaitersLocked(effects);
    return result;
}

Expected<void> QueueService::changeMessageVisibility(const std::string& queue, const std::string& receiptHandle,
                                                     int visibilityTimeout)
{
    Effects effects;
    auto result = [&]() -> Expected<BatchResult> {
        std::lock_guard lock(m_mutex);
        QueueState* state = findLocked(queue);
        if (!state)
            return queue_error::nonExistentQueue();
        return changeVisibilityLocked(
            *state, {ChangeMessageVisibilityBatchEntry{"0", receiptHandle, visibilityTimeout}}, true, effects);
    }();
    finish(effects);
    return singleOutcome(result);
}

Expected<BatchResult>
QueueService::changeMessageVisibilityBatch(const std::string& queue,
                                           const std::vector<ChangeMessageVisibilityBatchEntry>& entries)
{
    Effects effects;
    auto result = [&]() -> Expected<BatchResult> {
        std::lock_guard lock(m_mutex);
        QueueState* state = findLocked(queue);
        if (!state)
            return queue_error::nonExistentQueue();
        return changeVisibilityLocked(*state, entries, false, effects);
    }();
    finish(effects);
    return result;
}

} // namespace lambdadesk::core
