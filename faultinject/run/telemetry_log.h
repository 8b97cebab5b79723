// SPDX-License-Identifier: MIT
#pragma once

#include <telemetry/event_stream.h>

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace lambdadesk::faults {

/// What an experiment's stop conditions and report read: finished invocations, throttles, faults applied,
/// async outcomes, event source mappings' redeliveries and dead-letter moves, per function, with their time.
struct TelemetryRecord {
    enum class Kind {
        Finished,
        Throttled,
        Faulted,
        AsyncRetry,
        DeadLetter,
        QueueSample,
        Redelivered,            ///< a mapping handed `count` records to `function` again (BatchDelivered)
        MovedToDeadLetterQueue  ///< `count` messages of `queue` moved to its DLQ by its redrive policy (QueueChanged)
    };
    core::Clock::time_point at;
    Kind kind = Kind::Finished;
    std::string function;
    std::string requestId;
    bool ok = true;
    double durationMs = 0;
    std::string experimentId;  ///< Faulted
    std::string actionName;    ///< Faulted
    std::string queue;         ///< QueueSample: a queue feeding `function`
    double depth = 0;          ///< QueueSample: visible + in flight + delayed
    double oldestAgeSeconds = 0;
    std::int64_t count = 0;    ///< Redelivered: records; MovedToDeadLetterQueue: messages
};

/// The engine's telemetry, kept for a while and at most kCapacity records (at thousands of invocations a second
/// the oldest go first, so a report's "before" shrinks rather than memory growing). onEvent copies what it needs
/// under a short lock (the engine thread never waits for a reader for long).
class TelemetryLog final : public core::EventSink {
public:
    /// About 26 MB: 20 s at 5,000 invocations/s, where a report's "before" shrinks; half an hour at 50/s.
    static constexpr std::size_t kCapacity = 100'000;

    void onEvent(const core::Event& event) override;
    /// Records a sample the runner took itself (queue backlog).
    void add(TelemetryRecord record);

    /// Records in [from, to), oldest first.
    [[nodiscard]] std::vector<TelemetryRecord> between(core::Clock::time_point from, core::Clock::time_point to) const;
    /// Drops records older than `horizon`.
    void forgetBefore(core::Clock::time_point horizon);
    [[nodiscard]] core::Clock::time_point since() const { return m_since; }

private:
    mutable std::mutex m_mutex;
    std::deque<TelemetryRecord> m_records;
    core::Clock::time_point m_since = core::Clock::now();
};

}  // namespace lambdadesk::faults
