// SPDX-License-Identifier: MIT
// QueueService: peeking — a look at a queue's messages for a browser, which SQS itself does not offer.
// It receives nothing: receive counts, visibility, receipt handles and the store stay as they were.
#include "queues/queue_service.h"

#include "queues/queue_errors.h"
#include "queues/queue_service_internal.h"

#include <algorithm>

namespace lambdadesk::core {
namespace {

constexpr int kMaxPeekedMessages = 1000;

PeekedMessage::State peekedState(MessageState state)
{
    switch (state) {
    case MessageState::Visible: return PeekedMessage::State::Visible;
    case MessageState::InFlight: return PeekedMessage::State::InFlight;
    case MessageState::Delayed: return PeekedMessage::State::Delayed;
    }
    return PeekedMessage::State::Visible;
}

PeekedMessage peeked(const MessageRecord& message)
{
    PeekedMessage result;
    result.messageId = message.messageId;
    result.body = message.body;
    result.md5OfBody = message.md5OfBody;
    result.sentTimestampMs = message.sentUs / 1000;
    result.approximateReceiveCount = message.receiveCount;
    result.state = peekedState(message.state);
    if (message.state != MessageState::Visible)
        result.visibleAtMs = message.visibleAtUs / 1000;
    result.messageGroupId = message.groupId;
    result.deadLetterSourceArn = message.deadLetterSourceArn;
    result.messageAttributes = message.attributes;
    return result;
}

} // namespace

Expected<std::vector<PeekedMessage>> QueueService::peekMessages(const std::string& queue, int maxMessages)
{
    Effects effects;
    std::vector<PeekedMessage> messages;
    {
        std::lock_guard lock(m_mutex);
        QueueState* state = findLocked(queue);
        if (!state)
            return queue_error::nonExistentQueue();
        if (maxMessages < 1 || maxMessages > kMaxPeekedMessages)
            return queue_error::invalidParameter("MaxMessages", std::to_string(maxMessages),
                                                 "Must be between 1 and 1000.");
        // The same passage of time as stats(): without it an ended visibility timeout would still read
        // as in flight. It can expire messages past retention, as any call would.
        advanceLocked(*state, m_clock.nowUs(), effects);
        // Messages that became visible go to waiting long polls first, as after stats(), so the snapshot
        // shows them in flight rather than as visible messages that are already gone.
        effects.wake.push_back(state->info().id);
        wakeWaitersLocked(effects);
        messages.reserve(std::min<std::size_t>(state->size(), static_cast<std::size_t>(maxMessages)));
        state->forEachInSendOrder([&](const MessageRecord& message) {
            messages.push_back(peeked(message));
            return static_cast<int>(messages.size()) < maxMessages;
        });
    }
    finish(effects);
    return messages;
}

} // namespace lambdadesk::core
