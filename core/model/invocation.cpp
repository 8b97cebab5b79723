// SPDX-License-Identifier: MIT
#include "model/invocation.h"

namespace lambdadesk::core {

const char* toString(InvokeStatus status)
{
    switch (status) {
    case InvokeStatus::Ok: return "ok";
    case InvokeStatus::FunctionError: return "function-error";
    case InvokeStatus::Throttled: return "throttled";
    case InvokeStatus::NotFound: return "not-found";
    case InvokeStatus::InvalidRequest: return "invalid-request";
    case InvokeStatus::ServiceError: return "service-error";
    }
    return "unknown";
}

}  // namespace lambdadesk::core
