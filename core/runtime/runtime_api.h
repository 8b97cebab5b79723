// SPDX-License-Identifier: MIT
#pragma once

#include "net/http_message.h"

#include <cstdint>
#include <string>

namespace lambdadesk::core {

/// The maximum response a runtime may post: 6 MiB + 100 bytes, as the RIE enforces.
inline constexpr std::size_t kMaxRuntimeResponseBytes = 6 * 1024 * 1024 + 100;

/// One call of the Lambda Runtime API (2018-06-01), recognised from method and path.
struct RuntimeApiCall {
    enum class Kind { Next, Response, Error, InitError, Ping, Unknown };
    Kind kind = Kind::Unknown;
    std::string requestId;  ///< for Response and Error
};

RuntimeApiCall parseRuntimeApiCall(const net::HttpRequest& request);

/// What /next hands the runtime.
struct NextInvocation {
    std::string requestId;
    std::string payload;
    std::int64_t deadlineEpochMs = 0;
    std::string invokedFunctionArn;
    std::string traceId;
    std::string clientContext;     ///< decoded JSON; header omitted when empty
    std::string cognitoIdentity;   ///< JSON; header omitted when empty
};

net::HttpResponse makeNextResponse(const NextInvocation& invocation);
/// 202 {"status":"OK"}
net::HttpResponse makeAcceptedResponse();
/// An RIE-shaped error: {"errorMessage","errorType"} with the given status.
net::HttpResponse makeRuntimeApiError(int status, const std::string& errorType, const std::string& message);

/// The error type a runtime reported: the Lambda-Runtime-Function-Error-Type header when it has the
/// (Runtime|Function).Reason shape, else the body's errorType, else "Runtime.Unknown"… with
/// "Unhandled" kept as AWS keeps it.
std::string reportedErrorType(const net::HttpRequest& request);

}  // namespace lambdadesk::core
