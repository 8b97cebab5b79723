// SPDX-License-Identifier: MIT
#include "project/project_builder.h"

#include "project/diagnostic_collector.h"
#include "project/function_reader.h"
#include "project/globals.h"
#include "project/intrinsics.h"
#include "project/parameters.h"
#include "project/resource_reader.h"
#include "project/resource_registry.h"

#include <algorithm>
#include <array>
#include <map>
#include <regex>

namespace lambdadesk::core {
namespace {

constexpr auto kSections =
    std::to_array<std::string_view>({"AWSTemplateFormatVersion", "Transform", "Description", "Metadata", "Parameters",
                                     "Mappings", "Conditions", "Rules", "Globals", "Resources", "Outputs"});

constexpr auto kResourceKeys =
    std::to_array<std::string_view>({"Type", "Properties", "Condition", "DependsOn", "Metadata", "DeletionPolicy",
                                     "UpdateReplacePolicy", "UpdatePolicy", "CreationPolicy"});

template <typename Names> bool isOneOf(const Names& names, const std::string& name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

TemplateNode nodeAt(const MapEntry& entry)
{
    TemplateNode at;
    at.line = entry.line;
    at.column = entry.column;
    return at;
}

} // namespace

ProjectBuilder::ProjectBuilder(const LoadOptions& options, DiagnosticCollector& diagnostics,
                               std::filesystem::path rootDir)
    : m_options(options), m_diagnostics(diagnostics), m_rootDir(std::move(rootDir))
{
}

std::optional<Project> ProjectBuilder::build(const TemplateNode& root)
{
    checkTopLevel(root);
    const TemplateNode* resources = root.find("Resources");
    if (!resources) {
        m_diagnostics.error(1, 1, "the template has no Resources section; SAM and CloudFormation require one");
        return std::nullopt;
    }
    if (!resources->isMapping()) {
        m_diagnostics.error(*resources,
                            "Resources must be a map of logical ids to resources, got " + resources->describe());
        return std::nullopt;
    }

    IntrinsicResolver resolver(m_options, m_diagnostics);
    m_parameters = root.find("Parameters");
    resolver.setParameters(readParameters(m_parameters, m_options, m_diagnostics));
    if (const TemplateNode* mappings = root.find("Mappings")) {
        if (mappings->isMapping())
            resolver.setMappings(mappings);
        else
            m_diagnostics.error(*mappings, "Mappings must be a map of map names to maps, got " + mappings->describe());
    }
    resolver.setConditions(root.find("Conditions"));

    ResourceRegistry registry(resolver, m_diagnostics, m_options);
    resolver.setResources(&registry);
    registerResources(*resources, registry);
    registerImplicitResources(registry);
    resolver.evaluateAllConditions();
    applyResourceConditions(registry, resolver);

    TemplateNode globalsFunction;
    if (const TemplateNode* globals = root.find("Globals"))
        globalsFunction = checkGlobals(*globals, m_diagnostics);

    ReaderContext context{m_options, m_rootDir, m_diagnostics, resolver, registry};
    ResourceReader resourceReader(context);
    FunctionReader functionReader(context, globalsFunction);
    Project project;
    project.rootDir = m_rootDir;
    project.region = m_options.region;
    project.accountId = m_options.accountId;
    project.stackName = m_options.stackName;

    // Layers first, so a function's Layers can find them whatever the order in the template.
    for (const auto& entry : registry.entries()) {
        if (entry.kind == ResourceKind::Layer && entry.excludedBy.empty())
            resourceReader.readLayer(entry);
    }
    for (const auto& entry : registry.entries()) {
        if (!entry.excludedBy.empty() || entry.implicit || !entry.definition)
            continue;
        switch (entry.kind) {
        case ResourceKind::Function:
            project.functions.push_back(functionReader.read(entry));
            break;
        case ResourceKind::Queue:
            project.queues.push_back(resourceReader.readQueue(entry));
            break;
        case ResourceKind::Stream:
            project.streams.push_back(resourceReader.readStream(entry));
            break;
        case ResourceKind::Layer:
            break;
        case ResourceKind::Other:
            if (!entry.type.empty()) {
                m_diagnostics.warning(entry.definition->line, entry.definition->column,
                                      "resource type " + entry.type + " of " + entry.logicalId +
                                          " is not emulated; ignored" +
                                          (entry.type == "AWS::Lambda::Function"
                                               ? " (LambdaDesk runs AWS::Serverless::Function resources)"
                                               : ""));
            }
            break;
        }
    }
    checkUniqueNames(project);
    if (m_diagnostics.hasErrors())
        return std::nullopt;
    return project;
}

void ProjectBuilder::checkTopLevel(const TemplateNode& root)
{
    for (const auto& entry : root.entries) {
        if (!isOneOf(kSections, entry.key)) {
            m_diagnostics.warning(entry.line, entry.column,
                                  "unknown top-level section '" + entry.key +
                                      "'; known: AWSTemplateFormatVersion, Transform, Description, Metadata, "
                                      "Parameters, Mappings, Conditions, Rules, Globals, Resources, Outputs; "
                                      "ignored");
        }
    }
    if (const TemplateNode* version = root.find("AWSTemplateFormatVersion")) {
        if (!version->isScalar() || version->scalar != "2010-09-09") {
            m_diagnostics.error(*version, "AWSTemplateFormatVersion must be '2010-09-09', got " + version->describe());
        }
    }
}

void ProjectBuilder::registerResources(const TemplateNode& resources, ResourceRegistry& registry)
{
    static const std::regex kLogicalId("[A-Za-z0-9]+");
    for (const auto& entry : resources.entries) {
        if (!std::regex_match(entry.key, kLogicalId)) {
            m_diagnostics.error(nodeAt(entry),
                                "logical id '" + entry.key + "' must contain only letters and digits (A-Z, a-z, 0-9)");
        }
        if (m_parameters && m_parameters->find(entry.key)) {
            m_diagnostics.error(nodeAt(entry),
                                "resource " + entry.key + " has the same name as a parameter; names must be unique");
        }
        ResourceEntry resource;
        resource.logicalId = entry.key;
        resource.definition = &entry;
        const TemplateNode& definition = entry.value;
        if (!definition.isMapping()) {
            m_diagnostics.error(definition,
                                "resource " + entry.key + " must be a map with a Type, got " + definition.describe());
            registry.add(std::move(resource));
            continue;
        }
        for (const auto& key : definition.entries) {
            if (!isOneOf(kResourceKeys, key.key)) {
                m_diagnostics.warning(key.line, key.column,
                                      "unsupported attribute '" + key.key + "' on resource " + entry.key + "; ignored");
            }
        }
        const TemplateNode* type = definition.find("Type");
        if (!type || !type->isScalar() || type->scalar.empty() || !type->tag.empty()) {
            m_diagnostics.error(type ? *type : definition,
                                "resource " + entry.key + " needs a Type such as AWS::Serverless::Function");
        } else {
            resource.type = type->scalar;
            resource.kind = ResourceRegistry::kindOf(resource.type);
        }
        if (const TemplateNode* properties = definition.find("Properties")) {
            if (properties->isMapping()) {
                resource.properties = properties;
            } else if (!properties->isNull()) {
                m_diagnostics.error(*properties, "Properties of resource " + entry.key + " must be a map, got " +
                                                     properties->describe());
            }
        }
        registry.add(std::move(resource));
    }
}

void ProjectBuilder::registerImplicitResources(ResourceRegistry& registry)
{
    // SAM generates these; templates often refer to them (a function's role, the implicit APIs).
    bool restApi = false;
    bool httpApi = false;
    std::vector<ResourceEntry> implicit;
    for (const auto& entry : registry.entries()) {
        if (entry.kind != ResourceKind::Function)
            continue;
        if (!entry.properties || !entry.properties->find("Role"))
            implicit.push_back(ResourceEntry{
                entry.logicalId + "Role", "AWS::IAM::Role", ResourceKind::Other, nullptr, nullptr, {}, true});
        const TemplateNode* events = entry.properties ? entry.properties->find("Events") : nullptr;
        if (!events || !events->isMapping())
            continue;
        for (const auto& event : events->entries) {
            const TemplateNode* type = event.value.find("Type");
            restApi = restApi || (type && type->scalar == "Api");
            httpApi = httpApi || (type && type->scalar == "HttpApi");
        }
    }
    if (restApi)
        implicit.push_back(
            {"ServerlessRestApi", "AWS::ApiGateway::RestApi", ResourceKind::Other, nullptr, nullptr, {}, true});
    if (httpApi)
        implicit.push_back(
            {"ServerlessHttpApi", "AWS::ApiGatewayV2::Api", ResourceKind::Other, nullptr, nullptr, {}, true});
    for (auto& entry : implicit)
        registry.add(std::move(entry));
}

void ProjectBuilder::applyResourceConditions(ResourceRegistry& registry, IntrinsicResolver& resolver)
{
    std::vector<std::pair<std::string, std::string>> excluded;
    for (const auto& entry : registry.entries()) {
        if (!entry.definition || !entry.definition->value.isMapping())
            continue;
        const TemplateNode* condition = entry.definition->value.find("Condition");
        if (!condition)
            continue;
        if (!condition->isScalar() || !condition->tag.empty()) {
            m_diagnostics.error(*condition, "the Condition of resource " + entry.logicalId +
                                                " must be the name of a condition, got " + condition->describe());
            continue;
        }
        const auto value = resolver.condition(condition->scalar, *condition);
        if (value && !*value)
            excluded.emplace_back(entry.logicalId, condition->scalar);
    }
    for (const auto& [logicalId, condition] : excluded)
        registry.exclude(logicalId, condition);
}

void ProjectBuilder::checkUniqueNames(const Project& project)
{
    auto check = [this](const auto& items, const char* what) {
        std::map<std::string, std::string> seen;
        for (const auto& item : items) {
            if (item.name.empty())
                continue;
            const auto [previous, inserted] = seen.emplace(item.name, item.logicalId);
            if (!inserted) {
                m_diagnostics.error(item.location.line, item.location.column,
                                    std::string(what) + ' ' + item.logicalId + " has the name '" + item.name +
                                        "', which " + previous->second + " already uses; names must be unique");
            }
        }
    };
    check(project.functions, "function");
    check(project.queues, "queue");
    check(project.streams, "stream");
}

} // namespace lambdadesk::core
