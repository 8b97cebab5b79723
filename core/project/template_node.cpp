// SPDX-License-Identifier: MIT
#include "project/template_node.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <regex>

namespace lambdadesk::core {
namespace {

bool isOneOf(std::string_view text, std::initializer_list<std::string_view> options)
{
    for (const auto option : options) {
        if (text == option)
            return true;
    }
    return false;
}

bool looksLikeFloat(const std::string& text)
{
    static const std::regex kFloat(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    return std::regex_match(text, kFloat);
}

} // namespace

nlohmann::json plainScalarToJson(const std::string& text)
{
    if (isOneOf(text, {"true", "True", "TRUE"}))
        return true;
    if (isOneOf(text, {"false", "False", "FALSE"}))
        return false;
    if (isOneOf(text, {"", "~", "null", "Null", "NULL"}))
        return nullptr;
    if (looksLikeInteger(text)) {
        std::int64_t value = 0;
        const char* begin = text.data() + (text.front() == '+' ? 1 : 0);
        const auto [end, error] = std::from_chars(begin, text.data() + text.size(), value);
        if (error == std::errc() && end == text.data() + text.size())
            return value;
        // Too large for 64 bits: keep the digits rather than lose precision.
        return text;
    }
    if (looksLikeFloat(text))
        return std::strtod(text.c_str(), nullptr);
    return text;
}

const MapEntry* TemplateNode::findEntry(std::string_view key) const
{
    if (kind != Kind::Mapping)
        return nullptr;
    for (const auto& entry : entries) {
        if (entry.key == key)
            return &entry;
    }
    return nullptr;
}

const TemplateNode* TemplateNode::find(std::string_view key) const
{
    const MapEntry* entry = findEntry(key);
    return entry ? &entry->value : nullptr;
}

std::string TemplateNode::describe() const
{
    switch (kind) {
    case Kind::Null:
        return "nothing";
    case Kind::Scalar: {
        constexpr std::size_t kMaxShown = 60;
        if (scalar.size() > kMaxShown)
            return '\'' + scalar.substr(0, kMaxShown) + "...'";
        return '\'' + scalar + '\'';
    }
    case Kind::Sequence:
        return "a list";
    case Kind::Mapping:
        return "a map";
    case Kind::Invalid:
        return "an invalid value";
    }
    return {};
}

TemplateNode TemplateNode::makeString(std::string value, const TemplateNode& at)
{
    TemplateNode node;
    node.kind = Kind::Scalar;
    node.scalar = std::move(value);
    node.quoted = true;
    node.line = at.line;
    node.column = at.column;
    return node;
}

TemplateNode TemplateNode::makeSequence(const TemplateNode& at)
{
    TemplateNode node;
    node.kind = Kind::Sequence;
    node.line = at.line;
    node.column = at.column;
    return node;
}

TemplateNode TemplateNode::makeMapping(const TemplateNode& at)
{
    TemplateNode node;
    node.kind = Kind::Mapping;
    node.line = at.line;
    node.column = at.column;
    return node;
}

TemplateNode TemplateNode::makeInvalid(const TemplateNode& at)
{
    TemplateNode node;
    node.kind = Kind::Invalid;
    node.line = at.line;
    node.column = at.column;
    return node;
}

bool looksLikeInteger(std::string_view text)
{
    if (!text.empty() && (text.front() == '-' || text.front() == '+'))
        text.remove_prefix(1);
    if (text.empty())
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

nlohmann::json toJson(const TemplateNode& node)
{
    switch (node.kind) {
    case TemplateNode::Kind::Null:
    case TemplateNode::Kind::Invalid:
        return nullptr;
    case TemplateNode::Kind::Scalar:
        return node.quoted ? nlohmann::json(node.scalar) : plainScalarToJson(node.scalar);
    case TemplateNode::Kind::Sequence: {
        auto array = nlohmann::json::array();
        for (const auto& item : node.items)
            array.push_back(toJson(item));
        return array;
    }
    case TemplateNode::Kind::Mapping: {
        auto object = nlohmann::json::object();
        for (const auto& entry : node.entries)
            object[entry.key] = toJson(entry.value);
        return object;
    }
    }
    return nullptr;
}

} // namespace lambdadesk::core
