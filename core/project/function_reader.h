// SPDX-License-Identifier: MIT
#pragma once

#include "model/function_config.h"
#include "project/property_reader.h"
#include "project/reader_context.h"
#include "project/resource_registry.h"

namespace lambdadesk::core {

/// Reads one `AWS::Serverless::Function` (with Globals.Function merged in) into a FunctionConfig,
/// reporting every problem it finds. The config is returned even when there were errors; the loader
/// drops the whole project then.
class FunctionReader {
public:
    /// `globalsFunction` is Globals.Function as checked by checkGlobals (a Null node when absent).
    FunctionReader(ReaderContext& context, const TemplateNode& globalsFunction);

    FunctionConfig read(const ResourceEntry& resource);

private:
    void readIdentity(const ResourceEntry& resource, const ResolvedProperties& properties, PropertyReader& reader,
                      FunctionConfig& config);
    void readCode(const ResourceEntry& resource, const ResolvedProperties& properties, PropertyReader& reader,
                  FunctionConfig& config);
    void readLimits(const ResolvedProperties& properties, PropertyReader& reader, FunctionConfig& config);
    void readEnvironment(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config);
    void readLayers(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config);
    void readEventInvokeConfig(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config);
    void readDestination(const TemplateNode& value, const std::string& property, PropertyReader& reader,
                         std::string& arn);
    void readDeadLetterQueue(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config);
    void readArchitectures(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config);
    void readEvents(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config);
    /// Warns about keys of a nested map (EventInvokeConfig, Environment…) other than `known`.
    void warnUnknownKeys(const TemplateNode& map, std::initializer_list<std::string_view> known,
                         const std::string& where, PropertyReader& reader);

    ReaderContext& m_context;
    const TemplateNode& m_globals;
};

} // namespace lambdadesk::core
