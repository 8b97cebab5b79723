// SPDX-License-Identifier: MIT
// The actions LambdaDesk runs: FIS's three Lambda actions and aws:fis:wait with FIS's parameters, and the local
// `lambdadesk:` ones. checkParameter holds the one place a parameter's string value is judged.
#include "template/action_catalog.h"

#include "template/template_fields.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace lambdadesk::faults {
namespace {

using detail::inQuotes;

constexpr const char* kFunction = "aws:lambda:function";

ParameterSpec duration()
{
    ParameterSpec spec;
    spec.name = "duration";
    spec.description = "How long the action runs, as an ISO 8601 duration such as PT1M or PT30S.";
    spec.kind = ParameterSpec::Kind::Duration;
    spec.required = true;
    return spec;
}

ParameterSpec integer(std::string name, std::string description, std::int64_t min, std::int64_t max,
                      std::string defaultValue, bool required = false)
{
    ParameterSpec spec;
    spec.name = std::move(name);
    spec.description = std::move(description);
    spec.kind = ParameterSpec::Kind::Integer;
    spec.required = required;
    spec.min = min;
    spec.max = max;
    spec.defaultValue = std::move(defaultValue);
    return spec;
}

ParameterSpec text(std::string name, std::string description, std::string defaultValue)
{
    ParameterSpec spec;
    spec.name = std::move(name);
    spec.description = std::move(description);
    spec.kind = ParameterSpec::Kind::String;
    spec.defaultValue = std::move(defaultValue);
    return spec;
}

ParameterSpec invocationPercentage()
{
    return integer("invocationPercentage", "The percentage of invocations the fault hits, from 1 to 100.", 1, 100,
                   "100");
}

ParameterSpec callPercentage()
{
    return integer("invocationPercentage", "The percentage of matching service calls the fault hits, from 1 to 100.", 1,
                   100, "100");
}

ParameterSpec deliveryPercentage()
{
    return integer("deliveryPercentage",
                   "The percentage of the batches that SQS and Kinesis mappings deliver to the target's functions "
                   "the fault hits, from 1 to 100.",
                   1, 100, "100");
}

ParameterSpec preventExecution()
{
    ParameterSpec spec;
    spec.name = "preventExecution";
    spec.description = "When true, the function code does not run for a hit invocation.";
    spec.kind = ParameterSpec::Kind::Boolean;
    spec.defaultValue = "false";
    return spec;
}

ParameterSpec afterMilliseconds(const std::string& what)
{
    return integer("afterMilliseconds", "Milliseconds after the function code starts before the " + what + ".", 0,
                   900'000, "0");
}

ParameterSpec services()
{
    return text("services", "The services whose calls are hit, as a comma list such as sqs,kinesis,lambda; * for all.",
                "*");
}

ParameterSpec operations()
{
    return text("operations",
                "The operations whose calls are hit, as a comma list such as SendMessage,PutRecord; * for all.", "*");
}

std::vector<ActionSpec> buildCatalog()
{
    std::vector<ActionSpec> catalog;
    catalog.push_back(
        {"aws:lambda:invocation-add-delay",
         "Delays the start of the function code for a share of invocations.",
         kFunction,
         true,
         {duration(), invocationPercentage(),
          integer("startupDelayMilliseconds", "Milliseconds to wait before the function code runs, from 0 to 900000.",
                  0, 900'000, "1000")}});
    catalog.push_back({"aws:lambda:invocation-error",
                       "Marks a share of invocations as failed.",
                       kFunction,
                       true,
                       {duration(), invocationPercentage(), preventExecution()}});
    catalog.push_back(
        {"aws:lambda:invocation-http-integration-response",
         "Replaces the response of a share of invocations with an HTTP integration response (ALB, API Gateway, "
         "VPC Lattice).",
         kFunction,
         true,
         {duration(), invocationPercentage(), preventExecution(),
          integer("statusCode", "The HTTP status code of the response, from 0 to 999.", 0, 999, "", true),
          text("contentTypeHeader", "The Content-Type header of the response.", "application/json")}});
    catalog.push_back(
        {"aws:fis:wait", "Waits for the duration; other actions can start after it.", "", false, {duration()}});

    catalog.push_back({"lambdadesk:invocation-crash",
                       "Kills the execution environment in the middle of a share of invocations.",
                       kFunction,
                       true,
                       {duration(), invocationPercentage(), afterMilliseconds("environment is killed")}});
    catalog.push_back({"lambdadesk:invocation-timeout",
                       "Makes a share of invocations time out.",
                       kFunction,
                       true,
                       {duration(), invocationPercentage(), afterMilliseconds("invocation times out")}});
    catalog.push_back({"lambdadesk:cold-start",
                       "Recycles warm execution environments so that a share of invocations start cold.",
                       kFunction,
                       true,
                       {duration(), invocationPercentage()}});
    catalog.push_back({"lambdadesk:concurrency-limit",
                       "Throttles invocations beyond a reserved concurrency.",
                       kFunction,
                       true,
                       {duration(), integer("reservedConcurrency",
                                            "The concurrent invocations allowed; the ones beyond are throttled.", 0,
                                            1000, "", true)}});
    catalog.push_back(
        {"lambdadesk:api-latency",
         "Delays AWS service calls (all callers, or the target's functions when a target is given).",
         kFunction,
         false,
         {duration(), callPercentage(),
          integer("latencyMilliseconds", "Milliseconds added to each hit call, from 0 to 60000.", 0, 60'000, "1000"),
          services(), operations()}});
    catalog.push_back({"lambdadesk:api-error",
                       "Fails AWS service calls with an error (all callers, or the target's functions when a target "
                       "is given).",
                       kFunction,
                       false,
                       {duration(), callPercentage(),
                        integer("statusCode", "The HTTP status code of the error, from 400 to 599.", 400, 599, "503"),
                        text("errorCode",
                             "The AWS error code returned. Left out, the service's own for the status: "
                             "ServiceUnavailable for 503 and InternalFailure for other 5xx (Lambda: ServiceException), "
                             "for 429 its throttling error (Kinesis ProvisionedThroughputExceededException on "
                             "PutRecord, PutRecords, GetRecords and GetShardIterator, LimitExceededException on other "
                             "operations; SQS RequestThrottled; Lambda TooManyRequestsException; others "
                             "ThrottlingException), InjectedFault for other 4xx.",
                             ""),
                        services(), operations()}});
    catalog.push_back(
        {"lambdadesk:delivery-delay",
         "Holds batches that SQS and Kinesis event source mappings deliver to the target's functions; their "
         "messages stay in flight meanwhile.",
         kFunction,
         true,
         {duration(), deliveryPercentage(),
          integer("delayMilliseconds", "Milliseconds a hit batch waits before the invoke, from 0 to 900000.", 0,
                  900'000, "5000")}});
    catalog.push_back(
        {"lambdadesk:delivery-duplicate",
         "Delivers batches of SQS and Kinesis event source mappings more than once, as at-least-once delivery "
         "may; the original invocation's outcome decides what is deleted or checkpointed.",
         kFunction,
         true,
         {duration(), deliveryPercentage(),
          integer("copies", "Extra deliveries of each hit batch, from 1 to 10.", 1, 10, "1")}});
    return catalog;
}

std::string integerRange(const ParameterSpec& spec)
{
    return "an integer from " + std::to_string(spec.min) + " to " + std::to_string(spec.max);
}

std::optional<std::string> checkInteger(const ParameterSpec& spec, const std::string& value)
{
    std::int64_t number = 0;
    const char* first = value.data();
    const char* last = value.data() + value.size();
    const auto [end, status] = std::from_chars(first, last, number);
    // from_chars takes a leading '-' but no '+' or spaces, as FIS's integer strings.
    const bool valid = status == std::errc{} || status == std::errc::result_out_of_range;
    if (!valid || end != last || value.empty())
        return inQuotes(value) + " is not an integer; accepted: " + integerRange(spec);
    if (status == std::errc::result_out_of_range || number < spec.min || number > spec.max)
        return (value.size() <= 20 ? value : inQuotes(value)) + " is out of range; accepted: " + integerRange(spec);
    return std::nullopt;
}

}  // namespace

const std::vector<ActionSpec>& actionCatalog()
{
    static const std::vector<ActionSpec> catalog = buildCatalog();
    return catalog;
}

const ActionSpec* findAction(std::string_view actionId)
{
    const auto& catalog = actionCatalog();
    const auto it = std::find_if(catalog.begin(), catalog.end(),
                                 [actionId](const ActionSpec& spec) { return spec.id == actionId; });
    return it == catalog.end() ? nullptr : &*it;
}

std::optional<std::string> checkParameter(const ParameterSpec& spec, const std::string& value)
{
    switch (spec.kind) {
    case ParameterSpec::Kind::Duration:
        if (!parseIsoDuration(value))
            return inQuotes(value) +
                   " is not an ISO 8601 duration; accepted: a duration such as PT30S, PT1M, PT1H30M, PT0.5S or P1D";
        return std::nullopt;
    case ParameterSpec::Kind::Integer:
        return checkInteger(spec, value);
    case ParameterSpec::Kind::Boolean:
        if (value != "true" && value != "false")
            return inQuotes(value) + R"( is not a boolean; accepted: "true" or "false")";
        return std::nullopt;
    case ParameterSpec::Kind::String:
        break;
    }
    if (!spec.choices.empty()) {
        if (std::find(spec.choices.begin(), spec.choices.end(), value) != spec.choices.end())
            return std::nullopt;
        return inQuotes(value) + " is not accepted; accepted: one of " + detail::joined(spec.choices);
    }
    // An empty content type, error code or service list means nothing; the default is there for "leave it".
    if (value.empty())
        return spec.defaultValue.empty()
                   ? std::string("is empty; accepted: a non-empty string, or leave the parameter out for its default")
                   : "is empty; accepted: a non-empty string, or leave the parameter out for " +
                         inQuotes(spec.defaultValue);
    return std::nullopt;
}

}  // namespace lambdadesk::faults
