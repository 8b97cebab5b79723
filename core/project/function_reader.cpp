// SPDX-License-Identifier: MIT
#include "project/function_reader.h"

#include "model/function_name.h"
#include "project/diagnostic_collector.h"
#include "project/globals.h"
#include "project/inline_code.h"
#include "project/local_folder.h"
#include "project/name_list.h"
#include "project/runtimes.h"

#include <algorithm>
#include <limits>
#include <regex>

namespace lambdadesk::core {
namespace {

const std::vector<std::string_view> kHandledProperties = {
    "Runtime",       "Handler",    "CodeUri",           "InlineCode",      "FunctionName",
    "Description",   "MemorySize", "Timeout",           "Environment",     "ReservedConcurrentExecutions",
    "Layers",        "Tags",       "EventInvokeConfig", "DeadLetterQueue", "ProvisionedConcurrencyConfig",
    "Architectures", "Events",     "PackageType",       "ImageUri",        "ImageConfig"};

// Valid SAM that changes nothing when the function runs on this machine.
const std::vector<std::string_view> kAcceptedProperties = {"AssumeRolePolicyDocument",
                                                           "AutoPublishAlias",
                                                           "AutoPublishAliasAllProperties",
                                                           "AutoPublishCodeSha256",
                                                           "CodeSigningConfigArn",
                                                           "DeploymentPreference",
                                                           "EphemeralStorage",
                                                           "FileSystemConfigs",
                                                           "FunctionUrlConfig",
                                                           "KmsKeyArn",
                                                           "LoggingConfig",
                                                           "PermissionsBoundary",
                                                           "Policies",
                                                           "PropagateTags",
                                                           "RecursiveLoop",
                                                           "Role",
                                                           "RolePath",
                                                           "RuntimeManagementConfig",
                                                           "SnapStart",
                                                           "SourceKMSKeyArn",
                                                           "Tracing",
                                                           "VersionDescription",
                                                           "VersionDeletionPolicy",
                                                           "VpcConfig"};

constexpr int kMaxDescriptionLength = 256;

} // namespace

FunctionReader::FunctionReader(ReaderContext& context, const TemplateNode& globalsFunction)
    : m_context(context), m_globals(globalsFunction)
{
}

FunctionConfig FunctionReader::read(const ResourceEntry& resource)
{
    FunctionConfig config;
    config.logicalId = resource.logicalId;
    config.location =
        SourceLocation{m_context.diagnostics.fileName(), resource.definition->line, resource.definition->column};

    const TemplateNode merged = mergeFunctionGlobals(m_globals, resource.properties);
    const std::string owner = "function " + resource.logicalId;
    const ResolvedProperties properties(&merged, kHandledProperties, kAcceptedProperties, owner, m_context.resolver,
                                        m_context.diagnostics);
    PropertyReader reader(m_context.diagnostics, owner);

    readIdentity(resource, properties, reader, config);
    readCode(resource, properties, reader, config);
    readLimits(properties, reader, config);
    if (const TemplateNode* value = properties.get("Environment"))
        readEnvironment(*value, reader, config);
    if (const TemplateNode* value = properties.get("Layers"))
        readLayers(*value, reader, config);
    if (const TemplateNode* value = properties.get("Tags")) {
        if (auto tags = reader.stringMap(*value, "Tags"))
            config.tags = std::move(*tags);
    }
    if (const TemplateNode* value = properties.get("EventInvokeConfig"))
        readEventInvokeConfig(*value, reader, config);
    if (const TemplateNode* value = properties.get("DeadLetterQueue"))
        readDeadLetterQueue(*value, reader, config);
    if (const TemplateNode* value = properties.get("Architectures"))
        readArchitectures(*value, reader, config);
    if (const TemplateNode* value = properties.get("Events"))
        readEvents(*value, reader, config);
    return config;
}

void FunctionReader::readIdentity(const ResourceEntry& resource, const ResolvedProperties& properties,
                                  PropertyReader& reader, FunctionConfig& config)
{
    if (const auto name = m_context.registry.physicalName(resource.logicalId)) {
        static const std::regex kFunctionName("[a-zA-Z0-9_-]{1,64}");
        if (!std::regex_match(*name, kFunctionName)) {
            const TemplateNode* at = properties.get("FunctionName");
            reader.error(at ? *at : resource.definition->value,
                         "FunctionName must be 1 to 64 letters, digits, hyphens or underscores, got '" + *name + '\'');
        }
        config.name = *name;
        config.arn = functionArn(m_context.options.region, m_context.options.accountId, *name);
    }
    if (const TemplateNode* value = properties.get("Description")) {
        if (auto description = reader.string(*value, "Description")) {
            if (description->size() > kMaxDescriptionLength) {
                reader.error(*value, "Description must be at most " + std::to_string(kMaxDescriptionLength) +
                                         " characters, got " + std::to_string(description->size()));
            }
            config.description = std::move(*description);
        }
    }
}

void FunctionReader::readCode(const ResourceEntry& resource, const ResolvedProperties& properties,
                              PropertyReader& reader, FunctionConfig& config)
{
    const TemplateNode& where = resource.definition->value;
    std::string packageType = "Zip";
    if (const TemplateNode* value = properties.get("PackageType"))
        packageType = reader.string(*value, "PackageType").value_or("Zip");
    if (packageType == "Image" || properties.get("ImageUri")) {
        const TemplateNode* at =
            properties.get("PackageType") ? properties.get("PackageType") : properties.get("ImageUri");
        reader.error(*at, "container image functions (PackageType Image) are not supported; use PackageType Zip "
                          "with a local CodeUri folder and a Runtime");
        return;
    }
    if (packageType != "Zip") {
        reader.error(*properties.get("PackageType"), "PackageType must be Zip, got '" + packageType + '\'');
        return;
    }
    if (const TemplateNode* value = properties.get("ImageConfig"))
        reader.warning(*value, "ImageConfig only applies to container images; ignored");

    bool runtimeOk = false;
    if (const TemplateNode* value = properties.get("Runtime")) {
        if (auto runtime = reader.string(*value, "Runtime")) {
            if (isSupportedRuntime(*runtime)) {
                runtimeOk = true;
                config.runtime = std::move(*runtime);
            } else {
                reader.error(*value,
                             "unsupported Runtime '" + *runtime + "'; supported: " + joinNames(supportedRuntimes()));
            }
        }
    } else if (!properties.failed("Runtime")) {
        reader.error(where, "Runtime is required (one of " + joinNames(supportedRuntimes()) + ')');
    }

    if (const TemplateNode* value = properties.get("Handler")) {
        if (auto handler = reader.string(*value, "Handler"))
            config.handler = std::move(*handler);
    } else if (runtimeOk && !isProvidedRuntime(config.runtime) && !properties.failed("Handler")) {
        reader.error(where, "Handler is required for runtime " + config.runtime +
                                (config.runtime.rfind("python", 0) == 0 ? " (module.function, e.g. app.handler)"
                                                                        : " (file.export, e.g. index.handler)"));
    }

    const TemplateNode* codeUri = properties.get("CodeUri");
    const TemplateNode* inlineCode = properties.get("InlineCode");
    if (codeUri && inlineCode) {
        reader.error(*inlineCode, "set either CodeUri or InlineCode, not both");
        return;
    }
    if (codeUri) {
        if (auto folder = localFolder(m_context, *codeUri, reader.owner(), "CodeUri"))
            config.codeDir = std::move(*folder);
    } else if (inlineCode) {
        const auto code = reader.string(*inlineCode, "InlineCode");
        if (!code || !runtimeOk)
            return;
        auto folder = writeInlineCode(m_context.rootDir, resource.logicalId, config.runtime, *code);
        if (folder)
            config.codeDir = std::move(*folder);
        else
            reader.error(*inlineCode, folder.error().message);
    } else if (!properties.failed("CodeUri") && !properties.failed("InlineCode")) {
        reader.error(where, "CodeUri (a local folder relative to the template) or InlineCode is required");
    }
}

void FunctionReader::readLimits(const ResolvedProperties& properties, PropertyReader& reader, FunctionConfig& config)
{
    constexpr long long kMaxInt = std::numeric_limits<int>::max();
    if (const TemplateNode* value = properties.get("MemorySize")) {
        if (const auto memory = reader.integer(*value, "MemorySize", 128, 10240))
            config.memoryMb = static_cast<int>(*memory);
    }
    if (const TemplateNode* value = properties.get("Timeout")) {
        if (const auto timeout = reader.integer(*value, "Timeout", 1, 900))
            config.timeoutSeconds = static_cast<int>(*timeout);
    }
    if (const TemplateNode* value = properties.get("ReservedConcurrentExecutions")) {
        if (const auto reserved = reader.integer(*value, "ReservedConcurrentExecutions", 0, kMaxInt))
            config.reservedConcurrency = static_cast<int>(*reserved);
    }
    if (const TemplateNode* value = properties.get("ProvisionedConcurrencyConfig")) {
        if (!reader.expectMapping(*value, "ProvisionedConcurrencyConfig"))
            return;
        warnUnknownKeys(*value, {"ProvisionedConcurrentExecutions"}, "ProvisionedConcurrencyConfig", reader);
        const TemplateNode* count = value->find("ProvisionedConcurrentExecutions");
        if (!count) {
            reader.error(*value,
                         "ProvisionedConcurrencyConfig needs ProvisionedConcurrentExecutions (an integer from 0)");
            return;
        }
        const auto provisioned =
            reader.integer(*count, "ProvisionedConcurrencyConfig.ProvisionedConcurrentExecutions", 0, kMaxInt);
        if (!provisioned)
            return;
        config.provisionedConcurrency = static_cast<int>(*provisioned);
        if (config.reservedConcurrency && *provisioned > *config.reservedConcurrency) {
            reader.error(*count, "ProvisionedConcurrentExecutions (" + std::to_string(*provisioned) +
                                     ") cannot exceed ReservedConcurrentExecutions (" +
                                     std::to_string(*config.reservedConcurrency) + ')');
        }
    }
}

void FunctionReader::warnUnknownKeys(const TemplateNode& map, std::initializer_list<std::string_view> known,
                                     const std::string& where, PropertyReader& reader)
{
    for (const auto& entry : map.entries) {
        if (std::find(known.begin(), known.end(), entry.key) != known.end())
            continue;
        m_context.diagnostics.warning(entry.line, entry.column,
                                      "unsupported property '" + where + '.' + entry.key + "' on " + reader.owner() +
                                          "; ignored");
    }
}

} // namespace lambdadesk::core
