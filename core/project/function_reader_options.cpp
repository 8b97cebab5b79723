// SPDX-License-Identifier: MIT
// FunctionReader: Environment, Layers, EventInvokeConfig, DeadLetterQueue, Architectures and Events.
#include "project/diagnostic_collector.h"
#include "project/function_reader.h"
#include "project/local_folder.h"

#include <algorithm>
#include <array>
#include <regex>

namespace lambdadesk::core {
namespace {

constexpr std::size_t kMaxEnvironmentBytes = 4096;
constexpr std::size_t kMaxLayers = 5;

// Lambda sets these itself and refuses them in a function's configuration.
constexpr std::array<std::string_view, 16> kReservedVariables = {"AWS_REGION",
                                                                 "AWS_DEFAULT_REGION",
                                                                 "AWS_EXECUTION_ENV",
                                                                 "AWS_LAMBDA_FUNCTION_NAME",
                                                                 "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                                                                 "AWS_LAMBDA_FUNCTION_VERSION",
                                                                 "AWS_LAMBDA_INITIALIZATION_TYPE",
                                                                 "AWS_LAMBDA_LOG_GROUP_NAME",
                                                                 "AWS_LAMBDA_LOG_STREAM_NAME",
                                                                 "AWS_ACCESS_KEY",
                                                                 "AWS_ACCESS_KEY_ID",
                                                                 "AWS_SECRET_ACCESS_KEY",
                                                                 "AWS_SESSION_TOKEN",
                                                                 "AWS_LAMBDA_RUNTIME_API",
                                                                 "LAMBDA_TASK_ROOT",
                                                                 "LAMBDA_RUNTIME_DIR"};

constexpr std::array<std::string_view, 6> kEmulatedEventTypes = {"SQS",        "Kinesis", "Schedule",
                                                                 "ScheduleV2", "Api",     "HttpApi"};

} // namespace

void FunctionReader::readEnvironment(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config)
{
    if (!reader.expectMapping(value, "Environment"))
        return;
    warnUnknownKeys(value, {"Variables"}, "Environment", reader);
    const TemplateNode* variables = value.find("Variables");
    if (!variables || !reader.expectMapping(*variables, "Environment.Variables"))
        return;

    static const std::regex kVariableName("[a-zA-Z]([a-zA-Z0-9_])+");
    std::size_t totalBytes = 0;
    for (const auto& entry : variables->entries) {
        TemplateNode keyAt;
        keyAt.line = entry.line;
        keyAt.column = entry.column;
        if (!std::regex_match(entry.key, kVariableName)) {
            reader.error(keyAt, "environment variable name '" + entry.key +
                                    "' is not valid; names start with a letter and continue with at least one "
                                    "letter, digit or underscore");
            continue;
        }
        if (std::find(kReservedVariables.begin(), kReservedVariables.end(), entry.key) != kReservedVariables.end()) {
            reader.error(keyAt, "environment variable " + entry.key + " is reserved; Lambda sets it itself");
            continue;
        }
        std::string text;
        if (entry.value.isScalar()) {
            text = entry.value.scalar;
        } else if (!entry.value.isNull()) {
            if (!entry.value.isInvalid()) {
                reader.error(entry.value, "Environment.Variables." + entry.key +
                                              " must be a string, number or boolean, got " + entry.value.describe());
            }
            continue;
        }
        totalBytes += entry.key.size() + text.size();
        config.environment[entry.key] = std::move(text);
    }
    if (totalBytes > kMaxEnvironmentBytes) {
        reader.error(*variables, "Environment.Variables total " + std::to_string(totalBytes) +
                                     " bytes; Lambda allows at most 4 KB (4096 bytes) of names and values");
    }
}

void FunctionReader::readLayers(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config)
{
    if (!reader.expectSequence(value, "Layers"))
        return;
    if (value.items.size() > kMaxLayers)
        reader.error(value, "Layers lists " + std::to_string(value.items.size()) + " layers; Lambda allows at most 5");
    for (const auto& item : value.items) {
        const auto layer = reader.string(item, "Layers item");
        if (!layer)
            continue;
        if (const auto* folder = m_context.registry.localLayer(*layer)) {
            config.layers.push_back(*folder);
            continue;
        }
        if (m_context.registry.isBrokenLocalLayer(*layer))
            continue;
        if (layer->rfind("arn:", 0) == 0) {
            m_context.diagnostics.warning(item, "layer " + *layer + " is not available locally; skipped");
            continue;
        }
        if (auto folder = localFolder(m_context, item, reader.owner(), "Layers item"))
            config.layers.push_back(std::move(*folder));
    }
}

void FunctionReader::readEventInvokeConfig(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config)
{
    if (!reader.expectMapping(value, "EventInvokeConfig"))
        return;
    warnUnknownKeys(value, {"MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig"},
                    "EventInvokeConfig", reader);
    EventInvokeConfig invokeConfig;
    if (const TemplateNode* retries = value.find("MaximumRetryAttempts")) {
        if (const auto number = reader.integer(*retries, "EventInvokeConfig.MaximumRetryAttempts", 0, 2))
            invokeConfig.maximumRetryAttempts = static_cast<int>(*number);
    }
    if (const TemplateNode* age = value.find("MaximumEventAgeInSeconds")) {
        if (const auto number = reader.integer(*age, "EventInvokeConfig.MaximumEventAgeInSeconds", 60, 21600))
            invokeConfig.maximumEventAgeSeconds = static_cast<int>(*number);
    }
    if (const TemplateNode* destinations = value.find("DestinationConfig")) {
        if (reader.expectMapping(*destinations, "EventInvokeConfig.DestinationConfig")) {
            warnUnknownKeys(*destinations, {"OnSuccess", "OnFailure"}, "EventInvokeConfig.DestinationConfig", reader);
            if (const TemplateNode* onSuccess = destinations->find("OnSuccess"))
                readDestination(*onSuccess, "EventInvokeConfig.DestinationConfig.OnSuccess", reader,
                                invokeConfig.onSuccessArn);
            if (const TemplateNode* onFailure = destinations->find("OnFailure"))
                readDestination(*onFailure, "EventInvokeConfig.DestinationConfig.OnFailure", reader,
                                invokeConfig.onFailureArn);
        }
    }
    config.eventInvokeConfig = std::move(invokeConfig);
}

void FunctionReader::readDestination(const TemplateNode& value, const std::string& property, PropertyReader& reader,
                                     std::string& arn)
{
    if (!reader.expectMapping(value, property))
        return;
    warnUnknownKeys(value, {"Type", "Destination"}, property, reader);
    if (const TemplateNode* type = value.find("Type")) {
        static constexpr std::array<std::string_view, 5> kTypes = {"SQS", "SNS", "Lambda", "EventBridge", "S3Bucket"};
        const auto text = reader.string(*type, property + ".Type");
        if (text && std::find(kTypes.begin(), kTypes.end(), *text) == kTypes.end())
            reader.error(*type,
                         property + ".Type must be SQS, SNS, Lambda, EventBridge or S3Bucket, got '" + *text + '\'');
    }
    const TemplateNode* destination = value.find("Destination");
    if (!destination) {
        reader.warning(value, property + " has no Destination; SAM would create one when deploying, LambdaDesk "
                                         "does not, so it is ignored");
        return;
    }
    if (const auto text = reader.string(*destination, property + ".Destination"))
        arn = *text;
}

void FunctionReader::readDeadLetterQueue(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config)
{
    if (!reader.expectMapping(value, "DeadLetterQueue"))
        return;
    warnUnknownKeys(value, {"Type", "TargetArn"}, "DeadLetterQueue", reader);
    const TemplateNode* type = value.find("Type");
    const TemplateNode* target = value.find("TargetArn");
    if (!type || !target) {
        reader.error(value, "DeadLetterQueue needs Type (SQS or SNS) and TargetArn");
        return;
    }
    const auto typeText = reader.string(*type, "DeadLetterQueue.Type");
    const auto targetText = reader.string(*target, "DeadLetterQueue.TargetArn");
    if (!typeText || !targetText)
        return;
    if (*typeText != "SQS" && *typeText != "SNS") {
        reader.error(*type, "DeadLetterQueue.Type must be SQS or SNS, got '" + *typeText + '\'');
        return;
    }
    config.deadLetter = DeadLetterConfig{*typeText, *targetText};
}

void FunctionReader::readArchitectures(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config)
{
    if (!reader.expectSequence(value, "Architectures"))
        return;
    if (value.items.size() != 1) {
        reader.error(value, "Architectures must list exactly one of x86_64 or arm64, got " +
                                std::to_string(value.items.size()) + " items");
        return;
    }
    const auto architecture = reader.string(value.items.front(), "Architectures item");
    if (!architecture)
        return;
    if (*architecture != "x86_64" && *architecture != "arm64") {
        reader.error(value.items.front(), "Architectures must be x86_64 or arm64, got '" + *architecture + '\'');
        return;
    }
    config.architecture = *architecture;
}

void FunctionReader::readEvents(const TemplateNode& value, PropertyReader& reader, FunctionConfig& config)
{
    if (!reader.expectMapping(value, "Events"))
        return;
    for (const auto& entry : value.entries) {
        const TemplateNode& event = entry.value;
        const std::string where = "Events." + entry.key;
        if (!reader.expectMapping(event, where))
            continue;
        warnUnknownKeys(event, {"Type", "Properties"}, where, reader);
        const TemplateNode* type = event.find("Type");
        if (!type) {
            reader.error(event, where + " needs a Type (SQS, Kinesis, Schedule, ScheduleV2, Api, HttpApi, ...)");
            continue;
        }
        EventSourceConfig source;
        source.name = entry.key;
        source.location = SourceLocation{m_context.diagnostics.fileName(), entry.line, entry.column};
        const auto typeText = reader.string(*type, where + ".Type");
        if (!typeText)
            continue;
        source.type = *typeText;
        source.properties = nlohmann::json::object();
        if (const TemplateNode* properties = event.find("Properties")) {
            if (!reader.expectMapping(*properties, where + ".Properties"))
                continue;
            source.properties = toJson(*properties);
        }
        if (std::find(kEmulatedEventTypes.begin(), kEmulatedEventTypes.end(), source.type) ==
            kEmulatedEventTypes.end()) {
            m_context.diagnostics.warning(*type, "event " + entry.key + " of " + reader.owner() + " has type " +
                                                     source.type +
                                                     ", which is not emulated; it is kept but never triggers");
        }
        config.events.push_back(std::move(source));
    }
}

} // namespace lambdadesk::core
