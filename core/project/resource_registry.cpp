// SPDX-License-Identifier: MIT
#include "project/resource_registry.h"

#include "project/diagnostic_collector.h"
#include "project/name_list.h"
#include "project/property_reader.h"

#include "model/function_name.h"

#include <algorithm>

namespace lambdadesk::core {
namespace {

const char* kindWord(ResourceKind kind)
{
    switch (kind) {
    case ResourceKind::Function:
        return "function";
    case ResourceKind::Queue:
        return "queue";
    case ResourceKind::Stream:
        return "stream";
    case ResourceKind::Layer:
        return "layer";
    case ResourceKind::Other:
        break;
    }
    return "resource";
}

const char* namePropertyOf(ResourceKind kind)
{
    switch (kind) {
    case ResourceKind::Function:
        return "FunctionName";
    case ResourceKind::Queue:
        return "QueueName";
    case ResourceKind::Stream:
        return "Name";
    case ResourceKind::Layer:
        return "LayerName";
    case ResourceKind::Other:
        break;
    }
    return nullptr;
}

std::vector<std::string> attributesOf(ResourceKind kind)
{
    switch (kind) {
    case ResourceKind::Function:
    case ResourceKind::Stream:
        return {"Arn"};
    case ResourceKind::Queue:
        return {"Arn", "QueueName", "QueueUrl"};
    case ResourceKind::Layer:
        return {"LayerVersionArn"};
    case ResourceKind::Other:
        break;
    }
    return {};
}

} // namespace

ResourceRegistry::ResourceRegistry(IntrinsicResolver& resolver, DiagnosticCollector& diagnostics,
                                   const LoadOptions& options)
    : m_resolver(resolver), m_diagnostics(diagnostics), m_options(options)
{
}

ResourceKind ResourceRegistry::kindOf(const std::string& type)
{
    if (type == "AWS::Serverless::Function")
        return ResourceKind::Function;
    if (type == "AWS::SQS::Queue")
        return ResourceKind::Queue;
    if (type == "AWS::Kinesis::Stream")
        return ResourceKind::Stream;
    if (type == "AWS::Serverless::LayerVersion")
        return ResourceKind::Layer;
    return ResourceKind::Other;
}

void ResourceRegistry::add(ResourceEntry entry)
{
    if (m_index.count(entry.logicalId))
        return;
    m_index.emplace(entry.logicalId, m_entries.size());
    m_entries.push_back(std::move(entry));
}

void ResourceRegistry::exclude(const std::string& logicalId, const std::string& condition)
{
    if (ResourceEntry* entry = findMutable(logicalId))
        entry->excludedBy = condition;
}

const ResourceEntry* ResourceRegistry::find(const std::string& logicalId) const
{
    const auto it = m_index.find(logicalId);
    return it == m_index.end() ? nullptr : &m_entries[it->second];
}

ResourceEntry* ResourceRegistry::findMutable(const std::string& logicalId)
{
    const auto it = m_index.find(logicalId);
    return it == m_index.end() ? nullptr : &m_entries[it->second];
}

bool ResourceRegistry::contains(const std::string& logicalId) const
{
    return m_index.count(logicalId) > 0;
}

std::vector<std::string> ResourceRegistry::logicalIds() const
{
    std::vector<std::string> ids;
    for (const auto& entry : m_entries) {
        if (!entry.implicit)
            ids.push_back(entry.logicalId);
    }
    return ids;
}

TemplateNode ResourceRegistry::ref(const std::string& logicalId, const TemplateNode& at)
{
    const ResourceEntry* entry = find(logicalId);
    if (!entry->excludedBy.empty()) {
        m_diagnostics.error(at, "Ref to resource " + logicalId + ", which is not created because its condition '" +
                                    entry->excludedBy + "' is false");
        return TemplateNode::makeInvalid(at);
    }
    if (entry->kind == ResourceKind::Other)
        return TemplateNode::makeString(logicalId, at);
    const auto name = physicalName(logicalId);
    if (!name)
        return TemplateNode::makeInvalid(at);
    switch (entry->kind) {
    case ResourceKind::Queue:
        return TemplateNode::makeString(queueUrl(*name), at);
    case ResourceKind::Layer:
        return TemplateNode::makeString(layerArn(*name), at);
    default:
        return TemplateNode::makeString(*name, at);
    }
}

TemplateNode ResourceRegistry::getAtt(const std::string& logicalId, const std::string& attribute,
                                      const TemplateNode& at)
{
    const ResourceEntry* entry = find(logicalId);
    if (!entry->excludedBy.empty()) {
        m_diagnostics.error(at, "Fn::GetAtt of resource " + logicalId +
                                    ", which is not created because its condition '" + entry->excludedBy +
                                    "' is false");
        return TemplateNode::makeInvalid(at);
    }
    // Resources LambdaDesk does not emulate still get a stable stand-in, so a template that passes a
    // table's ARN to a function loads; the resource itself was already reported as not emulated.
    if (entry->kind == ResourceKind::Other) {
        if (attribute == "Arn")
            return TemplateNode::makeString(placeholderArn(*entry), at);
        return TemplateNode::makeString(logicalId + '.' + attribute, at);
    }
    const auto attributes = attributesOf(entry->kind);
    if (std::find(attributes.begin(), attributes.end(), attribute) == attributes.end()) {
        m_diagnostics.error(at, "Fn::GetAtt: " + std::string(kindWord(entry->kind)) + ' ' + logicalId + " (" +
                                    entry->type + ") has no attribute '" + attribute +
                                    "'; available: " + joinNames(attributes));
        return TemplateNode::makeInvalid(at);
    }
    const auto name = physicalName(logicalId);
    if (!name)
        return TemplateNode::makeInvalid(at);
    switch (entry->kind) {
    case ResourceKind::Function:
        return TemplateNode::makeString(functionArn(m_options.region, m_options.accountId, *name), at);
    case ResourceKind::Queue:
        if (attribute == "QueueName")
            return TemplateNode::makeString(*name, at);
        if (attribute == "QueueUrl")
            return TemplateNode::makeString(queueUrl(*name), at);
        return TemplateNode::makeString(queueArn(*name), at);
    case ResourceKind::Stream:
        return TemplateNode::makeString(streamArn(*name), at);
    case ResourceKind::Layer:
        return TemplateNode::makeString(layerArn(*name), at);
    case ResourceKind::Other:
        break;
    }
    return TemplateNode::makeInvalid(at);
}

std::optional<std::string> ResourceRegistry::physicalName(const std::string& logicalId)
{
    if (const auto known = m_names.find(logicalId); known != m_names.end())
        return known->second;
    const ResourceEntry* entry = find(logicalId);
    if (!entry)
        return std::nullopt;
    if (!m_naming.insert(logicalId).second) {
        m_diagnostics.error(entry->definition->value, std::string(kindWord(entry->kind)) + ' ' + logicalId + ": " +
                                                          namePropertyOf(entry->kind) + " refers to itself");
        return std::nullopt;
    }
    auto name = computeName(*entry);
    m_naming.erase(logicalId);
    m_names[logicalId] = name;
    return name;
}

std::optional<std::string> ResourceRegistry::computeName(const ResourceEntry& entry)
{
    const char* property = namePropertyOf(entry.kind);
    if (!property || !entry.properties || !entry.properties->isMapping())
        return entry.logicalId;
    const std::string owner = std::string(kindWord(entry.kind)) + ' ' + entry.logicalId;
    PropertyReader reader(m_diagnostics, owner);
    std::string name = entry.logicalId;
    if (const TemplateNode* written = entry.properties->find(property)) {
        const auto resolved = m_resolver.resolve(*written);
        if (resolved) {
            const auto text = reader.string(*resolved, property);
            if (!text)
                return std::nullopt;
            name = *text;
        }
    }
    if (entry.kind == ResourceKind::Queue) {
        bool fifo = false;
        if (const TemplateNode* written = entry.properties->find("FifoQueue")) {
            if (const auto resolved = m_resolver.resolve(*written))
                fifo = reader.boolean(*resolved, "FifoQueue").value_or(false);
        }
        const std::string suffix = ".fifo";
        const bool hasSuffix =
            name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
        if (fifo && !hasSuffix)
            name += suffix;
    }
    return name;
}

std::string ResourceRegistry::queueUrl(const std::string& name) const
{
    return "https://sqs." + m_options.region + ".amazonaws.com/" + m_options.accountId + '/' + name;
}

std::string ResourceRegistry::queueArn(const std::string& name) const
{
    return "arn:" + m_resolver.partition() + ":sqs:" + m_options.region + ':' + m_options.accountId + ':' + name;
}

std::string ResourceRegistry::streamArn(const std::string& name) const
{
    return "arn:" + m_resolver.partition() + ":kinesis:" + m_options.region + ':' + m_options.accountId + ":stream/" +
           name;
}

std::string ResourceRegistry::layerArn(const std::string& name) const
{
    return "arn:" + m_resolver.partition() + ":lambda:" + m_options.region + ':' + m_options.accountId +
           ":layer:" + name + ":1";
}

std::string ResourceRegistry::placeholderArn(const ResourceEntry& entry) const
{
    // AWS::DynamoDB::Table -> dynamodb
    std::string service = "cloudformation";
    const auto first = entry.type.find("::");
    const auto second = first == std::string::npos ? std::string::npos : entry.type.find("::", first + 2);
    if (second != std::string::npos) {
        service = entry.type.substr(first + 2, second - first - 2);
        for (char& c : service)
            c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return "arn:" + m_resolver.partition() + ':' + service + ':' + m_options.region + ':' + m_options.accountId + ':' +
           entry.logicalId;
}

void ResourceRegistry::addLocalLayer(const std::string& arn, std::filesystem::path folder)
{
    m_localLayers[arn] = std::move(folder);
}

const std::filesystem::path* ResourceRegistry::localLayer(const std::string& arn) const
{
    const auto it = m_localLayers.find(arn);
    return it == m_localLayers.end() ? nullptr : &it->second;
}

bool ResourceRegistry::isBrokenLocalLayer(const std::string& arn) const
{
    return m_brokenLayers.count(arn) > 0;
}

} // namespace lambdadesk::core
