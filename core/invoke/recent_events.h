// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace lambdadesk::core {

/// What an invocation was asked to do, enough to make the same call again ("Debug This Invocation").
struct RecordedEvent {
    std::string function;       ///< the name (or name:qualifier) the caller used
    std::string payload;
    std::string clientContext;  ///< as the caller sent it (base64), "" when none
};

/// The events of the latest invocations by request id, whoever made them (the Invoke API, async retries, queue
/// and stream batches, the traffic generator): a bounded window, oldest dropped first, so the engine's memory
/// does not grow with traffic. Thread-safe.
class RecentEvents {
public:
    /// Keeps at most `maxEvents` events and `maxBytes` of payloads (an event over `maxBytes` on its own is not kept).
    RecentEvents(std::size_t maxEvents, std::size_t maxBytes);

    void record(const std::string& requestId, RecordedEvent event);
    [[nodiscard]] std::optional<RecordedEvent> find(const std::string& requestId) const;
    [[nodiscard]] std::size_t size() const;
    [[nodiscard]] std::size_t bytes() const;

private:
    void evictLocked();

    const std::size_t m_maxEvents;
    const std::size_t m_maxBytes;
    mutable std::mutex m_mutex;
    std::deque<std::pair<std::string, RecordedEvent>> m_order;  ///< oldest first
    std::unordered_map<std::string, const RecordedEvent*> m_byId;  ///< into m_order (stable: only its ends change)
    std::size_t m_bytes = 0;
};

}  // namespace lambdadesk::core
