// SPDX-License-Identifier: MIT
#include "endpoint/health.h"

#include <array>
#include <string_view>

namespace lambdadesk::bridge {
namespace {

/// The services LocalStack's community health lists, so tools that wait for one find its key.
constexpr std::array<std::string_view, 24> kKnownServices = {
    "acm",        "apigateway", "cloudformation", "cloudwatch", "config",  "dynamodb",       "dynamodbstreams",
    "ec2",        "es",         "events",         "firehose",   "iam",     "kinesis",        "kms",
    "lambda",     "logs",       "opensearch",     "redshift",   "route53", "s3",             "secretsmanager",
    "sns",        "sqs",        "ssm"};

}  // namespace

nlohmann::json localStackHealth(const HealthFacts& facts)
{
    nlohmann::json services = nlohmann::json::object();
    for (const auto name : kKnownServices) {
        const std::string key(name);
        services[key] = facts.emulated.contains(key) ? "running" : facts.upstreamUrl.empty() ? "disabled" : "available";
    }
    for (const auto& name : facts.emulated)
        services[name] = "running";
    return {{"services", services}, {"edition", "community"}, {"version", facts.version}};
}

nlohmann::json lambdaDeskHealth(const HealthFacts& facts)
{
    return {{"status", "ok"},
            {"version", facts.version},
            {"endpoint", facts.endpointUrl},
            {"upstream", facts.upstreamUrl.empty() ? nlohmann::json(nullptr) : nlohmann::json(facts.upstreamUrl)},
            {"services", facts.emulated},
            {"functions", facts.functions},
            {"queues", facts.queues},
            {"streams", facts.streams},
            {"regions", facts.regions},
            {"requestsServed", facts.requestsServed},
            {"uptimeSeconds", facts.uptimeSeconds}};
}

}  // namespace lambdadesk::bridge
