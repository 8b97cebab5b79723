// SPDX-License-Identifier: MIT
#pragma once

#include "model/mapping_config.h"
#include "filters/event_filter_criteria.h"
#include "mappings/kinesis_context.h"
#include "mappings/kinesis_event.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

class KinesisCheckpointStore;

/// Lambda's poller for one shard of a Kinesis mapping. It reads the shard after its checkpoint, drops what
/// FilterCriteria rejects, and spreads records over ParallelizationFactor lanes by partition key (one batch in
/// flight per lane, so a key's records never overlap or reorder). A failed batch blocks its lane: it is retried
/// (bisected first when BisectBatchOnFunctionError) until it succeeds, MaximumRetryAttempts is used up or its
/// records pass MaximumRecordAgeInSeconds; then its KinesisBatchInfo goes to OnFailure and the lane moves on.
/// The checkpoint (durable) is the position before the oldest record not yet done. With TumblingWindowInSeconds
/// one lane carries the window's state from batch to batch and closes each window with a final invoke.
/// When a closed shard has been read to its end and every record is done, it saves the SHARD_END checkpoint and
/// calls `onEnded`, so the mapping can start the shard's children (which is what keeps a key's order through a
/// split or merge). Runs on its mapping's strand; every member is touched only there.
class KinesisShardPoller : public std::enable_shared_from_this<KinesisShardPoller> {
public:
    KinesisShardPoller(const boost::asio::strand<boost::asio::any_io_executor>& strand,
                       EventSourceMappingConfig config, KinesisSourceContext context,
                       std::shared_ptr<const FilterCriteria> filters, std::shared_ptr<KinesisCheckpointStore> checkpoints,
                       std::shared_ptr<KinesisCounters> counters, std::string shardId, bool fromTrimHorizon = false,
                       std::function<void(const std::string& shardId)> onEnded = {});

    /// Finds the starting position (the checkpoint, else StartingPosition) and starts polling. On the strand.
    void start();
    /// Dispatches nothing new; batches in flight finish and checkpoint. On the strand.
    void stop();
    /// Records arrived on this shard: read now rather than at the next poll. On the strand.
    void wake();

private:
    struct Batch {
        std::size_t lane = 0;
        std::vector<StreamRecord> records;
        int invokes = 0;  ///< approximateInvokeCount
        int retries = 0;  ///< retries after function errors, counted against MaximumRetryAttempts
        int backoffs = 0; ///< consecutive waits, for the exponential back-off
        bool finalForWindow = false;
        std::optional<InvokeResult> last;
    };
    struct Lane {
        std::deque<StreamRecord> pending;  ///< read, not yet in a batch
        std::deque<Batch> splits;          ///< halves of bisected batches, first to go
        std::optional<Batch> waiting;      ///< a batch waiting out its back-off
        std::chrono::steady_clock::time_point waitUntil{};
        std::chrono::steady_clock::time_point pendingSince{};
        bool busy = false;
    };
    using TimePoint = std::chrono::steady_clock::time_point;

    void pump();
    void read();
    void dispatch(Lane& lane, std::size_t index, TimePoint now, TimePoint& nextWake);
    bool dispatchWindow(Lane& lane, TimePoint now, TimePoint& nextWake);
    void invoke(Batch batch);
    void onInvoked(Batch batch, const InvokeResult& result);
    void handleFailure(Batch batch);
    void discard(const Batch& batch, KinesisFailureCondition condition);
    void markDone(const std::vector<StreamRecord>& records);
    void checkpoint();
    void publish(const Batch& batch, bool ok, int failed, const std::string& errorType);
    void armTimer(TimePoint when);
    [[nodiscard]] std::chrono::steady_clock::duration backoff(int attempt) const;
    [[nodiscard]] std::chrono::steady_clock::duration scaled(double seconds) const;
    [[nodiscard]] std::int64_t nowUs() const;
    [[nodiscard]] std::int64_t windowUs() const;

    boost::asio::strand<boost::asio::any_io_executor> m_strand;
    EventSourceMappingConfig m_config;
    KinesisSourceContext m_context;
    std::shared_ptr<const FilterCriteria> m_filters;
    std::shared_ptr<KinesisCheckpointStore> m_checkpoints;
    std::shared_ptr<KinesisCounters> m_counters;
    KinesisRecordSource m_source;
    std::string m_functionArn;
    boost::asio::steady_timer m_timer;
    bool m_timerArmed = false;
    TimePoint m_timerAt{};

    std::vector<Lane> m_lanes;
    std::map<StreamPosition, bool> m_unfinished;  ///< read records by position → done; the front bounds the checkpoint
    StreamPosition m_readPosition = 0;            ///< records after it are unread
    StreamPosition m_savedCheckpoint = -1;
    std::size_t m_buffered = 0;                   ///< records in lanes' pending queues
    bool m_fromTrimHorizon = false;  ///< a child of a shard this mapping processed: read it from its start
    std::function<void(const std::string&)> m_onEnded;
    bool m_reachedEnd = false;  ///< the shard is closed and every record of it has been read
    bool m_ended = false;       ///< ...and processed: SHARD_END is saved
    bool m_started = false;
    bool m_stopped = false;
    bool m_wantRead = true;
    TimePoint m_nextPoll{};
    std::int64_t m_lastReadUs = 0;

    // Tumbling window (lane 0 only).
    bool m_windowOpen = false;
    std::int64_t m_windowStartUs = 0;
    nlohmann::json m_windowState = nlohmann::json::object();
};

}  // namespace lambdadesk::core
