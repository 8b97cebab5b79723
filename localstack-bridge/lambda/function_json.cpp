// SPDX-License-Identifier: MIT
#include "lambda/function_json.h"

#include <model/function_name.h>

#include <runtime/runtime_catalog.h>

#include <chrono>
#include <ctime>
#include <regex>

namespace lambdadesk::bridge {

using core::Error;
using Json = nlohmann::json;

namespace {

const char* typeName(Json::value_t type)
{
    switch (type) {
    case Json::value_t::string: return "String";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "int";
    case Json::value_t::boolean: return "boolean";
    case Json::value_t::array: return "List";
    case Json::value_t::object: return "Map";
    default: return "value";
    }
}

Error validation(const std::string& value, const std::string& field, const std::string& constraint)
{
    return Error{"ValidationException", "1 validation error detected: Value '" + value + "' at '" + field +
                                            "' failed to satisfy constraint: " + constraint};
}

core::Expected<void> readInt(const Json& input, const char* name, const char* field, int minimum, int maximum,
                             int& out)
{
    auto value = member(input, name, Json::value_t::number_integer);
    if (!value)
        return value.error();
    if (!*value)
        return {};
    const auto number = (*value)->get<std::int64_t>();
    if (number < minimum)
        return validation(std::to_string(number), field,
                          "Member must have value greater than or equal to " + std::to_string(minimum));
    if (number > maximum)
        return validation(std::to_string(number), field,
                          "Member must have value less than or equal to " + std::to_string(maximum));
    out = static_cast<int>(number);
    return {};
}

}  // namespace

std::string lambdaTimestamp()
{
    const auto now = std::chrono::system_clock::now();
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[64];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
    char result[80];
    std::snprintf(result, sizeof result, "%s.%03lld+0000", buffer, static_cast<long long>(millis));
    return result;
}

core::Expected<const Json*> member(const Json& object, const char* name, Json::value_t type)
{
    const auto found = object.find(name);
    if (found == object.end() || found->is_null())
        return static_cast<const Json*>(nullptr);
    const bool integerWanted = type == Json::value_t::number_integer;
    const bool matches = integerWanted ? found->is_number_integer() : found->type() == type;
    if (!matches) {
        return Error{"InvalidRequestContentException",
                     std::string("Could not parse request body into json: Cannot deserialize value of type `") +
                         typeName(type) + "` from " + typeName(found->type()) + " for field '" + name + "'"};
    }
    return &*found;
}

core::Expected<const Json*> requiredMember(const Json& object, const char* name, const char* field, Json::value_t type)
{
    auto found = member(object, name, type);
    if (found && !*found)
        return Error{"ValidationException", std::string("1 validation error detected: Value null at '") + field +
                                                "' failed to satisfy constraint: Member must not be null"};
    return found;
}

Json functionConfigurationJson(const core::FunctionConfig& function, const FunctionRecord& record)
{
    Json variables = Json::object();
    for (const auto& [name, value] : function.environment)
        variables[name] = value;
    Json configuration = {
        {"FunctionName", core::awsFunctionName(function.name)},
        {"FunctionArn", function.arn},
        {"Runtime", function.runtime},
        {"Role", record.role},
        {"Handler", function.handler},
        {"CodeSize", record.codeSize},
        {"Description", function.description},
        {"Timeout", function.timeoutSeconds},
        {"MemorySize", function.memoryMb},
        {"LastModified", record.lastModified},
        {"CodeSha256", record.codeSha256},
        {"Version", "$LATEST"},
        {"TracingConfig", {{"Mode", record.tracingMode}}},
        {"RevisionId", record.revisionId},
        {"State", record.state},
        {"LastUpdateStatus", record.lastUpdateStatus},
        {"PackageType", "Zip"},
        {"Architectures", Json::array({function.architecture})},
        {"EphemeralStorage", {{"Size", record.ephemeralStorageMb}}},
        {"SnapStart", {{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}}},
        {"LoggingConfig", {{"LogFormat", "Text"}, {"LogGroup", "/aws/lambda/" + core::awsFunctionName(function.name)}}},
    };
    if (!variables.empty())
        configuration["Environment"] = {{"Variables", variables}};
    if (function.deadLetter)
        configuration["DeadLetterConfig"] = {{"TargetArn", function.deadLetter->targetArn}};
    if (record.state == "Pending") {
        configuration["StateReason"] = "The function is being created.";
        configuration["StateReasonCode"] = "Creating";
    }
    if (record.lastUpdateStatus == "InProgress") {
        configuration["LastUpdateStatusReason"] = "The function is being created.";
        configuration["LastUpdateStatusReasonCode"] = "Creating";
    }
    return configuration;
}

core::Expected<void> applyConfigurationInput(const Json& input, core::FunctionConfig& function, FunctionRecord& record)
{
    if (!input.is_object())
        return Error{"InvalidRequestContentException", "Could not parse request body into json: expected an object"};
    if (auto runtime = member(input, "Runtime", Json::value_t::string); !runtime) {
        return runtime.error();
    } else if (*runtime) {
        const auto name = (*runtime)->get<std::string>();
        if (auto family = core::runtimeFamily(name); !family)
            return Error{"InvalidParameterValueException",
                         "The runtime parameter of " + name + " is not supported by LambdaDesk: " +
                             family.error().message};
        function.runtime = name;
    }
    if (auto handler = member(input, "Handler", Json::value_t::string); !handler) {
        return handler.error();
    } else if (*handler) {
        const auto text = (*handler)->get<std::string>();
        if (text.size() > 128 || !std::regex_match(text, std::regex(R"([^\s]+)")))
            return validation(text, "handler", "Member must satisfy regular expression pattern: [^\\s]+");
        function.handler = text;
    }
    if (auto role = member(input, "Role", Json::value_t::string); !role) {
        return role.error();
    } else if (*role) {
        const auto text = (*role)->get<std::string>();
        if (!std::regex_match(text, std::regex(R"(arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+)")))
            return validation(text, "role",
                              "Member must satisfy regular expression pattern: "
                              "arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
        record.role = text;
    }
    if (auto description = member(input, "Description", Json::value_t::string); !description) {
        return description.error();
    } else if (*description) {
        function.description = (*description)->get<std::string>();
        if (function.description.size() > 256)
            return validation(function.description, "description", "Member must have length less than or equal to 256");
    }
    if (auto timeout = readInt(input, "Timeout", "timeout", 1, 900, function.timeoutSeconds); !timeout)
        return timeout;
    if (auto memory = readInt(input, "MemorySize", "memorySize", 128, 10240, function.memoryMb); !memory)
        return memory;
    if (auto environment = member(input, "Environment", Json::value_t::object); !environment) {
        return environment.error();
    } else if (*environment) {
        auto variables = member(**environment, "Variables", Json::value_t::object);
        if (!variables)
            return variables.error();
        std::map<std::string, std::string> parsed;
        std::size_t bytes = 0;
        if (*variables) {
            for (const auto& [name, value] : (*variables)->items()) {
                if (!value.is_string())
                    return Error{"InvalidRequestContentException",
                                 "Could not parse request body into json: environment variable " + name +
                                     " must be a string"};
                if (!std::regex_match(name, std::regex("[a-zA-Z]([a-zA-Z0-9_])+")))
                    return validation(name, "environment.variables",
                                      "Map keys must satisfy constraint: [Member must satisfy regular expression "
                                      "pattern: [a-zA-Z]([a-zA-Z0-9_])+]");
                bytes += name.size() + value.get<std::string>().size();
                parsed[name] = value.get<std::string>();
            }
        }
        if (bytes > 4096)
            return Error{"InvalidParameterValueException",
                         "Lambda was unable to configure your environment variables because the environment "
                         "variables you have provided exceeded the 4KB limit. String measured: " +
                             std::to_string(bytes)};
        function.environment = std::move(parsed);
    }
    if (auto deadLetter = member(input, "DeadLetterConfig", Json::value_t::object); !deadLetter) {
        return deadLetter.error();
    } else if (*deadLetter) {
        const auto target = (*deadLetter)->value("TargetArn", std::string());
        if (target.empty()) {
            function.deadLetter.reset();
        } else {
            const bool sqs = target.starts_with("arn:aws:sqs:");
            if (!sqs && !target.starts_with("arn:aws:sns:"))
                return Error{"InvalidParameterValueException",
                             "The provided target arn is invalid: " + target + " (an SQS queue or SNS topic ARN)"};
            function.deadLetter = core::DeadLetterConfig{sqs ? "SQS" : "SNS", target};
        }
    }
    if (auto tracing = member(input, "TracingConfig", Json::value_t::object); !tracing) {
        return tracing.error();
    } else if (*tracing) {
        const auto mode = (*tracing)->value("Mode", std::string("PassThrough"));
        if (mode != "Active" && mode != "PassThrough")
            return validation(mode, "tracingConfig.mode", "Member must satisfy enum value set: [Active, PassThrough]");
        record.tracingMode = mode;
    }
    if (auto storage = member(input, "EphemeralStorage", Json::value_t::object); !storage) {
        return storage.error();
    } else if (*storage) {
        if (auto size = readInt(**storage, "Size", "ephemeralStorage.size", 512, 10240, record.ephemeralStorageMb); !size)
            return size;
    }
    if (auto architectures = member(input, "Architectures", Json::value_t::array); !architectures) {
        return architectures.error();
    } else if (*architectures) {
        const auto& list = **architectures;
        if (list.size() != 1 || !list[0].is_string() ||
            (list[0].get<std::string>() != "x86_64" && list[0].get<std::string>() != "arm64"))
            return validation(list.dump(), "architectures",
                              "Member must have length 1 and satisfy enum value set: [x86_64, arm64]");
        function.architecture = list[0].get<std::string>();
    }
    return {};
}

Json eventInvokeConfigJson(const core::EventInvokeConfig& config, const std::string& functionArn, double lastModified)
{
    Json destinations = {{"OnSuccess", Json::object()}, {"OnFailure", Json::object()}};
    if (!config.onSuccessArn.empty())
        destinations["OnSuccess"] = {{"Destination", config.onSuccessArn}};
    if (!config.onFailureArn.empty())
        destinations["OnFailure"] = {{"Destination", config.onFailureArn}};
    return {{"LastModified", lastModified},
            {"FunctionArn", functionArn + ":$LATEST"},
            {"MaximumRetryAttempts", config.maximumRetryAttempts},
            {"MaximumEventAgeInSeconds", config.maximumEventAgeSeconds},
            {"DestinationConfig", destinations}};
}

}  // namespace lambdadesk::bridge
