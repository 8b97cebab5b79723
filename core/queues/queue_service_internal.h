// SPDX-License-Identifier: MIT
// Private to QueueService's implementation files: the structs its header only names.
#pragma once

#include "queues/queue_service.h"
#include "queues/queue_state.h"
#include "store/queue_store.h"

#include <boost/asio/steady_timer.hpp>

#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lambdadesk::core {

/// What a call produced besides its result, applied after the lock is released (listener, completions),
/// or before it (queues whose long polls should be served).
struct QueueService::Effects {
    std::vector<QueueChange> changes;
    std::vector<std::pair<ReceiveCallback, Expected<ReceiveMessageResult>>> completions;
    std::vector<std::int64_t> wake;

    void changed(const std::string& queueName, QueueChangeKind kind, std::int64_t count = 0)
    {
        changes.push_back(QueueChange{queueName, kind, count});
    }
};

/// A validated ReceiveMessage request.
struct QueueService::ReceiveOptions {
    int maxMessages = 1;
    std::int64_t visibilityUs = 0;
    int waitTimeSeconds = 0;
    bool allSystemAttributes = false;
    std::vector<std::string> systemAttributes;
    bool allMessageAttributes = false;
    std::vector<std::string> messageAttributeNames;
    std::vector<std::string> messageAttributePrefixes;
};

/// A long poll waiting for messages.
struct QueueService::Waiter {
    std::int64_t queueId = 0;
    ReceiveOptions options;
    ReceiveCallback done;
    std::unique_ptr<boost::asio::steady_timer> timer;
    bool finished = false;
};

/// Fires when the earliest delay or visibility timeout of a queue with long polls ends.
struct QueueService::WakeTimer {
    explicit WakeTimer(const boost::asio::any_io_executor& executor) : timer(executor) {}
    boost::asio::steady_timer timer;
    std::int64_t armedForUs = std::numeric_limits<std::int64_t>::max();
};

/// The queue name in a queue URL (last path segment), an ARN (last field) or a bare name.
std::string_view queueNameFromReference(std::string_view reference);

/// FIFO SequenceNumber: 20 digits, increasing with the message key.
std::string sequenceNumberFor(std::int64_t key);

} // namespace lambdadesk::core
