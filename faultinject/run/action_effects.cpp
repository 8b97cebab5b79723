// SPDX-License-Identifier: MIT
#include "run/action_effects.h"

#include "template/action_catalog.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace lambdadesk::faults {
namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

std::set<std::string> commaList(const std::string& text, bool lowerCase)
{
    std::set<std::string> items;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty() && item != "*")
            items.insert(lowerCase ? lower(item) : item);
    }
    return items;
}

}  // namespace

ActionEffect::Group ActionEffect::group() const
{
    switch (kind) {
    case Kind::Delay: return Group::Delay;
    case Kind::Error:
    case Kind::HttpResponse: return Group::Response;
    case Kind::Crash:
    case Kind::Timeout: return Group::Kill;
    case Kind::ColdStart: return Group::ColdStart;
    case Kind::ConcurrencyLimit: return Group::Concurrency;
    case Kind::ApiLatency: return Group::ApiLatency;
    case Kind::ApiError: return Group::ApiError;
    case Kind::DeliveryDelay: return Group::DeliveryDelay;
    case Kind::DeliveryDuplicate: return Group::DeliveryDuplicate;
    case Kind::Wait: return Group::None;
    }
    return Group::None;
}

bool ActionEffect::matchesCall(const std::string& service, const std::string& operation) const
{
    return (services.empty() || services.contains(lower(service))) &&
           (operations.empty() || operations.contains(operation));
}

std::string ActionEffect::describe() const
{
    const auto ms = [](std::chrono::milliseconds value) { return std::to_string(value.count()) + " ms"; };
    switch (kind) {
    case Kind::Delay: return "startup delay " + ms(delay);
    case Kind::Error: return preventExecution ? "invocation error (handler not run)" : "invocation error (handler ran)";
    case Kind::HttpResponse:
        return "HTTP " + std::to_string(statusCode) + " response" +
               (preventExecution ? " (handler not run)" : " (handler ran)");
    case Kind::Crash: return "environment crashed " + ms(delay) + " into the invoke";
    case Kind::Timeout: return "forced timeout " + ms(delay) + " into the invoke";
    case Kind::ColdStart: return "forced cold start (idle environments recycled)";
    case Kind::ConcurrencyLimit: return "throttled (concurrency limited to " + std::to_string(reservedConcurrency) + ")";
    case Kind::ApiLatency: return "downstream call slowed by " + ms(delay);
    case Kind::ApiError:
        return "downstream call answered " + std::to_string(statusCode) + " " +
               (errorCode.empty() ? std::string("(the service's own error code)") : errorCode);
    case Kind::DeliveryDelay: return "batch delivery held " + ms(delay);
    case Kind::DeliveryDuplicate: return "batch delivered " + std::to_string(copies + 1) + " times";
    case Kind::Wait: return "wait";
    }
    return {};
}

core::Expected<ActionEffect> readActionEffect(const ExperimentAction& action)
{
    const ActionSpec* spec = findAction(action.actionId);
    if (!spec)
        return core::Error{"ValidationException", "unknown action " + action.actionId};
    const auto value = [&](const std::string& name) {
        if (auto found = action.parameters.find(name); found != action.parameters.end())
            return found->second;
        for (const auto& parameter : spec->parameters) {
            if (parameter.name == name)
                return parameter.defaultValue;
        }
        return std::string();
    };
    const auto integer = [&](const std::string& name, int fallback) {
        const auto text = value(name);
        try {
            return text.empty() ? fallback : std::stoi(text);
        } catch (const std::exception&) {
            return fallback;
        }
    };
    ActionEffect effect;
    static const std::pair<const char*, ActionEffect::Kind> kKinds[] = {
        {"aws:lambda:invocation-add-delay", ActionEffect::Kind::Delay},
        {"aws:lambda:invocation-error", ActionEffect::Kind::Error},
        {"aws:lambda:invocation-http-integration-response", ActionEffect::Kind::HttpResponse},
        {"aws:fis:wait", ActionEffect::Kind::Wait},
        {"lambdadesk:invocation-crash", ActionEffect::Kind::Crash},
        {"lambdadesk:invocation-timeout", ActionEffect::Kind::Timeout},
        {"lambdadesk:cold-start", ActionEffect::Kind::ColdStart},
        {"lambdadesk:concurrency-limit", ActionEffect::Kind::ConcurrencyLimit},
        {"lambdadesk:api-latency", ActionEffect::Kind::ApiLatency},
        {"lambdadesk:api-error", ActionEffect::Kind::ApiError},
        {"lambdadesk:delivery-delay", ActionEffect::Kind::DeliveryDelay},
        {"lambdadesk:delivery-duplicate", ActionEffect::Kind::DeliveryDuplicate}};
    const auto kind = std::find_if(std::begin(kKinds), std::end(kKinds),
                                   [&](const auto& entry) { return action.actionId == entry.first; });
    if (kind == std::end(kKinds))
        return core::Error{"ValidationException", "action " + action.actionId + " has no effect LambdaDesk knows"};
    effect.kind = kind->second;
    const auto duration = parseIsoDuration(value("duration"));
    if (!duration)
        return core::Error{"ValidationException", "action " + action.actionId + ": duration '" + value("duration") +
                                                      "' is not an ISO 8601 duration such as PT1M"};
    effect.duration = *duration;
    const bool delivery =
        effect.kind == ActionEffect::Kind::DeliveryDelay || effect.kind == ActionEffect::Kind::DeliveryDuplicate;
    effect.percentage = integer(delivery ? "deliveryPercentage" : "invocationPercentage", 100);
    effect.preventExecution = value("preventExecution") == "true";
    effect.statusCode = integer("statusCode", 0);
    effect.contentType = value("contentTypeHeader");
    effect.errorCode = value("errorCode");
    effect.reservedConcurrency = integer("reservedConcurrency", 0);
    switch (effect.kind) {
    case ActionEffect::Kind::Delay: effect.delay = std::chrono::milliseconds(integer("startupDelayMilliseconds", 1000)); break;
    case ActionEffect::Kind::Crash:
    case ActionEffect::Kind::Timeout: effect.delay = std::chrono::milliseconds(integer("afterMilliseconds", 0)); break;
    case ActionEffect::Kind::ApiLatency: effect.delay = std::chrono::milliseconds(integer("latencyMilliseconds", 1000)); break;
    case ActionEffect::Kind::DeliveryDelay: effect.delay = std::chrono::milliseconds(integer("delayMilliseconds", 5000)); break;
    case ActionEffect::Kind::DeliveryDuplicate: effect.copies = integer("copies", 1); break;
    default: break;
    }
    if (effect.kind == ActionEffect::Kind::ApiLatency || effect.kind == ActionEffect::Kind::ApiError) {
        effect.services = commaList(value("services"), true);
        effect.operations = commaList(value("operations"), false);
    }
    return effect;
}

}  // namespace lambdadesk::faults
