// SPDX-License-Identifier: MIT
#pragma once

#include "queues/queue_types.h"

#include <cstdint>
#include <string>

namespace lambdadesk::core {

/// Where a message stands; derived on load from visibleAtUs and receiveCount, so it is never stored.
enum class MessageState : std::uint8_t {
    Delayed,  ///< sent with a delay that has not passed (never received)
    Visible,  ///< receivable
    InFlight, ///< received, hidden until its visibility timeout ends
};

/// One message as the queue service keeps it in memory and in the store.
struct MessageRecord {
    /// Unique across all queues and never reused (a persisted counter), so a receipt handle cannot name a
    /// different message after a restart. Also the FIFO SequenceNumber. A move to another queue gives a new key.
    std::int64_t key = 0;
    std::string messageId;
    std::string body;
    std::string md5OfBody; ///< computed once when the message enters memory; not stored
    MessageAttributes attributes;
    std::string traceHeader;     ///< AWSTraceHeader
    std::string groupId;         ///< MessageGroupId
    std::string deduplicationId; ///< MessageDeduplicationId (explicit or the body's SHA-256)
    std::string deadLetterSourceArn;
    std::int64_t sentUs = 0;      ///< SentTimestamp; kept across DLQ moves, so retention counts from it
    std::int64_t visibleAtUs = 0; ///< end of the delay or of the visibility timeout
    std::int64_t firstReceiveUs = 0;
    int receiveCount = 0;
    MessageState state = MessageState::Visible;
};

} // namespace lambdadesk::core
