// SPDX-License-Identifier: MIT
#pragma once

#include <model/expected.h>
#include <net/http_message.h>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace lambdadesk::bridge {

/// Where CreateFunction / UpdateFunctionCode says the code is when it is in S3 (Code.S3Bucket, S3Key,
/// S3ObjectVersion): LambdaDesk fetches it from the upstream (a LocalStack holding the bucket).
struct S3CodeLocation {
    std::string bucket;
    std::string key;
    std::string version;
};

/// The S3 location of a Code object (or an UpdateFunctionCode body); nullopt when it carries a ZipFile or
/// names no S3 object.
std::optional<S3CodeLocation> s3CodeLocation(const nlohmann::json& code);

/// The GetObject to send to the upstream, or the InvalidParameterValueException naming what is missing
/// (a bucket or key; an upstream, with the --upstream option and the ZipFile alternative).
core::Expected<core::net::HttpRequest> s3CodeRequest(const S3CodeLocation& location, const std::string& upstreamUrl);

/// The zip bytes from the upstream's answer, or Lambda's error for an object that could not be read.
core::Expected<std::string> s3CodeFromAnswer(core::Expected<core::net::HttpResponse> answer,
                                             const S3CodeLocation& location, const std::string& upstreamUrl);

}  // namespace lambdadesk::bridge
