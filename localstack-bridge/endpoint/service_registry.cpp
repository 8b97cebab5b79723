// SPDX-License-Identifier: MIT
#include "endpoint/service_registry.h"

#include "kinesis/kinesis_handler.h"

namespace lambdadesk::bridge {

std::map<std::string, std::unique_ptr<ServiceHandler>> makeServiceHandlers(const ServiceDependencies& dependencies)
{
    std::map<std::string, std::unique_ptr<ServiceHandler>> handlers;
    (void)dependencies;
    handlers.emplace("kinesis", makeKinesisHandler(dependencies));
    return handlers;
}

}  // namespace lambdadesk::bridge
