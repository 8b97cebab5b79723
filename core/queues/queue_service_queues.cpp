// SPDX-License-Identifier: MIT
// QueueService: the queue lifecycle — create, get URL, list, delete, purge — and stats.
#include "queues/queue_service.h"

#include "encoding/base64.h"
#include "queues/message_validation.h"
#include "queues/queue_attribute_rules.h"
#include "queues/queue_errors.h"
#include "queues/queue_service_internal.h"
#include "store/database_transaction.h"

#include <nlohmann/json.hpp>

namespace lambdadesk::core {
namespace {

constexpr double kQueueNameReuseSeconds = 60;
constexpr double kPurgeIntervalSeconds = 60;
constexpr int kListQueuesLimit = 1000;

} // namespace

Expected<std::string> QueueService::createQueue(const CreateQueueRequest& request)
{
    bool fifo = false;
    if (const auto it = request.attributes.find("FifoQueue"); it != request.attributes.end()) {
        const auto flag = parseQueueBoolean(it->second);
        if (!flag)
            return queue_error::make(queue_error::kInvalidAttributeValue, "Invalid value for the parameter FifoQueue.");
        fifo = *flag;
    }
    if (auto valid = validateQueueName(request.queueName, fifo); !valid)
        return valid.error();

    Effects effects;
    auto result = [&]() -> Expected<std::string> {
        std::lock_guard lock(m_mutex);
        const std::int64_t now = m_clock.nowUs();
        if (QueueState* existing = findLocked(request.queueName)) {
            // Same name: the URL again when every given attribute matches, else QueueAlreadyExists.
            const QueueInfo& info = existing->info();
            QueueAttributes asked = info.attributes;
            if (info.fifo != fifo)
                return queue_error::make(queue_error::kQueueAlreadyExists,
                                         "A queue already exists with the same name and a different value for "
                                         "attribute FifoQueue");
            if (auto applied = applyQueueAttributes(request.attributes, fifo, true, asked); !applied)
                return applied.error();
            for (const auto& [name, value] : request.attributes)
                if (queueAttributeValue(asked, fifo, name) != queueAttributeValue(info.attributes, fifo, name))
                    return queue_error::make(queue_error::kQueueAlreadyExists,
                                             "A queue already exists with the same name and a different value for "
                                             "attribute " +
                                                 name);
            return urlLocked(info.name);
        }
        if (const auto deleted = m_deletedQueues.find(request.queueName);
            deleted != m_deletedQueues.end() && now < deleted->second + m_clock.scaledUs(kQueueNameReuseSeconds))
            return queue_error::make(queue_error::kQueueDeletedRecently,
                                     "You must wait 60 seconds after deleting a queue before you can create another "
                                     "with the same name.");
        QueueInfo info;
        info.name = request.queueName;
        info.arn = queueArn(info.name);
        info.fifo = fifo;
        info.createdUs = info.modifiedUs = now;
        if (auto applied = applyQueueAttributes(request.attributes, fifo, true, info.attributes); !applied)
            return applied.error();
        if (auto redrive = checkRedrivePolicyLocked(info.arn, fifo, info.attributes); !redrive)
            return redrive.error();

        DatabaseTransaction transaction(m_store->database());
        if (!transaction.begun())
            return transaction.begun().error();
        const nlohmann::json attributes = settableQueueAttributes(info.attributes, fifo);
        auto id = m_store->insertQueue(StoredQueue{0, info.name, fifo, attributes.dump(), now, now, 0});
        if (!id)
            return id.error();
        if (auto forgotten = m_store->forgetDeletedQueue(info.name); !forgotten)
            return forgotten.error();
        if (auto committed = transaction.commit(); !committed)
            return committed.error();
        info.id = *id;
        m_deletedQueues.erase(info.name);
        auto state = std::make_unique<QueueState>(std::move(info));
        m_queuesById[*id] = state.get();
        const std::string name = state->info().name;
        m_queues.emplace(name, std::move(state));
        effects.changed(name, QueueChangeKind::Created);
        return urlLocked(name);
    }();
    finish(effects);
    return result;
}

Expected<std::string> QueueService::getQueueUrl(const std::string& queueName)
{
    std::lock_guard lock(m_mutex);
    if (const auto it = m_queues.find(queueName); it != m_queues.end())
        return urlLocked(queueName);
    return queue_error::nonExistentQueue();
}

Expected<ListQueuesResult> QueueService::listQueues(const ListQueuesRequest& request)
{
    if (request.maxResults && (*request.maxResults < 1 || *request.maxResults > kListQueuesLimit))
        return queue_error::invalidParameter("MaxResults", std::to_string(*request.maxResults),
                                             "MaxResults must be an integer between 1 and 1000.");
    // The token is the last name of the previous page, so pages stay consistent while queues come and go.
    std::string after;
    if (!request.nextToken.empty() && !decodeBase64(request.nextToken, after))
        return queue_error::make(queue_error::kInvalidParameterValue, "Invalid NextToken value.");
    const int limit = request.maxResults.value_or(kListQueuesLimit);
    std::lock_guard lock(m_mutex);
    ListQueuesResult result;
    std::string last;
    auto it = after.empty() ? m_queues.begin() : m_queues.upper_bound(after);
    for (; it != m_queues.end(); ++it) {
        if (!it->first.starts_with(request.queueNamePrefix))
            continue;
        if (static_cast<int>(result.queueUrls.size()) == limit) {
            if (request.maxResults)
                result.nextToken = encodeBase64(last);
            break;
        }
        result.queueUrls.push_back(urlLocked(it->first));
        last = it->first;
    }
    return result;
}

void QueueService::dropQueueLocked(QueueState& queue, Effects& effects)
{
    const std::int64_t id = queue.info().id;
    if (auto waiters = m_waiters.find(id); waiters != m_waiters.end()) {
        for (auto& waiter : waiters->second) {
            waiter->finished = true;
            waiter->timer->cancel();
            effects.completions.emplace_back(std::move(waiter->done), queue_error::nonExistentQueue());
        }
        m_waiters.erase(waiters);
    }
    m_wakeTimers.erase(id);
    const std::string name = queue.info().name;
    m_queuesById.erase(id);
    m_queues.erase(name);
    effects.changed(name, QueueChangeKind::Deleted);
}

Expected<void> QueueService::deleteQueue(const std::string& queue)
{
    Effects effects;
    auto result = [&]() -> Expected<void> {
        std::lock_guard lock(m_mutex);
        QueueState* state = findLocked(queue);
        if (!state)
            return queue_error::nonExistentQueue();
        const std::int64_t now = m_clock.nowUs();
        DatabaseTransaction transaction(m_store->database());
        if (!transaction.begun())
            return transaction.begun();
        if (auto deleted = m_store->deleteQueue(state->info().id, state->info().name, now); !deleted)
            return deleted;
        if (auto committed = transaction.commit(); !committed)
            return committed;
        m_deletedQueues[state->info().name] = now;
        dropQueueLocked(*state, effects);
        return {};
    }();
    finish(effects);
    return result;
}

Expected<void> QueueService::purgeQueue(const std::string& queue)
{
    Effects effects;
    auto result = [&]() -> Expected<void> {
        std::lock_guard lock(m_mutex);
        QueueState* state = findLocked(queue);
        if (!state)
            return queue_error::nonExistentQueue();
        const std::int64_t now = m_clock.nowUs();
        QueueInfo& info = state->info();
        if (info.purgedUs != 0 && now < info.purgedUs + m_clock.scaledUs(kPurgeIntervalSeconds))
            return queue_error::make(queue_error::kPurgeQueueInProgress,
                                     "Only one PurgeQueue operation on " + info.name + " is allowed every 60 seconds.");
        DatabaseTransaction transaction(m_store->database());
        if (!transaction.begun())
            return transaction.begun();
        if (auto deleted = m_store->deleteQueueMessages(info.id); !deleted)
            return deleted;
        if (auto purged = m_store->setQueuePurged(info.id, now); !purged)
            return purged;
        if (auto committed = transaction.commit(); !committed)
            return committed;
        const auto count = static_cast<std::int64_t>(state->size());
        info.purgedUs = now;
        state->clearMessages();
        state->clearDeduplication();
        effects.changed(info.name, QueueChangeKind::Purged, count);
        return {};
    }();
    finish(effects);
    return result;
}

std::vector<std::string> QueueService::queueNames() const
{
    std::lock_guard lock(m_mutex);
    std::vector<std::string> names;
    names.reserve(m_queues.size());
    for (const auto& [name, state] : m_queues)
        names.push_back(name);
    return names;
}

std::optional<QueueStats> QueueService::stats(const std::string& queue)
{
    Effects effects;
    std::optional<QueueStats> result;
    {
        std::lock_guard lock(m_mutex);
        if (QueueState* state = findLocked(queue)) {
            const std::int64_t now = m_clock.nowUs();
            advanceLocked(*state, now, effects);
            result = state->stats(now);
            effects.wake.push_back(state->info().id);
            wakeWaitersLocked(effects);
        }
    }
    finish(effects);
    return result;
}

} // namespace lambdadesk::core
