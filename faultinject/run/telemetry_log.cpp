// SPDX-License-Identifier: MIT
#include "run/telemetry_log.h"

#include <algorithm>
#include <optional>
#include <type_traits>
#include <variant>

namespace lambdadesk::faults {
namespace {

std::optional<TelemetryRecord> recordOf(const core::Event& event)
{
    return std::visit(
        [&](const auto& payload) -> std::optional<TelemetryRecord> {
            using T = std::decay_t<decltype(payload)>;
            TelemetryRecord record;
            record.at = event.time;
            if constexpr (std::is_same_v<T, core::InvokeFinished>) {
                record.kind = TelemetryRecord::Kind::Finished;
                record.function = payload.functionName;
                record.requestId = payload.requestId;
                record.ok = payload.ok;
                record.durationMs = payload.durationMs;
                return record;
            } else if constexpr (std::is_same_v<T, core::Throttled>) {
                record.kind = TelemetryRecord::Kind::Throttled;
                record.function = payload.functionName;
                record.requestId = payload.requestId;
                record.ok = false;
                return record;
            } else if constexpr (std::is_same_v<T, core::FaultApplied>) {
                record.kind = TelemetryRecord::Kind::Faulted;
                record.function = payload.functionName;
                record.requestId = payload.requestId;
                record.experimentId = payload.experimentId;
                record.actionName = payload.actionName;
                return record;
            } else if constexpr (std::is_same_v<T, core::AsyncRetryScheduled>) {
                record.kind = TelemetryRecord::Kind::AsyncRetry;
                record.function = payload.functionName;
                record.requestId = payload.requestId;
                return record;
            } else if constexpr (std::is_same_v<T, core::BatchDelivered>) {
                if (payload.redelivered <= 0)
                    return std::nullopt;
                record.kind = TelemetryRecord::Kind::Redelivered;
                record.function = payload.functionName;
                record.count = payload.redelivered;
                return record;
            } else if constexpr (std::is_same_v<T, core::QueueChanged>) {
                // The source queue's redrive policy moved them: whose messages they were, the report decides by
                // the mappings reading that queue.
                if (payload.change != "moved-to-dlq")
                    return std::nullopt;
                record.kind = TelemetryRecord::Kind::MovedToDeadLetterQueue;
                record.queue = payload.queueName;
                record.count = payload.count;
                return record;
            } else if constexpr (std::is_same_v<T, core::AsyncEventFinished>) {
                if (payload.condition == "Success" || payload.target.empty())
                    return std::nullopt;
                record.kind = TelemetryRecord::Kind::DeadLetter;
                record.function = payload.functionName;
                record.requestId = payload.requestId;
                record.ok = false;
                return record;
            } else {
                return std::nullopt;
            }
        },
        event.payload);
}

}  // namespace

void TelemetryLog::onEvent(const core::Event& event)
{
    auto record = recordOf(event);
    if (!record)
        return;
    std::lock_guard lock(m_mutex);
    if (m_records.size() >= kCapacity)
        m_records.pop_front();
    m_records.push_back(std::move(*record));
}

void TelemetryLog::add(TelemetryRecord record)
{
    std::lock_guard lock(m_mutex);
    if (m_records.size() >= kCapacity)
        m_records.pop_front();
    m_records.push_back(std::move(record));
}

std::vector<TelemetryRecord> TelemetryLog::between(core::Clock::time_point from, core::Clock::time_point to) const
{
    std::lock_guard lock(m_mutex);
    const auto byTime = [](const TelemetryRecord& record, core::Clock::time_point at) { return record.at < at; };
    // Events arrive in publication order, which is nearly time order: sort what is taken, search loosely.
    auto begin = std::lower_bound(m_records.begin(), m_records.end(), from - std::chrono::seconds(1), byTime);
    std::vector<TelemetryRecord> out;
    for (auto it = begin; it != m_records.end(); ++it) {
        if (it->at >= from && it->at < to)
            out.push_back(*it);
    }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
    return out;
}

void TelemetryLog::forgetBefore(core::Clock::time_point horizon)
{
    std::lock_guard lock(m_mutex);
    while (!m_records.empty() && m_records.front().at < horizon)
        m_records.pop_front();
}

}  // namespace lambdadesk::faults
