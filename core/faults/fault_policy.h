// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// Which experiment action broke something, for telemetry and reports.
struct AppliedFault {
    std::string experimentId;
    std::string actionName;  ///< the action's key in the experiment template
    std::string actionId;    ///< e.g. aws:lambda:invocation-add-delay
    std::string effect;      ///< what it did, in words: "delay 500 ms", "response replaced (503)"
};

/// An invocation about to be placed on an environment (in arrival order, on its function's strand).
struct PlacementQuery {
    std::string functionName;
    std::string requestId;
    int inFlight = 0;  ///< invocations of the function already running or waiting for an environment
};

struct PlacementFault {
    bool forceCold = false;                ///< idle environments are recycled first: this one starts cold
    std::optional<int> concurrencyLimit;   ///< throttle when inFlight has reached it
    std::vector<AppliedFault> applied;
};

/// An invocation handed to an environment: the INVOKE phase begins (its timeout is running).
struct InvocationQuery {
    std::string functionName;
    std::string requestId;
    std::string environmentId;
    bool cold = false;
};

/// What the function answers instead of (or without) running: FIS's invocation-error and
/// invocation-http-integration-response.
struct ReplacedResponse {
    bool functionError = false;  ///< reported as an Unhandled function error
    std::string errorType;       ///< when functionError
    std::string payload;
};

struct InvocationFault {
    std::chrono::milliseconds startupDelay{0};  ///< before the runtime gets the event; counts in duration and timeout
    bool preventExecution = false;              ///< the handler never sees the event (needs `response`)
    std::optional<ReplacedResponse> response;   ///< replaces whatever the handler answers
    std::optional<std::chrono::milliseconds> crashAfter;    ///< SIGKILL the environment this long into the invoke
    std::optional<std::chrono::milliseconds> timeoutAfter;  ///< time out this long into the invoke
    std::vector<AppliedFault> applied;

    [[nodiscard]] bool empty() const { return applied.empty(); }
};

/// A function's own SDK call reached the endpoint.
struct ServiceCallQuery {
    std::string functionName;  ///< empty when the caller is not a function LambdaDesk runs
    std::string service;       ///< sqs, kinesis, lambda, …
    std::string operation;     ///< SendMessage, PutRecord, Invoke…
};

struct ServiceFault {
    std::chrono::milliseconds latency{0};
    int status = 0;          ///< 0 = answer normally (after the latency)
    std::string errorCode;   ///< e.g. ServiceUnavailable, ThrottlingException
    std::string message;
    std::vector<AppliedFault> applied;

    [[nodiscard]] bool empty() const { return applied.empty(); }
};

/// A batch an event source mapping is about to hand to its function: SQS messages or Kinesis records.
struct DeliveryQuery {
    std::string functionName;
    std::string sourceArn;  ///< the queue or stream the batch came from
};

struct DeliveryFault {
    std::chrono::milliseconds delay{0};  ///< the batch waits this long before the invoke (its messages stay in flight)
    int duplicates = 0;                  ///< extra invocations with the same records: at-least-once delivery, made visible
    std::vector<AppliedFault> applied;

    [[nodiscard]] bool empty() const { return applied.empty(); }
};

/// The seam of DESIGN.md: consulted at every fault point, from engine and endpoint threads at once, so
/// implementations are thread-safe and quick (a lookup, never a wait).
class FaultPolicy {
public:
    virtual ~FaultPolicy() = default;
    virtual PlacementFault onPlacement(const PlacementQuery& query) = 0;
    virtual InvocationFault onInvocation(const InvocationQuery& query) = 0;
    virtual ServiceFault onServiceCall(const ServiceCallQuery& query) = 0;
    /// Not every policy breaks deliveries; the default leaves them alone.
    virtual DeliveryFault onDelivery(const DeliveryQuery& /*query*/) { return {}; }
};

/// Where the engine finds the policy. Set at any time (the desktop app and `serve` install theirs after the
/// engine exists); read without a lock on every invoke.
class FaultPolicySlot {
public:
    void set(std::shared_ptr<FaultPolicy> policy) { m_policy.store(std::move(policy)); }
    [[nodiscard]] std::shared_ptr<FaultPolicy> get() const { return m_policy.load(); }

private:
    std::atomic<std::shared_ptr<FaultPolicy>> m_policy;
};

}  // namespace lambdadesk::core
