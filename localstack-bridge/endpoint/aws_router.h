// SPDX-License-Identifier: MIT
#pragma once

#include <net/http_message.h>

#include <string>

namespace lambdadesk::bridge {

/// Which service a request is for, found as AWS's front ends find it.
struct ServiceRoute {
    /// lambda, sqs, kinesis, s3, dynamodb… or "_localstack"/"_lambdadesk" for the endpoint's own paths;
    /// empty when nothing in the request names a service.
    std::string service;
    std::string region;  ///< from the credential scope; empty when unsigned
    std::string accessKeyId;  ///< from the credential scope; empty when unsigned
};

/// Routes by, in order: the endpoint's own paths (/_localstack/…, /_lambdadesk/…); the SigV4
/// Authorization header's credential scope (…/<date>/<region>/<service>/aws4_request), or the same scope
/// in a presigned URL's X-Amz-Credential; the X-Amz-Target prefix (AmazonSQS., Kinesis_20131202.,
/// DynamoDB_20120810.…); and last the path (Lambda's dated /20xx-xx-xx/ paths) or a form body with
/// Action= (SQS's query protocol sent unsigned).
ServiceRoute routeRequest(const core::net::HttpRequest& request);

/// The service a X-Amz-Target value belongs to ("" when the prefix is unknown).
std::string serviceForTarget(std::string_view target);

}  // namespace lambdadesk::bridge
