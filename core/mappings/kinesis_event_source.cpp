// SPDX-License-Identifier: MIT
#include "mappings/kinesis_event_source.h"

#include "mappings/kinesis_checkpoint_store.h"
#include "mappings/kinesis_shard_poller.h"
#include "streams/stream_service.h"

#include <boost/asio/post.hpp>

#include <algorithm>

namespace lambdadesk::core {
namespace {

Error invalid(const std::string& message)
{
    return Error{"InvalidParameterValueException", message};
}

std::string streamNameFromArn(const std::string& arn)
{
    const auto slash = arn.rfind('/');
    return slash == std::string::npos ? arn : arn.substr(slash + 1);
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
      m_streamName(streamNameFromArn(m_config.eventSourceArn)), m_filters(std::move(filters)),
      m_checkpoints(std::move(checkpoints)), m_retryTimer(m_strand)
{
}

void KinesisEventSource::start()
{
    boost::asio::post(m_strand, [self = shared_from_this()] {
        self->m_stopped = false;
        if (self->m_pollers.empty())
            return self->startShards();
        for (const auto& poller : self->m_pollers)
            poller->start();
    });
}

void KinesisEventSource::startShards()
{
    if (m_stopped)
        return;
    auto shards = m_context.streams->shardIds(m_config.eventSourceArn);
    if (!shards || shards->empty()) {
        // The stream is not there (yet): look again a poll interval later.
        m_retryTimer.expires_after(std::chrono::microseconds(
            std::max<std::int64_t>(1000, static_cast<std::int64_t>(1e6 * m_context.timeScale))));
        m_retryTimer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec)
                self->startShards();
        });
        return;
    }
    for (const auto& shardId : *shards) {
        m_pollers.push_back(std::make_shared<KinesisShardPoller>(m_strand, m_config, m_context, m_filters,
                                                                 m_checkpoints, m_counters, shardId));
        m_pollers.back()->start();
    }
}

void KinesisEventSource::stop()
{
    boost::asio::post(m_strand, [self = shared_from_this()] {
        self->m_stopped = true;
        self->m_retryTimer.cancel();
        for (const auto& poller : self->m_pollers)
            poller->stop();
    });
}

void KinesisEventSource::notify(const StreamChange& change)
{
    if (change.kind != StreamChangeKind::RecordsPut || change.streamName != m_streamName)
        return;
    boost::asio::post(m_strand, [self = shared_from_this(), shards = change.shards] {
        for (const int shard : shards) {
            if (shard >= 0 && static_cast<std::size_t>(shard) < self->m_pollers.size())
                self->m_pollers[static_cast<std::size_t>(shard)]->wake();
        }
    });
}

Expected<void> KinesisEventSource::forgetCheckpoints()
{
    return m_checkpoints->remove(m_config.uuid);
}

}  // namespace lambdadesk::core
