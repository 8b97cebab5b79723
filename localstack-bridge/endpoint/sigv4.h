// SPDX-License-Identifier: MIT
// Checking AWS Signature Version 4 (`--verify-signatures`), so a local endpoint can insist on the keys its
// clients would need against AWS.
#pragma once

#include <model/expected.h>
#include <net/http_message.h>

#include <chrono>
#include <map>
#include <string>

namespace lambdadesk::bridge {

/// How far a signature's X-Amz-Date may be from the endpoint's clock, as AWS allows.
inline constexpr std::chrono::minutes kSigV4ClockSkew{15};

/// Verifies the request's SigV4 signature (Authorization header, or a presigned URL's query) against
/// `secrets` (access key id → secret access key) at time `now`. Errors carry AWS's codes and messages:
/// MissingAuthenticationToken (unsigned), IncompleteSignatureException (malformed), UnrecognizedClientException
/// (unknown key), InvalidSignatureException (X-Amz-Date more than 15 minutes off, or not the credential's day),
/// AccessDenied (a presigned URL past X-Amz-Expires), XAmzContentSHA256Mismatch and SignatureDoesNotMatch
/// (whose message shows the canonical request and string to sign the endpoint computed).
///
/// The canonical URI follows the SDKs (see canonicalUri): S3's path as sent, every other service's encoded again;
/// a signature computed with the path encoded once is accepted too. The payload is x-amz-content-sha256 when sent
/// (UNSIGNED-PAYLOAD among others), else the body's SHA-256; presigned URLs sign UNSIGNED-PAYLOAD. A body the
/// server did not read (over its limit) cannot be hashed: such a request is checked for its key and date only,
/// and its handler answers 413.
core::Expected<void> verifySignature(const core::net::HttpRequest& request,
                                     const std::map<std::string, std::string>& secrets,
                                     std::chrono::system_clock::time_point now);

} // namespace lambdadesk::bridge
