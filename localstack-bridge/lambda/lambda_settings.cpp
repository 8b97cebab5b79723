// SPDX-License-Identifier: MIT
// Put/Get/DeleteFunctionConcurrency, the EventInvokeConfig operations, GetAccountSettings and the tag
// operations: settings stored on the function's configuration, so the engine applies them.
#include "lambda/function_json.h"
#include "lambda/lambda_handler.h"

#include <engine.h>
#include <model/function_name.h>

#include <chrono>

namespace lambdadesk::bridge {

using core::net::HttpResponse;
using Json = nlohmann::json;

namespace {

/// Lambda keeps this much of the account's concurrency unreserved.
constexpr int kMinimumUnreserved = 100;

HttpResponse noContent()
{
    HttpResponse response;
    response.status = 204;
    return response;
}

double nowSeconds()
{
    using namespace std::chrono;
    return static_cast<double>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()) / 1000.0;
}

/// The concurrency reserved in `region` by functions other than `except`: each region has its own account limit.
int reservedByOthers(const core::Engine& engine, const std::string& except, const std::string& region)
{
    int total = 0;
    for (const auto& function : engine.functions()) {
        if (function.name != except && function.reservedConcurrency &&
            core::regionOfFunctionKey(function.name, engine.options().region) == region)
            total += *function.reservedConcurrency;
    }
    return total;
}

/// An optional integer member of `body` within [min, max] (nullopt when absent), or the error Lambda gives:
/// the type error from member(), or a ValidationException naming `field` (the member in camelCase).
core::Expected<std::optional<int>> boundedInteger(const Json& body, const char* name, const char* field,
                                                  std::int64_t min, std::int64_t max)
{
    auto found = member(body, name, Json::value_t::number_integer);
    if (!found)
        return found.error();
    if (!*found)
        return std::optional<int>();
    const auto value = (*found)->get<std::int64_t>();
    if (value < min || value > max)
        return core::Error{"ValidationException", "1 validation error detected: Value '" + std::to_string(value) +
                                                      "' at '" + field +
                                                      "' failed to satisfy constraint: Member must have value "
                                                      "between " +
                                                      std::to_string(min) + " and " + std::to_string(max)};
    return std::optional<int>(static_cast<int>(value));
}

}  // namespace

HttpResponse LambdaHandler::putConcurrency(const LambdaCall& call, const std::string& name)
{
    auto target = functionAndBody(call, name);
    if (!target)
        return error(call, target.error());
    auto& [function, body] = *target;
    auto value = requiredMember(*body, "ReservedConcurrentExecutions", "reservedConcurrentExecutions",
                                Json::value_t::number_integer);
    if (!value)
        return error(call, value.error());
    const auto reserved = (*value)->get<std::int64_t>();
    if (reserved < 0)
        return error(call, 400, "ValidationException",
                     "1 validation error detected: Value '" + std::to_string(reserved) +
                         "' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value "
                         "greater than or equal to 0");
    const int account = m_engine.options().accountConcurrency;
    if (reservedByOthers(m_engine, function->name, regionOf(*function)) + reserved > account - kMinimumUnreserved)
        return error(call, 400, "InvalidParameterValueException",
                     "Specified ReservedConcurrentExecutions for function decreases account's "
                     "UnreservedConcurrentExecution below its minimum value of [" +
                         std::to_string(kMinimumUnreserved) + "].");
    auto updated = *function;
    updated.reservedConcurrency = static_cast<int>(reserved);
    if (auto failed = applySettings(call, updated))
        return std::move(*failed);
    return ok(200, Json{{"ReservedConcurrentExecutions", reserved}});
}

HttpResponse LambdaHandler::getConcurrency(const LambdaCall& call, const std::string& name)
{
    auto function = findFunction(call, name);
    if (!function)
        return error(call, function.error());
    if (!function->reservedConcurrency)
        return ok(200, Json::object());
    return ok(200, Json{{"ReservedConcurrentExecutions", *function->reservedConcurrency}});
}

HttpResponse LambdaHandler::deleteConcurrency(const LambdaCall& call, const std::string& name)
{
    auto function = findFunction(call, name);
    if (!function)
        return error(call, function.error());
    auto updated = *function;
    updated.reservedConcurrency.reset();
    if (auto failed = applySettings(call, updated))
        return std::move(*failed);
    return noContent();
}

HttpResponse LambdaHandler::putEventInvokeConfig(const LambdaCall& call, const std::string& name, bool merge)
{
    auto target = functionAndBody(call, name);
    if (!target)
        return error(call, target.error());
    auto& [function, body] = *target;
    if (merge && !function->eventInvokeConfig)
        return error(call, 404, "ResourceNotFoundException",
                     "The function " + function->arn + " doesn't have an EventInvokeConfig");
    // PUT replaces the whole configuration (omitted settings return to their defaults); POST merges.
    core::EventInvokeConfig config = merge ? *function->eventInvokeConfig : core::EventInvokeConfig{};
    auto retries = boundedInteger(*body, "MaximumRetryAttempts", "maximumRetryAttempts", 0, 2);
    if (!retries)
        return error(call, retries.error());
    if (*retries)
        config.maximumRetryAttempts = **retries;
    auto age = boundedInteger(*body, "MaximumEventAgeInSeconds", "maximumEventAgeInSeconds", 60, 21600);
    if (!age)
        return error(call, age.error());
    if (*age)
        config.maximumEventAgeSeconds = **age;
    if (auto destinations = member(*body, "DestinationConfig", Json::value_t::object); !destinations) {
        return error(call, destinations.error());
    } else if (*destinations) {
        for (const auto& [key, target] : {std::pair{"OnSuccess", &config.onSuccessArn},
                                          std::pair{"OnFailure", &config.onFailureArn}}) {
            const auto found = (*destinations)->find(key);
            if (found == (*destinations)->end())
                continue;
            const auto arn = found->is_object() ? found->value("Destination", std::string()) : std::string();
            const bool supported = arn.empty() || arn.starts_with("arn:aws:sqs:") || arn.starts_with("arn:aws:sns:") ||
                                   arn.starts_with("arn:aws:lambda:") || arn.starts_with("arn:aws:events:");
            if (!supported)
                return error(call, 400, "InvalidParameterValueException",
                             "The destination ARN " + arn + " is invalid: use an SQS queue, SNS topic, Lambda "
                             "function or EventBridge event bus ARN");
            *target = arn;
        }
    }
    auto updated = *function;
    updated.eventInvokeConfig = config;
    if (auto failed = applySettings(call, updated))
        return std::move(*failed);
    return ok(200, eventInvokeConfigJson(config, updated.arn, nowSeconds()));
}

HttpResponse LambdaHandler::getEventInvokeConfig(const LambdaCall& call, const std::string& name)
{
    auto function = findFunction(call, name);
    if (!function)
        return error(call, function.error());
    if (!function->eventInvokeConfig)
        return error(call, 404, "ResourceNotFoundException",
                     "The function " + function->arn + " doesn't have an EventInvokeConfig");
    return ok(200, eventInvokeConfigJson(*function->eventInvokeConfig, function->arn, nowSeconds()));
}

HttpResponse LambdaHandler::deleteEventInvokeConfig(const LambdaCall& call, const std::string& name)
{
    auto function = findFunction(call, name);
    if (!function)
        return error(call, function.error());
    if (!function->eventInvokeConfig)
        return error(call, 404, "ResourceNotFoundException",
                     "The function " + function->arn + " doesn't have an EventInvokeConfig");
    auto updated = *function;
    updated.eventInvokeConfig.reset();
    if (auto failed = applySettings(call, updated))
        return std::move(*failed);
    return noContent();
}

HttpResponse LambdaHandler::listEventInvokeConfigs(const LambdaCall& call, const std::string& name)
{
    auto function = findFunction(call, name);
    if (!function)
        return error(call, function.error());
    Json list = Json::array();
    if (function->eventInvokeConfig)
        list.push_back(eventInvokeConfigJson(*function->eventInvokeConfig, function->arn, nowSeconds()));
    return ok(200, Json{{"FunctionEventInvokeConfigs", list}});
}

HttpResponse LambdaHandler::getAccountSettings(const LambdaCall& call)
{
    // Per region, as AWS reports them: the request's region's limit, reservations, functions and code.
    const int account = m_engine.options().accountConcurrency;
    std::vector<core::FunctionConfig> functions;
    for (auto& function : m_engine.functions()) {
        if (inRegion(call, function))
            functions.push_back(std::move(function));
    }
    std::int64_t codeBytes = 0;
    for (const auto& function : functions)
        codeBytes += m_functions.record(function).codeSize;
    return ok(200, Json{{"AccountLimit",
                         {{"TotalCodeSize", 80530636800LL},
                          {"CodeSizeUnzipped", 262144000},
                          {"CodeSizeZipped", 52428800},
                          {"ConcurrentExecutions", account},
                          {"UnreservedConcurrentExecutions",
                           account - reservedByOthers(m_engine, {}, call.context.region)}}},
                        {"AccountUsage", {{"TotalCodeSize", codeBytes}, {"FunctionCount", functions.size()}}}});
}

HttpResponse LambdaHandler::tagResource(const LambdaCall& call, const std::string& arn)
{
    auto target = functionAndBody(call, arn);
    if (!target)
        return error(call, target.error());
    auto& [function, body] = *target;
    auto tags = requiredMember(*body, "Tags", "tags", Json::value_t::object);
    if (!tags)
        return error(call, tags.error());
    auto updated = *function;
    for (const auto& [key, value] : (*tags)->items()) {
        if (!value.is_string())
            return error(call, 400, "InvalidParameterValueException", "Tag values must be strings (tag " + key + ")");
        updated.tags[key] = value.get<std::string>();
    }
    if (updated.tags.size() > 50)
        return error(call, 400, "InvalidParameterValueException", "A function can have at most 50 tags");
    if (auto failed = applySettings(call, updated))
        return std::move(*failed);
    return noContent();
}

HttpResponse LambdaHandler::untagResource(const LambdaCall& call, const std::string& arn)
{
    auto function = findFunction(call, arn);
    if (!function)
        return error(call, function.error());
    auto updated = *function;
    for (const auto& [key, value] : call.query) {
        if (key == "tagKeys")
            updated.tags.erase(value);
    }
    if (auto failed = applySettings(call, updated))
        return std::move(*failed);
    return noContent();
}

HttpResponse LambdaHandler::listTags(const LambdaCall& call, const std::string& arn)
{
    auto function = findFunction(call, arn);
    if (!function)
        return error(call, function.error());
    return ok(200, Json{{"Tags", function->tags}});
}

}  // namespace lambdadesk::bridge
