// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "model/mapping_config.h"
#include "filters/event_filter_criteria.h"
#include "mappings/kinesis_context.h"
#include "streams/stream_types.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace lambdadesk::core {

class KinesisCheckpointStore;
class KinesisShardPoller;

/// Lambda's Kinesis event source mapping: one KinesisShardPoller per shard of the stream (see there for batching,
/// ordering, retries, bisection, ReportBatchItemFailures, tumbling windows and OnFailure), all on one strand, with
/// durable checkpoints in the context's database so a restarted mapping resumes where it left off.
///
/// It follows resharding as Lambda does: new shards are found when the stream reports a reshard or a parent's
/// poller reaches the end of its closed shard, and a child starts only once all its parents are processed and
/// checkpointed (SHARD_END), from its first record, so each partition key's records keep their order through
/// splits and merges. At the mapping's first start, closed shards its StartingPosition skips (LATEST, or closed
/// before AT_TIMESTAMP's time) count as done. The source may be a stream ARN or a registered consumer's ARN.
class KinesisEventSource : public std::enable_shared_from_this<KinesisEventSource> {
public:
    using Context = KinesisSourceContext;

    /// Checks the Kinesis ranges and parses the filters (InvalidParameterValueException), and opens the
    /// checkpoint table (ServiceException).
    static Expected<std::shared_ptr<KinesisEventSource>> create(const boost::asio::any_io_executor& executor,
                                                                EventSourceMappingConfig config, Context context);

    /// Starts a poller per shard; a stream that does not exist yet is looked up again every poll interval.
    void start();
    /// Dispatches no new batches; those in flight finish and checkpoint (metrics().concurrency drops to 0).
    void stop();
    /// Forward StreamService's change listener here: pollers of shards that received records read at once
    /// instead of at their next poll. Any thread.
    void notify(const StreamChange& change);
    [[nodiscard]] KinesisMappingMetrics metrics() const { return m_counters->snapshot(); }
    [[nodiscard]] const EventSourceMappingConfig& config() const { return m_config; }
    /// Deletes the mapping's checkpoints (call on DeleteEventSourceMapping, after stop()).
    Expected<void> forgetCheckpoints();

private:
    KinesisEventSource(const boost::asio::any_io_executor& executor, EventSourceMappingConfig config, Context context,
                       std::shared_ptr<const FilterCriteria> filters,
                       std::shared_ptr<KinesisCheckpointStore> checkpoints);
    void startShards();
    /// Starts a poller for every shard whose parents are done and that has none yet. On the strand.
    void refreshShards();
    void shardEnded(const std::string& shardId);

    boost::asio::strand<boost::asio::any_io_executor> m_strand;
    EventSourceMappingConfig m_config;
    Context m_context;
    std::string m_streamName;
    std::shared_ptr<const FilterCriteria> m_filters;
    std::shared_ptr<KinesisCheckpointStore> m_checkpoints;
    std::shared_ptr<KinesisCounters> m_counters = std::make_shared<KinesisCounters>();
    boost::asio::steady_timer m_retryTimer;
    std::map<std::string, std::shared_ptr<KinesisShardPoller>> m_pollers;  ///< by shard id, ended ones too
    std::set<std::string> m_done;       ///< shards finished (SHARD_END) or skipped by StartingPosition
    std::set<std::string> m_processed;  ///< of those, the ones this mapping read to their end
    bool m_listed = false;              ///< the stream's shards were found at least once
    bool m_stopped = false;
};

}  // namespace lambdadesk::core
