// SPDX-License-Identifier: MIT
// QueueService: ReceiveMessage — choosing messages, receipt handles, redrive to the dead-letter queue — and
// long polling on Asio timers.
#include "queues/queue_service.h"

#include "queues/message_md5.h"
#include "queues/queue_errors.h"
#include "queues/queue_receipt_handle.h"
#include "queues/queue_service_internal.h"
#include "store/database_transaction.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <utility>

namespace lambdadesk::core {
namespace {

// AWS's in-flight quotas: standard queues answer OverLimit, FIFO queues return nothing.
constexpr std::int64_t kMaxInFlightStandard = 120000;
constexpr std::int64_t kMaxInFlightFifo = 20000;

constexpr std::string_view kSystemAttributes[] = {"SenderId",
                                                  "SentTimestamp",
                                                  "ApproximateReceiveCount",
                                                  "ApproximateFirstReceiveTimestamp",
                                                  "SequenceNumber",
                                                  "MessageDeduplicationId",
                                                  "MessageGroupId",
                                                  "AWSTraceHeader",
                                                  "DeadLetterQueueSourceArn"};

} // namespace

Expected<QueueService::ReceiveOptions> QueueService::receiveOptionsLocked(const QueueState& queue,
                                                                          const ReceiveMessageRequest& request)
{
    const QueueAttributes& attributes = queue.info().attributes;
    ReceiveOptions options;
    options.maxMessages = request.maxNumberOfMessages;
    if (options.maxMessages < 1 || options.maxMessages > 10)
        return queue_error::invalidParameter("MaxNumberOfMessages", std::to_string(options.maxMessages),
                                             "Must be between 1 and 10, if provided.");
    const int visibility = request.visibilityTimeout.value_or(attributes.visibilityTimeout);
    if (visibility < 0 || visibility > 43200)
        return queue_error::invalidParameter("VisibilityTimeout", std::to_string(visibility),
                                             "Must be >= 0 and <= 43200, if provided.");
    options.visibilityUs = m_clock.scaledUs(visibility);
    options.waitTimeSeconds = request.waitTimeSeconds.value_or(attributes.receiveMessageWaitTimeSeconds);
    if (options.waitTimeSeconds < 0 || options.waitTimeSeconds > 20)
        return queue_error::invalidParameter("WaitTimeSeconds", std::to_string(options.waitTimeSeconds),
                                             "Must be >= 0 and <= 20, if provided.");
    for (const auto& name : request.attributeNames) {
        if (name == "All") {
            options.allSystemAttributes = true;
            continue;
        }
        if (std::find(std::begin(kSystemAttributes), std::end(kSystemAttributes), name) == std::end(kSystemAttributes))
            return queue_error::make(queue_error::kInvalidAttributeName, "Unknown Attribute " + name + ".");
        options.systemAttributes.push_back(name);
    }
    for (const auto& name : request.messageAttributeNames) {
        if (name == "All" || name == ".*" || name == "*")
            options.allMessageAttributes = true;
        else if (name.ends_with(".*"))
            options.messageAttributePrefixes.push_back(name.substr(0, name.size() - 2));
        else
            options.messageAttributeNames.push_back(name);
    }
    return options;
}

namespace {

bool wantsAttribute(const std::vector<std::string>& names, bool all, std::string_view name)
{
    return all || std::find(names.begin(), names.end(), name) != names.end();
}

} // namespace

Expected<ReceiveMessageResult> QueueService::collectLocked(QueueState& queue, const ReceiveOptions& options,
                                                           Effects& effects)
{
    const std::int64_t now = m_clock.nowUs();
    advanceLocked(queue, now, effects);
    const QueueInfo& info = queue.info();
    if (queue.inFlightCount() >= (info.fifo ? kMaxInFlightFifo : kMaxInFlightStandard)) {
        if (info.fifo)
            return ReceiveMessageResult{};
        return queue_error::make(queue_error::kOverLimit,
                                 "The maximum number of in flight messages (120000) has been reached.");
    }
    QueueState* deadLetter = nullptr;
    int maxReceiveCount = 0;
    if (info.attributes.redrivePolicy) {
        deadLetter = findByArnLocked(info.attributes.redrivePolicy->deadLetterTargetArn);
        maxReceiveCount = info.attributes.redrivePolicy->maxReceiveCount;
        if (deadLetter == &queue)
            deadLetter = nullptr;
    }
    std::vector<MessageRecord*> deliver;
    std::vector<MessageRecord*> divert;
    queue.forEachReceivable([&](MessageRecord& message) {
        // A receive that would take the count past maxReceiveCount moves the message instead, as AWS does.
        if (deadLetter && message.receiveCount >= maxReceiveCount) {
            divert.push_back(&message);
            return QueueState::Pick::Skip;
        }
        deliver.push_back(&message);
        return static_cast<int>(deliver.size()) >= options.maxMessages ? QueueState::Pick::Stop
                                                                       : QueueState::Pick::Deliver;
    });
    if (deliver.empty() && divert.empty())
        return ReceiveMessageResult{};

    const std::int64_t visibleAt = now + options.visibilityUs;
    const std::int64_t firstKey = m_nextKey;
    const std::int64_t reservedBefore = m_reservedKey;
    std::vector<MessageRecord> moved;
    moved.reserve(divert.size());
    DatabaseTransaction transaction(m_store->database());
    Expected<void> written = transaction.begun();
    for (MessageRecord* message : deliver) {
        if (!written)
            break;
        MessageRecord update;
        update.key = message->key;
        update.receiveCount = message->receiveCount + 1;
        update.visibleAtUs = visibleAt;
        update.firstReceiveUs = message->firstReceiveUs != 0 ? message->firstReceiveUs : now;
        written = m_store->updateReceived(update);
    }
    for (MessageRecord* message : divert) {
        if (!written)
            break;
        // The receive count goes along: AWS's DLQ shows how often the message was tried.
        MessageRecord target;
        target.key = takeKeyLocked();
        target.visibleAtUs = now;
        target.receiveCount = message->receiveCount;
        target.firstReceiveUs = message->firstReceiveUs;
        target.deadLetterSourceArn = info.arn;
        written = m_store->moveMessage(message->key, deadLetter->info().id, target);
        moved.push_back(std::move(target));
    }
    if (written && !divert.empty())
        written = reserveKeysLocked();
    if (written)
        written = transaction.commit();
    if (!written) {
        m_nextKey = firstKey;
        m_reservedKey = reservedBefore;
        return written.error();
    }

    ReceiveMessageResult result;
    result.messages.reserve(deliver.size());
    for (MessageRecord* message : deliver) {
        ++message->receiveCount;
        if (message->firstReceiveUs == 0)
            message->firstReceiveUs = now;
        queue.setVisibleAt(*message, visibleAt, now);
        ReceivedMessage received;
        received.messageId = message->messageId;
        received.receiptHandle = encodeReceiptHandle({info.id, message->key, message->receiveCount});
        received.body = message->body;
        received.md5OfBody = message->md5OfBody;
        const bool all = options.allSystemAttributes;
        const auto& names = options.systemAttributes;
        const auto add = [&](std::string_view name, std::string value) {
            if (wantsAttribute(names, all, name))
                received.attributes.emplace(std::string(name), std::move(value));
        };
        add("SenderId", m_options.accountId);
        add("SentTimestamp", std::to_string(message->sentUs / 1000));
        add("ApproximateReceiveCount", std::to_string(message->receiveCount));
        add("ApproximateFirstReceiveTimestamp", std::to_string(message->firstReceiveUs / 1000));
        if (info.fifo) {
            add("SequenceNumber", sequenceNumberFor(message->key));
            add("MessageDeduplicationId", message->deduplicationId);
        }
        if (!message->groupId.empty())
            add("MessageGroupId", message->groupId);
        if (!message->traceHeader.empty())
            add("AWSTraceHeader", message->traceHeader);
        if (!message->deadLetterSourceArn.empty())
            add("DeadLetterQueueSourceArn", message->deadLetterSourceArn);
        for (const auto& [name, value] : message->attributes) {
            bool wanted = wantsAttribute(options.messageAttributeNames, options.allMessageAttributes, name);
            for (const auto& prefix : options.messageAttributePrefixes)
                wanted = wanted || name.starts_with(prefix);
            if (wanted)
                received.messageAttributes.emplace(name, value);
        }
        received.md5OfMessageAttributes = md5OfMessageAttributes(received.messageAttributes);
        result.messages.push_back(std::move(received));
    }
    for (std::size_t i = 0; i < divert.size(); ++i) {
        MessageRecord message = queue.extract(divert[i]->key);
        message.key = moved[i].key;
        message.visibleAtUs = now;
        message.deadLetterSourceArn = info.arn;
        deadLetter->insert(std::move(message), now);
    }
    if (!deliver.empty())
        effects.changed(info.name, QueueChangeKind::MessagesReceived, static_cast<std::int64_t>(deliver.size()));
    if (!divert.empty()) {
        effects.changed(info.name, QueueChangeKind::MovedToDeadLetterQueue, static_cast<std::int64_t>(divert.size()));
        effects.changed(deadLetter->info().name, QueueChangeKind::MessagesSent,
                        static_cast<std::int64_t>(divert.size()));
        effects.wake.push_back(deadLetter->info().id);
    }
    return result;
}

void QueueService::receiveMessage(const ReceiveMessageRequest& request, ReceiveCallback done)
{
    Effects effects;
    std::optional<Expected<ReceiveMessageResult>> immediate;
    {
        std::lock_guard lock(m_mutex);
        QueueState* queue = findLocked(request.queueUrl);
        if (!queue) {
            immediate = queue_error::nonExistentQueue();
        } else if (auto options = receiveOptionsLocked(*queue, request); !options) {
            immediate = options.error();
        } else {
            auto result = collectLocked(*queue, *options, effects);
            if (!result || !result->messages.empty() || options->waitTimeSeconds == 0) {
                immediate = std::move(result);
            } else {
                auto waiter = std::make_shared<Waiter>();
                waiter->queueId = queue->info().id;
                waiter->options = std::move(*options);
                waiter->done = std::exchange(done, nullptr);
                waiter->timer = std::make_unique<boost::asio::steady_timer>(m_executor);
                waiter->timer->expires_after(
                    std::chrono::microseconds(m_clock.scaledUs(waiter->options.waitTimeSeconds)));
                waiter->timer->async_wait([weak = weak_from_this(), waiter](const boost::system::error_code&) {
                    if (auto self = weak.lock())
                        self->onWaitEnded(waiter);
                });
                m_waiters[waiter->queueId].push_back(std::move(waiter));
            }
            effects.wake.push_back(queue->info().id);
        }
        wakeWaitersLocked(effects);
    }
    finish(effects);
    if (immediate)
        done(std::move(*immediate));
}

Expected<ReceiveMessageResult> QueueService::receiveMessage(const ReceiveMessageRequest& request)
{
    auto promise = std::make_shared<std::promise<Expected<ReceiveMessageResult>>>();
    auto future = promise->get_future();
    receiveMessage(request,
                   [promise](Expected<ReceiveMessageResult> result) { promise->set_value(std::move(result)); });
    return future.get();
}

void QueueService::onWaitEnded(const std::shared_ptr<Waiter>& waiter)
{
    Effects effects;
    std::optional<Expected<ReceiveMessageResult>> result;
    {
        std::lock_guard lock(m_mutex);
        if (waiter->finished)
            return;
        waiter->finished = true;
        if (auto waiters = m_waiters.find(waiter->queueId); waiters != m_waiters.end()) {
            auto& list = waiters->second;
            list.erase(std::remove(list.begin(), list.end(), waiter), list.end());
            if (list.empty())
                m_waiters.erase(waiters);
        }
        const auto it = m_queuesById.find(waiter->queueId);
        if (it == m_queuesById.end()) {
            result = queue_error::nonExistentQueue();
        } else {
            // One last look: a visibility timeout may have ended in the same instant.
            result = collectLocked(*it->second, waiter->options, effects);
            effects.wake.push_back(waiter->queueId);
        }
        wakeWaitersLocked(effects);
    }
    finish(effects);
    waiter->done(std::move(*result));
}

void QueueService::serveWaitersLocked(QueueState& queue, Effects& effects)
{
    const auto it = m_waiters.find(queue.info().id);
    if (it == m_waiters.end())
        return;
    auto& waiters = it->second;
    const std::int64_t now = m_clock.nowUs();
    queue.advance(now);
    while (!waiters.empty() && queue.hasReceivable()) {
        auto waiter = waiters.front();
        auto result = collectLocked(queue, waiter->options, effects);
        if (result && result->messages.empty())
            break;
        waiters.pop_front();
        waiter->finished = true;
        waiter->timer->cancel();
        effects.completions.emplace_back(std::move(waiter->done), std::move(result));
    }
    if (waiters.empty()) {
        m_waiters.erase(it);
        return;
    }
    armWakeTimerLocked(queue, now);
}

void QueueService::wakeWaitersLocked(Effects& effects)
{
    // Serving one queue can move messages into its DLQ, which adds that queue to the list.
    while (!effects.wake.empty()) {
        const std::int64_t id = effects.wake.back();
        effects.wake.pop_back();
        if (m_waiters.count(id) == 0)
            continue;
        if (const auto it = m_queuesById.find(id); it != m_queuesById.end())
            serveWaitersLocked(*it->second, effects);
    }
}

void QueueService::armWakeTimerLocked(QueueState& queue, std::int64_t nowUs)
{
    const std::int64_t due = queue.nextDeadlineUs();
    if (due == std::numeric_limits<std::int64_t>::max())
        return;
    const std::int64_t id = queue.info().id;
    auto& wake = m_wakeTimers[id];
    if (!wake)
        wake = std::make_unique<WakeTimer>(m_executor);
    if (wake->armedForUs <= due)
        return;
    wake->armedForUs = due;
    wake->timer.expires_after(std::chrono::microseconds(std::max<std::int64_t>(0, due - nowUs)));
    wake->timer.async_wait([weak = weak_from_this(), id](const boost::system::error_code& error) {
        if (error == boost::asio::error::operation_aborted)
            return;
        if (auto self = weak.lock())
            self->onWakeTimer(id);
    });
}

void QueueService::onWakeTimer(std::int64_t queueId)
{
    Effects effects;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_queuesById.find(queueId);
        if (it == m_queuesById.end())
            return;
        if (auto wake = m_wakeTimers.find(queueId); wake != m_wakeTimers.end())
            wake->second->armedForUs = std::numeric_limits<std::int64_t>::max();
        advanceLocked(*it->second, m_clock.nowUs(), effects);
        effects.wake.push_back(queueId);
        wakeWaitersLocked(effects);
    }
    finish(effects);
}

} // namespace lambdadesk::core
