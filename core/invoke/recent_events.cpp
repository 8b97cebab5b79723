// SPDX-License-Identifier: MIT
#include "invoke/recent_events.h"

namespace lambdadesk::core {
namespace {

std::size_t sizeOf(const RecordedEvent& event)
{
    return event.payload.size() + event.clientContext.size();
}

}  // namespace

RecentEvents::RecentEvents(std::size_t maxEvents, std::size_t maxBytes) : m_maxEvents(maxEvents), m_maxBytes(maxBytes) {}

void RecentEvents::record(const std::string& requestId, RecordedEvent event)
{
    if (m_maxEvents == 0 || sizeOf(event) > m_maxBytes)
        return;
    std::lock_guard lock(m_mutex);
    if (m_byId.count(requestId))
        return;  // request ids are unique; a repeat would leave a dangling index entry when the first is evicted
    m_bytes += sizeOf(event);
    m_order.emplace_back(requestId, std::move(event));
    m_byId.emplace(requestId, &m_order.back().second);
    evictLocked();
}

void RecentEvents::evictLocked()
{
    while (!m_order.empty() && (m_order.size() > m_maxEvents || m_bytes > m_maxBytes)) {
        m_bytes -= sizeOf(m_order.front().second);
        m_byId.erase(m_order.front().first);
        m_order.pop_front();
    }
}

std::optional<RecordedEvent> RecentEvents::find(const std::string& requestId) const
{
    std::lock_guard lock(m_mutex);
    const auto found = m_byId.find(requestId);
    if (found == m_byId.end())
        return std::nullopt;
    return *found->second;
}

std::size_t RecentEvents::size() const
{
    std::lock_guard lock(m_mutex);
    return m_order.size();
}

std::size_t RecentEvents::bytes() const
{
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

}  // namespace lambdadesk::core
