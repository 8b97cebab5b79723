// SPDX-License-Identifier: MIT
#include "template/template_fields.h"

#include <algorithm>

namespace lambdadesk::faults::detail {

std::string childPath(const std::string& path, std::string_view key)
{
    if (path.empty())
        return std::string(key);
    std::string child = path;
    child.append(".").append(key);
    return child;
}

std::string indexPath(const std::string& path, std::size_t index)
{
    return path + "[" + std::to_string(index) + "]";
}

core::Error fieldError(const std::string& path, const std::string& problem)
{
    return core::Error{"ValidationException", path + ": " + problem};
}

core::Error typeError(const std::string& path, std::string_view expected, const Json& got)
{
    return fieldError(path, "must be " + std::string(expected) + ", got " + describe(got));
}

std::string describe(const Json& value)
{
    // Replace, not throw, on strings that are not UTF-8 (a json built in code may hold any bytes).
    const auto shown = [&value] { return value.dump(-1, ' ', false, Json::error_handler_t::replace); };
    switch (value.type()) {
    case Json::value_t::null:
        return "null";
    case Json::value_t::boolean:
        return "a boolean (" + shown() + ")";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        return "a number (" + shown() + ")";
    case Json::value_t::string:
        return "a string (" + inQuotes(value.get_ref<const std::string&>()) + ")";
    case Json::value_t::array:
        return "an array";
    case Json::value_t::object:
        return "an object";
    default:
        return "binary data";
    }
}

std::string inQuotes(std::string_view text)
{
    constexpr std::size_t kShown = 64;
    std::string result = "\"";
    result.append(text.substr(0, kShown));
    result.append(text.size() > kShown ? "...\"" : "\"");
    return result;
}

std::size_t characterCount(std::string_view text)
{
    // Every byte but UTF-8's continuation bytes (10xxxxxx) starts a character.
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string joined(const std::vector<std::string>& items)
{
    std::string result;
    for (const auto& item : items)
        result.append(result.empty() ? "" : ", ").append(item);
    return result;
}

const Json* findMember(const Json& object, std::string_view key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

core::Expected<void> checkMembers(const Json& object, const std::string& path, const std::vector<std::string>& accepted)
{
    for (const auto& [name, value] : object.items()) {
        if (std::find(accepted.begin(), accepted.end(), name) == accepted.end())
            return fieldError(childPath(path, name), "is not a member of " +
                                                         (path.empty() ? std::string("an experiment template") : path) +
                                                         "; accepted: " + joined(accepted));
    }
    return {};
}

core::Expected<void> checkName(const std::string& name, const std::string& parentPath, std::string_view what)
{
    const bool validCharacters = std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
    if (name.empty() || name.size() > 64 || !validCharacters)
        return fieldError(parentPath, std::string(what) + " name " + inQuotes(name) +
                                          " is not accepted; accepted: 1 to 64 characters of A-Z, a-z, 0-9, _ and -");
    return {};
}

core::Expected<std::string> readString(const Json& value, const std::string& path)
{
    if (!value.is_string())
        return typeError(path, "a string", value);
    return value.get<std::string>();
}

core::Expected<std::vector<std::string>> readStringArray(const Json& value, const std::string& path)
{
    if (!value.is_array())
        return typeError(path, "an array of strings", value);
    std::vector<std::string> strings;
    strings.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string())
            return typeError(indexPath(path, i), "a string", value[i]);
        strings.push_back(value[i].get<std::string>());
    }
    return strings;
}

core::Expected<std::map<std::string, std::string>> readStringMap(const Json& value, const std::string& path)
{
    if (!value.is_object())
        return typeError(path, "an object of strings", value);
    std::map<std::string, std::string> strings;
    for (const auto& [key, member] : value.items()) {
        if (!member.is_string())
            return typeError(childPath(path, key), "a string", member);
        strings.emplace(key, member.get<std::string>());
    }
    return strings;
}

}  // namespace lambdadesk::faults::detail
