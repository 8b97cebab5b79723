// SPDX-License-Identifier: MIT
#include "lambda/s3_code.h"

#include "endpoint/url_codec.h"

namespace lambdadesk::bridge {

using Json = nlohmann::json;

std::optional<S3CodeLocation> s3CodeLocation(const Json& code)
{
    if (code.contains("ZipFile") || (!code.contains("S3Bucket") && !code.contains("S3Key")))
        return std::nullopt;
    return S3CodeLocation{code.value("S3Bucket", std::string()), code.value("S3Key", std::string()),
                          code.value("S3ObjectVersion", std::string())};
}

core::Expected<core::net::HttpRequest> s3CodeRequest(const S3CodeLocation& location, const std::string& upstreamUrl)
{
    if (location.bucket.empty() || location.key.empty())
        return core::Error{"InvalidParameterValueException", "Code from S3 needs both S3Bucket and S3Key"};
    if (upstreamUrl.empty())
        return core::Error{"InvalidParameterValueException",
                           "Code from S3 (S3Bucket/S3Key) needs an upstream holding the bucket: start the endpoint "
                           "with --upstream URL (e.g. a LocalStack), or upload the zip as ZipFile "
                           "(aws lambda create-function --zip-file fileb://function.zip)"};
    core::net::HttpRequest request;
    request.method = "GET";
    request.target = "/" + percentEncode(location.bucket) + "/" + percentEncode(location.key, true);
    if (!location.version.empty())
        request.target += "?versionId=" + percentEncode(location.version);
    // A scope naming s3, so LocalStack-style routers send it to S3; LocalStack accepts any signature.
    request.headers.emplace_back("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/"
                                                  "aws4_request, SignedHeaders=host, Signature=0");
    return request;
}

core::Expected<std::string> s3CodeFromAnswer(core::Expected<core::net::HttpResponse> answer,
                                             const S3CodeLocation& location, const std::string& upstreamUrl)
{
    const auto object = "s3://" + location.bucket + "/" + location.key;
    if (!answer)
        return core::Error{"InvalidParameterValueException", "Could not fetch " + object + " from the upstream " +
                                                                 upstreamUrl + ": " + answer.error().message};
    if (answer->status != 200)
        return core::Error{"InvalidParameterValueException",
                           "Error occurred while GetObject. S3 Error Code: " + std::to_string(answer->status) +
                               ". S3 Error Message: " + object + " could not be read from " + upstreamUrl};
    return std::move(answer->body);
}

}  // namespace lambdadesk::bridge
