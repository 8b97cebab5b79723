// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace lambdadesk::core {

using Clock = std::chrono::steady_clock;

/// How an environment came to exist, as AWS_LAMBDA_INITIALIZATION_TYPE says.
enum class InitializationType { OnDemand, Provisioned };

/// A process was spawned for a function (INIT begins).
struct EnvironmentStarted {
    std::string functionName;
    std::string environmentId;
    InitializationType initType = InitializationType::OnDemand;
    int pid = 0;
};

/// INIT ended: the runtime asked for its first event, or init failed.
struct InitDone {
    std::string functionName;
    std::string environmentId;
    double initDurationMs = 0;
    bool ok = true;
    std::string errorType;  ///< when !ok
};

/// An invocation was handed to an environment.
struct InvokeStarted {
    std::string functionName;
    std::string environmentId;
    std::string requestId;
    bool cold = false;
};

/// An invocation ended (successfully, with a function error, a timeout or a crash).
struct InvokeFinished {
    std::string functionName;
    std::string environmentId;
    std::string requestId;
    bool cold = false;
    bool ok = true;
    std::string errorType;       ///< e.g. "Sandbox.Timedout", "Runtime.ExitError", "ValueError"
    double durationMs = 0;
    double initDurationMs = 0;   ///< cold starts only
    std::int64_t billedDurationMs = 0;
    int maxMemoryUsedMb = 0;
    double costUsd = 0;
};

/// An invocation was refused because of a concurrency limit.
struct Throttled {
    std::string functionName;
    std::string requestId;
    std::string reason;  ///< TooManyRequestsException Reason
};

/// A cold start held back by the host-capacity governor (a local deviation from AWS: the host already runs its
/// share of INITs or of environments), or the end of that wait. The function's timeout does not run meanwhile.
struct HostWait {
    enum class Phase { Began, Ended };
    std::string functionName;
    std::string requestId;
    Phase phase = Phase::Began;
    int waitingNow = 0;       ///< invocations of this function waiting for the host after this event
    double waitedMs = 0;      ///< Ended: how long it waited
    std::string outcome;      ///< Ended: "warm" (an environment of its function came free), "cold" (it got an
                              ///< INIT slot), "expired" (HostCapacityWaitExceeded), "shutdown"
};

/// A debugged environment's process stopped (breakpoint, step, signal) or runs again. Its invocation's
/// timeout does not run while it is stopped.
struct DebugStateChanged {
    std::string functionName;
    std::string environmentId;
    std::string requestId;   ///< the invocation it was running; empty when stopped in INIT
    bool stopped = false;
    std::string location;    ///< stopped: "handler.c:21 in sum_items"
};

/// An environment's process is gone (reaped, reset after timeout/crash, hot reload, shutdown).
struct EnvironmentStopped {
    std::string functionName;
    std::string environmentId;
    std::string reason;
};

/// One line of function output, or a platform line (START/END/REPORT).
struct LogLine {
    enum class Stream { Stdout, Stderr, Platform };
    std::string functionName;
    std::string environmentId;
    std::string requestId;  ///< empty during INIT or between invocations
    Stream stream = Stream::Stdout;
    std::string text;
};

/// A function's code or configuration changed; its environments are being retired.
struct FunctionReloaded {
    std::string functionName;
    int generation = 0;
};

/// An asynchronous (Event) invocation was accepted into the durable queue.
struct AsyncEventQueued {
    std::string functionName;
    std::string requestId;
};

/// An async event will be tried again: after a function error (counts toward MaximumRetryAttempts)
/// or a throttle / system error (backs off, does not count).
struct AsyncRetryScheduled {
    std::string functionName;
    std::string requestId;
    int attempt = 0;           ///< invocations made so far
    double delayMs = 0;
    std::string reason;        ///< the error type
};

/// An async event reached its outcome and, when configured, went to a destination or dead-letter queue.
struct AsyncEventFinished {
    std::string functionName;
    std::string requestId;
    std::string condition;     ///< Success, RetriesExhausted, EventAgeExceeded
    int attempts = 0;
    std::string target;        ///< destination / DLQ ARN(s) it was sent to; empty when none
    std::string targetError;   ///< why sending it there failed, if it did
};

/// An event source mapping delivered a batch (or failed to).
struct BatchDelivered {
    std::string functionName;
    std::string mappingId;
    std::string sourceArn;
    int records = 0;          ///< records in the batch handed to the function
    int filteredOut = 0;      ///< dropped by FilterCriteria before the invoke
    bool ok = true;           ///< the function succeeded (partial failures may still be reported)
    int failedRecords = 0;    ///< records left for a retry (all on a function error)
    std::string errorType;
    int redelivered = 0;      ///< records the mapping handed over before: an SQS message received again (after a
                              ///< failed or throttled batch or its visibility timeout), a Kinesis batch retried
};

/// Something changed in a queue (sent, received, deleted, moved to a DLQ…), for live views.
struct QueueChanged {
    std::string queueName;
    std::string change;
    std::int64_t count = 0;
    std::string region;  ///< the queue's region (queues of the same name may live in two)
};

/// The template was read again after it changed on disk.
struct ProjectReloaded {
    bool ok = true;
    std::string message;                    ///< the diagnostics when !ok (the old functions keep running)
    std::vector<std::string> changedFunctions;
};

/// A function's own SDK call reached the AWS endpoint (a downstream call: SQS, Kinesis, Lambda…).
struct ServiceCall {
    std::string functionName;
    std::string service;    ///< sqs, kinesis, lambda, or a service forwarded upstream
    std::string operation;  ///< SendMessage, PutRecord, Invoke…
    int status = 0;         ///< the HTTP status answered
    double durationMs = 0;
};

/// An experiment's action changed what happened: an invocation delayed, its response replaced, its environment
/// crashed, a placement throttled or forced cold, a downstream call slowed or failed.
struct FaultApplied {
    std::string functionName;
    std::string requestId;     ///< the invocation (or empty for a downstream call)
    std::string experimentId;
    std::string actionName;
    std::string actionId;
    std::string effect;        ///< "delay 500 ms", "response replaced (503)", "ServiceUnavailable on sqs:SendMessage"
};

using EventPayload = std::variant<EnvironmentStarted, InitDone, InvokeStarted, InvokeFinished, Throttled,
                                  EnvironmentStopped, LogLine, FunctionReloaded, ProjectReloaded, AsyncEventQueued,
                                  AsyncRetryScheduled, AsyncEventFinished, BatchDelivered, QueueChanged, ServiceCall, HostWait,
                                  DebugStateChanged, FaultApplied>;

/// A telemetry event with the monotonic time it happened.
struct Event {
    Clock::time_point time;
    EventPayload payload;
};

}  // namespace lambdadesk::core
