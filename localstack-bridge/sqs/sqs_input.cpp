// SPDX-License-Identifier: MIT
#include "sqs/sqs_input.h"

#include <encoding/base64.h>
#include <queues/queue_errors.h>

#include <charconv>
#include <limits>

namespace lambdadesk::bridge {
namespace {

namespace queue_error = core::queue_error;

std::optional<int> parseInt(std::string_view text)
{
    int value = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (!text.empty() && text.front() == '+')
        ++begin;
    const auto [at, status] = std::from_chars(begin, end, value);
    if (status != std::errc() || at != end || begin == end)
        return std::nullopt;
    return value;
}

/// "12" → 12; anything else (empty, signs, letters, zero) → nullopt.
std::optional<int> parseIndex(std::string_view text)
{
    if (text.empty() || text.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    const auto value = parseInt(text);
    return value && *value > 0 ? value : std::nullopt;
}

std::string describe(const nlohmann::json& value)
{
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

SqsInput SqsInput::fromForm(QueryParameters parameters)
{
    SqsInput input;
    input.m_form = std::move(parameters);
    return input;
}

SqsInput SqsInput::fromJson(nlohmann::json object)
{
    SqsInput input;
    input.m_isJson = true;
    input.m_json = std::move(object);
    return input;
}

SqsInput SqsInput::child(QueryParameters parameters) const
{
    SqsInput input;
    input.m_form = std::move(parameters);
    input.m_failure = m_failure;
    return input;
}

SqsInput SqsInput::child(nlohmann::json object) const
{
    SqsInput input;
    input.m_isJson = true;
    input.m_json = std::move(object);
    input.m_failure = m_failure;
    return input;
}

void SqsInput::fail(core::Error error)
{
    if (!m_failure->has_value())
        *m_failure = std::move(error);
}

const std::string* SqsInput::formValue(std::string_view name) const
{
    return findParameter(m_form, name);
}

const nlohmann::json* SqsInput::jsonValue(std::string_view name) const
{
    if (!m_json.is_object())
        return nullptr;
    const auto found = m_json.find(name);
    if (found == m_json.end() || found->is_null())
        return nullptr;
    return &*found;
}

std::optional<std::string> SqsInput::optionalString(std::string_view name)
{
    if (!m_isJson) {
        const auto* value = formValue(name);
        return value ? std::optional<std::string>(*value) : std::nullopt;
    }
    const auto* value = jsonValue(name);
    if (!value)
        return std::nullopt;
    if (!value->is_string()) {
        fail(queue_error::invalidParameter(m_path + std::string(name), describe(*value), "Must be a string."));
        return std::nullopt;
    }
    return value->get<std::string>();
}

std::string SqsInput::requiredString(std::string_view name)
{
    if (auto value = optionalString(name))
        return std::move(*value);
    fail(queue_error::make(queue_error::kMissingParameter,
                           "The request must contain the parameter " + m_path + std::string(name) + "."));
    return {};
}

std::optional<int> SqsInput::optionalInt(std::string_view name)
{
    const std::string shown = m_path + std::string(name);
    if (!m_isJson) {
        const auto* value = formValue(name);
        if (!value)
            return std::nullopt;
        auto number = parseInt(*value);
        if (!number)
            fail(queue_error::invalidParameter(shown, *value, "Must be an integer."));
        return number;
    }
    const auto* value = jsonValue(name);
    if (!value)
        return std::nullopt;
    if (!value->is_number_integer()) {
        fail(queue_error::invalidParameter(shown, describe(*value), "Must be an integer."));
        return std::nullopt;
    }
    const auto wide = value->get<std::int64_t>();
    if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
        fail(queue_error::invalidParameter(shown, describe(*value), "Must be an integer."));
        return std::nullopt;
    }
    return static_cast<int>(wide);
}

int SqsInput::requiredInt(std::string_view name)
{
    const bool present = m_isJson ? jsonValue(name) != nullptr : formValue(name) != nullptr;
    if (const auto value = optionalInt(name))
        return *value;
    if (!present)
        fail(queue_error::make(queue_error::kMissingParameter,
                               "The request must contain the parameter " + m_path + std::string(name) + "."));
    return 0;
}

std::string SqsInput::queueUrl()
{
    if (m_pathQueue.empty() || (!m_isJson && formValue("QueueUrl")) || (m_isJson && jsonValue("QueueUrl")))
        return requiredString("QueueUrl");
    return m_pathQueue;
}

std::map<int, QueryParameters> SqsInput::indexed(std::string_view prefix)
{
    std::map<int, QueryParameters> groups;
    for (const auto& [key, value] : m_form) {
        if (key.size() <= prefix.size() || !key.starts_with(prefix) || key[prefix.size()] != '.')
            continue;
        const std::string_view rest = std::string_view(key).substr(prefix.size() + 1);
        const auto dot = rest.find('.');
        const auto index = parseIndex(rest.substr(0, dot));
        if (!index) {
            fail(queue_error::make(queue_error::kInvalidParameterValue,
                                   "The parameter " + m_path + key +
                                       " is malformed: members of a list or map are numbered from 1, e.g. " +
                                       std::string(prefix) + ".1."));
            continue;
        }
        const std::string member = dot == std::string_view::npos ? std::string() : std::string(rest.substr(dot + 1));
        groups[*index].emplace_back(member, value);
    }
    return groups;
}

std::map<std::string, std::string> SqsInput::stringMap(SqsMember member, std::string_view keyName,
                                                       std::string_view valueName)
{
    std::map<std::string, std::string> map;
    if (m_isJson) {
        const auto* object = jsonValue(member.json);
        if (!object)
            return map;
        if (!object->is_object()) {
            fail(queue_error::invalidParameter(m_path + std::string(member.json), describe(*object),
                                               "Must be an object of strings."));
            return map;
        }
        for (const auto& [key, value] : object->items()) {
            if (!value.is_string()) {
                fail(queue_error::invalidParameter(m_path + std::string(member.json) + "." + key, describe(value),
                                                   "Must be a string."));
                continue;
            }
            map[key] = value.get<std::string>();
        }
        return map;
    }
    for (auto& [index, parameters] : indexed(member.form)) {
        SqsInput entry = child(std::move(parameters));
        entry.m_path = m_path + std::string(member.form) + "." + std::to_string(index) + ".";
        auto key = entry.requiredString(keyName);
        auto value = entry.requiredString(valueName);
        map[std::move(key)] = std::move(value);
    }
    return map;
}

std::vector<std::string> SqsInput::stringList(SqsMember member)
{
    std::vector<std::string> list;
    if (m_isJson) {
        const auto* array = jsonValue(member.json);
        if (!array)
            return list;
        if (!array->is_array()) {
            fail(queue_error::invalidParameter(m_path + std::string(member.json), describe(*array),
                                               "Must be a list of strings."));
            return list;
        }
        for (const auto& value : *array) {
            if (value.is_string())
                list.push_back(value.get<std::string>());
            else
                fail(queue_error::invalidParameter(m_path + std::string(member.json), describe(value),
                                                   "Must be a list of strings."));
        }
        return list;
    }
    for (auto& [index, parameters] : indexed(member.form)) {
        if (const auto* value = findParameter(parameters, ""))
            list.push_back(*value);
    }
    return list;
}

core::MessageAttributes SqsInput::messageAttributes(SqsMember member)
{
    core::MessageAttributes attributes;
    const auto readValue = [](SqsInput& value) {
        core::MessageAttributeValue attribute;
        attribute.dataType = value.requiredString("DataType");
        attribute.stringValue = value.optionalString("StringValue").value_or("");
        if (auto binary = value.optionalString("BinaryValue")) {
            if (!core::decodeBase64(*binary, attribute.binaryValue))
                value.fail(
                    queue_error::invalidParameter(value.m_path + "BinaryValue", *binary, "Must be base64-encoded."));
        }
        return attribute;
    };
    if (m_isJson) {
        const auto* object = jsonValue(member.json);
        if (!object)
            return attributes;
        if (!object->is_object()) {
            fail(queue_error::invalidParameter(m_path + std::string(member.json), describe(*object),
                                               "Must be an object of message attribute values."));
            return attributes;
        }
        for (const auto& [name, value] : object->items()) {
            SqsInput entry = child(value);
            entry.m_path = m_path + std::string(member.json) + "." + name + ".";
            if (!value.is_object()) {
                entry.fail(queue_error::invalidParameter(entry.m_path, describe(value),
                                                         "Must be an object with DataType and a value."));
                continue;
            }
            attributes[name] = readValue(entry);
        }
        return attributes;
    }
    for (auto& [index, parameters] : indexed(member.form)) {
        SqsInput entry = child(std::move(parameters));
        entry.m_path = m_path + std::string(member.form) + "." + std::to_string(index) + ".";
        auto name = entry.requiredString("Name");
        QueryParameters valueMembers;
        for (const auto& [key, value] : entry.m_form) {
            if (key.starts_with("Value."))
                valueMembers.emplace_back(key.substr(6), value);
        }
        SqsInput value = entry.child(std::move(valueMembers));
        value.m_path = entry.m_path + "Value.";
        attributes[std::move(name)] = readValue(value);
    }
    return attributes;
}

std::vector<SqsInput> SqsInput::entries(SqsMember member)
{
    std::vector<SqsInput> list;
    if (m_isJson) {
        const auto* array = jsonValue(member.json);
        if (!array)
            return list;
        if (!array->is_array()) {
            fail(queue_error::invalidParameter(m_path + std::string(member.json), describe(*array),
                                               "Must be a list of entries."));
            return list;
        }
        for (std::size_t i = 0; i < array->size(); ++i) {
            SqsInput entry = child((*array)[i]);
            entry.m_path = m_path + std::string(member.json) + "." + std::to_string(i + 1) + ".";
            if (!(*array)[i].is_object())
                entry.fail(queue_error::invalidParameter(entry.m_path, describe((*array)[i]), "Must be an object."));
            list.push_back(std::move(entry));
        }
        return list;
    }
    for (auto& [index, parameters] : indexed(member.form)) {
        SqsInput entry = child(std::move(parameters));
        entry.m_path = m_path + std::string(member.form) + "." + std::to_string(index) + ".";
        list.push_back(std::move(entry));
    }
    return list;
}

} // namespace lambdadesk::bridge
