// SPDX-License-Identifier: MIT
#pragma once

// Runtime-client library for native Lambda functions (provided runtimes). The function's `bootstrap`
// executable calls runHandler() with its handler; the library speaks the Lambda Runtime API at
// $AWS_LAMBDA_RUNTIME_API over one persistent HTTP/1.1 connection.

#include "lambdadesk/invocation_request.h"
#include "lambdadesk/invocation_response.h"

#include <functional>
#include <string>

namespace lambdadesk::runtime {

using Handler = std::function<InvocationResponse(const InvocationRequest&)>;

/// Serves invocations with handler, one at a time, until the Runtime API goes away.
/// Exceptions thrown by the handler are reported as function errors. Returns non-zero when the Runtime
/// API is unreachable or answers with a server error; it never returns otherwise.
int runHandler(const Handler& handler);

/// Reports a failed initialisation (POST /runtime/init/error). The caller should exit afterwards.
void postInitError(const std::string& errorType, const std::string& message);

} // namespace lambdadesk::runtime
