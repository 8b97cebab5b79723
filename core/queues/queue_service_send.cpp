// SPDX-License-Identifier: MIT
// QueueService: SendMessage and SendMessageBatch, with FIFO groups, sequence numbers and deduplication.
#include "queues/queue_service.h"

#include "encoding/ids.h"
#include "encoding/message_digest.h"
#include "queues/message_md5.h"
#include "queues/message_validation.h"
#include "queues/queue_errors.h"
#include "queues/queue_service_internal.h"
#include "store/database_transaction.h"

#include <unordered_map>

namespace lambdadesk::core {
namespace {

constexpr double kDeduplicationWindowSeconds = 300;
// A batch's payload, as AWS raised it in August 2025 with MaximumMessageSize (was 262,144).
constexpr std::size_t kMaxBatchBytes = 1048576;

BatchResultError entryError(const std::string& id, const Error& error)
{
    return BatchResultError{id, true, error.code, error.message};
}

/// The checks of one entry that do not depend on the queue's messages.
Expected<void> validateEntry(const SendMessageBatchEntry& entry, const QueueInfo& queue)
{
    using namespace queue_error;
    if (auto valid = validateMessageBody(entry.messageBody); !valid)
        return valid;
    if (auto valid = validateMessageAttributes(entry.messageAttributes); !valid)
        return valid;
    if (auto valid = validateMessageSystemAttributes(entry.messageSystemAttributes); !valid)
        return valid;
    const auto limit = static_cast<std::size_t>(queue.attributes.maximumMessageSize);
    if (entry.messageBody.size() + messageAttributesSize(entry.messageAttributes) > limit)
        return make(kInvalidParameterValue,
                    "One or more parameters are invalid. Reason: Message must be shorter than " +
                        std::to_string(limit) + " bytes.");
    if (entry.delaySeconds) {
        const int delay = *entry.delaySeconds;
        if (delay < 0 || delay > 900)
            return invalidParameter("DelaySeconds", std::to_string(delay), "DelaySeconds must be >= 0 and <= 900.");
        // FIFO queues only know the queue's delay; an explicit 0 is accepted.
        if (queue.fifo && delay != 0)
            return invalidParameter("DelaySeconds", std::to_string(delay),
                                    "The request include parameter that is not valid for this queue type.");
    }
    if (!queue.fifo) {
        if (!entry.messageDeduplicationId.empty())
            return invalidParameter("MessageDeduplicationId", entry.messageDeduplicationId,
                                    "The request includes a parameter that is not valid for this queue type.");
        // Standard queues accept a group id since fair queues (2025); it is only echoed back.
        if (!entry.messageGroupId.empty())
            return validateFifoId(entry.messageGroupId, "MessageGroupId");
        return {};
    }
    if (entry.messageGroupId.empty())
        return make(kMissingParameter, "The request must contain the parameter MessageGroupId.");
    if (auto valid = validateFifoId(entry.messageGroupId, "MessageGroupId"); !valid)
        return valid;
    if (!entry.messageDeduplicationId.empty())
        return validateFifoId(entry.messageDeduplicationId, "MessageDeduplicationId");
    if (!queue.attributes.contentBasedDeduplication)
        return make(kInvalidParameterValue, "The queue should either have ContentBasedDeduplication enabled or "
                                            "MessageDeduplicationId provided explicitly");
    return {};
}

} // namespace

Expected<SendMessageResult> QueueService::sendMessage(const SendMessageRequest& request)
{
    const std::vector<SendMessageBatchEntry> entries{
        SendMessageBatchEntry{"0", request.messageBody, request.delaySeconds, request.messageAttributes,
                              request.messageSystemAttributes, request.messageGroupId, request.messageDeduplicationId}};
    Effects effects;
    auto result = [&]() -> Expected<SendMessageResult> {
        std::lock_guard lock(m_mutex);
        QueueState* queue = findLocked(request.queueUrl);
        if (!queue)
            return queue_error::nonExistentQueue();
        auto sent = sendLocked(*queue, entries, true, effects);
        if (!sent)
            return sent.error();
        if (!sent->failed.empty())
            return Error{sent->failed.front().code, sent->failed.front().message};
        return std::move(sent->successful.front().result);
    }();
    finish(effects);
    return result;
}

Expected<SendMessageBatchResult> QueueService::sendMessageBatch(const std::string& queue,
                                                                const std::vector<SendMessageBatchEntry>& entries)
{
    Effects effects;
    auto result = [&]() -> Expected<SendMessageBatchResult> {
        std::lock_guard lock(m_mutex);
        QueueState* state = findLocked(queue);
        if (!state)
            return queue_error::nonExistentQueue();
        return sendLocked(*state, entries, false, effects);
    }();
    finish(effects);
    return result;
}

Expected<SendMessageBatchResult> QueueService::sendLocked(QueueState& queue,
                                                          const std::vector<SendMessageBatchEntry>& entries,
                                                          bool single, Effects& effects)
{
    if (!single) {
        std::vector<std::string_view> ids;
        ids.reserve(entries.size());
        std::size_t bytes = 0;
        for (const auto& entry : entries) {
            ids.emplace_back(entry.id);
            bytes += entry.messageBody.size() + messageAttributesSize(entry.messageAttributes);
        }
        if (auto valid = validateBatchEntryIds(ids, "SendMessageBatchRequestEntry"); !valid)
            return valid.error();
        if (bytes > kMaxBatchBytes)
            return queue_error::make(queue_error::kBatchRequestTooLong,
                                     "Batch requests cannot be longer than " + std::to_string(kMaxBatchBytes) + " bytes. You have sent " +
                                         std::to_string(bytes) + " bytes.");
    }
    if (!single && queue.info().fifo) {
        // On a FIFO queue a missing group or deduplication id fails the whole batch, not the entry (AWS).
        for (const auto& entry : entries) {
            if (entry.messageGroupId.empty())
                return queue_error::make(queue_error::kInvalidParameterValue,
                                         "The request must contain the parameter MessageGroupId.");
            if (entry.messageDeduplicationId.empty() && !queue.info().attributes.contentBasedDeduplication)
                return queue_error::make(queue_error::kInvalidParameterValue,
                                         "The queue should either have ContentBasedDeduplication enabled or "
                                         "MessageDeduplicationId provided explicitly");
        }
    }
    const std::int64_t now = m_clock.nowUs();
    advanceLocked(queue, now, effects);
    const QueueInfo& info = queue.info();

    SendMessageBatchResult result;
    std::vector<MessageRecord> planned;
    std::vector<StoredDeduplication> deduplications;
    // Duplicates inside one batch are duplicates too: the first of them is not in the queue's table yet.
    std::unordered_map<std::string, std::pair<std::string, std::int64_t>> batchDeduplication;
    const std::int64_t firstKey = m_nextKey;
    const std::int64_t reservedBefore = m_reservedKey;
    for (const auto& entry : entries) {
        if (auto valid = validateEntry(entry, info); !valid) {
            result.failed.push_back(entryError(entry.id, valid.error()));
            continue;
        }
        SendMessageResult sent;
        sent.md5OfMessageBody = md5OfMessageBody(entry.messageBody);
        sent.md5OfMessageAttributes = md5OfMessageAttributes(entry.messageAttributes);
        sent.md5OfMessageSystemAttributes = md5OfMessageAttributes(entry.messageSystemAttributes);
        std::string deduplicationId;
        std::string deduplicationKey;
        if (info.fifo) {
            deduplicationId =
                entry.messageDeduplicationId.empty() ? sha256Hex(entry.messageBody) : entry.messageDeduplicationId;
            deduplicationKey = info.attributes.deduplicationScope == "messageGroup"
                                   ? entry.messageGroupId + '\n' + deduplicationId
                                   : deduplicationId;
            // A duplicate is accepted and answered like the original, but not enqueued again.
            if (const auto* original = queue.findDeduplication(deduplicationKey, now)) {
                sent.messageId = original->messageId;
                sent.sequenceNumber = sequenceNumberFor(original->sequence);
                result.successful.push_back({entry.id, std::move(sent)});
                continue;
            }
            if (const auto it = batchDeduplication.find(deduplicationKey); it != batchDeduplication.end()) {
                sent.messageId = it->second.first;
                sent.sequenceNumber = sequenceNumberFor(it->second.second);
                result.successful.push_back({entry.id, std::move(sent)});
                continue;
            }
        }
        MessageRecord message;
        message.key = takeKeyLocked();
        message.messageId = newRequestId();
        message.body = entry.messageBody;
        message.md5OfBody = sent.md5OfMessageBody;
        message.attributes = entry.messageAttributes;
        if (const auto trace = entry.messageSystemAttributes.find("AWSTraceHeader");
            trace != entry.messageSystemAttributes.end())
            message.traceHeader = trace->second.stringValue;
        message.groupId = entry.messageGroupId;
        message.deduplicationId = deduplicationId;
        message.sentUs = now;
        const int delay = entry.delaySeconds.value_or(info.attributes.delaySeconds);
        message.visibleAtUs = now + m_clock.scaledUs(info.fifo ? info.attributes.delaySeconds : delay);
        sent.messageId = message.messageId;
        if (info.fifo) {
            sent.sequenceNumber = sequenceNumberFor(message.key);
            batchDeduplication.emplace(deduplicationKey, std::make_pair(message.messageId, message.key));
            deduplications.push_back(StoredDeduplication{info.id, deduplicationKey, message.messageId, message.key,
                                                         now + m_clock.scaledUs(kDeduplicationWindowSeconds)});
        }
        result.successful.push_back({entry.id, std::move(sent)});
        planned.push_back(std::move(message));
    }
    if (planned.empty())
        return result;

    DatabaseTransaction transaction(m_store->database());
    Expected<void> written = transaction.begun();
    for (const auto& message : planned)
        if (written)
            written = m_store->insertMessage(info.id, message);
    for (const auto& entry : deduplications)
        if (written)
            written = m_store->putDeduplication(entry);
    if (written)
        written = reserveKeysLocked();
    if (written)
        written = transaction.commit();
    if (!written) {
        // Nothing was stored, so nothing was sent: the keys can be handed out again.
        m_nextKey = firstKey;
        m_reservedKey = reservedBefore;
        return written.error();
    }
    for (const auto& entry : deduplications)
        queue.putDeduplication(entry.key, {entry.messageId, entry.sequence, entry.expiresUs});
    const auto count = static_cast<std::int64_t>(planned.size());
    for (auto& message : planned)
        queue.insert(std::move(message), now);
    effects.changed(info.name, QueueChangeKind::MessagesSent, count);
    effects.wake.push_back(info.id);
    wakeWaitersLocked(effects);
    return result;
}

} // namespace lambdadesk::core
