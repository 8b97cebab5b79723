// SPDX-License-Identifier: MIT
#pragma once

#include "model/invocation.h"
#include "telemetry/events.h"

#include <memory>
#include <string>

namespace lambdadesk::core {

/// An accepted invocation on its way to an environment.
struct PendingInvocation {
    std::string requestId;
    std::string payload;
    std::string invokedFunctionArn;
    std::string traceId;
    std::string clientContext;  ///< decoded JSON, "" when none
    bool logTail = false;
    Clock::time_point acceptedAt;
    InvokeCallback done;        ///< called once, on the function's strand
};

using PendingInvocationPtr = std::shared_ptr<PendingInvocation>;

}  // namespace lambdadesk::core
