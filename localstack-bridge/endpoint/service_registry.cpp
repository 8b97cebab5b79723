// SPDX-License-Identifier: MIT
#include "endpoint/service_registry.h"

#include "fis/fis_handler.h"
#include "kinesis/kinesis_handler.h"
#include "lambda/code_download_handler.h"
#include "lambda/lambda_handler.h"
#include "sqs/sqs_handler.h"
#include "sts/sts_handler.h"

#include <engine.h>
#include <mappings/event_sources.h>
#include <queues/queue_service.h>

namespace lambdadesk::bridge {

std::map<std::string, std::unique_ptr<ServiceHandler>> makeServiceHandlers(const ServiceDependencies& dependencies)
{
    std::map<std::string, std::unique_ptr<ServiceHandler>> handlers;
    auto& engine = dependencies.engine;
    auto* sources = engine.sources();
    handlers["lambda"] = std::make_unique<LambdaHandler>(engine, dependencies.workspaceDir, dependencies.endpointUrl,
                                                         dependencies.options.upstreamUrl, dependencies.executor);
    handlers["_lambdadesk"] = std::make_unique<CodeDownloadHandler>(engine);
    if (auto* regions = sources ? sources->regions() : nullptr) {
        handlers.emplace("sqs", makeRegionalSqsHandler(*regions, dependencies.endpointUrl));
    } else {
        handlers.emplace("sqs", std::make_unique<SqsHandler>(nullptr, dependencies.endpointUrl));
    }
    handlers.emplace("kinesis", makeKinesisHandler(dependencies));
    handlers.emplace("sts", std::make_unique<StsHandler>(engine.options().accountId));
    if (dependencies.experiments)
        handlers.emplace("fis", std::make_unique<FisHandler>(dependencies.experiments));
    return handlers;
}

}  // namespace lambdadesk::bridge
