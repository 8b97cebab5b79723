// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace lambdadesk::core {

/// A synchronous (RequestResponse) invocation as a caller asks for it.
struct InvokeRequest {
    std::string function;        ///< name, name:qualifier, or ARN
    std::string payload = "{}";  ///< must be JSON, as on AWS
    bool logTail = false;        ///< X-Amz-Log-Type: Tail — return the last 4 KB of the log
    std::string clientContext;   ///< X-Amz-Client-Context: base64 of a JSON object ("" when none)
    std::string traceId;         ///< X-Amzn-Trace-Id; generated when empty
};

/// What came of an invocation.
enum class InvokeStatus {
    Ok,             ///< the function answered (payload = its response)
    FunctionError,  ///< the function failed: X-Amz-Function-Error, payload = the error JSON
    Throttled,      ///< TooManyRequestsException; throttleReason says which limit
    NotFound,       ///< ResourceNotFoundException
    InvalidRequest, ///< InvalidRequestContentException / RequestTooLargeException / bad function config
    ServiceError,   ///< the engine could not run the function at all (e.g. interpreter missing)
};

/// The outcome of one invocation, with everything REPORT and the Invoke API tell.
struct InvokeResult {
    InvokeStatus status = InvokeStatus::Ok;
    std::string requestId;
    std::string payload;                 ///< response, error JSON, or an AWS error body
    std::string contentType = "application/json";
    std::string functionError;           ///< "Unhandled" on function errors, else empty
    std::string errorType;               ///< function error type or AWS exception name
    std::string throttleReason;
    std::string logTail;                 ///< last 4 KB of the invocation's log when asked for
    std::string executedVersion = "$LATEST";
    std::string environmentId;
    bool cold = false;
    double initDurationMs = 0;
    double durationMs = 0;
    std::int64_t billedDurationMs = 0;
    int memorySizeMb = 0;
    int maxMemoryUsedMb = 0;
    double costUsd = 0;

    [[nodiscard]] bool ok() const { return status == InvokeStatus::Ok; }
};

const char* toString(InvokeStatus status);

using InvokeCallback = std::function<void(InvokeResult)>;

/// Prices for the cost estimate (defaults: us-east-1 x86 on-demand).
struct Pricing {
    double perGbSecondUsd = 0.0000166667;
    double perRequestUsd = 0.20 / 1'000'000;

    [[nodiscard]] double cost(std::int64_t billedMs, int memoryMb) const
    {
        return static_cast<double>(billedMs) / 1000.0 * (memoryMb / 1024.0) * perGbSecondUsd + perRequestUsd;
    }
};

}  // namespace lambdadesk::core
