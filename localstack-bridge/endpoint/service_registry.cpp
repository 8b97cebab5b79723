// SPDX-License-Identifier: MIT
#include "endpoint/service_registry.h"

#include "sqs/sqs_handler.h"

#include <engine.h>
#include <sources/event_sources.h>

namespace lambdadesk::bridge {

std::map<std::string, std::unique_ptr<ServiceHandler>> makeServiceHandlers(const ServiceDependencies& dependencies)
{
    std::map<std::string, std::unique_ptr<ServiceHandler>> handlers;
    auto* sources = dependencies.engine.sources();
    handlers.emplace("sqs", std::make_unique<SqsHandler>(sources ? sources->queues() : nullptr,
                                                         dependencies.endpointUrl));
    return handlers;
}

}  // namespace lambdadesk::bridge
