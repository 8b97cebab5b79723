// SPDX-License-Identifier: MIT
#include "mappings/kinesis_event_source.h"

#include "mappings/kinesis_checkpoint_store.h"
#include "mappings/kinesis_shard_poller.h"
#include "streams/stream_service.h"
#include "streams/stream_validation.h"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace lambdadesk::core {
namespace {

Error invalid(const std::string& message)
{
    return Error{"InvalidParameterValueException", message};
}


}  // namespace

Expected<std::shared_ptr<KinesisEventSource>> KinesisEventSource::create(const boost::asio::any_io_executor& executor,
                                                                         EventSourceMappingConfig config,
                                                                         Context context)
{
    if (!context.streams || !context.invoke)
        return Error{"ServiceException", "the Kinesis mapping has no stream service or invoke"};
    if (config.batchSize < 1 || config.batchSize > 10000)
        return invalid("BatchSize must be between 1 and 10000 for Kinesis; got " + std::to_string(config.batchSize));
    if (config.maximumBatchingWindowSeconds < 0 || config.maximumBatchingWindowSeconds > 300)
        return invalid("MaximumBatchingWindowInSeconds must be between 0 and 300");
    if (config.parallelizationFactor < 1 || config.parallelizationFactor > 10)
        return invalid("ParallelizationFactor must be between 1 and 10");
    if (config.maximumRetryAttempts < -1 || config.maximumRetryAttempts > 10000)
        return invalid("MaximumRetryAttempts must be between -1 and 10000");
    if (config.maximumRecordAgeInSeconds != -1 &&
        (config.maximumRecordAgeInSeconds < 60 || config.maximumRecordAgeInSeconds > 604800))
        return invalid("MaximumRecordAgeInSeconds must be -1 or between 60 and 604800");
    if (config.tumblingWindowInSeconds < 0 || config.tumblingWindowInSeconds > 900)
        return invalid("TumblingWindowInSeconds must be between 0 and 900");
    if (config.startingPosition != "TRIM_HORIZON" && config.startingPosition != "LATEST" &&
        config.startingPosition != "AT_TIMESTAMP")
        return invalid("StartingPosition must be TRIM_HORIZON, LATEST or AT_TIMESTAMP");
    if (config.startingPosition == "AT_TIMESTAMP" && !config.startingPositionTimestamp)
        return invalid("StartingPositionTimestamp is required with StartingPosition AT_TIMESTAMP");
    auto filters = FilterCriteria::parse(config.filterPatterns, FilterSource::Kinesis);
    if (!filters)
        return filters.error();
    auto checkpoints = KinesisCheckpointStore::open(context.checkpointDatabasePath);
    if (!checkpoints)
        return Error{"ServiceException", "cannot open the Kinesis checkpoints in " + context.checkpointDatabasePath +
                                             ": " + checkpoints.error().message};
    return std::shared_ptr<KinesisEventSource>(
        new KinesisEventSource(executor, std::move(config), std::move(context),
                               std::make_shared<const FilterCriteria>(std::move(*filters)), std::move(*checkpoints)));
}

KinesisEventSource::KinesisEventSource(const boost::asio::any_io_executor& executor, EventSourceMappingConfig config,
                                       Context context, std::shared_ptr<const FilterCriteria> filters,
                                       std::shared_ptr<KinesisCheckpointStore> checkpoints)
    : m_strand(boost::asio::make_strand(executor)), m_config(std::move(config)), m_context(std::move(context)),
      m_streamName(streamNameOf(m_config.eventSourceArn)), m_filters(std::move(filters)),
      m_checkpoints(std::move(checkpoints)), m_retryTimer(m_strand)
{
}

void KinesisEventSource::start()
{
    boost::asio::post(m_strand, [self = shared_from_this()] {
        self->m_stopped = false;
        if (!self->m_listed)
            return self->startShards();
        for (const auto& [shardId, poller] : self->m_pollers)
            poller->start();
        self->refreshShards();
    });
}

void KinesisEventSource::startShards()
{
    if (m_stopped)
        return;
    refreshShards();
    if (m_listed)
        return;
    // The stream is not there (yet): look again a poll interval later.
    m_retryTimer.expires_after(std::chrono::microseconds(
        std::max<std::int64_t>(1000, static_cast<std::int64_t>(1e6 * m_context.timeScale))));
    m_retryTimer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec)
            self->startShards();
    });
}

void KinesisEventSource::refreshShards()
{
    if (m_stopped)
        return;
    auto lineage = m_context.streams->shardLineage(m_config.eventSourceArn);
    if (!lineage || lineage->empty())
        return;
    const bool firstStart = !m_listed;
    m_listed = true;
    const std::int64_t atTimestampUs =
        m_config.startingPositionTimestamp ? static_cast<std::int64_t>(*m_config.startingPositionTimestamp * 1e6) : 0;
    // Children come after their parents in shard order, so one pass settles every generation.
    for (const auto& shard : *lineage) {
        if (m_pollers.count(shard.shardId) || m_done.count(shard.shardId))
            continue;
        auto saved = m_checkpoints->load(m_config.uuid, shard.shardId);
        if (saved && *saved && **saved == KinesisCheckpointStore::kShardEnd) {
            m_done.insert(shard.shardId);
            m_processed.insert(shard.shardId);
            continue;
        }
        const bool resumed = saved && *saved;
        std::vector<std::string> parents;
        for (const auto& parent : {shard.parentShardId, shard.adjacentParentShardId})
            if (!parent.empty())
                parents.push_back(parent);
        const bool parentsDone = std::all_of(parents.begin(), parents.end(),
                                             [this](const std::string& parent) { return m_done.count(parent) > 0; });
        if (!resumed && !parentsDone)
            continue;  // its parents' pollers call shardEnded when they finish
        const bool afterProcessedParent = std::any_of(
            parents.begin(), parents.end(), [this](const std::string& parent) { return m_processed.count(parent) > 0; });
        if (!resumed && !afterProcessedParent && firstStart && !shard.open) {
            // What the StartingPosition leaves behind: LATEST starts at the open shards, AT_TIMESTAMP at the
            // shards open at its time.
            const bool skipped = m_config.startingPosition == "LATEST" ||
                                 (m_config.startingPosition == "AT_TIMESTAMP" && shard.closedUs < atTimestampUs);
            if (skipped) {
                m_done.insert(shard.shardId);
                continue;
            }
        }
        std::weak_ptr<KinesisEventSource> weak = weak_from_this();
        auto poller = std::make_shared<KinesisShardPoller>(
            m_strand, m_config, m_context, m_filters, m_checkpoints, m_counters, shard.shardId, afterProcessedParent,
            [weak](const std::string& shardId) {
                if (auto self = weak.lock())
                    self->shardEnded(shardId);
            });
        m_pollers.emplace(shard.shardId, poller);
        poller->start();
    }
}

void KinesisEventSource::shardEnded(const std::string& shardId)
{
    m_done.insert(shardId);
    m_processed.insert(shardId);
    refreshShards();
}

void KinesisEventSource::stop()
{
    boost::asio::post(m_strand, [self = shared_from_this()] {
        self->m_stopped = true;
        self->m_retryTimer.cancel();
        for (const auto& [shardId, poller] : self->m_pollers)
            poller->stop();
    });
}

void KinesisEventSource::notify(const StreamChange& change)
{
    if (change.streamName != m_streamName)
        return;
    if (change.kind == StreamChangeKind::Resharded) {
        // Parents were closed: their pollers read once more to find their end; children start after them.
        boost::asio::post(m_strand, [self = shared_from_this()] {
            if (self->m_stopped)
                return;
            for (const auto& [shardId, poller] : self->m_pollers)
                poller->wake();
            self->refreshShards();
        });
        return;
    }
    if (change.kind != StreamChangeKind::RecordsPut)
        return;
    boost::asio::post(m_strand, [self = shared_from_this(), shards = change.shards] {
        for (const int shard : shards) {
            if (auto found = self->m_pollers.find(formatShardId(shard)); found != self->m_pollers.end())
                found->second->wake();
        }
    });
}

Expected<void> KinesisEventSource::forgetCheckpoints()
{
    return m_checkpoints->remove(m_config.uuid);
}

}  // namespace lambdadesk::core
