// SPDX-License-Identifier: MIT
#include "model/function_name.h"

#include "model/arn.h"

#include <vector>

namespace lambdadesk::core {
namespace {

std::vector<std::string> splitColons(const std::string& text)
{
    std::vector<std::string> parts;
    std::string::size_type start = 0;
    for (;;) {
        const auto colon = text.find(':', start);
        parts.push_back(text.substr(start, colon - start));
        if (colon == std::string::npos)
            return parts;
        start = colon + 1;
    }
}

// Returns {name, qualifier} for every identifier shape Lambda accepts.
std::pair<std::string, std::string> parseIdentifier(const std::string& identifier)
{
    const auto parts = splitColons(identifier);
    // arn:aws:lambda:region:account:function:name[:qualifier]
    if (parts.size() >= 7 && parts[0] == "arn" && parts[5] == "function")
        return {parts[6], parts.size() > 7 ? parts[7] : std::string()};
    // account:function:name[:qualifier]
    if (parts.size() >= 3 && parts[1] == "function")
        return {parts[2], parts.size() > 3 ? parts[3] : std::string()};
    // name[:qualifier]
    if (parts.size() == 2)
        return {parts[0], parts[1]};
    return {identifier, {}};
}

}  // namespace

std::string functionNameFromIdentifier(const std::string& identifier)
{
    return parseIdentifier(identifier).first;
}

std::string qualifierFromIdentifier(const std::string& identifier)
{
    return parseIdentifier(identifier).second;
}

std::string unqualifiedIdentifier(const std::string& identifier)
{
    const auto qualifier = parseIdentifier(identifier).second;
    return qualifier.empty() ? identifier : identifier.substr(0, identifier.size() - qualifier.size() - 1);
}

std::string functionKey(const std::string& name, const std::string& region, const std::string& defaultRegion)
{
    return region.empty() || region == defaultRegion ? name : name + '@' + region;
}

std::string functionKeyFromIdentifier(const std::string& identifier, const std::string& defaultRegion)
{
    const auto name = functionNameFromIdentifier(identifier);
    return identifier.starts_with("arn:") ? functionKey(awsFunctionName(name), regionOfArn(identifier), defaultRegion)
                                          : name;
}

std::string awsFunctionName(const std::string& key)
{
    return key.substr(0, key.find('@'));
}

std::string regionOfFunctionKey(const std::string& key, const std::string& defaultRegion)
{
    const auto at = key.find('@');
    return at == std::string::npos ? defaultRegion : key.substr(at + 1);
}

std::string functionArn(const std::string& region, const std::string& accountId, const std::string& name)
{
    return "arn:aws:lambda:" + region + ':' + accountId + ":function:" + name;
}

std::string functionArnOfKey(const std::string& key, const std::string& defaultRegion, const std::string& accountId)
{
    return functionArn(regionOfFunctionKey(key, defaultRegion), accountId, awsFunctionName(key));
}

}  // namespace lambdadesk::core
