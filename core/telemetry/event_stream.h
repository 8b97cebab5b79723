// SPDX-License-Identifier: MIT
#pragma once

#include "telemetry/events.h"

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

namespace lambdadesk::core {

/// A subscriber of the telemetry stream. onEvent runs on an engine thread: keep it short
/// (copy into a queue, bump a counter) and never block.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void onEvent(const Event& event) = 0;
};

/// The engine's event stream: publishers push value-type events, subscribers get each one.
class EventStream {
public:
    void subscribe(std::shared_ptr<EventSink> sink);
    void unsubscribe(const std::shared_ptr<EventSink>& sink);

    /// Stamps the event with the current monotonic time and hands it to every sink.
    void publish(EventPayload payload);

private:
    std::shared_mutex m_mutex;
    std::vector<std::shared_ptr<EventSink>> m_sinks;
};

/// A sink that buffers events until someone drains them (the GUI on a timer, the CLI printer, tests).
class QueuedEventSink final : public EventSink {
public:
    explicit QueuedEventSink(std::size_t capacity = 1 << 20) : m_capacity(capacity) {}

    void onEvent(const Event& event) override;
    /// Takes every buffered event, oldest first.
    std::vector<Event> drain();
    /// Events dropped because the buffer was full (the consumer fell behind).
    [[nodiscard]] std::size_t dropped() const;

private:
    mutable std::mutex m_mutex;
    std::vector<Event> m_events;
    std::size_t m_capacity;
    std::size_t m_dropped = 0;
};

}  // namespace lambdadesk::core
