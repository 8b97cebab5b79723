// SPDX-License-Identifier: MIT
#pragma once

#include "model/invocation.h"
#include "model/expected.h"
#include "mappings/sqs_event_source.h"
#include "telemetry/event_stream.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace lambdadesk::core {

class StreamService;

/// A Kinesis mapping's counters: the SQS ones plus the stream-only CloudWatch metrics.
struct KinesisMappingMetrics : MappingMetrics {
    std::uint64_t retried = 0;            ///< batches invoked again after a function error
    std::uint64_t bisected = 0;           ///< failed batches split in two
    std::uint64_t sentToDestination = 0;  ///< KinesisBatchInfo records sent to OnFailure (or dropped without one)
    std::int64_t iteratorAgeMs = 0;       ///< IteratorAge: age of the last record of the last batch invoked
    std::int64_t millisBehindLatest = 0;  ///< how far the last read was behind the shard's tip
};

/// What a Kinesis mapping needs from its owner: the streams, the invoke, telemetry, the OnFailure delivery
/// and where checkpoints persist.
struct KinesisSourceContext {
    std::shared_ptr<StreamService> streams;
    /// The engine's asynchronous RequestResponse invoke.
    std::function<void(InvokeRequest, InvokeCallback)> invoke;
    /// Sends one OnFailure record (the message body) to DestinationConfig.OnFailure (an SQS queue ARN).
    std::function<Expected<void>(const std::string& destinationArn, const std::string& body)> sendToDestination;
    EventStream* events = nullptr;
    /// The SQLite file for shard checkpoints (the project's state.db); ":memory:" keeps them for this process only.
    std::string checkpointDatabasePath = ":memory:";
    std::string region = "us-east-1";
    std::string accountId = "123456789012";
    /// `invokeIdentityArn` of every record: the function's execution role.
    std::string roleArn = "arn:aws:iam::123456789012:role/lambdadesk-execution-role";
    /// Shrinks batching windows, tumbling windows, back-off, record ages and the poll interval.
    double timeScale = 1.0;
};

/// Counters shared by a mapping's shard pollers; read from any thread.
struct KinesisCounters {
    std::atomic<std::uint64_t> polls{0}, batches{0}, recordsIn{0}, filteredOut{0}, failedInvokes{0},
        failedRecords{0}, throttled{0}, retried{0}, bisected{0}, sentToDestination{0};
    std::atomic<int> concurrency{0};
    std::atomic<std::int64_t> iteratorAgeMs{0}, millisBehindLatest{0};

    [[nodiscard]] KinesisMappingMetrics snapshot() const
    {
        KinesisMappingMetrics m;
        m.polls = polls.load();
        m.batches = batches.load();
        m.recordsIn = recordsIn.load();
        m.filteredOut = filteredOut.load();
        m.failedInvokes = failedInvokes.load();
        m.failedRecords = failedRecords.load();
        m.throttled = throttled.load();
        m.concurrency = concurrency.load();
        m.retried = retried.load();
        m.bisected = bisected.load();
        m.sentToDestination = sentToDestination.load();
        m.iteratorAgeMs = iteratorAgeMs.load();
        m.millisBehindLatest = millisBehindLatest.load();
        return m;
    }
};

}  // namespace lambdadesk::core
