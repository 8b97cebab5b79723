// SPDX-License-Identifier: MIT
#include "kinesis/json_member_reader.h"

#include <encoding/base64.h>

#include <charconv>
#include <cmath>
#include <limits>

namespace lambdadesk::bridge::kinesis {
namespace {

constexpr const char* kSerialization = "SerializationException";

std::string typeName(const nlohmann::json& value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::string:
        return "a string";
    case nlohmann::json::value_t::boolean:
        return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
        return "a number";
    case nlohmann::json::value_t::object:
        return "an object";
    case nlohmann::json::value_t::array:
        return "a list";
    default:
        return "null";
    }
}

} // namespace

std::optional<std::string> decodeBase64Member(const std::string& text, std::string& problem)
{
    std::size_t symbols = 0;
    std::size_t padding = 0;
    for (const char c : text) {
        if (c == '=')
            ++padding;
        else if (c != '\n' && c != '\r')
            ++symbols;
    }
    if ((symbols + padding) % 4 == 1 || (padding > 0 && (symbols + padding) % 4 != 0)) {
        problem = "its length (" + std::to_string(symbols + padding) + " characters) is not a base64 length";
        return std::nullopt;
    }
    std::string decoded;
    if (!core::decodeBase64(text, decoded, &problem))
        return std::nullopt;
    return decoded;
}

JsonMemberReader::JsonMemberReader(const nlohmann::json& object, std::string path)
    : JsonMemberReader(object, std::move(path), std::make_shared<std::optional<core::Error>>())
{
}

JsonMemberReader::JsonMemberReader(const nlohmann::json& object, std::string path,
                                   std::shared_ptr<std::optional<core::Error>> error)
    : m_object(&object), m_path(std::move(path)), m_error(std::move(error))
{
}

const nlohmann::json* JsonMemberReader::find(std::string_view name) const
{
    if (!m_object->is_object())
        return nullptr;
    const auto found = m_object->find(name);
    if (found == m_object->end() || found->is_null())
        return nullptr;
    return &*found;
}

bool JsonMemberReader::has(std::string_view name) const
{
    return find(name) != nullptr;
}

void JsonMemberReader::fail(std::string_view name, const std::string& expected, const nlohmann::json& got)
{
    if (*m_error)
        return;
    *m_error = core::Error{kSerialization, "Member '" + m_path + std::string(name) + "' must be " + expected +
                                               ", got " + typeName(got) + "."};
}

std::string JsonMemberReader::string(std::string_view name)
{
    const auto* value = find(name);
    if (!value)
        return {};
    if (!value->is_string()) {
        fail(name, "a string", *value);
        return {};
    }
    return value->get<std::string>();
}

std::optional<int> JsonMemberReader::integer(std::string_view name)
{
    const auto* value = find(name);
    if (!value)
        return std::nullopt;
    constexpr auto kMin = static_cast<double>(std::numeric_limits<int>::min());
    constexpr auto kMax = static_cast<double>(std::numeric_limits<int>::max());
    const std::string expected = "an integer from -2147483648 to 2147483647";
    if (!value->is_number()) {
        fail(name, expected, *value);
        return std::nullopt;
    }
    if (value->is_number_unsigned()) {
        const auto number = value->get<std::uint64_t>();
        if (number <= static_cast<std::uint64_t>(std::numeric_limits<int>::max()))
            return static_cast<int>(number);
    } else if (value->is_number_integer()) {
        const auto number = value->get<std::int64_t>();
        if (number >= std::numeric_limits<int>::min() && number <= std::numeric_limits<int>::max())
            return static_cast<int>(number);
    } else {
        // 5.0 is a whole number some JSON writers produce; 5.5 is not an Integer.
        const auto number = value->get<double>();
        if (std::isfinite(number) && std::trunc(number) == number && number >= kMin && number <= kMax)
            return static_cast<int>(number);
    }
    if (!*m_error)
        *m_error = core::Error{kSerialization, "Member '" + m_path + std::string(name) + "' must be " + expected +
                                                   ", got " + value->dump() + "."};
    return std::nullopt;
}

std::optional<double> JsonMemberReader::timestamp(std::string_view name)
{
    const auto* value = find(name);
    if (!value)
        return std::nullopt;
    if (value->is_number())
        return value->get<double>();
    if (value->is_string()) {
        const auto& text = value->get_ref<const std::string&>();
        double seconds = 0;
        const auto* end = text.data() + text.size();
        const auto parsed = std::from_chars(text.data(), end, seconds);
        if (!text.empty() && parsed.ec == std::errc() && parsed.ptr == end && std::isfinite(seconds))
            return seconds;
    }
    fail(name, "a timestamp in seconds since the Unix epoch (a number such as 1700000000.5)", *value);
    return std::nullopt;
}

std::string JsonMemberReader::blob(std::string_view name)
{
    const auto* value = find(name);
    if (!value)
        return {};
    if (!value->is_string()) {
        fail(name, "a base64 string", *value);
        return {};
    }
    std::string problem;
    auto decoded = decodeBase64Member(value->get_ref<const std::string&>(), problem);
    if (!decoded) {
        if (!*m_error)
            *m_error = core::Error{kSerialization,
                                   "Member '" + m_path + std::string(name) + "' is not valid base64: " + problem + "."};
        return {};
    }
    return std::move(*decoded);
}

std::optional<JsonMemberReader> JsonMemberReader::structure(std::string_view name)
{
    const auto* value = find(name);
    if (!value)
        return std::nullopt;
    if (!value->is_object()) {
        fail(name, "an object", *value);
        return std::nullopt;
    }
    return JsonMemberReader(*value, m_path + std::string(name) + ".", m_error);
}

std::vector<JsonMemberReader> JsonMemberReader::structures(std::string_view name)
{
    std::vector<JsonMemberReader> items;
    const auto* value = find(name);
    if (!value)
        return items;
    if (!value->is_array()) {
        fail(name, "a list of objects", *value);
        return items;
    }
    items.reserve(value->size());
    for (std::size_t i = 0; i < value->size(); ++i) {
        const auto& item = (*value)[i];
        const std::string itemName = std::string(name) + "[" + std::to_string(i) + "]";
        if (!item.is_object()) {
            fail(itemName, "an object", item);
            return {};
        }
        items.push_back(JsonMemberReader(item, m_path + itemName + ".", m_error));
    }
    return items;
}

} // namespace lambdadesk::bridge::kinesis
