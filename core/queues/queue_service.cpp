// SPDX-License-Identifier: MIT
// QueueService: opening and loading, and the plumbing every operation shares. Queue lifecycle is in
// queue_service_queues.cpp, messages in queue_service_send/receive/ack/redrive.cpp, attributes in
// queue_service_attributes.cpp.
#include "queues/queue_service.h"

#include "queues/queue_attribute_rules.h"
#include "queues/queue_errors.h"
#include "queues/queue_service_internal.h"
#include "store/database_transaction.h"

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

namespace lambdadesk::core {

namespace {
// Keys are reserved in blocks so the counter is written once per block, not in every send transaction.
constexpr std::int64_t kKeyBlock = 100000;
} // namespace

std::string_view queueNameFromReference(std::string_view reference)
{
    if (reference.starts_with("arn:"))
        return reference.substr(reference.rfind(':') + 1);
    if (const auto query = reference.find('?'); query != std::string_view::npos)
        reference = reference.substr(0, query);
    while (reference.ends_with('/'))
        reference.remove_suffix(1);
    if (const auto slash = reference.rfind('/'); slash != std::string_view::npos)
        return reference.substr(slash + 1);
    return reference;
}

std::string sequenceNumberFor(std::int64_t key)
{
    // AWS's sequence numbers are 20-digit decimals; an offset keeps ours that wide.
    constexpr std::uint64_t kBase = 10'000'000'000'000'000'000ULL;
    return std::to_string(kBase + static_cast<std::uint64_t>(key));
}

Expected<std::shared_ptr<QueueService>> QueueService::open(boost::asio::any_io_executor executor,
                                                           QueueServiceOptions options)
{
    DatabaseOptions database;
    database.exclusive = options.exclusiveDatabase;
    auto store = QueueStore::open(options.databasePath, database);
    if (!store)
        return store.error();
    std::shared_ptr<QueueService> service(new QueueService(std::move(executor), std::move(options), std::move(*store)));
    if (auto loaded = service->load(); !loaded)
        return loaded.error();
    return service;
}

QueueService::QueueService(boost::asio::any_io_executor executor, QueueServiceOptions options,
                           std::unique_ptr<QueueStore> store)
    : m_executor(std::move(executor)), m_options(std::move(options)), m_clock(m_options.clock, m_options.timeScale),
      m_store(std::move(store))
{
}

QueueService::~QueueService()
{
    try {
        std::lock_guard lock(m_mutex);
        for (auto& [queueId, waiters] : m_waiters)
            for (auto& waiter : waiters) {
                waiter->finished = true;
                waiter->timer->cancel();
                boost::asio::post(m_executor, [done = std::move(waiter->done)]() { done(ReceiveMessageResult{}); });
            }
        m_waiters.clear();
        for (auto& [queueId, wake] : m_wakeTimers)
            wake->timer.cancel();
    } catch (...) {
        // Out of memory while posting: those long polls are never answered, which beats terminating.
    }
}

Expected<void> QueueService::load()
{
    std::lock_guard lock(m_mutex);
    const std::int64_t now = m_clock.nowUs();
    auto queues = m_store->loadQueues();
    if (!queues)
        return queues.error();
    for (auto& stored : *queues) {
        QueueInfo info;
        info.id = stored.id;
        info.name = stored.name;
        info.arn = "arn:aws:sqs:" + m_options.region + ":" + m_options.accountId + ":" + stored.name;
        info.fifo = stored.fifo;
        info.createdUs = stored.createdUs;
        info.modifiedUs = stored.modifiedUs;
        info.purgedUs = stored.purgedUs;
        const auto json = nlohmann::json::parse(stored.attributesJson, nullptr, false);
        if (json.is_discarded() || !json.is_object())
            return Error{queue_error::kInternalFailure, "stored attributes of queue " + stored.name + " are corrupt"};
        if (auto applied = applyQueueAttributes(json.get<QueueAttributeMap>(), info.fifo, true, info.attributes);
            !applied)
            return Error{queue_error::kInternalFailure,
                         "stored attributes of queue " + stored.name + ": " + applied.error().message};
        auto state = std::make_unique<QueueState>(std::move(info));
        m_queuesById[stored.id] = state.get();
        m_queues.emplace(stored.name, std::move(state));
    }
    auto messages = m_store->loadMessages([&](std::int64_t queueId, MessageRecord&& message) {
        if (const auto it = m_queuesById.find(queueId); it != m_queuesById.end())
            it->second->insert(std::move(message), now);
    });
    if (!messages)
        return messages.error();
    auto deduplication = m_store->loadDeduplication(now);
    if (!deduplication)
        return deduplication.error();
    for (auto& entry : *deduplication)
        if (const auto it = m_queuesById.find(entry.queueId); it != m_queuesById.end())
            it->second->putDeduplication(entry.key, {entry.messageId, entry.sequence, entry.expiresUs});
    auto deleted = m_store->loadDeletedQueues();
    if (!deleted)
        return deleted.error();
    for (auto& [name, when] : *deleted)
        m_deletedQueues[name] = when;
    auto next = m_store->loadNextMessageKey();
    if (!next)
        return next.error();
    m_nextKey = *next;
    return {};
}

Expected<void> QueueService::reserveKeysLocked()
{
    if (m_nextKey <= m_reservedKey)
        return {};
    const std::int64_t reserved = m_nextKey + kKeyBlock;
    auto saved = m_store->saveKeyReservation(reserved);
    if (saved)
        m_reservedKey = reserved;
    return saved;
}

void QueueService::setEndpointUrl(std::string endpointUrl)
{
    while (endpointUrl.ends_with('/'))
        endpointUrl.pop_back();
    std::lock_guard lock(m_mutex);
    m_options.endpointUrl = std::move(endpointUrl);
}

std::string QueueService::queueUrl(const std::string& queueName) const
{
    std::lock_guard lock(m_mutex);
    return urlLocked(queueName);
}

std::string QueueService::queueArn(const std::string& queueName) const
{
    return "arn:aws:sqs:" + m_options.region + ":" + m_options.accountId + ":" + queueName;
}

std::string QueueService::urlLocked(const std::string& name) const
{
    return m_options.endpointUrl + "/" + m_options.accountId + "/" + name;
}

void QueueService::setChangeListener(QueueChangeListener listener)
{
    auto shared = listener ? std::make_shared<const QueueChangeListener>(std::move(listener)) : nullptr;
    std::lock_guard lock(m_mutex);
    m_listener = std::move(shared);
}

void QueueService::finish(Effects& effects)
{
    for (auto& [done, result] : effects.completions)
        boost::asio::post(m_executor,
                          [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); });
    if (effects.changes.empty())
        return;
    std::shared_ptr<const QueueChangeListener> listener;
    {
        std::lock_guard lock(m_mutex);
        listener = m_listener;
    }
    if (listener)
        for (const auto& change : effects.changes)
            (*listener)(change);
}

QueueState* QueueService::findLocked(std::string_view queue)
{
    const auto it = m_queues.find(queueNameFromReference(queue));
    return it == m_queues.end() ? nullptr : it->second.get();
}

QueueState* QueueService::findByArnLocked(std::string_view arn)
{
    const std::string prefix = "arn:aws:sqs:" + m_options.region + ":" + m_options.accountId + ":";
    if (!arn.starts_with(prefix))
        return nullptr;
    const auto it = m_queues.find(arn.substr(prefix.size()));
    return it == m_queues.end() ? nullptr : it->second.get();
}

void QueueService::advanceLocked(QueueState& queue, std::int64_t nowUs, Effects& effects)
{
    queue.advance(nowUs);
    const auto expired = queue.expired(nowUs, m_clock.scaledUs(queue.info().attributes.messageRetentionPeriod));
    if (!expired.empty()) {
        DatabaseTransaction transaction(m_store->database());
        bool written = transaction.begun().ok();
        for (const auto key : expired)
            written = written && m_store->deleteMessage(key).ok();
        // On a failed write the messages stay and the next call tries again.
        if (written && transaction.commit().ok()) {
            for (const auto key : expired)
                queue.erase(key);
            effects.changed(queue.info().name, QueueChangeKind::Expired, static_cast<std::int64_t>(expired.size()));
        }
    }
    if (queue.info().fifo && queue.pruneDeduplication(nowUs))
        (void)m_store->pruneDeduplication(queue.info().id, nowUs);
}

} // namespace lambdadesk::core
