// SPDX-License-Identifier: MIT
#pragma once

#include "endpoint/request_context.h"

#include <net/http_message.h>

namespace lambdadesk::bridge {

/// One AWS service's wire protocol: turns requests into calls on core's services and their results
/// (or errors) back into that protocol's responses. Holds no semantics of its own.
class ServiceHandler {
public:
    virtual ~ServiceHandler() = default;
    /// Runs on the endpoint's thread. Must answer exactly once, possibly later from another thread
    /// (a long poll, an invocation); must never block on a function.
    virtual void handle(core::net::HttpRequest&& request, const RequestContext& context,
                        core::net::HttpResponder respond) = 0;
};

}  // namespace lambdadesk::bridge
