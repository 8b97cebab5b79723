// SPDX-License-Identifier: MIT
// Error responses in the shapes AWS's protocols use, so SDKs raise the exception classes users catch.
#pragma once

#include <net/http_message.h>

#include <string>

namespace lambdadesk::bridge {

/// Messages may quote request bytes: invalid UTF-8 is replaced, never thrown on.
/// rest-json (Lambda): x-amzn-ErrorType header and {"Type":"User","<messageKey>":"…"}. Lambda spells the
/// key `Message` for ResourceNotFound and Service errors and `message` for the others.
core::net::HttpResponse restJsonError(int status, const std::string& code, const std::string& message,
                                      const std::string& requestId);
/// JSON 1.0 / 1.1 (Kinesis, SQS's JSON protocol, and unknown services): {"__type":"<code>","message":"…"}.
core::net::HttpResponse jsonProtocolError(int status, const std::string& code, const std::string& message,
                                          const std::string& requestId);
/// Adds x-amzn-RequestId (and x-amz-request-id) to a response.
void addRequestId(core::net::HttpResponse& response, const std::string& requestId);

}  // namespace lambdadesk::bridge
