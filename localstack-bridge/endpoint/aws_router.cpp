// SPDX-License-Identifier: MIT
#include "endpoint/aws_router.h"

#include "endpoint/url_codec.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace lambdadesk::bridge {
namespace {

/// "AKID/20240101/us-east-1/sqs/aws4_request" → access key, region, service.
bool parseScope(std::string_view credential, ServiceRoute& route)
{
    std::array<std::string_view, 5> parts;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto slash = credential.find('/');
        if (i + 1 < parts.size() && slash == std::string_view::npos)
            return false;
        parts[i] = credential.substr(0, slash);
        credential = slash == std::string_view::npos ? std::string_view() : credential.substr(slash + 1);
    }
    if (parts[4] != "aws4_request" || parts[3].empty())
        return false;
    route.accessKeyId = std::string(parts[0]);
    route.region = std::string(parts[2]);
    route.service = std::string(parts[3]);
    return true;
}

bool scopeFromAuthorization(std::string_view authorization, ServiceRoute& route)
{
    static constexpr std::string_view kCredential = "Credential=";
    const auto at = authorization.find(kCredential);
    if (at == std::string_view::npos)
        return false;
    auto credential = authorization.substr(at + kCredential.size());
    credential = credential.substr(0, credential.find_first_of(", "));
    return parseScope(credential, route);
}

/// Lambda's REST paths all start with a dated version segment.
bool isLambdaPath(std::string_view path)
{
    static constexpr std::array<std::string_view, 11> kPrefixes = {
        "/2015-03-31/", "/2014-11-13/", "/2016-08-19/", "/2017-03-31/", "/2017-10-31/", "/2018-10-31/",
        "/2019-09-25/", "/2019-09-30/", "/2020-04-22/", "/2020-06-30/", "/2021-10-31/"};
    return std::any_of(kPrefixes.begin(), kPrefixes.end(),
                       [path](std::string_view prefix) { return path.starts_with(prefix); });
}

}  // namespace

std::string serviceForTarget(std::string_view target)
{
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kTargets = {{
        {"AmazonSQS.", "sqs"},
        {"AWSSecurityTokenServiceV20110615.", "sts"},
        {"Kinesis_20131202.", "kinesis"},
        {"DynamoDB_20120810.", "dynamodb"},
        {"DynamoDBStreams_20120810.", "dynamodbstreams"},
        {"AWSEvents.", "events"},
        {"AmazonSSM.", "ssm"},
        {"secretsmanager.", "secretsmanager"},
        {"Logs_20140328.", "logs"},
        {"AWSStepFunctions.", "states"},
        {"TrentService.", "kms"},
        {"AWSCognitoIdentityProviderService.", "cognito-idp"},
        {"Firehose_20150804.", "firehose"},
        {"AmazonEC2ContainerRegistry_V20150921.", "ecr"},
        {"AWSIESnowballJobManagementService.", "snowball"},
    }};
    for (const auto& [prefix, service] : kTargets) {
        if (target.starts_with(prefix))
            return std::string(service);
    }
    return {};
}

ServiceRoute routeRequest(const core::net::HttpRequest& request)
{
    ServiceRoute route;
    const auto path = request.path();
    if (path.starts_with("/_localstack/")) {
        route.service = "_localstack";
        return route;
    }
    if (path.starts_with("/_lambdadesk/")) {
        route.service = "_lambdadesk";
        return route;
    }
    if (scopeFromAuthorization(request.header("authorization"), route))
        return route;
    const auto query = parseQuery(queryOf(request.target), false);
    if (const auto* credential = findParameter(query, "X-Amz-Credential"); credential && parseScope(*credential, route))
        return route;
    if (const auto target = request.header("x-amz-target"); !target.empty()) {
        route.service = serviceForTarget(target);
        if (!route.service.empty())
            return route;
    }
    if (isLambdaPath(path)) {
        route.service = "lambda";
        return route;
    }
    // Unsigned FIS paths (a browser opening /experiments/{id}/report.html): FIS's routes have no dated segment.
    for (const std::string_view prefix : {"/experimentTemplates", "/experiments", "/actions", "/targetResourceTypes"}) {
        if (path == prefix || (path.starts_with(prefix) && path.substr(prefix.size()).starts_with('/'))) {
            route.service = "fis";
            return route;
        }
    }
    // Unsigned query-protocol requests: SQS's is the one we emulate; it names its action in the form.
    if (request.header("content-type").starts_with("application/x-www-form-urlencoded") &&
        (request.body.starts_with("Action=") || request.body.find("&Action=") != std::string::npos)) {
        route.service = "sqs";
        return route;
    }
    return route;
}

}  // namespace lambdadesk::bridge
