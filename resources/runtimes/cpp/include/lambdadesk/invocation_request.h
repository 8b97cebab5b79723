// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace lambdadesk::runtime {

/// One invocation handed to the function by GET /runtime/invocation/next: the event and its metadata.
struct InvocationRequest {
    std::string payload;         ///< The raw event body (normally JSON).
    std::string requestId;       ///< Lambda-Runtime-Aws-Request-Id.
    std::string functionArn;     ///< Lambda-Runtime-Invoked-Function-Arn, with the qualifier as invoked.
    std::string traceId;         ///< Lambda-Runtime-Trace-Id (also exported as _X_AMZN_TRACE_ID).
    std::string clientContext;   ///< Lambda-Runtime-Client-Context (JSON), empty when absent.
    std::string cognitoIdentity; ///< Lambda-Runtime-Cognito-Identity (JSON), empty when absent.
    std::int64_t deadlineMs = 0; ///< Lambda-Runtime-Deadline-Ms: Unix epoch milliseconds.

    /// Time left until the deadline; zero once it has passed.
    [[nodiscard]] std::chrono::milliseconds remainingTime() const;
};

} // namespace lambdadesk::runtime
