// SPDX-License-Identifier: MIT
#include "project/resource_reader.h"

#include "project/diagnostic_collector.h"
#include "project/local_folder.h"
#include "project/property_reader.h"

#include <array>
#include <regex>
#include <utility>

namespace lambdadesk::core {
namespace {

struct QueueAttribute {
    std::string_view name;
    long long min;
    long long max;
};

// The numeric attributes of SQS's CreateQueue, with the ranges SQS enforces.
constexpr std::array<QueueAttribute, 5> kNumericQueueAttributes = {{
    {"DelaySeconds", 0, 900},
    {"MaximumMessageSize", 1024, 1048576},
    {"MessageRetentionPeriod", 60, 1209600},
    {"ReceiveMessageWaitTimeSeconds", 0, 20},
    {"VisibilityTimeout", 0, 43200},
}};

SourceLocation locationOf(const ReaderContext& context, const ResourceEntry& resource)
{
    return SourceLocation{context.diagnostics.fileName(), resource.definition->line, resource.definition->column};
}

// RedrivePolicy and RedriveAllowPolicy are JSON documents; CloudFormation takes them as a map or as JSON text.
std::optional<std::string> policyText(const TemplateNode& value, const std::string& property, PropertyReader& reader)
{
    if (value.isMapping())
        return toJson(value).dump();
    if (value.isScalar()) {
        const auto parsed = nlohmann::json::parse(value.scalar, nullptr, false);
        if (!parsed.is_discarded() && parsed.is_object())
            return parsed.dump();
    }
    if (!value.isInvalid())
        reader.error(value, property + " must be a map or a JSON object as text, got " + value.describe());
    return std::nullopt;
}

} // namespace

ResourceReader::ResourceReader(ReaderContext& context) : m_context(context) {}

QueueConfig ResourceReader::readQueue(const ResourceEntry& resource)
{
    const std::string owner = "queue " + resource.logicalId;
    const ResolvedProperties properties(
        resource.properties,
        {"QueueName", "FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit",
         "DelaySeconds", "MaximumMessageSize", "MessageRetentionPeriod", "ReceiveMessageWaitTimeSeconds",
         "VisibilityTimeout", "RedrivePolicy", "RedriveAllowPolicy"},
        {"KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled", "Tags"}, owner, m_context.resolver,
        m_context.diagnostics);
    PropertyReader reader(m_context.diagnostics, owner);

    QueueConfig queue;
    queue.logicalId = resource.logicalId;
    queue.location = locationOf(m_context, resource);
    if (const TemplateNode* value = properties.get("FifoQueue")) {
        queue.fifo = reader.boolean(*value, "FifoQueue").value_or(false);
        if (queue.fifo)
            queue.attributes["FifoQueue"] = "true";
    }
    if (const auto name = m_context.registry.physicalName(resource.logicalId)) {
        static const std::regex kStandardName("[a-zA-Z0-9_-]{1,80}");
        static const std::regex kFifoName("[a-zA-Z0-9_-]{1,75}\\.fifo");
        const TemplateNode* at = properties.get("QueueName");
        if (!std::regex_match(*name, queue.fifo ? kFifoName : kStandardName)) {
            reader.error(at ? *at : resource.definition->value,
                         "QueueName must be 1 to 80 letters, digits, hyphens or underscores" +
                             std::string(queue.fifo ? ", ending in .fifo" : " (.fifo only with FifoQueue: true)") +
                             ", got '" + *name + '\'');
        }
        queue.name = *name;
        queue.arn = m_context.registry.queueArn(*name);
    }
    for (const auto& attribute : kNumericQueueAttributes) {
        const std::string name(attribute.name);
        if (const TemplateNode* value = properties.get(name)) {
            if (const auto number = reader.integer(*value, name, attribute.min, attribute.max))
                queue.attributes[name] = std::to_string(*number);
        }
    }
    for (const char* name : {"ContentBasedDeduplication"}) {
        if (const TemplateNode* value = properties.get(name)) {
            if (const auto flag = reader.boolean(*value, name)) {
                if (*flag && !queue.fifo)
                    reader.error(*value, std::string(name) + " is only valid on a FIFO queue (FifoQueue: true)");
                queue.attributes[name] = *flag ? "true" : "false";
            }
        }
    }
    for (const char* name : {"DeduplicationScope", "FifoThroughputLimit"}) {
        if (const TemplateNode* value = properties.get(name)) {
            if (const auto text = reader.string(*value, name))
                queue.attributes[name] = *text;
        }
    }
    for (const char* name : {"RedrivePolicy", "RedriveAllowPolicy"}) {
        if (const TemplateNode* value = properties.get(name)) {
            if (auto text = policyText(*value, name, reader))
                queue.attributes[name] = std::move(*text);
        }
    }
    return queue;
}

StreamConfig ResourceReader::readStream(const ResourceEntry& resource)
{
    const std::string owner = "stream " + resource.logicalId;
    const ResolvedProperties properties(resource.properties,
                                        {"Name", "ShardCount", "RetentionPeriodHours", "StreamModeDetails"},
                                        {"StreamEncryption", "Tags"}, owner, m_context.resolver, m_context.diagnostics);
    PropertyReader reader(m_context.diagnostics, owner);

    StreamConfig stream;
    stream.logicalId = resource.logicalId;
    stream.location = locationOf(m_context, resource);
    if (const auto name = m_context.registry.physicalName(resource.logicalId)) {
        static const std::regex kStreamName("[a-zA-Z0-9_.-]{1,128}");
        if (!std::regex_match(*name, kStreamName)) {
            const TemplateNode* at = properties.get("Name");
            reader.error(at ? *at : resource.definition->value,
                         "Name must be 1 to 128 letters, digits, dots, hyphens or underscores, got '" + *name + '\'');
        }
        stream.name = *name;
        stream.arn = m_context.registry.streamArn(*name);
    }
    if (const TemplateNode* value = properties.get("ShardCount")) {
        if (const auto count = reader.integer(*value, "ShardCount", 1, 10000))
            stream.shardCount = static_cast<int>(*count);
    }
    if (const TemplateNode* value = properties.get("RetentionPeriodHours")) {
        if (const auto hours = reader.integer(*value, "RetentionPeriodHours", 24, 8760))
            stream.retentionHours = static_cast<int>(*hours);
    }
    if (const TemplateNode* value = properties.get("StreamModeDetails")) {
        if (reader.expectMapping(*value, "StreamModeDetails")) {
            const TemplateNode* mode = value->find("StreamMode");
            const auto text = mode ? reader.string(*mode, "StreamModeDetails.StreamMode") : std::nullopt;
            if (text && *text != "ON_DEMAND" && *text != "PROVISIONED")
                reader.error(*mode,
                             "StreamModeDetails.StreamMode must be ON_DEMAND or PROVISIONED, got '" + *text + '\'');
        }
    }
    return stream;
}

void ResourceReader::readLayer(const ResourceEntry& resource)
{
    const std::string owner = "layer " + resource.logicalId;
    const ResolvedProperties properties(resource.properties, {"LayerName", "ContentUri"},
                                        {"CompatibleArchitectures", "CompatibleRuntimes", "Description", "LicenseInfo",
                                         "RetentionPolicy", "PublishLambdaVersion"},
                                        owner, m_context.resolver, m_context.diagnostics);
    const auto name = m_context.registry.physicalName(resource.logicalId);
    if (!name)
        return;
    const std::string arn = m_context.registry.layerArn(*name);
    const TemplateNode* contentUri = properties.get("ContentUri");
    if (!contentUri) {
        if (!properties.failed("ContentUri"))
            m_context.diagnostics.error(resource.definition->value,
                                        owner + ": ContentUri (a local folder) is required");
        m_context.registry.markBrokenLocalLayer(arn);
        return;
    }
    if (auto folder = localFolder(m_context, *contentUri, owner, "ContentUri"))
        m_context.registry.addLocalLayer(arn, std::move(*folder));
    else
        m_context.registry.markBrokenLocalLayer(arn);
}

} // namespace lambdadesk::core
