// SPDX-License-Identifier: MIT
// QueueService: GetQueueAttributes, SetQueueAttributes and the redrive rules that span two queues.
#include "queues/queue_service.h"

#include "queues/queue_attribute_rules.h"
#include "queues/queue_errors.h"
#include "queues/queue_service_internal.h"
#include "store/database_transaction.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace lambdadesk::core {

Expected<void> QueueService::checkRedrivePolicyLocked(const std::string& sourceArn, bool fifo,
                                                      const QueueAttributes& attributes)
{
    if (!attributes.redrivePolicy)
        return {};
    const auto shown = queueAttributeValue(attributes, fifo, "RedrivePolicy").value_or("");
    const auto bad = [&](const std::string& reason) {
        return queue_error::invalidParameter("RedrivePolicy", shown, reason);
    };
    const QueueState* target = findByArnLocked(attributes.redrivePolicy->deadLetterTargetArn);
    if (!target)
        return bad("Dead letter target does not exist.");
    if (target->info().fifo != fifo)
        return bad("Dead-letter queue must be same type of queue as the source.");
    const std::string& allow = target->info().attributes.redriveAllowPolicy;
    if (!allow.empty()) {
        const auto policy = nlohmann::json::parse(allow, nullptr, false);
        const std::string permission = policy.value("redrivePermission", "allowAll");
        bool allowed = permission == "allowAll";
        if (permission == "byQueue")
            for (const auto& arn : policy.value("sourceQueueArns", nlohmann::json::array()))
                allowed = allowed || (arn.is_string() && arn.get<std::string>() == sourceArn);
        if (!allowed)
            return bad("Queue " + target->info().arn + " does not allow " + sourceArn +
                       " to use it as a dead-letter queue (RedriveAllowPolicy).");
    }
    return {};
}

Expected<QueueAttributeMap> QueueService::getQueueAttributes(const std::string& queue,
                                                             const std::vector<std::string>& names)
{
    Effects effects;
    auto result = [&]() -> Expected<QueueAttributeMap> {
        std::lock_guard lock(m_mutex);
        QueueState* state = findLocked(queue);
        if (!state)
            return queue_error::nonExistentQueue();
        const auto& known = queueAttributeNames();
        std::vector<std::string_view> wanted;
        for (const auto& name : names) {
            if (name == "All") {
                wanted.assign(known.begin(), known.end());
                break;
            }
            if (std::find(known.begin(), known.end(), name) == known.end())
                return queue_error::make(queue_error::kInvalidAttributeName, "Unknown Attribute " + name + ".");
            wanted.push_back(name);
        }
        const std::int64_t now = m_clock.nowUs();
        advanceLocked(*state, now, effects);
        const QueueInfo& info = state->info();
        const QueueStats stats = state->stats(now);
        QueueAttributeMap attributes;
        for (const auto name : wanted) {
            std::optional<std::string> value;
            if (name == "QueueArn")
                value = info.arn;
            else if (name == "ApproximateNumberOfMessages")
                value = std::to_string(stats.visible);
            else if (name == "ApproximateNumberOfMessagesNotVisible")
                value = std::to_string(stats.inFlight);
            else if (name == "ApproximateNumberOfMessagesDelayed")
                value = std::to_string(stats.delayed);
            else if (name == "CreatedTimestamp")
                value = std::to_string(info.createdUs / 1'000'000);
            else if (name == "LastModifiedTimestamp")
                value = std::to_string(info.modifiedUs / 1'000'000);
            else
                value = queueAttributeValue(info.attributes, info.fifo, name);
            if (value)
                attributes.emplace(std::string(name), std::move(*value));
        }
        return attributes;
    }();
    finish(effects);
    return result;
}

Expected<void> QueueService::setQueueAttributes(const std::string& queue, const QueueAttributeMap& attributes)
{
    Effects effects;
    auto result = [&]() -> Expected<void> {
        std::lock_guard lock(m_mutex);
        QueueState* state = findLocked(queue);
        if (!state)
            return queue_error::nonExistentQueue();
        if (attributes.empty())
            return {};
        QueueInfo& info = state->info();
        QueueAttributes updated = info.attributes;
        if (auto applied = applyQueueAttributes(attributes, info.fifo, false, updated); !applied)
            return applied;
        if (attributes.count("RedrivePolicy") > 0)
            if (auto redrive = checkRedrivePolicyLocked(info.arn, info.fifo, updated); !redrive)
                return redrive;
        const std::int64_t now = m_clock.nowUs();
        const nlohmann::json stored = settableQueueAttributes(updated, info.fifo);
        if (auto written = m_store->updateQueueAttributes(info.id, stored.dump(), now); !written)
            return written;
        info.attributes = std::move(updated);
        info.modifiedUs = now;
        effects.changed(info.name, QueueChangeKind::AttributesChanged);
        // A shorter retention period applies to the messages already in the queue.
        advanceLocked(*state, now, effects);
        return {};
    }();
    finish(effects);
    return result;
}

Expected<std::vector<std::string>> QueueService::listDeadLetterSourceQueues(const std::string& queue)
{
    std::lock_guard lock(m_mutex);
    const QueueState* target = findLocked(queue);
    if (!target)
        return queue_error::nonExistentQueue();
    std::vector<std::string> urls;
    for (const auto& [name, state] : m_queues) {
        const auto& policy = state->info().attributes.redrivePolicy;
        if (policy && policy->deadLetterTargetArn == target->info().arn)
            urls.push_back(urlLocked(name));
    }
    return urls;
}

} // namespace lambdadesk::core
