// SPDX-License-Identifier: MIT
#include "mappings/kinesis_shard_poller.h"

#include "model/function_name.h"
#include "filters/event_filter_document.h"
#include "mappings/kinesis_checkpoint_store.h"
#include "streams/stream_service.h"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

namespace lambdadesk::core {
namespace {

constexpr int kMaxReadLimit = StreamService::kMaxGetRecordsLimit;
constexpr double kPollSeconds = 1.0;          // Lambda polls each shard about once a second
constexpr double kMaxBackoffSeconds = 60.0;

ShardIteratorType startingType(const std::string& position)
{
    if (position == "TRIM_HORIZON")
        return ShardIteratorType::TrimHorizon;
    if (position == "AT_TIMESTAMP")
        return ShardIteratorType::AtTimestamp;
    return ShardIteratorType::Latest;
}

}  // namespace

KinesisShardPoller::KinesisShardPoller(const boost::asio::strand<boost::asio::any_io_executor>& strand,
                                       EventSourceMappingConfig config, KinesisSourceContext context,
                                       std::shared_ptr<const FilterCriteria> filters,
                                       std::shared_ptr<KinesisCheckpointStore> checkpoints,
                                       std::shared_ptr<KinesisCounters> counters, std::string shardId,
                                       bool fromTrimHorizon, std::function<void(const std::string&)> onEnded)
    : m_strand(strand), m_config(std::move(config)), m_context(std::move(context)), m_filters(std::move(filters)),
      m_checkpoints(std::move(checkpoints)), m_counters(std::move(counters)), m_timer(strand),
      m_fromTrimHorizon(fromTrimHorizon), m_onEnded(std::move(onEnded))
{
    m_source.shardId = std::move(shardId);
    m_source.streamArn = m_config.eventSourceArn;
    m_source.region = m_context.region;
    m_source.roleArn = m_context.roleArn;
    m_functionArn = m_config.functionName.starts_with("arn:")
                        ? m_config.functionName
                        : functionArnOfKey(m_config.functionName, m_context.region, m_context.accountId);
    // Tumbling windows keep one state per shard, so they take the shard as one lane.
    const int lanes = m_config.tumblingWindowInSeconds > 0 ? 1 : std::clamp(m_config.parallelizationFactor, 1, 10);
    m_lanes.resize(static_cast<std::size_t>(lanes));
}

std::int64_t KinesisShardPoller::nowUs() const
{
    return m_context.streams->clock().nowUs();
}

std::chrono::steady_clock::duration KinesisShardPoller::scaled(double seconds) const
{
    const auto micros = static_cast<std::int64_t>(seconds * 1e6 * m_context.timeScale);
    return std::chrono::microseconds(std::max<std::int64_t>(micros, 1000));
}

std::int64_t KinesisShardPoller::windowUs() const
{
    return std::max<std::int64_t>(1000, static_cast<std::int64_t>(m_config.tumblingWindowInSeconds * 1e6 *
                                                                   m_context.timeScale));
}

std::chrono::steady_clock::duration KinesisShardPoller::backoff(int attempt) const
{
    const double seconds = std::min(kMaxBackoffSeconds, std::pow(2.0, std::max(0, attempt - 1)));
    return scaled(seconds);
}

void KinesisShardPoller::start()
{
    m_stopped = false;
    if (!m_started) {
        auto saved = m_checkpoints->load(m_config.uuid, m_source.shardId);
        if (saved && *saved) {
            m_readPosition = **saved;
        } else {
            const auto type =
                m_fromTrimHorizon ? ShardIteratorType::TrimHorizon : startingType(m_config.startingPosition);
            auto position = m_context.streams->startingPosition(m_config.eventSourceArn, m_source.shardId, type, {},
                                                                m_config.startingPositionTimestamp);
            if (!position) {
                // The stream may not exist yet: try again at the next poll.
                armTimer(std::chrono::steady_clock::now() + scaled(kPollSeconds));
                return;
            }
            m_readPosition = *position;
        }
        m_started = true;
        // Persist the start at once: records put while a LATEST mapping is down must not be skipped.
        checkpoint();
    }
    m_wantRead = true;
    pump();
}

void KinesisShardPoller::stop()
{
    m_stopped = true;
    m_timer.cancel();
    m_timerArmed = false;
}

void KinesisShardPoller::wake()
{
    if (m_stopped || m_reachedEnd)
        return;
    m_wantRead = true;
    pump();
}

void KinesisShardPoller::armTimer(TimePoint when)
{
    if (when == TimePoint::max() || (m_timerArmed && m_timerAt <= when))
        return;
    m_timerArmed = true;
    m_timerAt = when;
    m_timer.expires_at(when);  // cancels the later wait, whose handler sees operation_aborted
    m_timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (ec)
            return;
        self->m_timerArmed = false;
        if (!self->m_started && !self->m_stopped)
            return self->start();
        self->pump();
    });
}

void KinesisShardPoller::pump()
{
    if (!m_started || m_stopped)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (now >= m_nextPoll)
        m_wantRead = true;
    const std::size_t readAhead =
        std::min<std::size_t>(kMaxReadLimit, std::max<std::size_t>(200, 2 * m_lanes.size() *
                                                                         static_cast<std::size_t>(m_config.batchSize)));
    if (m_wantRead && !m_reachedEnd && m_buffered < readAhead)
        read();
    auto nextWake = TimePoint::max();
    for (std::size_t i = 0; i < m_lanes.size(); ++i)
        dispatch(m_lanes[i], i, now, nextWake);
    if (!m_wantRead && !m_reachedEnd)
        nextWake = std::min(nextWake, m_nextPoll);
    armTimer(nextWake);
}

void KinesisShardPoller::read()
{
    const std::size_t readAhead =
        std::max<std::size_t>(200, 2 * m_lanes.size() * static_cast<std::size_t>(m_config.batchSize));
    const int limit = static_cast<int>(std::clamp<std::size_t>(readAhead - std::min(readAhead, m_buffered), 1,
                                                               kMaxReadLimit));
    ++m_counters->polls;
    const auto startedUs = nowUs();
    auto result = m_context.streams->readShard(m_config.eventSourceArn, m_source.shardId, m_readPosition, limit);
    const auto now = std::chrono::steady_clock::now();
    if (!result) {
        m_wantRead = false;
        m_nextPoll = now + scaled(kPollSeconds);
        return;
    }
    m_lastReadUs = startedUs;
    m_counters->millisBehindLatest = result->millisBehindLatest;
    for (auto& record : result->records) {
        m_readPosition = std::max(m_readPosition, record.position);
        if (!m_filters->empty() &&
            !m_filters->matches(filterDocumentForKinesis(kinesisEventRecord(record, m_source)))) {
            // Lambda skips what its filters reject and checkpoints past it.
            m_unfinished[record.position] = true;
            ++m_counters->filteredOut;
            continue;
        }
        m_unfinished[record.position] = false;
        const std::size_t lane =
            m_lanes.size() == 1 ? 0 : std::hash<std::string>{}(record.partitionKey) % m_lanes.size();
        if (m_lanes[lane].pending.empty())
            m_lanes[lane].pendingSince = now;
        m_lanes[lane].pending.push_back(std::move(record));
        ++m_buffered;
    }
    m_readPosition = std::max(m_readPosition, result->nextPosition);
    if (result->shardEnded) {
        // Closed and read to its end: no more polls; SHARD_END follows once every record is done.
        m_reachedEnd = true;
        m_wantRead = false;
    } else if (static_cast<int>(result->records.size()) < limit) {
        m_wantRead = false;
        m_nextPoll = now + scaled(kPollSeconds);
    }
    checkpoint();
}

void KinesisShardPoller::dispatch(Lane& lane, std::size_t index, TimePoint now, TimePoint& nextWake)
{
    if (lane.busy)
        return;
    if (lane.waiting) {
        if (now < lane.waitUntil) {
            nextWake = std::min(nextWake, lane.waitUntil);
            return;
        }
        Batch batch = std::move(*lane.waiting);
        lane.waiting.reset();
        return invoke(std::move(batch));
    }
    if (!lane.splits.empty()) {
        Batch batch = std::move(lane.splits.front());
        lane.splits.pop_front();
        return invoke(std::move(batch));
    }
    if (m_config.tumblingWindowInSeconds > 0 && dispatchWindow(lane, now, nextWake))
        return;
    if (lane.pending.empty())
        return;
    const auto batchSize = static_cast<std::size_t>(std::max(1, m_config.batchSize));
    if (lane.pending.size() < batchSize && m_config.maximumBatchingWindowSeconds > 0) {
        const auto deadline = lane.pendingSince + scaled(m_config.maximumBatchingWindowSeconds);
        if (now < deadline) {
            nextWake = std::min(nextWake, deadline);
            return;
        }
    }
    Batch batch;
    batch.lane = index;
    const std::size_t count = std::min(batchSize, lane.pending.size());
    for (std::size_t i = 0; i < count; ++i) {
        batch.records.push_back(std::move(lane.pending.front()));
        lane.pending.pop_front();
    }
    m_buffered -= count;
    lane.pendingSince = now;
    invoke(std::move(batch));
}

void KinesisShardPoller::markDone(const std::vector<StreamRecord>& records)
{
    for (const auto& record : records) {
        if (auto found = m_unfinished.find(record.position); found != m_unfinished.end())
            found->second = true;
    }
    checkpoint();
}

void KinesisShardPoller::checkpoint()
{
    while (!m_unfinished.empty() && m_unfinished.begin()->second)
        m_unfinished.erase(m_unfinished.begin());
    // Everything before the oldest unfinished record is done; positions are stream-wide, so "just before it"
    // is a valid read-after position for this shard.
    if (m_ended)
        return;
    const bool finished = m_reachedEnd && m_unfinished.empty() && !m_windowOpen;
    const StreamPosition position = finished             ? KinesisCheckpointStore::kShardEnd
                                    : m_unfinished.empty() ? m_readPosition
                                                           : m_unfinished.begin()->first - 1;
    if (position == m_savedCheckpoint)
        return;
    if (auto saved = m_checkpoints->save(m_config.uuid, m_source.shardId, position); !saved) {
        if (m_context.events)
            m_context.events->publish(LogLine{m_config.functionName, {}, {}, LogLine::Stream::Platform,
                                              "Kinesis mapping " + m_config.uuid + ": checkpoint of " +
                                                  m_source.shardId + " not saved: " + saved.error().message});
        return;
    }
    m_savedCheckpoint = position;
    if (finished) {
        m_ended = true;
        if (m_onEnded)
            boost::asio::post(m_strand, [self = shared_from_this()] { self->m_onEnded(self->m_source.shardId); });
    }
}

void KinesisShardPoller::publish(const Batch& batch, bool ok, int failed, const std::string& errorType)
{
    if (m_context.events)
        m_context.events->publish(BatchDelivered{m_config.functionName, m_config.uuid, m_config.eventSourceArn,
                                                 static_cast<int>(batch.records.size()), 0, ok, failed, errorType,
                                                 batch.invokes > 1 ? static_cast<int>(batch.records.size()) : 0});
}

void KinesisShardPoller::discard(const Batch& batch, KinesisFailureCondition condition)
{
    ++m_counters->sentToDestination;
    if (m_config.onFailureArn.empty() || !m_context.sendToDestination)
        return;  // without a destination Lambda just skips the records
    const auto record = kinesisFailureRecord(batch.records, m_source, m_functionArn, condition, batch.invokes,
                                             batch.last, nowUs());
    if (auto sent = m_context.sendToDestination(m_config.onFailureArn, record.dump()); !sent && m_context.events)
        m_context.events->publish(LogLine{m_config.functionName, {}, {}, LogLine::Stream::Platform,
                                          "Kinesis mapping " + m_config.uuid + ": OnFailure record not sent to " +
                                              m_config.onFailureArn + ": " + sent.error().message});
}

}  // namespace lambdadesk::core
