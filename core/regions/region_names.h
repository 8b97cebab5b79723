// SPDX-License-Identifier: MIT
#pragma once

#include "model/arn.h"
#include "model/expected.h"

#include <string>
#include <string_view>

namespace lambdadesk::core {

/// A region name the emulator accepts: 1–32 of lowercase letters, digits and hyphens, starting with a letter and
/// not ending with a hyphen (us-east-1, eu-west-1, cn-north-1, us-gov-west-1; also "local", as some tools sign with).
/// The name becomes a file name, so nothing else is let through. InvalidParameterValue otherwise, naming the rule.
Expected<void> checkRegionName(std::string_view region);

/// The region in an SQS queue URL's host, in the forms AWS and LocalStack hand out: sqs.<region>.amazonaws.com(.cn),
/// <region>.queue.amazonaws.com, sqs.<region>.localhost.localstack.cloud. Empty for any other URL (LambdaDesk's own
/// http://127.0.0.1:<port>/<account>/<name> carries none: the request's signing region decides).
std::string regionOfQueueUrl(std::string_view url);

/// The region a request's queue argument names (ARN or URL), else `fallback` (the request's signing region).
std::string regionOfQueueArgument(std::string_view queue, const std::string& fallback);

}  // namespace lambdadesk::core
