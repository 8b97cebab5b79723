// SPDX-License-Identifier: MIT
#include "regions/region_names.h"

#include <array>

namespace lambdadesk::core {
namespace {

bool isLowerAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/// The host of an http(s) URL, without port; empty when `url` has no scheme.
std::string_view hostOf(std::string_view url)
{
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos)
        return {};
    auto host = url.substr(scheme + 3);
    host = host.substr(0, host.find_first_of("/:?#"));
    return host;
}

}  // namespace

Expected<void> checkRegionName(std::string_view region)
{
    bool valid = !region.empty() && region.size() <= 32 && region.front() >= 'a' && region.front() <= 'z' &&
                 region.back() != '-';
    for (const char c : region)
        valid = valid && (isLowerAlnum(c) || c == '-');
    if (valid)
        return {};
    return Error{"InvalidParameterValue",
                 "'" + std::string(region) +
                     "' is not a region name: use 1 to 32 lowercase letters, digits and hyphens starting with a "
                     "letter, such as us-east-1 or eu-west-1"};
}

std::string regionOfQueueUrl(std::string_view url)
{
    const auto host = hostOf(url);
    constexpr std::array<std::string_view, 3> kSqsSuffixes = {".amazonaws.com", ".amazonaws.com.cn",
                                                              ".localhost.localstack.cloud"};
    if (host.starts_with("sqs.")) {
        const auto rest = host.substr(4);
        for (const auto suffix : kSqsSuffixes) {
            if (rest.ends_with(suffix) && rest.size() > suffix.size())
                return std::string(rest.substr(0, rest.size() - suffix.size()));
        }
        return {};
    }
    // The legacy form, still answered by AWS: <region>.queue.amazonaws.com.
    constexpr std::string_view kLegacy = ".queue.amazonaws.com";
    if (host.ends_with(kLegacy) && host.size() > kLegacy.size())
        return std::string(host.substr(0, host.size() - kLegacy.size()));
    return {};
}

std::string regionOfQueueArgument(std::string_view queue, const std::string& fallback)
{
    auto region = queue.starts_with("arn:") ? regionOfArn(queue) : regionOfQueueUrl(queue);
    return region.empty() ? fallback : region;
}

}  // namespace lambdadesk::core
