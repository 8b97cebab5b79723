// SPDX-License-Identifier: MIT
#include "telemetry/event_stream.h"

#include <algorithm>

namespace lambdadesk::core {

void EventStream::subscribe(std::shared_ptr<EventSink> sink)
{
    std::unique_lock lock(m_mutex);
    m_sinks.push_back(std::move(sink));
}

void EventStream::unsubscribe(const std::shared_ptr<EventSink>& sink)
{
    std::unique_lock lock(m_mutex);
    std::erase(m_sinks, sink);
}

void EventStream::publish(EventPayload payload)
{
    const Event event{Clock::now(), std::move(payload)};
    std::shared_lock lock(m_mutex);
    for (const auto& sink : m_sinks)
        sink->onEvent(event);
}

void QueuedEventSink::onEvent(const Event& event)
{
    std::lock_guard lock(m_mutex);
    if (m_events.size() >= m_capacity) {
        ++m_dropped;
        return;
    }
    m_events.push_back(event);
}

std::vector<Event> QueuedEventSink::drain()
{
    std::vector<Event> events;
    std::lock_guard lock(m_mutex);
    events.swap(m_events);
    return events;
}

std::size_t QueuedEventSink::dropped() const
{
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

}  // namespace lambdadesk::core
