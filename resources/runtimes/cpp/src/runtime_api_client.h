// SPDX-License-Identifier: MIT
#pragma once

#include "http_connection.h"
#include "http_response.h"
#include "lambdadesk/invocation_request.h"
#include "lambdadesk/invocation_response.h"

#include <string>
#include <string_view>

namespace lambdadesk::runtime {

/// The calls of the Lambda Runtime API (2018-06-01) on top of one HttpConnection.
class RuntimeApiClient {
public:
    enum class Outcome {
        Accepted,    ///< 2xx
        Rejected,    ///< 4xx: e.g. 413 for a response over the limit, 400 for an unknown request id
        ServerError, ///< 5xx: the environment is broken; the runtime should exit
        Unreachable, ///< no answer even after reconnecting: the engine is gone
    };

    /// address is the value of AWS_LAMBDA_RUNTIME_API ("host:port").
    explicit RuntimeApiClient(std::string_view address);

    [[nodiscard]] bool isValid() const noexcept { return m_connection.isValid(); }

    /// GET /runtime/invocation/next; blocks until an invocation arrives. Reads the answer to the GET that post()
    /// sent behind its POST when there is one.
    Outcome next(InvocationRequest& request);
    /// POST /runtime/invocation/{id}/response or /error, depending on response. With thenNext the next GET /next
    /// leaves in the same write (HTTP pipelining: one segment, one wake-up of the engine); the POST's own answer
    /// is still read and classified first.
    Outcome post(const std::string& requestId, const InvocationResponse& response, bool thenNext = false);
    /// POST /runtime/init/error.
    Outcome postInitError(const InvocationResponse& error, std::string_view errorTypeHeader);

    /// Status and body of the last answer, for diagnostics.
    [[nodiscard]] const HttpResponse& lastResponse() const noexcept { return m_response; }

private:
    Outcome classify(bool answered) const noexcept;

    HttpConnection m_connection;
    HttpResponse m_response;
    std::string m_target;
    std::string m_nextRequest;  ///< GET /next, encoded once for pipelining
};

} // namespace lambdadesk::runtime
