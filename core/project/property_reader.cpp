// SPDX-License-Identifier: MIT
#include "project/property_reader.h"

#include "project/diagnostic_collector.h"
#include "project/intrinsics.h"

#include <algorithm>
#include <charconv>

namespace lambdadesk::core {
namespace {

bool contains(const std::vector<std::string_view>& names, const std::string& name)
{
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string lowercase(std::string text)
{
    for (char& c : text)
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return text;
}

} // namespace

ResolvedProperties::ResolvedProperties(const TemplateNode* properties, const std::vector<std::string_view>& handled,
                                       const std::vector<std::string_view>& accepted, const std::string& owner,
                                       IntrinsicResolver& resolver, DiagnosticCollector& diagnostics)
{
    if (!properties || !properties->isMapping())
        return;
    for (const auto& entry : properties->entries) {
        if (contains(handled, entry.key)) {
            m_keys[entry.key] = &entry;
            auto value = resolver.resolve(entry.value);
            if (!value)
                continue;
            if (value->isInvalid())
                m_failed.insert(entry.key);
            else
                m_values.emplace(entry.key, std::move(*value));
        } else if (!contains(accepted, entry.key)) {
            diagnostics.warning(entry.line, entry.column,
                                "unsupported property '" + entry.key + "' on " + owner + "; ignored");
        }
    }
}

const TemplateNode* ResolvedProperties::get(const std::string& key) const
{
    const auto it = m_values.find(key);
    return it == m_values.end() ? nullptr : &it->second;
}

const MapEntry* ResolvedProperties::keyOf(const std::string& key) const
{
    const auto it = m_keys.find(key);
    return it == m_keys.end() ? nullptr : it->second;
}

PropertyReader::PropertyReader(DiagnosticCollector& diagnostics, std::string owner)
    : m_diagnostics(diagnostics), m_owner(std::move(owner))
{
}

std::optional<std::string> PropertyReader::string(const TemplateNode& value, const std::string& property)
{
    if (value.isInvalid())
        return std::nullopt;
    if (!value.isScalar()) {
        error(value, property + " must be a string, got " + value.describe());
        return std::nullopt;
    }
    return value.scalar;
}

std::optional<long long> PropertyReader::integer(const TemplateNode& value, const std::string& property, long long min,
                                                 long long max)
{
    if (value.isInvalid())
        return std::nullopt;
    const std::string accepted = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    long long number = 0;
    bool parsed = false;
    if (value.isScalar() && looksLikeInteger(value.scalar)) {
        const char* begin = value.scalar.data() + (value.scalar.front() == '+' ? 1 : 0);
        const char* end = value.scalar.data() + value.scalar.size();
        const auto result = std::from_chars(begin, end, number);
        parsed = result.ec == std::errc() && result.ptr == end;
    }
    if (!parsed) {
        error(value, property + " must be " + accepted + ", got " + value.describe());
        return std::nullopt;
    }
    if (number < min || number > max) {
        error(value, property + " must be " + accepted + ", got " + value.scalar);
        return std::nullopt;
    }
    return number;
}

std::optional<bool> PropertyReader::boolean(const TemplateNode& value, const std::string& property)
{
    if (value.isInvalid())
        return std::nullopt;
    if (value.isScalar()) {
        const std::string text = lowercase(value.scalar);
        if (text == "true")
            return true;
        if (text == "false")
            return false;
    }
    error(value, property + " must be true or false, got " + value.describe());
    return std::nullopt;
}

std::optional<std::map<std::string, std::string>> PropertyReader::stringMap(const TemplateNode& value,
                                                                            const std::string& property)
{
    if (!expectMapping(value, property))
        return std::nullopt;
    std::map<std::string, std::string> result;
    bool failed = false;
    for (const auto& entry : value.entries) {
        if (entry.value.isScalar()) {
            result[entry.key] = entry.value.scalar;
            continue;
        }
        failed = true;
        if (!entry.value.isInvalid()) {
            error(entry.value,
                  property + '.' + entry.key + " must be a string, number or boolean, got " + entry.value.describe());
        }
    }
    if (failed)
        return std::nullopt;
    return result;
}

bool PropertyReader::expectMapping(const TemplateNode& value, const std::string& property)
{
    if (value.isMapping())
        return true;
    if (!value.isInvalid())
        error(value, property + " must be a map, got " + value.describe());
    return false;
}

bool PropertyReader::expectSequence(const TemplateNode& value, const std::string& property)
{
    if (value.isSequence())
        return true;
    if (!value.isInvalid())
        error(value, property + " must be a list, got " + value.describe());
    return false;
}

void PropertyReader::error(const TemplateNode& at, const std::string& message)
{
    m_diagnostics.error(at, m_owner + ": " + message);
}

void PropertyReader::warning(const TemplateNode& at, const std::string& message)
{
    m_diagnostics.warning(at, m_owner + ": " + message);
}

} // namespace lambdadesk::core
