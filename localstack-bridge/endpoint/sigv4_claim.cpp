// SPDX-License-Identifier: MIT
#include "endpoint/sigv4_claim.h"

#include "endpoint/url_codec.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>

namespace lambdadesk::bridge {
namespace {

constexpr const char* kIncomplete = "IncompleteSignatureException";

core::Error incomplete(std::string message)
{
    return core::Error{kIncomplete, std::move(message)};
}

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::string lowercase(std::string_view text)
{
    std::string out(text);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// "AKID/20150830/us-east-1/service/aws4_request"
core::Expected<SigV4Credential> parseCredential(std::string_view text)
{
    std::array<std::string_view, 5> parts;
    std::string_view rest = text;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto slash = rest.find('/');
        if ((i + 1 < parts.size()) == (slash == std::string_view::npos))
            return incomplete("Credential must be <access key id>/<YYYYMMDD>/<region>/<service>/aws4_request, got '" +
                              std::string(text) + "'.");
        parts[i] = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    }
    if (parts[4] != "aws4_request" || parts[0].empty() || parts[1].size() != 8 || parts[3].empty())
        return incomplete("Credential must be <access key id>/<YYYYMMDD>/<region>/<service>/aws4_request, got '" +
                          std::string(text) + "'.");
    return SigV4Credential{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]), std::string(parts[3])};
}

std::vector<std::string> splitSignedHeaders(std::string_view text)
{
    std::vector<std::string> names;
    while (!text.empty()) {
        const auto semicolon = text.find(';');
        const auto name = trim(text.substr(0, semicolon));
        if (!name.empty())
            names.push_back(lowercase(name));
        if (semicolon == std::string_view::npos)
            break;
        text.remove_prefix(semicolon + 1);
    }
    return names;
}

core::Expected<SigV4Claim> fromAuthorization(std::string_view authorization, const core::net::HttpRequest& request)
{
    authorization = trim(authorization);
    const auto space = authorization.find(' ');
    const auto algorithm = authorization.substr(0, space);
    if (algorithm != kSigV4Algorithm)
        return incomplete("Unsupported Authorization type '" + std::string(algorithm) +
                          "': LambdaDesk checks AWS Signature Version 4 (AWS4-HMAC-SHA256) only.");
    std::string_view credential;
    std::string_view signedHeaders;
    std::string_view signature;
    std::string_view rest = space == std::string_view::npos ? std::string_view() : authorization.substr(space + 1);
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const auto piece = trim(rest.substr(0, comma));
        const auto eq = piece.find('=');
        const auto key = piece.substr(0, eq);
        const auto value = eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
        if (key == "Credential")
            credential = value;
        else if (key == "SignedHeaders")
            signedHeaders = value;
        else if (key == "Signature")
            signature = value;
        if (comma == std::string_view::npos)
            break;
        rest.remove_prefix(comma + 1);
    }
    std::string missing;
    for (const auto& [name, value] : {std::pair{"Credential", credential}, std::pair{"Signature", signature},
                                      std::pair{"SignedHeaders", signedHeaders}}) {
        if (value.empty())
            missing +=
                std::string(missing.empty() ? "" : " ") + "Authorization header requires '" + name + "' parameter.";
    }
    if (!missing.empty())
        return incomplete(missing);
    auto parsed = parseCredential(credential);
    if (!parsed)
        return parsed.error();
    SigV4Claim claim;
    claim.credential = std::move(*parsed);
    claim.signedHeaders = splitSignedHeaders(signedHeaders);
    claim.signature = lowercase(signature);
    claim.amzDate = std::string(request.header("x-amz-date"));
    if (claim.amzDate.empty() && parseAmzDate(request.header("date")))
        claim.amzDate = std::string(request.header("date"));
    if (claim.amzDate.empty())
        return incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header "
                          "(as YYYYMMDDTHHMMSSZ).");
    return claim;
}

core::Expected<SigV4Claim> fromQuery(const QueryParameters& query)
{
    std::string missing;
    for (const char* name :
         {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"}) {
        if (!findParameter(query, name) || findParameter(query, name)->empty())
            missing += std::string(missing.empty() ? "" : ", ") + name;
    }
    if (!missing.empty())
        return incomplete("A presigned URL needs the query parameters X-Amz-Algorithm, X-Amz-Credential, "
                          "X-Amz-Signature, X-Amz-SignedHeaders and X-Amz-Date; missing: " +
                          missing + ".");
    if (*findParameter(query, "X-Amz-Algorithm") != kSigV4Algorithm)
        return incomplete("X-Amz-Algorithm only supports " + std::string(kSigV4Algorithm) + ".");
    auto parsed = parseCredential(*findParameter(query, "X-Amz-Credential"));
    if (!parsed)
        return parsed.error();
    SigV4Claim claim;
    claim.presigned = true;
    claim.credential = std::move(*parsed);
    claim.signedHeaders = splitSignedHeaders(*findParameter(query, "X-Amz-SignedHeaders"));
    claim.signature = lowercase(*findParameter(query, "X-Amz-Signature"));
    claim.amzDate = *findParameter(query, "X-Amz-Date");
    if (const auto* expires = findParameter(query, "X-Amz-Expires")) {
        long long seconds = 0;
        const auto* end = expires->data() + expires->size();
        const auto result = std::from_chars(expires->data(), end, seconds);
        if (expires->empty() || result.ec != std::errc() || result.ptr != end || seconds < 1 || seconds > 604800)
            return incomplete("X-Amz-Expires must be a number of seconds from 1 to 604800 (7 days), got '" + *expires +
                              "'.");
        claim.expiresSeconds = seconds;
    }
    return claim;
}

} // namespace

core::Expected<SigV4Claim> readSigV4Claim(const core::net::HttpRequest& request)
{
    if (const auto authorization = request.header("authorization"); !authorization.empty())
        return fromAuthorization(authorization, request);
    const auto query = parseQuery(queryOf(request.target), false);
    if (findParameter(query, "X-Amz-Credential") || findParameter(query, "X-Amz-Signature"))
        return fromQuery(query);
    if (findParameter(query, "AWSAccessKeyId") && findParameter(query, "Signature"))
        return incomplete("Signature Version 2 (AWSAccessKeyId, Signature and Expires in the query) is not supported: "
                          "sign with Signature Version 4 (AWS4-HMAC-SHA256), e.g. boto3's "
                          "Config(signature_version='s3v4') for presigned S3 URLs.");
    return core::Error{"MissingAuthenticationToken", "Request is missing Authentication Token"};
}

std::optional<std::chrono::system_clock::time_point> parseAmzDate(std::string_view text)
{
    if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z')
        return std::nullopt;
    auto number = [text](std::size_t at, std::size_t length) -> std::optional<int> {
        int value = 0;
        const auto* begin = text.data() + at;
        const auto result = std::from_chars(begin, begin + length, value);
        if (result.ec != std::errc() || result.ptr != begin + length || begin[0] == '-' || begin[0] == '+')
            return std::nullopt;
        return value;
    };
    const auto year = number(0, 4);
    const auto month = number(4, 2);
    const auto day = number(6, 2);
    const auto hour = number(9, 2);
    const auto minute = number(11, 2);
    const auto second = number(13, 2);
    if (!year || !month || !day || !hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60)
        return std::nullopt;
    // system_clock counts nanoseconds in 64 bits: beyond 2262 the conversion overflows (found by libFuzzer
    // with a year of 4048). A date outside these years is as invalid as a malformed one.
    if (*year < 1970 || *year > 2200)
        return std::nullopt;
    const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok())
        return std::nullopt;
    return std::chrono::sys_days(date) + std::chrono::hours(*hour) + std::chrono::minutes(*minute) +
           std::chrono::seconds(*second);
}

std::string formatAmzDate(std::chrono::system_clock::time_point time)
{
    const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
    const auto days = std::chrono::floor<std::chrono::days>(seconds);
    const std::chrono::year_month_day date(days);
    const std::chrono::hh_mm_ss timeOfDay(seconds - days);
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(timeOfDay.hours().count()), static_cast<int>(timeOfDay.minutes().count()),
                  static_cast<int>(timeOfDay.seconds().count()));
    return buffer.data();
}

} // namespace lambdadesk::bridge
