// SPDX-License-Identifier: MIT
#include "traffic/traffic_generator.h"

#include "engine.h"
#include "runtime/thread_priority.h"
#include "mappings/event_sources.h"
#include "queues/queue_service.h"
#include "streams/stream_errors.h"
#include "streams/stream_service.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string_view>
#include <vector>

namespace lambdadesk::core {
namespace {

// SQS takes 10 messages and 256 KiB per SendMessageBatch; Kinesis 500 records and 5 MiB per PutRecords.
constexpr int kQueueBatchEntries = 10;
constexpr std::size_t kQueueBatchBytes = std::size_t{256} * 1024;
constexpr std::size_t kStreamBatchBytes = std::size_t{5} * 1024 * 1024;
// Room for the digits a {{n}} turns into.
constexpr std::size_t kSequenceSlack = 20;
// Partition keys cycle through this many values, enough to reach every shard of a usual stream.
constexpr std::uint64_t kPartitionKeys = 16;

bool isFifo(const std::string& queue)
{
    return queue.size() > 5 && queue.compare(queue.size() - 5, 5, ".fifo") == 0;
}

}  // namespace

const std::string& TrafficPlan::targetName() const
{
    switch (target) {
    case TrafficTarget::Function: return function;
    case TrafficTarget::Queue: return queue;
    case TrafficTarget::Stream: return stream;
    }
    return function;
}

const char* toString(TrafficTarget target)
{
    switch (target) {
    case TrafficTarget::Function: return "function";
    case TrafficTarget::Queue: return "queue";
    case TrafficTarget::Stream: return "stream";
    }
    return "function";
}

std::string substituteSequence(const std::string& payload, std::uint64_t sequence)
{
    static constexpr std::string_view kPlaceholder = "{{n}}";
    std::size_t found = payload.find(kPlaceholder);
    if (found == std::string::npos)
        return payload;
    const std::string number = std::to_string(sequence);
    std::string result;
    result.reserve(payload.size() + number.size());
    std::size_t from = 0;
    for (; found != std::string::npos; found = payload.find(kPlaceholder, from)) {
        result.append(payload, from, found - from);
        result += number;
        from = found + kPlaceholder.size();
    }
    result.append(payload, from);
    return result;
}

void TrafficGenerator::Counters::fail(std::string error, bool throttle)
{
    ++(throttle ? throttled : errors);
    std::lock_guard lock(errorMutex);
    lastError = std::move(error);
}

bool parseTrafficShape(const std::string& text, TrafficShape& shape)
{
    if (text == "constant")
        shape = TrafficShape::Constant;
    else if (text == "poisson")
        shape = TrafficShape::Poisson;
    else if (text == "bursts")
        shape = TrafficShape::Bursts;
    else if (text == "morning-rush")
        shape = TrafficShape::MorningRush;
    else
        return false;
    return true;
}

TrafficGenerator::TrafficGenerator(Engine& engine, TrafficPlan plan)
    : m_engine(engine), m_plan(std::move(plan)),
      m_runTag(std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()))
{
}

TrafficGenerator::~TrafficGenerator()
{
    stop();
}

void TrafficGenerator::start()
{
    stop();
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = false;
    }
    m_running = true;
    m_startedAt = std::chrono::steady_clock::now();
    m_thread = std::thread([this] { run(); });
}

std::optional<double> TrafficGenerator::progress() const
{
    const auto planned = std::chrono::duration<double>(m_plan.duration).count();
    if (!running() || planned <= 0)
        return std::nullopt;
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - m_startedAt;
    return std::clamp(elapsed.count() / planned, 0.0, 1.0);
}

void TrafficGenerator::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopRequested = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
    m_running = false;
}

TrafficStats TrafficGenerator::stats() const
{
    TrafficStats stats{m_counters->sent.load(), m_counters->ok.load(), m_counters->errors.load(),
                       m_counters->throttled.load(), {}};
    std::lock_guard lock(m_counters->errorMutex);
    stats.lastError = m_counters->lastError;
    return stats;
}

double TrafficGenerator::rateAt(std::chrono::duration<double> elapsed) const
{
    const double rate = std::max(m_plan.ratePerSecond, 0.001);
    switch (m_plan.shape) {
    case TrafficShape::Constant:
    case TrafficShape::Poisson:
        return rate;
    case TrafficShape::Bursts:
        return std::fmod(elapsed.count(), 10.0) < 1.0 ? rate * 5 : rate;
    case TrafficShape::MorningRush: {
        const double total = m_plan.duration.count() > 0 ? m_plan.duration.count() / 1000.0 : 60.0;
        const double ramp = std::clamp(elapsed.count() / (total * 0.6), 0.0, 1.0);
        return rate * (0.1 + 0.9 * ramp);
    }
    }
    return rate;
}

int TrafficGenerator::batchLimit() const
{
    std::size_t placeholders = 0;
    for (auto at = m_plan.payload.find("{{n}}"); at != std::string::npos; at = m_plan.payload.find("{{n}}", at + 1))
        ++placeholders;
    const std::size_t record = m_plan.payload.size() + placeholders * kSequenceSlack + 1;
    switch (m_plan.target) {
    case TrafficTarget::Function:
        return 1;
    case TrafficTarget::Queue:
        return static_cast<int>(std::clamp<std::size_t>(kQueueBatchBytes / record, 1, kQueueBatchEntries));
    case TrafficTarget::Stream:
        return static_cast<int>(std::clamp<std::size_t>(kStreamBatchBytes / record, 1,
                                                        StreamService::kMaxPutRecordsEntries));
    }
    return 1;
}

void TrafficGenerator::send(std::uint64_t first, int count)
{
    m_counters->sent += static_cast<std::uint64_t>(count);
    switch (m_plan.target) {
    case TrafficTarget::Function:
        for (int i = 0; i < count; ++i)
            sendToFunction(first + static_cast<std::uint64_t>(i));
        return;
    case TrafficTarget::Queue:
        sendToQueue(first, count);
        return;
    case TrafficTarget::Stream:
        sendToStream(first, count);
        return;
    }
}

void TrafficGenerator::sendToFunction(std::uint64_t sequence)
{
    InvokeRequest request;
    request.function = m_plan.function;
    request.payload = substituteSequence(m_plan.payload, sequence);
    m_engine.invokeAsync(std::move(request), [counters = m_counters](const InvokeResult& result) {
        if (result.ok())
            ++counters->ok;
        else if (result.status == InvokeStatus::Throttled)
            ++counters->throttled;
        else
            counters->fail(result.errorType.empty() ? std::string(toString(result.status)) : result.errorType);
    });
}

void TrafficGenerator::sendToQueue(std::uint64_t first, int count)
{
    const auto fail = [&](const Error& error, int failed) {
        m_counters->errors += static_cast<std::uint64_t>(failed - 1);
        m_counters->fail(error.code + ": " + error.message);
    };
    const auto queues = m_engine.sources() ? m_engine.sources()->queues() : nullptr;
    if (!queues) {
        fail({"ServiceUnavailable", "the engine has no queues (its state database did not open)"}, count);
        return;
    }
    const bool fifo = isFifo(m_plan.queue);
    std::vector<SendMessageBatchEntry> entries(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const std::uint64_t sequence = first + static_cast<std::uint64_t>(i);
        auto& entry = entries[static_cast<std::size_t>(i)];
        entry.id = "m" + std::to_string(i);
        entry.messageBody = substituteSequence(m_plan.payload, sequence);
        if (fifo) {
            // Several groups, so a FIFO queue's consumers can work in parallel as they would in production.
            entry.messageGroupId = "group-" + std::to_string(sequence % kPartitionKeys);
            entry.messageDeduplicationId = m_runTag + '-' + std::to_string(sequence);
        }
    }
    if (count == 1) {
        SendMessageRequest request;
        request.queueUrl = m_plan.queue;
        request.messageBody = std::move(entries.front().messageBody);
        request.messageGroupId = std::move(entries.front().messageGroupId);
        request.messageDeduplicationId = std::move(entries.front().messageDeduplicationId);
        const auto sent = queues->sendMessage(request);
        if (sent)
            ++m_counters->ok;
        else
            fail(sent.error(), 1);
        return;
    }
    const auto sent = queues->sendMessageBatch(m_plan.queue, entries);
    if (!sent) {
        fail(sent.error(), count);
        return;
    }
    m_counters->ok += sent->successful.size();
    for (const auto& failed : sent->failed)
        m_counters->fail(failed.code + ": " + failed.message);
}

void TrafficGenerator::sendToStream(std::uint64_t first, int count)
{
    const auto fail = [&](const Error& error, int failed) {
        const bool throttle = error.code == stream_error::kProvisionedThroughputExceeded;
        (throttle ? m_counters->throttled : m_counters->errors) += static_cast<std::uint64_t>(failed - 1);
        m_counters->fail(error.code + ": " + error.message, throttle);
    };
    const auto streams = m_engine.sources() ? m_engine.sources()->streams() : nullptr;
    if (!streams) {
        fail({"ServiceUnavailable", "the engine has no streams (its state database did not open)"}, count);
        return;
    }
    const auto partitionKey = [](std::uint64_t sequence) {
        return "key-" + std::to_string(sequence % kPartitionKeys);
    };
    if (count == 1) {
        PutRecordRequest request;
        request.streamName = m_plan.stream;
        request.partitionKey = partitionKey(first);
        request.data = substituteSequence(m_plan.payload, first);
        const auto put = streams->putRecord(request);
        if (put)
            ++m_counters->ok;
        else
            fail(put.error(), 1);
        return;
    }
    std::vector<PutRecordsEntry> records(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        const std::uint64_t sequence = first + static_cast<std::uint64_t>(i);
        records[static_cast<std::size_t>(i)].partitionKey = partitionKey(sequence);
        records[static_cast<std::size_t>(i)].data = substituteSequence(m_plan.payload, sequence);
    }
    const auto put = streams->putRecords(m_plan.stream, records);
    if (!put) {
        fail(put.error(), count);
        return;
    }
    for (const auto& record : put->records) {
        if (record.failed())
            fail({record.errorCode, record.errorMessage}, 1);
        else
            ++m_counters->ok;
    }
}

void TrafficGenerator::run()
{
    lowerCurrentThreadPriority(m_engine.options().backgroundNice);
    using Clock = std::chrono::steady_clock;
    std::mt19937_64 random(m_plan.seed);
    const int limit = batchLimit();
    const auto start = Clock::now();
    auto next = start;
    std::uint64_t sequence = 0;
    const auto ended = [&](Clock::time_point at) {
        return m_plan.duration.count() > 0 && std::chrono::duration<double>(at - start) >= m_plan.duration;
    };
    for (;;) {
        if (ended(next))
            break;
        {
            std::unique_lock lock(m_mutex);
            if (m_wake.wait_until(lock, next, [this] { return m_stopRequested; }))
                break;
        }
        // Every arrival already due goes out now; for a queue or a stream in one batch, so a send that took
        // longer than the gap (a commit, a busy machine) does not make the load fall behind its plan.
        const auto now = Clock::now();
        int due = 0;
        do {
            ++due;
            const double rate = rateAt(std::chrono::duration<double>(next - start));
            double gapSeconds = 1.0 / rate;
            if (m_plan.shape == TrafficShape::Poisson)
                gapSeconds = std::exponential_distribution<double>(rate)(random);
            next += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(gapSeconds));
        } while (due < limit && next <= now && !ended(next));
        send(sequence + 1, due);
        sequence += static_cast<std::uint64_t>(due);
        // Behind schedule by more than a second (a slow machine): skip ahead rather than flood.
        if (Clock::now() - next > std::chrono::seconds(1))
            next = Clock::now();
    }
    m_running = false;
}

}  // namespace lambdadesk::core
