// SPDX-License-Identifier: MIT
#pragma once

#include "model/invocation.h"
#include "model/expected.h"
#include "model/mapping_config.h"
#include "filters/event_filter_criteria.h"
#include "queues/queue_types.h"
#include "telemetry/event_stream.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <memory>
#include <string>
#include <vector>

namespace lambdadesk::core {

class QueueService;

/// Counters of one event source mapping, as CloudWatch's ESM metrics name them.
struct MappingMetrics {
    std::uint64_t polls = 0;
    std::uint64_t batches = 0;
    std::uint64_t recordsIn = 0;
    std::uint64_t filteredOut = 0;
    std::uint64_t failedInvokes = 0;
    std::uint64_t failedRecords = 0;   ///< left for a retry
    std::uint64_t deleted = 0;         ///< SQS: deleted after success or filtering
    std::uint64_t throttled = 0;
    int concurrency = 0;               ///< batches in flight now
    std::int64_t oldestRecordAgeMs = 0;  ///< age of the oldest record still waiting in the source
    std::uint64_t retriedRecords = 0;    ///< SQS: records delivered again (ApproximateReceiveCount > 1)
    std::uint64_t sentToDeadLetter = 0;  ///< SQS: records the queue's redrive policy moved to its DLQ
};

/// Lambda's SQS poller for one mapping: long-polls the queue with up to MaximumConcurrency batches in
/// flight, closes a batch at BatchSize or when the batching window ends, drops (deletes) messages
/// FilterCriteria rejects, invokes the function synchronously with the SQS event, then deletes the
/// batch on success — or, with ReportBatchItemFailures, everything but the reported items (the whole
/// batch stays on any malformed report; FIFO keeps the first failure and all after it). Failed
/// messages reappear after the visibility timeout; the queue's redrive policy moves them to its DLQ.
class SqsEventSource : public std::enable_shared_from_this<SqsEventSource> {
public:
    struct Context {
        std::shared_ptr<QueueService> queues;
        std::function<void(InvokeRequest, InvokeCallback)> invoke;
        EventStream* events = nullptr;
        std::string region = "us-east-1";
        double timeScale = 1.0;
        /// The function's timeout in seconds (for the visibility rule below); 0 = unknown.
        std::function<int()> functionTimeoutSeconds;
    };

    /// Parses the filters; an invalid pattern is an InvalidParameterValueException.
    static Expected<std::shared_ptr<SqsEventSource>> create(const boost::asio::any_io_executor& executor,
                                                            EventSourceMappingConfig config, Context context);

    void start();
    /// Finishes the batches in flight, then polls no more.
    void stop();
    [[nodiscard]] MappingMetrics metrics() const;
    /// The queue moved `count` of this mapping's messages to its dead-letter queue. Any thread.
    void noteMovedToDeadLetter(std::int64_t count) { m_counters->sentToDeadLetter += static_cast<std::uint64_t>(count); }
    [[nodiscard]] const EventSourceMappingConfig& config() const { return m_config; }

    /// The SQS event record Lambda builds for a received message (exposed for tests).
    static nlohmann::json eventRecord(const ReceivedMessage& message, const std::string& queueArn,
                                      const std::string& region);

private:
    struct Batch;
    SqsEventSource(const boost::asio::any_io_executor& executor, EventSourceMappingConfig config, Context context,
                   FilterCriteria filters);
    void addWorker();
    void poll(const std::shared_ptr<Batch>& batch);
    void onReceived(const std::shared_ptr<Batch>& batch, Expected<ReceiveMessageResult> result);
    void deliver(const std::shared_ptr<Batch>& batch);
    void onInvoked(const std::shared_ptr<Batch>& batch, const InvokeResult& result);
    void deleteMessages(const std::vector<ReceivedMessage>& messages);
    void finishWorker(const std::shared_ptr<Batch>& batch, std::chrono::milliseconds pause, bool scaleUp);
    [[nodiscard]] int maxWorkers() const;
    [[nodiscard]] bool isFifo() const;
    /// Lambda's rule: when window + function timeout exceed the queue's visibility timeout, the
    /// batch is received with window + timeout + 30 s instead, so it does not reappear mid-invoke.
    [[nodiscard]] std::optional<int> receiveVisibilityTimeout();

    boost::asio::strand<boost::asio::any_io_executor> m_strand;
    EventSourceMappingConfig m_config;
    Context m_context;
    FilterCriteria m_filters;
    std::string m_queueUrl;
    bool m_stopped = false;
    int m_workers = 0;
    struct Counters {
        std::atomic<std::uint64_t> polls{0}, batches{0}, recordsIn{0}, filteredOut{0}, failedInvokes{0},
            failedRecords{0}, deleted{0}, throttled{0}, retriedRecords{0}, sentToDeadLetter{0};
        std::atomic<int> concurrency{0};
    };
    std::shared_ptr<Counters> m_counters = std::make_shared<Counters>();
};

}  // namespace lambdadesk::core
