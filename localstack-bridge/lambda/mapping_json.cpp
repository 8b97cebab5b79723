// SPDX-License-Identifier: MIT
#include "lambda/mapping_json.h"

#include "lambda/function_json.h"

#include <model/function_name.h>

namespace lambdadesk::bridge {

using core::Error;
using core::EventSourceMappingConfig;
using Json = nlohmann::json;

namespace {

Error invalid(const std::string& message)
{
    return Error{"InvalidParameterValueException", message};
}

core::Expected<void> readRange(const Json& input, const char* name, int minimum, int maximum, int& out)
{
    auto value = member(input, name, Json::value_t::number_integer);
    if (!value)
        return value.error();
    if (!*value)
        return {};
    const auto number = (*value)->get<std::int64_t>();
    if (number < minimum || number > maximum)
        return invalid(std::string(name) + " must be between " + std::to_string(minimum) + " and " +
                       std::to_string(maximum) + " (got " + std::to_string(number) + ")");
    out = static_cast<int>(number);
    return {};
}

core::Expected<void> readBool(const Json& input, const char* name, bool& out)
{
    auto value = member(input, name, Json::value_t::boolean);
    if (!value)
        return value.error();
    if (*value)
        out = (*value)->get<bool>();
    return {};
}

}  // namespace

core::Expected<void> applyMappingInput(const Json& input, EventSourceMappingConfig& config, bool creating)
{
    if (!input.is_object())
        return Error{"InvalidRequestContentException", "Could not parse request body into json: expected an object"};
    if (auto function = member(input, "FunctionName", Json::value_t::string); !function) {
        return function.error();
    } else if (*function) {
        // As written (a full ARN names its region); the handler resolves it to the function's key.
        config.functionName = core::unqualifiedIdentifier((*function)->get<std::string>());
    } else if (creating) {
        return Error{"ValidationException", "1 validation error detected: Value null at 'functionName' failed to "
                                            "satisfy constraint: Member must not be null"};
    }
    if (auto arn = member(input, "EventSourceArn", Json::value_t::string); !arn) {
        return arn.error();
    } else if (*arn && creating) {
        config.eventSourceArn = (*arn)->get<std::string>();
        if (config.eventSourceArn.starts_with("arn:aws:sqs:"))
            config.source = EventSourceMappingConfig::Source::Sqs;
        else if (config.eventSourceArn.starts_with("arn:aws:kinesis:"))
            config.source = EventSourceMappingConfig::Source::Kinesis;
        else
            return invalid("Unsupported event source type for " + config.eventSourceArn +
                           ": LambdaDesk maps SQS queues (arn:aws:sqs:…) and Kinesis streams (arn:aws:kinesis:…)");
        config.batchSize = core::defaultBatchSize(config.source);
    } else if (*arn) {
        if ((*arn)->get<std::string>() != config.eventSourceArn)
            return invalid("EventSourceArn cannot be changed; delete the mapping and create a new one");
    } else if (creating) {
        return invalid("EventSourceArn is required (an SQS queue or Kinesis stream ARN)");
    }
    const bool kinesis = config.source == EventSourceMappingConfig::Source::Kinesis;
    if (auto checked = readBool(input, "Enabled", config.enabled); !checked)
        return checked;
    if (auto checked = readRange(input, "BatchSize", 1, 10000, config.batchSize); !checked)
        return checked;
    if (auto checked = readRange(input, "MaximumBatchingWindowInSeconds", 0, 300, config.maximumBatchingWindowSeconds);
        !checked)
        return checked;
    if (auto filters = member(input, "FilterCriteria", Json::value_t::object); !filters) {
        return filters.error();
    } else if (*filters) {
        config.filterPatterns.clear();
        for (const auto& filter : (*filters)->value("Filters", Json::array())) {
            if (!filter.is_object() || !filter.contains("Pattern") || !filter["Pattern"].is_string())
                return invalid("Invalid filter pattern definition.");
            config.filterPatterns.push_back(filter["Pattern"].get<std::string>());
        }
        if (config.filterPatterns.size() > 5)
            return invalid("The number of filters in FilterCriteria exceeds the limit of 5");
    }
    if (auto types = member(input, "FunctionResponseTypes", Json::value_t::array); !types) {
        return types.error();
    } else if (*types) {
        config.reportBatchItemFailures = false;
        for (const auto& type : **types) {
            if (type != "ReportBatchItemFailures")
                return Error{"ValidationException", "1 validation error detected: Value '" + type.dump() +
                                                        "' at 'functionResponseTypes' failed to satisfy constraint: "
                                                        "Member must satisfy enum value set: [ReportBatchItemFailures]"};
            config.reportBatchItemFailures = true;
        }
    }
    if (auto scaling = member(input, "ScalingConfig", Json::value_t::object); !scaling) {
        return scaling.error();
    } else if (*scaling) {
        if ((*scaling)->contains("MaximumConcurrency")) {
            int maximum = 0;
            if (auto checked = readRange(**scaling, "MaximumConcurrency", 2, 1000, maximum); !checked)
                return checked;
            config.maximumConcurrency = maximum;
        } else {
            config.maximumConcurrency.reset();
        }
    }
    if (kinesis) {
        if (auto position = member(input, "StartingPosition", Json::value_t::string); !position) {
            return position.error();
        } else if (*position && creating) {
            config.startingPosition = (*position)->get<std::string>();
            if (config.startingPosition != "TRIM_HORIZON" && config.startingPosition != "LATEST" &&
                config.startingPosition != "AT_TIMESTAMP")
                return invalid("StartingPosition must be TRIM_HORIZON, LATEST or AT_TIMESTAMP");
        } else if (creating) {
            return invalid("1 validation error detected: Value null at 'startingPosition' failed to satisfy "
                           "constraint: Member must not be null (TRIM_HORIZON, LATEST or AT_TIMESTAMP)");
        }
        if (const auto found = input.find("StartingPositionTimestamp"); found != input.end() && found->is_number())
            config.startingPositionTimestamp = found->get<double>();
        if (config.startingPosition == "AT_TIMESTAMP" && !config.startingPositionTimestamp)
            return invalid("StartingPositionTimestamp is required with StartingPosition AT_TIMESTAMP");
        if (auto checked = readRange(input, "ParallelizationFactor", 1, 10, config.parallelizationFactor); !checked)
            return checked;
        if (auto checked = readBool(input, "BisectBatchOnFunctionError", config.bisectBatchOnFunctionError); !checked)
            return checked;
        if (auto checked = readRange(input, "MaximumRetryAttempts", -1, 10000, config.maximumRetryAttempts); !checked)
            return checked;
        if (auto checked = readRange(input, "MaximumRecordAgeInSeconds", -1, 604800, config.maximumRecordAgeInSeconds);
            !checked)
            return checked;
        if (config.maximumRecordAgeInSeconds >= 0 && config.maximumRecordAgeInSeconds < 60)
            return invalid("MaximumRecordAgeInSeconds must be -1 or between 60 and 604800");
        if (auto checked = readRange(input, "TumblingWindowInSeconds", 0, 900, config.tumblingWindowInSeconds); !checked)
            return checked;
        if (auto destination = member(input, "DestinationConfig", Json::value_t::object); !destination) {
            return destination.error();
        } else if (*destination) {
            config.onFailureArn = (*destination)->value("OnFailure", Json::object()).value("Destination", std::string());
        }
    } else {
        for (const char* streamOnly : {"StartingPosition", "ParallelizationFactor", "BisectBatchOnFunctionError",
                                       "MaximumRetryAttempts", "MaximumRecordAgeInSeconds", "TumblingWindowInSeconds"}) {
            if (input.contains(streamOnly))
                return invalid(std::string("Unsupported ") + streamOnly +
                               " parameter for the SQS event source: it applies to streams only");
        }
        if (config.batchSize > 10 && config.maximumBatchingWindowSeconds < 1)
            return invalid("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
    }
    return {};
}

Json mappingJson(const core::MappingStatus& status, const std::string& functionArn, double lastModified)
{
    const auto& config = status.config;
    const bool kinesis = config.source == EventSourceMappingConfig::Source::Kinesis;
    Json out = {{"UUID", config.uuid},
                {"BatchSize", config.batchSize},
                {"MaximumBatchingWindowInSeconds", config.maximumBatchingWindowSeconds},
                {"EventSourceArn", config.eventSourceArn},
                {"FunctionArn", functionArn},
                {"LastModified", lastModified},
                {"LastProcessingResult", status.metrics.batches > 0 ? "OK" : "No records processed"},
                {"State", status.state},
                {"StateTransitionReason", kinesis ? "User action" : "USER_INITIATED"},
                {"FunctionResponseTypes", config.reportBatchItemFailures ? Json::array({"ReportBatchItemFailures"})
                                                                          : Json::array()}};
    if (!config.filterPatterns.empty()) {
        Json filters = Json::array();
        for (const auto& pattern : config.filterPatterns)
            filters.push_back({{"Pattern", pattern}});
        out["FilterCriteria"] = {{"Filters", filters}};
    }
    if (config.maximumConcurrency)
        out["ScalingConfig"] = {{"MaximumConcurrency", *config.maximumConcurrency}};
    if (kinesis) {
        out["StartingPosition"] = config.startingPosition;
        if (config.startingPositionTimestamp)
            out["StartingPositionTimestamp"] = *config.startingPositionTimestamp;
        out["ParallelizationFactor"] = config.parallelizationFactor;
        out["BisectBatchOnFunctionError"] = config.bisectBatchOnFunctionError;
        out["MaximumRetryAttempts"] = config.maximumRetryAttempts;
        out["MaximumRecordAgeInSeconds"] = config.maximumRecordAgeInSeconds;
        out["TumblingWindowInSeconds"] = config.tumblingWindowInSeconds;
        out["DestinationConfig"] = {
            {"OnFailure", config.onFailureArn.empty() ? Json::object() : Json{{"Destination", config.onFailureArn}}}};
    }
    return out;
}

}  // namespace lambdadesk::bridge
