// SPDX-License-Identifier: MIT
// The steps of AWS Signature Version 4 (canonical request → string to sign → signing key → signature), each a
// pure function of the request as received, so a verifier can recompute what the client signed.
#pragma once

#include <net/http_message.h>

#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::bridge {

inline constexpr std::string_view kSigV4Algorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

/// The credential of a signature: <access key id>/<YYYYMMDD>/<region>/<service>/aws4_request.
struct SigV4Credential {
    std::string accessKeyId;
    std::string date; ///< YYYYMMDD
    std::string region;
    std::string service;
    /// <date>/<region>/<service>/aws4_request
    [[nodiscard]] std::string scope() const;
};

/// What goes into a canonical request besides the method.
struct CanonicalRequestParts {
    std::string method;
    std::string uri;
    std::string query;
    std::string headers;       ///< canonicalHeaders(): "name:value\n" per signed header
    std::string signedHeaders; ///< "host;x-amz-date"
    std::string payloadHash;
};

/// RFC 3986's dot-segment removal plus collapsing empty segments ("//"), which AWS's signers apply to the path
/// before encoding it (botocore's normalize_url_path); "" becomes "/".
std::string normalizeUriPath(std::string_view path);
/// The canonical URI of a path as sent (still percent-encoded). S3 signs it as it is. Every other service signs
/// the normalized path encoded once more, so "%20" is signed as "%2520": the SDKs (botocore's SigV4Auth, the JS
/// and Java signers) encode the already-encoded path again. With `encodeAgain` false, the normalized path as
/// sent: what signers that encode only once produce.
std::string canonicalUri(std::string_view rawPath, std::string_view service, bool encodeAgain = true);
/// The query's parameters decoded and re-encoded with RFC 3986's rules, sorted by name then value, joined with
/// '&'; a presigned URL's own X-Amz-Signature is left out when `omitSignature`.
std::string canonicalQueryString(std::string_view rawQuery, bool omitSignature);
/// The query's parameters exactly as sent, sorted (botocore's order for a URL it signs as is).
std::string sortedRawQueryString(std::string_view rawQuery, bool omitSignature);
/// "name:value\n" for each of `signedHeaders` (lowercase, in their sorted order): every value the request has
/// for that name, trimmed, inner runs of whitespace collapsed to one space, joined with ','.
std::string canonicalHeaders(const core::net::HttpRequest& request, const std::vector<std::string>& signedHeaders);
/// The six parts joined with '\n' (the headers part already ends with one, leaving an empty line).
std::string canonicalRequest(const CanonicalRequestParts& parts);
/// AWS4-HMAC-SHA256 \n <amzDate> \n <scope> \n hex(SHA-256(canonical request))
std::string stringToSign(std::string_view amzDate, std::string_view scope, std::string_view canonicalRequest);
/// HMAC chain: "AWS4"+secret → date → region → service → "aws4_request".
std::string signingKey(std::string_view secretKey, const SigV4Credential& credential);
/// hex(HMAC(signing key, string to sign))
std::string sigV4Signature(std::string_view signingKey, std::string_view stringToSign);

} // namespace lambdadesk::bridge
