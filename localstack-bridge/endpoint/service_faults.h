// SPDX-License-Identifier: MIT
// Downstream faults at the endpoint: the engine's FaultPolicy is asked about each AWS call (a function's own SDK
// call, or anyone's) before it reaches its service, and its answer is applied here: a latency, an error in the
// service's own wire shape, or both.
#pragma once

#include <faults/fault_policy.h>
#include <net/http_message.h>

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lambdadesk::core {
class Engine;
}

namespace lambdadesk::bridge {

/// How a service's errors look on the wire, read off the request (SDKs parse errors in their request's protocol).
enum class ErrorProtocol {
    RestJson, ///< Lambda and other rest-json services: x-amzn-ErrorType and a JSON body
    Json,     ///< AWS JSON 1.0/1.1 (X-Amz-Target): {"__type": code, "message": …}
    SqsJson,  ///< SQS's JSON protocol: as Json, plus x-amzn-query-error for query-compatible SDKs
    SqsQuery, ///< SQS's query protocol: <ErrorResponse> in SQS's namespace
    Query,    ///< other query-protocol services (Action=…): <ErrorResponse>
    Cbor,     ///< Kinesis spoken in CBOR (the Java SDKs)
    RestXml,  ///< S3: <Error><Code>…
};

ErrorProtocol errorProtocolOf(const core::net::HttpRequest& request, const std::string& service);

/// An error answer in `protocol`'s shape with x-amzn-RequestId: Sender faults below 500, Receiver from 500 up.
core::net::HttpResponse serviceErrorResponse(ErrorProtocol protocol, int status, const std::string& code,
                                             const std::string& message, const std::string& requestId);

/// Applies FaultPolicy::onServiceCall's answers to the endpoint's requests: publishes a FaultApplied per applied
/// action, waits out a latency on an Asio timer (the endpoint's thread keeps serving), then lets the request go on
/// or answers the fault's error. Used on the endpoint's thread only.
class ServiceFaults {
public:
    using Answer = std::function<void(core::net::HttpResponse)>;
    using Proceed = std::function<void()>;

    ServiceFaults(core::Engine& engine, boost::asio::any_io_executor executor);
    ~ServiceFaults();
    ServiceFaults(const ServiceFaults&) = delete;
    ServiceFaults& operator=(const ServiceFaults&) = delete;

    /// Whether calls of `service` are faulted at all: AWS services, not the endpoint's own paths nor FIS itself
    /// (an experiment must stay stoppable).
    static bool applies(const std::string& service);

    /// Asks the policy about one call. Exactly one of `answer` (the fault's error) and `proceed` (no error) is
    /// called, now or once the latency has passed; without a policy, `proceed` now.
    void apply(const core::ServiceCallQuery& query, ErrorProtocol protocol, const std::string& requestId, Answer answer,
               Proceed proceed);

    /// Answers every request still waiting out a latency (503: the endpoint is stopping) and cancels its timer, so
    /// nothing queued on the endpoint's executor outlives it holding a request.
    void cancelAll();

private:
    struct Delayed;
    core::Engine& m_engine;
    boost::asio::any_io_executor m_executor;
    std::vector<std::weak_ptr<Delayed>> m_delayed;
};

} // namespace lambdadesk::bridge
