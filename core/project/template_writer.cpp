// SPDX-License-Identifier: MIT
// Writes a SAM template from the model: what the console saves and what `lambdadesk-cli export` ships.
#include "project/template_writer.h"

#include "project/template_node.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

namespace lambdadesk::core {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

/// ARNs of the template's own resources, written back as `!GetAtt <LogicalId>.Arn` so the deployed template
/// points at the deployed resources, and the local reader resolves them to the same ARNs again.
class References {
public:
    References(const std::vector<FunctionConfig>& functions, const std::vector<QueueConfig>& queues,
               const std::vector<StreamConfig>& streams)
    {
        for (const auto& function : functions)
            add(function.arn, function.logicalId);
        for (const auto& queue : queues)
            add(queue.arn, queue.logicalId);
        for (const auto& stream : streams)
            add(stream.arn, stream.logicalId);
    }

    [[nodiscard]] const std::string* logicalIdOf(const std::string& arn) const
    {
        const auto found = m_byArn.find(arn);
        return found == m_byArn.end() ? nullptr : &found->second;
    }

private:
    void add(const std::string& arn, const std::string& logicalId)
    {
        if (!arn.empty() && !logicalId.empty())
            m_byArn.emplace(arn, logicalId);
    }
    std::map<std::string, std::string> m_byArn;
};

void key(YAML::Emitter& out, const std::string& name)
{
    out << YAML::Key << name << YAML::Value;
}

/// A string scalar that reads back as the same string: quoted when YAML would read it as a number, a
/// boolean or null, or when it is empty.
void text(YAML::Emitter& out, const std::string& value)
{
    if (value.empty() || plainScalarToJson(value) != Json(value))
        out << YAML::DoubleQuoted << value;
    else
        out << value;
}

/// An ARN, or `!GetAtt X.Arn` when it names a resource of the template.
void arnValue(YAML::Emitter& out, const std::string& arn, const References& references)
{
    if (const auto* logicalId = references.logicalIdOf(arn))
        out << YAML::LocalTag("GetAtt") << (*logicalId + ".Arn");
    else
        text(out, arn);
}

void json(YAML::Emitter& out, const Json& value, const References& references)
{
    switch (value.type()) {
    case Json::value_t::object:
        out << YAML::BeginMap;
        for (const auto& [name, member] : value.items()) {
            key(out, name);
            json(out, member, references);
        }
        out << YAML::EndMap;
        break;
    case Json::value_t::array:
        out << YAML::BeginSeq;
        for (const auto& item : value)
            json(out, item, references);
        out << YAML::EndSeq;
        break;
    case Json::value_t::string:
        arnValue(out, value.get<std::string>(), references);
        break;
    case Json::value_t::boolean:
        out << YAML::TrueFalseBool << value.get<bool>();
        break;
    case Json::value_t::null:
    case Json::value_t::discarded:
        out << YAML::Null;
        break;
    default:
        // Numbers as nlohmann prints them: integers exactly, floats round-trippable.
        out << value.dump();
        break;
    }
}

/// The service of an ARN (arn:<partition>:<service>:…), for a destination's Type.
std::string destinationType(const std::string& arn)
{
    std::size_t at = 0;
    for (int colon = 0; colon < 2 && at != std::string::npos; ++colon)
        at = arn.find(':', at == 0 ? 0 : at + 1);
    if (at == std::string::npos)
        return "SQS";
    const auto end = arn.find(':', at + 1);
    const std::string service = arn.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
    if (service == "sns")
        return "SNS";
    if (service == "lambda")
        return "Lambda";
    if (service == "events")
        return "EventBridge";
    if (service == "s3")
        return "S3Bucket";
    return "SQS";
}

void destination(YAML::Emitter& out, const char* name, const std::string& arn, const References& references)
{
    if (arn.empty())
        return;
    key(out, name);
    out << YAML::BeginMap;
    key(out, "Type");
    out << destinationType(arn);
    key(out, "Destination");
    arnValue(out, arn, references);
    out << YAML::EndMap;
}

std::string relativeUri(const fs::path& folder, const fs::path& rootDir)
{
    if (rootDir.empty())
        return folder.generic_string();
    return folder.lexically_relative(rootDir).generic_string();
}

std::string layerLogicalId(const fs::path& folder)
{
    return "Layer" + logicalIdForName(folder.filename().string());
}

void functionProperties(YAML::Emitter& out, const FunctionConfig& function, const References& references,
                        const TemplateWriteOptions& options)
{
    out << YAML::BeginMap;
    if (!function.name.empty() && function.name != function.logicalId) {
        key(out, "FunctionName");
        text(out, function.name);
    }
    if (!function.description.empty()) {
        key(out, "Description");
        text(out, function.description);
    }
    key(out, "CodeUri");
    const auto uri = options.codeUris.find(function.logicalId);
    text(out, uri != options.codeUris.end() ? uri->second : relativeUri(function.codeDir, options.rootDir));
    // SAM needs a Handler for every Zip function; custom runtimes name their executable `bootstrap`.
    key(out, "Handler");
    text(out, function.handler.empty() ? std::string("bootstrap") : function.handler);
    key(out, "Runtime");
    text(out, function.runtime);
    key(out, "Architectures");
    out << YAML::BeginSeq << function.architecture << YAML::EndSeq;
    key(out, "MemorySize");
    out << function.memoryMb;
    key(out, "Timeout");
    out << function.timeoutSeconds;
    if (function.reservedConcurrency) {
        key(out, "ReservedConcurrentExecutions");
        out << *function.reservedConcurrency;
    }
    if (function.provisionedConcurrency > 0) {
        // SAM refuses ProvisionedConcurrencyConfig without an alias to put it on.
        key(out, "AutoPublishAlias");
        out << "live";
        key(out, "ProvisionedConcurrencyConfig");
        out << YAML::BeginMap;
        key(out, "ProvisionedConcurrentExecutions");
        out << function.provisionedConcurrency;
        out << YAML::EndMap;
    }
    if (!function.environment.empty()) {
        key(out, "Environment");
        out << YAML::BeginMap;
        key(out, "Variables");
        out << YAML::BeginMap;
        for (const auto& [name, value] : function.environment) {
            key(out, name);
            text(out, value);
        }
        out << YAML::EndMap << YAML::EndMap;
    }
    if (!function.layers.empty()) {
        key(out, "Layers");
        out << YAML::BeginSeq;
        for (const auto& layer : function.layers)
            out << YAML::LocalTag("Ref") << layerLogicalId(layer);
        out << YAML::EndSeq;
    }
    if (!function.tags.empty()) {
        key(out, "Tags");
        out << YAML::BeginMap;
        for (const auto& [name, value] : function.tags) {
            key(out, name);
            text(out, value);
        }
        out << YAML::EndMap;
    }
    if (const auto& config = function.eventInvokeConfig) {
        key(out, "EventInvokeConfig");
        out << YAML::BeginMap;
        key(out, "MaximumRetryAttempts");
        out << config->maximumRetryAttempts;
        key(out, "MaximumEventAgeInSeconds");
        out << config->maximumEventAgeSeconds;
        if (!config->onSuccessArn.empty() || !config->onFailureArn.empty()) {
            key(out, "DestinationConfig");
            out << YAML::BeginMap;
            destination(out, "OnSuccess", config->onSuccessArn, references);
            destination(out, "OnFailure", config->onFailureArn, references);
            out << YAML::EndMap;
        }
        out << YAML::EndMap;
    }
    if (const auto& letter = function.deadLetter) {
        key(out, "DeadLetterQueue");
        out << YAML::BeginMap;
        key(out, "Type");
        text(out, letter->type);
        key(out, "TargetArn");
        arnValue(out, letter->targetArn, references);
        out << YAML::EndMap;
    }
    if (!function.events.empty()) {
        key(out, "Events");
        out << YAML::BeginMap;
        for (const auto& event : function.events) {
            key(out, event.name);
            out << YAML::BeginMap;
            key(out, "Type");
            text(out, event.type);
            if (event.properties.is_object() && !event.properties.empty()) {
                key(out, "Properties");
                json(out, event.properties, references);
            }
            out << YAML::EndMap;
        }
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
}

void functionResource(YAML::Emitter& out, const FunctionConfig& function, const References& references,
                      const TemplateWriteOptions& options)
{
    key(out, function.logicalId);
    out << YAML::BeginMap;
    key(out, "Type");
    out << "AWS::Serverless::Function";
    const auto& makefiles = options.makefileFunctions;
    if (std::find(makefiles.begin(), makefiles.end(), function.logicalId) != makefiles.end()) {
        key(out, "Metadata");
        out << YAML::BeginMap;
        key(out, "BuildMethod");
        out << "makefile";
        out << YAML::EndMap;
    }
    key(out, "Properties");
    functionProperties(out, function, references, options);
    out << YAML::EndMap;
}

/// A queue attribute in the type CloudFormation's schema wants: numbers and booleans plain, policies as maps.
void queueAttribute(YAML::Emitter& out, const std::string& name, const std::string& value,
                    const References& references)
{
    key(out, name);
    if (name == "RedrivePolicy" || name == "RedriveAllowPolicy") {
        const auto parsed = Json::parse(value, nullptr, false);
        if (!parsed.is_discarded() && parsed.is_object()) {
            json(out, parsed, references);
            return;
        }
    }
    if (looksLikeInteger(value) || value == "true" || value == "false")
        out << value;
    else
        text(out, value);
}

void queueResource(YAML::Emitter& out, const QueueConfig& queue, const References& references)
{
    key(out, queue.logicalId);
    out << YAML::BeginMap;
    key(out, "Type");
    out << "AWS::SQS::Queue";
    key(out, "Properties");
    out << YAML::BeginMap;
    key(out, "QueueName");
    text(out, queue.name);
    for (const auto& [name, value] : queue.attributes)
        queueAttribute(out, name, value, references);
    out << YAML::EndMap << YAML::EndMap;
}

void streamResource(YAML::Emitter& out, const StreamConfig& stream)
{
    key(out, stream.logicalId);
    out << YAML::BeginMap;
    key(out, "Type");
    out << "AWS::Kinesis::Stream";
    key(out, "Properties");
    out << YAML::BeginMap;
    key(out, "Name");
    text(out, stream.name);
    key(out, "ShardCount");
    out << stream.shardCount;
    key(out, "RetentionPeriodHours");
    out << stream.retentionHours;
    out << YAML::EndMap << YAML::EndMap;
}

void layerResources(YAML::Emitter& out, const std::vector<FunctionConfig>& functions,
                    const TemplateWriteOptions& options)
{
    std::map<std::string, fs::path> layers;  // by logical id: sorted, and each folder once
    for (const auto& function : functions) {
        for (const auto& layer : function.layers)
            layers.emplace(layerLogicalId(layer), layer);
    }
    for (const auto& [logicalId, folder] : layers) {
        key(out, logicalId);
        out << YAML::BeginMap;
        key(out, "Type");
        out << "AWS::Serverless::LayerVersion";
        key(out, "Properties");
        out << YAML::BeginMap;
        key(out, "LayerName");
        text(out, folder.filename().string());
        key(out, "ContentUri");
        const auto uri = options.layerUris.find(folder);
        text(out, uri != options.layerUris.end() ? uri->second : relativeUri(folder, options.rootDir));
        out << YAML::EndMap << YAML::EndMap;
    }
}

}  // namespace

std::string writeTemplate(const std::vector<FunctionConfig>& functions, const std::vector<QueueConfig>& queues,
                          const std::vector<StreamConfig>& streams, const TemplateWriteOptions& options)
{
    const References references(functions, queues, streams);
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    key(out, "AWSTemplateFormatVersion");
    out << YAML::SingleQuoted << "2010-09-09";
    key(out, "Transform");
    out << "AWS::Serverless-2016-10-31";
    if (!options.description.empty()) {
        key(out, "Description");
        text(out, options.description);
    }
    key(out, "Resources");
    out << YAML::BeginMap;
    for (const auto& function : functions)
        functionResource(out, function, references, options);
    layerResources(out, functions, options);
    for (const auto& queue : queues)
        queueResource(out, queue, references);
    for (const auto& stream : streams)
        streamResource(out, stream);
    out << YAML::EndMap;
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

std::string writeResources(const std::vector<FunctionConfig>& functions, const std::vector<QueueConfig>& queues,
                           const std::vector<StreamConfig>& streams, const Project& project,
                           const TemplateWriteOptions& options)
{
    auto allFunctions = project.functions;
    allFunctions.insert(allFunctions.end(), functions.begin(), functions.end());
    auto allQueues = project.queues;
    allQueues.insert(allQueues.end(), queues.begin(), queues.end());
    auto allStreams = project.streams;
    allStreams.insert(allStreams.end(), streams.begin(), streams.end());
    const References references(allFunctions, allQueues, allStreams);
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    for (const auto& function : functions)
        functionResource(out, function, references, options);
    for (const auto& queue : queues)
        queueResource(out, queue, references);
    for (const auto& stream : streams)
        streamResource(out, stream);
    out << YAML::EndMap;
    return std::string(out.c_str()) + "\n";
}

std::string logicalIdForName(const std::string& name)
{
    std::string id;
    bool upper = true;
    for (const char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            upper = true;
            continue;
        }
        id += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
    }
    if (id.empty() || std::isdigit(static_cast<unsigned char>(id.front())))
        id.insert(0, "Function");
    return id;
}

}  // namespace lambdadesk::core
