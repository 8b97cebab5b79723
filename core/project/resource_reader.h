// SPDX-License-Identifier: MIT
#pragma once

#include "model/function_config.h"
#include "project/reader_context.h"
#include "project/resource_registry.h"

namespace lambdadesk::core {

/// Reads the resources a function works with: `AWS::SQS::Queue`, `AWS::Kinesis::Stream` and
/// `AWS::Serverless::LayerVersion` (whose folder it hands to the registry for functions' Layers).
class ResourceReader {
public:
    explicit ResourceReader(ReaderContext& context);

    QueueConfig readQueue(const ResourceEntry& resource);
    StreamConfig readStream(const ResourceEntry& resource);
    void readLayer(const ResourceEntry& resource);

private:
    ReaderContext& m_context;
};

} // namespace lambdadesk::core
