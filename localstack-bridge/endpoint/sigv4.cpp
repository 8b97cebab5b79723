// SPDX-License-Identifier: MIT
#include "endpoint/sigv4.h"

#include "endpoint/sigv4_canonical.h"
#include "endpoint/sigv4_claim.h"
#include "endpoint/sigv4_crypto.h"
#include "endpoint/url_codec.h"

#include <algorithm>
#include <vector>

namespace lambdadesk::bridge {
namespace {

constexpr const char* kInvalidSignature = "InvalidSignatureException";
constexpr const char* kMismatchMessage =
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
    "Key and signing method.";

void addUnique(std::vector<std::string>& values, std::string value)
{
    if (std::find(values.begin(), values.end(), value) == values.end())
        values.push_back(std::move(value));
}

std::string lowercase(std::string_view text)
{
    std::string out(text);
    for (auto& c : out)
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
}

bool isSha256Hex(std::string_view value)
{
    return value.size() == 64 && value.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

/// AWS's rule: the signing time may be at most 15 minutes off; a presigned URL lives X-Amz-Expires from it.
core::Expected<void> checkTime(const SigV4Claim& claim, std::chrono::system_clock::time_point now)
{
    const auto signedAt = parseAmzDate(claim.amzDate);
    if (!signedAt)
        return core::Error{"IncompleteSignatureException",
                           "X-Amz-Date must be an ISO 8601 basic date and time in UTC such as 20150830T123600Z, got '" +
                               claim.amzDate + "'."};
    if (claim.credential.date != claim.amzDate.substr(0, 8))
        return core::Error{kInvalidSignature, "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                                              "version of date from HTTP: '" +
                                                  claim.credential.date + "' != '" + claim.amzDate.substr(0, 8) +
                                                  "', from '" + claim.amzDate + "'."};
    if (*signedAt > now + kSigV4ClockSkew)
        return core::Error{kInvalidSignature, "Signature not yet current: " + claim.amzDate + " is still later than " +
                                                  formatAmzDate(now + kSigV4ClockSkew) + " (" + formatAmzDate(now) +
                                                  " + 15 min.)"};
    if (claim.expiresSeconds) {
        if (now > *signedAt + std::chrono::seconds(*claim.expiresSeconds))
            return core::Error{"AccessDenied", "Request has expired: signed at " + claim.amzDate + " for " +
                                                   std::to_string(*claim.expiresSeconds) + " seconds; it is now " +
                                                   formatAmzDate(now) + "."};
        return {};
    }
    if (*signedAt < now - kSigV4ClockSkew)
        return core::Error{kInvalidSignature, "Signature expired: " + claim.amzDate + " is now earlier than " +
                                                  formatAmzDate(now - kSigV4ClockSkew) + " (" + formatAmzDate(now) +
                                                  " - 15 min.)"};
    return {};
}

std::string joinSignedHeaders(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& name : names)
        out += (out.empty() ? "" : ";") + name;
    return out;
}

} // namespace

core::Expected<void> verifySignature(const core::net::HttpRequest& request,
                                     const std::map<std::string, std::string>& secrets,
                                     std::chrono::system_clock::time_point now)
{
    auto claim = readSigV4Claim(request);
    if (!claim)
        return claim.error();
    const auto secret = secrets.find(claim->credential.accessKeyId);
    if (secret == secrets.end())
        return core::Error{"UnrecognizedClientException", "The security token included in the request is invalid."};
    if (auto timely = checkTime(*claim, now); !timely)
        return timely;
    if (std::find(claim->signedHeaders.begin(), claim->signedHeaders.end(), "host") == claim->signedHeaders.end())
        return core::Error{kInvalidSignature,
                           "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."};

    // What the client may have hashed as the payload.
    std::vector<std::string> payloads;
    const bool bodyAbsent = request.bodyTooLarge || request.bodyStreamed;
    const auto declared = request.header("x-amz-content-sha256");
    if (!declared.empty()) {
        // A body not here (too large, or streamed to the upstream, which checks it) cannot be hashed.
        if (isSha256Hex(declared) && !bodyAbsent && sha256Hex(request.body) != lowercase(declared))
            return core::Error{"XAmzContentSHA256Mismatch",
                               "The provided 'x-amz-content-sha256' header does not match what was computed."};
        addUnique(payloads, std::string(declared));
    }
    if (claim->presigned)
        addUnique(payloads, std::string(kUnsignedPayload));
    if (payloads.empty() || claim->presigned) {
        if (request.bodyTooLarge)
            return {}; // unread body: nothing to hash; the handler refuses it with a 413
        if (request.bodyStreamed)
            return core::Error{"XAmzContentSHA256Mismatch",
                               "A streamed request must declare its payload hash in 'x-amz-content-sha256'."};
        addUnique(payloads, sha256Hex(request.body));
    }

    const auto path = request.path();
    const auto& service = claim->credential.service;
    std::vector<std::string> uris;
    addUnique(uris, canonicalUri(path, service, true));
    addUnique(uris, canonicalUri(path, service, false));
    const auto query = queryOf(request.target);
    std::vector<std::string> queries;
    addUnique(queries, canonicalQueryString(query, claim->presigned));
    addUnique(queries, sortedRawQueryString(query, claim->presigned));

    const auto key = signingKey(secret->second, claim->credential);
    const auto scope = claim->credential.scope();
    CanonicalRequestParts parts;
    parts.method = request.method;
    parts.headers = canonicalHeaders(request, claim->signedHeaders);
    parts.signedHeaders = joinSignedHeaders(claim->signedHeaders);
    std::string expectedRequest;
    std::string expectedStringToSign;
    for (const auto& payload : payloads) {
        for (const auto& uri : uris) {
            for (const auto& canonicalQuery : queries) {
                parts.uri = uri;
                parts.query = canonicalQuery;
                parts.payloadHash = payload;
                auto canonical = canonicalRequest(parts);
                auto toSign = stringToSign(claim->amzDate, scope, canonical);
                if (equalsConstantTime(sigV4Signature(key, toSign), claim->signature))
                    return {};
                if (expectedRequest.empty()) {
                    expectedRequest = std::move(canonical);
                    expectedStringToSign = std::move(toSign);
                }
            }
        }
    }
    // As AWS does, show what was expected: it names nothing secret and tells a signer's bug at a glance.
    return core::Error{"SignatureDoesNotMatch", std::string(kMismatchMessage) +
                                                    "\n\nThe Canonical String for this request should have been\n'" +
                                                    expectedRequest + "'\n\nThe String-to-Sign should have been\n'" +
                                                    expectedStringToSign + "'\n"};
}

} // namespace lambdadesk::bridge
