// SPDX-License-Identifier: MIT
// What a request says about its SigV4 signature, read from the Authorization header or a presigned URL.
#pragma once

#include "endpoint/sigv4_canonical.h"

#include <model/expected.h>
#include <net/http_message.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::bridge {

/// A signature as the request presents it, not yet checked.
struct SigV4Claim {
    SigV4Credential credential;
    std::vector<std::string> signedHeaders;  ///< lowercase, as listed (SigV4 lists them sorted)
    std::string signature;                   ///< hex
    std::string amzDate;                     ///< X-Amz-Date: YYYYMMDDTHHMMSSZ
    bool presigned = false;                  ///< from the query (X-Amz-Algorithm=AWS4-HMAC-SHA256&…)
    std::optional<long long> expiresSeconds; ///< a presigned URL's X-Amz-Expires
};

/// Reads the Authorization header (AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…), else the
/// X-Amz-* parameters of a presigned URL. Errors, in AWS's codes: MissingAuthenticationToken when the request
/// carries neither; IncompleteSignatureException when what it carries is malformed or lacks a part, or is
/// Signature Version 2.
core::Expected<SigV4Claim> readSigV4Claim(const core::net::HttpRequest& request);

/// "20150830T123600Z" → a time; nullopt unless it is exactly that shape and a real date.
std::optional<std::chrono::system_clock::time_point> parseAmzDate(std::string_view text);
/// A time as YYYYMMDDTHHMMSSZ (whole seconds, UTC).
std::string formatAmzDate(std::chrono::system_clock::time_point time);

} // namespace lambdadesk::bridge
