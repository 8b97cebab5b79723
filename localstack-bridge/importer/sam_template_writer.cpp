// SPDX-License-Identifier: MIT
#include "importer/sam_template_writer.h"

#include <model/function_name.h>
#include <project/template_writer.h>

#include <yaml-cpp/yaml.h>

#include <set>

namespace lambdadesk::bridge {

using Json = nlohmann::json;

namespace {

void key(YAML::Emitter& out, const char* name)
{
    out << YAML::Key << name << YAML::Value;
}

/// A string from the endpoint: always double-quoted (yaml-cpp escapes what needs it).
void text(YAML::Emitter& out, const std::string& value)
{
    out << YAML::DoubleQuoted << value;
}

void textEntry(YAML::Emitter& out, const char* name, const std::string& value)
{
    key(out, name);
    text(out, value);
}

/// A member whose value is ours (a number, a boolean, a fixed word): written plain.
template <typename T>
void entry(YAML::Emitter& out, const char* name, const T& value)
{
    key(out, name);
    out << value;
}

const Json* find(const Json& object, const char* name, bool (Json::*is)() const noexcept)
{
    if (!object.is_object())
        return nullptr;
    const auto found = object.find(name);
    return found != object.end() && ((*found).*is)() ? &*found : nullptr;
}

std::string stringOf(const Json& object, const char* name)
{
    const auto* value = find(object, name, &Json::is_string);
    return value ? value->get<std::string>() : std::string();
}

/// Copies an integer member, when there is one.
void copyInt(YAML::Emitter& out, const Json& from, const char* name)
{
    if (const auto* value = find(from, name, &Json::is_number_integer))
        entry(out, name, value->get<std::int64_t>());
}

void copyBool(YAML::Emitter& out, const Json& from, const char* name)
{
    if (const auto* value = find(from, name, &Json::is_boolean))
        entry(out, name, value->get<bool>());
}

/// The service of an ARN: arn:<partition>:<service>:…
std::string arnService(const std::string& arn)
{
    const auto first = arn.find(':');
    const auto second = first == std::string::npos ? first : arn.find(':', first + 1);
    const auto third = second == std::string::npos ? second : arn.find(':', second + 1);
    if (!arn.starts_with("arn:") || third == std::string::npos)
        return {};
    return arn.substr(second + 1, third - second - 1);
}

/// The resource's own name: the last ':'- or '/'-separated part.
std::string arnResourceName(const std::string& arn)
{
    return arn.substr(arn.find_last_of(":/") + 1);
}

/// SAM's destination Type for an ARN.
std::string destinationType(const std::string& arn)
{
    const auto service = arnService(arn);
    if (service == "sqs")
        return "SQS";
    if (service == "sns")
        return "SNS";
    if (service == "lambda")
        return "Lambda";
    if (service == "events")
        return "EventBridge";
    if (service == "s3")
        return "S3Bucket";
    return {};
}

void destination(YAML::Emitter& out, const char* name, const std::string& arn)
{
    key(out, name);
    out << YAML::BeginMap;
    if (const auto type = destinationType(arn); !type.empty())
        entry(out, "Type", type);
    textEntry(out, "Destination", arn);
    out << YAML::EndMap;
}

std::string uniqueName(const std::string& base, std::set<std::string>& taken)
{
    auto name = base;
    for (int suffix = 2; taken.contains(name); ++suffix)
        name = base + std::to_string(suffix);
    taken.insert(name);
    return name;
}

void filterCriteria(YAML::Emitter& out, const Json& mapping)
{
    const auto* criteria = find(mapping, "FilterCriteria", &Json::is_object);
    const auto* filters = criteria ? find(*criteria, "Filters", &Json::is_array) : nullptr;
    if (!filters || filters->empty())
        return;
    key(out, "FilterCriteria");
    out << YAML::BeginMap;
    key(out, "Filters");
    out << YAML::BeginSeq;
    for (const auto& filter : *filters) {
        out << YAML::BeginMap;
        textEntry(out, "Pattern", filter.value("Pattern", std::string()));
        out << YAML::EndMap;
    }
    out << YAML::EndSeq << YAML::EndMap;
}

void responseTypes(YAML::Emitter& out, const Json& mapping)
{
    const auto* types = find(mapping, "FunctionResponseTypes", &Json::is_array);
    if (!types || types->empty())
        return;
    key(out, "FunctionResponseTypes");
    out << YAML::BeginSeq;
    for (const auto& type : *types) {
        if (type.is_string())
            text(out, type.get<std::string>());
    }
    out << YAML::EndSeq;
}

bool mappable(const Json& mapping)
{
    const auto service = arnService(stringOf(mapping, "EventSourceArn"));
    return service == "sqs" || service == "kinesis";
}

/// One SQS or Kinesis mapping as an entry of Events.
void writeEvent(YAML::Emitter& out, const Json& mapping, std::set<std::string>& names)
{
    const auto arn = stringOf(mapping, "EventSourceArn");
    const auto service = arnService(arn);
    const bool sqs = service == "sqs";
    out << YAML::Key << uniqueName((sqs ? "Queue" : "Stream") + logicalIdFor(arnResourceName(arn)), names)
        << YAML::Value << YAML::BeginMap;
    entry(out, "Type", (sqs ? "SQS" : "Kinesis"));
    key(out, "Properties");
    out << YAML::BeginMap;
    textEntry(out, sqs ? "Queue" : "Stream", arn);
    if (!sqs) {
        if (const auto position = stringOf(mapping, "StartingPosition"); !position.empty())
            textEntry(out, "StartingPosition", position);
        if (const auto* timestamp = find(mapping, "StartingPositionTimestamp", &Json::is_number))
            entry(out, "StartingPositionTimestamp", timestamp->get<double>());
    }
    copyInt(out, mapping, "BatchSize");
    copyInt(out, mapping, "MaximumBatchingWindowInSeconds");
    const auto state = stringOf(mapping, "State");
    entry(out, "Enabled", (state != "Disabled" && state != "Disabling"));
    filterCriteria(out, mapping);
    responseTypes(out, mapping);
    if (sqs) {
        const auto* scaling = find(mapping, "ScalingConfig", &Json::is_object);
        if (scaling && find(*scaling, "MaximumConcurrency", &Json::is_number_integer)) {
            key(out, "ScalingConfig");
            out << YAML::BeginMap;
            copyInt(out, *scaling, "MaximumConcurrency");
            out << YAML::EndMap;
        }
    } else {
        copyInt(out, mapping, "ParallelizationFactor");
        copyBool(out, mapping, "BisectBatchOnFunctionError");
        copyInt(out, mapping, "MaximumRetryAttempts");
        copyInt(out, mapping, "MaximumRecordAgeInSeconds");
        copyInt(out, mapping, "TumblingWindowInSeconds");
        const auto* config = find(mapping, "DestinationConfig", &Json::is_object);
        const auto* onFailure = config ? find(*config, "OnFailure", &Json::is_object) : nullptr;
        if (const auto target = onFailure ? stringOf(*onFailure, "Destination") : std::string(); !target.empty()) {
            key(out, "DestinationConfig");
            out << YAML::BeginMap;
            destination(out, "OnFailure", target);
            out << YAML::EndMap;
        }
    }
    out << YAML::EndMap << YAML::EndMap;
}

void writeEventInvokeConfig(YAML::Emitter& out, const Json& config)
{
    key(out, "EventInvokeConfig");
    out << YAML::BeginMap;
    copyInt(out, config, "MaximumRetryAttempts");
    copyInt(out, config, "MaximumEventAgeInSeconds");
    const auto* destinations = find(config, "DestinationConfig", &Json::is_object);
    std::string onSuccess;
    std::string onFailure;
    if (destinations) {
        if (const auto* success = find(*destinations, "OnSuccess", &Json::is_object))
            onSuccess = stringOf(*success, "Destination");
        if (const auto* failure = find(*destinations, "OnFailure", &Json::is_object))
            onFailure = stringOf(*failure, "Destination");
    }
    if (!onSuccess.empty() || !onFailure.empty()) {
        key(out, "DestinationConfig");
        out << YAML::BeginMap;
        if (!onSuccess.empty())
            destination(out, "OnSuccess", onSuccess);
        if (!onFailure.empty())
            destination(out, "OnFailure", onFailure);
        out << YAML::EndMap;
    }
    out << YAML::EndMap;
}

void writeStringMap(YAML::Emitter& out, const Json& map, bool skipReserved)
{
    out << YAML::BeginMap;
    for (const auto& [name, value] : map.items()) {
        if (skipReserved && name.starts_with("aws:"))
            continue;  // set by AWS (CloudFormation's own tags); a template may not
        out << YAML::Key << YAML::DoubleQuoted << name << YAML::Value;
        text(out, value.is_string() ? value.get<std::string>() : value.dump());
    }
    out << YAML::EndMap;
}

void writeFunction(YAML::Emitter& out, const ImportedFunction& function, std::vector<std::string>& notes)
{
    const auto& configuration = function.configuration;
    const auto name = stringOf(configuration, "FunctionName");
    out << YAML::BeginMap;
    entry(out, "Type", "AWS::Serverless::Function");
    key(out, "Properties");
    out << YAML::BeginMap;
    textEntry(out, "FunctionName", name);
    textEntry(out, "CodeUri", "functions/" + name);
    if (const auto handler = stringOf(configuration, "Handler"); !handler.empty())
        textEntry(out, "Handler", handler);
    textEntry(out, "Runtime", stringOf(configuration, "Runtime"));
    if (const auto description = stringOf(configuration, "Description"); !description.empty())
        textEntry(out, "Description", description);
    copyInt(out, configuration, "MemorySize");
    copyInt(out, configuration, "Timeout");
    if (const auto* architectures = find(configuration, "Architectures", &Json::is_array);
        architectures && architectures->size() == 1 && (*architectures)[0].is_string()) {
        key(out, "Architectures");
        out << YAML::BeginSeq;
        text(out, (*architectures)[0].get<std::string>());
        out << YAML::EndSeq;
    }
    const auto* environment = find(configuration, "Environment", &Json::is_object);
    const auto* variables = environment ? find(*environment, "Variables", &Json::is_object) : nullptr;
    if (variables && !variables->empty()) {
        key(out, "Environment");
        out << YAML::BeginMap;
        key(out, "Variables");
        writeStringMap(out, *variables, false);
        out << YAML::EndMap;
    }
    if (function.tags.is_object() && !function.tags.empty()) {
        key(out, "Tags");
        writeStringMap(out, function.tags, true);
    }
    if (function.reservedConcurrency)
        entry(out, "ReservedConcurrentExecutions", *function.reservedConcurrency);
    if (function.eventInvokeConfig)
        writeEventInvokeConfig(out, *function.eventInvokeConfig);
    if (const auto* deadLetter = find(configuration, "DeadLetterConfig", &Json::is_object)) {
        if (const auto target = stringOf(*deadLetter, "TargetArn"); !target.empty()) {
            key(out, "DeadLetterQueue");
            out << YAML::BeginMap;
            entry(out, "Type", (arnService(target) == "sns" ? "SNS" : "SQS"));
            textEntry(out, "TargetArn", target);
            out << YAML::EndMap;
        }
    }
    std::vector<const Json*> events;
    for (const auto& mapping : function.mappings) {
        if (mappable(mapping)) {
            events.push_back(&mapping);
            continue;
        }
        const auto arn = stringOf(mapping, "EventSourceArn");
        notes.push_back("function " + name + ": the event source mapping " + stringOf(mapping, "UUID") + " from " +
                        (arn.empty() ? std::string("an unnamed source") : arn) +
                        " was not imported: LambdaDesk maps SQS queues and Kinesis streams");
    }
    if (!events.empty()) {
        key(out, "Events");
        out << YAML::BeginMap;
        std::set<std::string> names;
        for (const auto* mapping : events)
            writeEvent(out, *mapping, names);
        out << YAML::EndMap;
    }
    out << YAML::EndMap << YAML::EndMap;
}

/// The endpoint URL for a comment line: no control characters.
std::string printable(std::string text)
{
    for (auto& c : text) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = '?';
    }
    return text;
}

}  // namespace

std::string logicalIdFor(const std::string& name)
{
    return core::logicalIdForName(name);
}

SamTemplate writeSamTemplate(const std::vector<ImportedFunction>& functions, const std::string& endpointUrl)
{
    SamTemplate result;
    const auto source = printable(endpointUrl);
    YAML::Emitter out;
    out.SetIndent(2);
    out << YAML::BeginMap;
    textEntry(out, "AWSTemplateFormatVersion", "2010-09-09");
    entry(out, "Transform", "AWS::Serverless-2016-10-31");
    textEntry(out, "Description", "Functions imported from " + source + " by lambdadesk-cli import");
    key(out, "Resources");
    out << YAML::BeginMap;
    std::set<std::string> ids;
    for (const auto& function : functions) {
        out << YAML::Key << uniqueName(logicalIdFor(stringOf(function.configuration, "FunctionName")), ids)
            << YAML::Value;
        writeFunction(out, function, result.notes);
    }
    out << YAML::EndMap << YAML::EndMap;

    result.yaml = "# Imported from " + source +
                  " by lambdadesk-cli import. Each function's code is in functions/<name>/.\n"
                  "# NOT created by this template: the SQS queues and Kinesis streams its Events read from, and the\n"
                  "# destinations and dead-letter queues it names. They stay where they were imported from, and their\n"
                  "# ARNs keep that endpoint's account and region. For LambdaDesk to serve a queue or stream itself,\n"
                  "# add an AWS::SQS::Queue or AWS::Kinesis::Stream resource with the same name and refer to it.\n" +
                  std::string(out.c_str()) + "\n";
    return result;
}

}  // namespace lambdadesk::bridge
