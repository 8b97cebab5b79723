// SPDX-License-Identifier: MIT
#include "endpoint/sigv4_canonical.h"

#include "endpoint/sigv4_crypto.h"
#include "endpoint/url_codec.h"

#include <algorithm>
#include <utility>

namespace lambdadesk::bridge {
namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/// Trim, and collapse inner runs of whitespace to one space (SigV4's Trimall).
std::string trimAll(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    bool pendingSpace = false;
    for (const char c : value) {
        if (isSpace(c)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace)
            out.push_back(' ');
        pendingSpace = false;
        out.push_back(c);
    }
    return out;
}

/// The query's pieces split at '&' and the first '=', as sent; empty pieces dropped.
std::vector<std::pair<std::string_view, std::string_view>> rawPairs(std::string_view query, bool omitSignature)
{
    std::vector<std::pair<std::string_view, std::string_view>> pairs;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto piece = query.substr(0, amp);
        if (!piece.empty()) {
            const auto eq = piece.find('=');
            const auto key = piece.substr(0, eq);
            const auto value = eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
            if (!(omitSignature && percentDecode(key) == "X-Amz-Signature"))
                pairs.emplace_back(key, value);
        }
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return pairs;
}

std::string joinSorted(std::vector<std::pair<std::string, std::string>> pairs)
{
    std::sort(pairs.begin(), pairs.end());
    std::string out;
    for (const auto& [key, value] : pairs) {
        if (!out.empty())
            out.push_back('&');
        out += key;
        out.push_back('=');
        out += value;
    }
    return out;
}

} // namespace

std::string SigV4Credential::scope() const
{
    return date + "/" + region + "/" + service + "/aws4_request";
}

std::string normalizeUriPath(std::string_view path)
{
    if (path.empty())
        return "/";
    std::vector<std::string_view> segments;
    std::string_view rest = path;
    while (true) {
        const auto slash = rest.find('/');
        const auto segment = rest.substr(0, slash);
        if (segment == "..") {
            if (!segments.empty())
                segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        if (slash == std::string_view::npos)
            break;
        rest.remove_prefix(slash + 1);
    }
    std::string out = path.front() == '/' ? "/" : "";
    for (std::size_t i = 0; i < segments.size(); ++i) {
        if (i > 0)
            out.push_back('/');
        out += segments[i];
    }
    if (path.back() == '/' && !segments.empty())
        out.push_back('/');
    return out;
}

std::string canonicalUri(std::string_view rawPath, std::string_view service, bool encodeAgain)
{
    if (service == "s3")
        return rawPath.empty() ? std::string("/") : std::string(rawPath);
    const auto normalized = normalizeUriPath(rawPath);
    return encodeAgain ? percentEncode(normalized, true) : normalized;
}

std::string canonicalQueryString(std::string_view rawQuery, bool omitSignature)
{
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& [key, value] : rawPairs(rawQuery, omitSignature))
        pairs.emplace_back(percentEncode(percentDecode(key)), percentEncode(percentDecode(value)));
    return joinSorted(std::move(pairs));
}

std::string sortedRawQueryString(std::string_view rawQuery, bool omitSignature)
{
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& [key, value] : rawPairs(rawQuery, omitSignature))
        pairs.emplace_back(std::string(key), std::string(value));
    return joinSorted(std::move(pairs));
}

std::string canonicalHeaders(const core::net::HttpRequest& request, const std::vector<std::string>& signedHeaders)
{
    std::string out;
    for (const auto& name : signedHeaders) {
        std::string values;
        bool first = true;
        for (const auto& [key, value] : request.headers) {
            if (!core::net::equalsIgnoreCase(key, name))
                continue;
            if (!first)
                values.push_back(',');
            values += trimAll(value);
            first = false;
        }
        out += name;
        out.push_back(':');
        out += values;
        out.push_back('\n');
    }
    return out;
}

std::string canonicalRequest(const CanonicalRequestParts& parts)
{
    return parts.method + "\n" + parts.uri + "\n" + parts.query + "\n" + parts.headers + "\n" + parts.signedHeaders +
           "\n" + parts.payloadHash;
}

std::string stringToSign(std::string_view amzDate, std::string_view scope, std::string_view canonicalRequest)
{
    std::string out(kSigV4Algorithm);
    out.push_back('\n');
    out += amzDate;
    out.push_back('\n');
    out += scope;
    out.push_back('\n');
    out += sha256Hex(canonicalRequest);
    return out;
}

std::string signingKey(std::string_view secretKey, const SigV4Credential& credential)
{
    const auto dateKey = hmacSha256("AWS4" + std::string(secretKey), credential.date);
    const auto regionKey = hmacSha256(dateKey, credential.region);
    const auto serviceKey = hmacSha256(regionKey, credential.service);
    return hmacSha256(serviceKey, "aws4_request");
}

std::string sigV4Signature(std::string_view signingKey, std::string_view stringToSign)
{
    return toHex(hmacSha256(signingKey, stringToSign));
}

} // namespace lambdadesk::bridge
