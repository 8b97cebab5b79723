// SPDX-License-Identifier: MIT
// QueueService: dead-letter queue redrive (StartMessageMoveTask), moving messages back to their sources.
#include "queues/queue_service.h"

#include "queues/queue_errors.h"
#include "queues/queue_service_internal.h"
#include "store/database_transaction.h"

#include <map>

namespace lambdadesk::core {

Expected<MessageMoveResult> QueueService::redriveDeadLetterQueue(const std::string& deadLetterQueue,
                                                                 const std::string& destination)
{
    Effects effects;
    auto result = [&]() -> Expected<MessageMoveResult> {
        std::lock_guard lock(m_mutex);
        QueueState* source = findLocked(deadLetterQueue);
        if (!source)
            return queue_error::make(queue_error::kResourceNotFound,
                                     "The resource that you specified for the SourceArn parameter doesn't exist.");
        bool isDeadLetterQueue = false;
        for (const auto& [name, state] : m_queues) {
            const auto& policy = state->info().attributes.redrivePolicy;
            isDeadLetterQueue = isDeadLetterQueue || (policy && policy->deadLetterTargetArn == source->info().arn);
        }
        if (!isDeadLetterQueue)
            return queue_error::make(queue_error::kInvalidParameterValue,
                                     "Source queue must be configured as a Dead Letter Queue.");
        QueueState* target = nullptr;
        if (!destination.empty()) {
            target = findLocked(destination);
            if (!target)
                return queue_error::make(queue_error::kResourceNotFound,
                                         "The resource that you specified for the DestinationArn parameter doesn't "
                                         "exist.");
        }
        const std::int64_t now = m_clock.nowUs();
        advanceLocked(*source, now, effects);

        // Only visible messages move; one in flight is being looked at and stays, as a move task leaves it.
        struct Move {
            std::int64_t oldKey;
            QueueState* to;
            MessageRecord moved;
        };
        MessageMoveResult outcome;
        std::vector<Move> moves;
        const std::int64_t firstKey = m_nextKey;
        const std::int64_t reservedBefore = m_reservedKey;
        source->forEachReceivable([&](MessageRecord& message) {
            QueueState* to = target ? target : findByArnLocked(message.deadLetterSourceArn);
            if (!to || to == source || (to->info().fifo && message.groupId.empty())) {
                ++outcome.failed;
                return QueueState::Pick::Deliver;
            }
            MessageRecord moved;
            moved.key = takeKeyLocked();
            moved.visibleAtUs = now;
            moves.push_back(Move{message.key, to, std::move(moved)});
            // Walking on past a message that moves is what Skip means; it keeps FIFO groups flowing too.
            return QueueState::Pick::Skip;
        });
        outcome.approximateNumberOfMessagesToMove = static_cast<std::int64_t>(moves.size()) + outcome.failed;
        if (moves.empty())
            return outcome;

        DatabaseTransaction transaction(m_store->database());
        Expected<void> written = transaction.begun();
        // The message starts over in its queue: no receive count, no DLQ source.
        for (const auto& move : moves)
            if (written)
                written = m_store->moveMessage(move.oldKey, move.to->info().id, move.moved);
        if (written)
            written = reserveKeysLocked();
        if (written)
            written = transaction.commit();
        if (!written) {
            m_nextKey = firstKey;
            m_reservedKey = reservedBefore;
            return written.error();
        }
        std::map<QueueState*, std::int64_t> arrivals;
        for (auto& move : moves) {
            MessageRecord message = source->extract(move.oldKey);
            message.key = move.moved.key;
            message.visibleAtUs = now;
            message.receiveCount = 0;
            message.firstReceiveUs = 0;
            message.deadLetterSourceArn.clear();
            move.to->insert(std::move(message), now);
            ++arrivals[move.to];
        }
        for (const auto& [to, count] : arrivals) {
            effects.changed(to->info().name, QueueChangeKind::MessagesSent, count);
            effects.wake.push_back(to->info().id);
        }
        outcome.approximateNumberOfMessagesMoved = static_cast<std::int64_t>(moves.size());
        effects.changed(source->info().name, QueueChangeKind::Redriven, outcome.approximateNumberOfMessagesMoved);
        wakeWaitersLocked(effects);
        return outcome;
    }();
    finish(effects);
    return result;
}

} // namespace lambdadesk::core
