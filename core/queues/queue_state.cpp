// SPDX-License-Identifier: MIT
#include "queues/queue_state.h"

#include "queues/message_md5.h"

#include <limits>

namespace lambdadesk::core {

MessageRecord& QueueState::insert(MessageRecord message, std::int64_t nowUs)
{
    if (message.md5OfBody.empty())
        message.md5OfBody = md5OfMessageBody(message.body);
    const std::int64_t key = message.key;
    const MessageState state = message.visibleAtUs <= nowUs ? MessageState::Visible
                               : message.receiveCount > 0   ? MessageState::InFlight
                                                            : MessageState::Delayed;
    auto [it, inserted] = m_messages.emplace(key, std::move(message));
    MessageRecord& stored = it->second;
    m_bySent.emplace(stored.sentUs, key);
    if (m_info.fifo)
        m_groups[stored.groupId].keys.insert(key);
    enter(stored, state);
    if (m_info.fifo)
        refreshGroup(stored.groupId);
    return stored;
}

MessageRecord* QueueState::find(std::int64_t key)
{
    const auto it = m_messages.find(key);
    return it == m_messages.end() ? nullptr : &it->second;
}

MessageRecord QueueState::extract(std::int64_t key)
{
    auto node = m_messages.extract(key);
    MessageRecord& message = node.mapped();
    leave(message);
    m_bySent.erase({message.sentUs, key});
    if (m_info.fifo) {
        auto group = m_groups.find(message.groupId);
        if (group != m_groups.end()) {
            group->second.keys.erase(key);
            refreshGroup(message.groupId);
        }
    }
    return std::move(message);
}

void QueueState::erase(std::int64_t key)
{
    if (m_messages.count(key) > 0)
        extract(key);
}

void QueueState::clearMessages()
{
    m_messages.clear();
    m_visible.clear();
    m_deadlines.clear();
    m_bySent.clear();
    m_groups.clear();
    m_readyGroups.clear();
    m_visibleCount = m_inFlight = m_delayed = 0;
}

void QueueState::leave(MessageRecord& message)
{
    switch (message.state) {
    case MessageState::Visible:
        --m_visibleCount;
        if (!m_info.fifo)
            m_visible.erase(message.key);
        break;
    case MessageState::Delayed:
        --m_delayed;
        m_deadlines.erase({message.visibleAtUs, message.key});
        break;
    case MessageState::InFlight:
        --m_inFlight;
        m_deadlines.erase({message.visibleAtUs, message.key});
        if (m_info.fifo)
            --m_groups[message.groupId].inFlight;
        break;
    }
}

void QueueState::enter(MessageRecord& message, MessageState state)
{
    message.state = state;
    switch (state) {
    case MessageState::Visible:
        ++m_visibleCount;
        if (!m_info.fifo)
            m_visible.insert(message.key);
        break;
    case MessageState::Delayed:
        ++m_delayed;
        m_deadlines.emplace(message.visibleAtUs, message.key);
        break;
    case MessageState::InFlight:
        ++m_inFlight;
        m_deadlines.emplace(message.visibleAtUs, message.key);
        if (m_info.fifo)
            ++m_groups[message.groupId].inFlight;
        break;
    }
}

void QueueState::refreshGroup(const std::string& groupId)
{
    auto it = m_groups.find(groupId);
    if (it == m_groups.end())
        return;
    Group& group = it->second;
    if (group.readyHead != 0) {
        m_readyGroups.erase({group.readyHead, &group});
        group.readyHead = 0;
    }
    if (group.keys.empty() && group.inFlight == 0) {
        m_groups.erase(it);
        return;
    }
    // A group with a message in flight is locked: nothing behind it may be delivered, which is what keeps
    // a group in order across consumers.
    if (group.inFlight == 0 && !group.keys.empty()) {
        group.readyHead = *group.keys.begin();
        m_readyGroups.emplace(group.readyHead, &group);
    }
}

void QueueState::setVisibleAt(MessageRecord& message, std::int64_t visibleAtUs, std::int64_t nowUs)
{
    leave(message);
    message.visibleAtUs = visibleAtUs;
    enter(message, visibleAtUs > nowUs ? MessageState::InFlight : MessageState::Visible);
    if (m_info.fifo)
        refreshGroup(message.groupId);
}

void QueueState::advance(std::int64_t nowUs)
{
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= nowUs) {
        MessageRecord& message = m_messages.at(m_deadlines.begin()->second);
        leave(message);
        enter(message, MessageState::Visible);
        if (m_info.fifo)
            refreshGroup(message.groupId);
    }
}

std::int64_t QueueState::nextDeadlineUs() const
{
    return m_deadlines.empty() ? std::numeric_limits<std::int64_t>::max() : m_deadlines.begin()->first;
}

std::vector<std::int64_t> QueueState::expired(std::int64_t nowUs, std::int64_t retentionUs) const
{
    std::vector<std::int64_t> keys;
    for (const auto& [sentUs, key] : m_bySent) {
        if (sentUs + retentionUs > nowUs)
            break;
        keys.push_back(key);
    }
    return keys;
}

void QueueState::forEachReceivable(const std::function<Pick(MessageRecord&)>& visit)
{
    if (!m_info.fifo) {
        for (const std::int64_t key : m_visible)
            if (visit(m_messages.at(key)) == Pick::Stop)
                return;
        return;
    }
    for (const auto& [head, group] : m_readyGroups) {
        for (const std::int64_t key : group->keys) {
            MessageRecord& message = m_messages.at(key);
            // A delayed message holds back the rest of its group: order within a group is absolute.
            if (message.state != MessageState::Visible)
                break;
            if (visit(message) == Pick::Stop)
                return;
        }
    }
}

void QueueState::forEachInSendOrder(const std::function<bool(const MessageRecord&)>& visit) const
{
    for (const auto& [sentUs, key] : m_bySent)
        if (!visit(m_messages.at(key)))
            return;
}

QueueStats QueueState::stats(std::int64_t nowUs) const
{
    QueueStats stats;
    stats.visible = m_visibleCount;
    stats.inFlight = m_inFlight;
    stats.delayed = m_delayed;
    if (!m_bySent.empty())
        stats.oldestAgeMs = std::max<std::int64_t>(0, (nowUs - m_bySent.begin()->first) / 1000);
    return stats;
}

bool QueueState::hasReceivable() const
{
    if (!m_info.fifo)
        return !m_visible.empty();
    for (const auto& [head, group] : m_readyGroups)
        if (m_messages.at(head).state == MessageState::Visible)
            return true;
    return false;
}

const QueueState::Deduplication* QueueState::findDeduplication(const std::string& key, std::int64_t nowUs) const
{
    const auto it = m_deduplication.find(key);
    if (it == m_deduplication.end() || it->second.expiresUs <= nowUs)
        return nullptr;
    return &it->second;
}

void QueueState::putDeduplication(const std::string& key, Deduplication entry)
{
    m_deduplicationExpiry.emplace_back(entry.expiresUs, key);
    m_deduplication[key] = std::move(entry);
}

bool QueueState::pruneDeduplication(std::int64_t nowUs)
{
    bool pruned = false;
    while (!m_deduplicationExpiry.empty() && m_deduplicationExpiry.front().first <= nowUs) {
        const auto& [expiresUs, key] = m_deduplicationExpiry.front();
        // The key may have been reused after its window ended; only the entry this marker belongs to goes.
        const auto it = m_deduplication.find(key);
        if (it != m_deduplication.end() && it->second.expiresUs == expiresUs) {
            m_deduplication.erase(it);
            pruned = true;
        }
        m_deduplicationExpiry.pop_front();
    }
    return pruned;
}

void QueueState::clearDeduplication()
{
    m_deduplication.clear();
    m_deduplicationExpiry.clear();
}

} // namespace lambdadesk::core
