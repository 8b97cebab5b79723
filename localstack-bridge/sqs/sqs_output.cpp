// SPDX-License-Identifier: MIT
// SqsOutput: building a result, and rendering it as AWS JSON 1.0.
#include "sqs/sqs_output.h"

#include <encoding/base64.h>

#include <nlohmann/json.hpp>

namespace lambdadesk::bridge {
namespace {

bool isBinary(const core::MessageAttributeValue& value)
{
    return value.dataType.starts_with("Binary");
}

nlohmann::json toJsonObject(const SqsOutput& output)
{
    nlohmann::json object = nlohmann::json::object();
    for (const auto& member : output.members()) {
        using Kind = SqsOutput::Kind;
        switch (member.kind) {
        case Kind::String:
            object[member.jsonName] = member.text;
            break;
        case Kind::Integer:
            object[member.jsonName] = member.number;
            break;
        case Kind::Boolean:
            object[member.jsonName] = member.text == "true";
            break;
        case Kind::StringList:
            object[member.jsonName] = member.list;
            break;
        case Kind::StringMap: {
            nlohmann::json map = nlohmann::json::object();
            for (const auto& [key, value] : member.map)
                map[key] = value;
            object[member.jsonName] = std::move(map);
            break;
        }
        case Kind::MessageAttributes: {
            nlohmann::json map = nlohmann::json::object();
            for (const auto& [name, value] : member.attributes) {
                nlohmann::json attribute = nlohmann::json::object();
                if (isBinary(value))
                    attribute["BinaryValue"] = core::encodeBase64(value.binaryValue);
                else
                    attribute["StringValue"] = value.stringValue;
                attribute["DataType"] = value.dataType;
                map[name] = std::move(attribute);
            }
            object[member.jsonName] = std::move(map);
            break;
        }
        case Kind::Entries: {
            nlohmann::json list = nlohmann::json::array();
            for (const auto& entry : member.entries)
                list.push_back(toJsonObject(entry));
            object[member.jsonName] = std::move(list);
            break;
        }
        }
    }
    return object;
}

} // namespace

SqsOutput SqsOutput::none()
{
    SqsOutput output;
    output.m_hasResult = false;
    return output;
}

SqsOutput& SqsOutput::addString(std::string name, std::string value)
{
    Member member;
    member.kind = Kind::String;
    member.xmlName = name;
    member.jsonName = std::move(name);
    member.text = std::move(value);
    m_members.push_back(std::move(member));
    return *this;
}

SqsOutput& SqsOutput::addInteger(std::string name, std::int64_t value)
{
    addString(std::move(name), std::to_string(value));
    m_members.back().kind = Kind::Integer;
    m_members.back().number = value;
    return *this;
}

SqsOutput& SqsOutput::addBoolean(std::string name, bool value)
{
    addString(std::move(name), value ? "true" : "false");
    m_members.back().kind = Kind::Boolean;
    return *this;
}

SqsOutput& SqsOutput::addStringList(std::string jsonName, std::string xmlName, std::vector<std::string> values)
{
    Member member;
    member.kind = Kind::StringList;
    member.jsonName = std::move(jsonName);
    member.xmlName = std::move(xmlName);
    member.list = std::move(values);
    m_members.push_back(std::move(member));
    return *this;
}

SqsOutput& SqsOutput::addStringMap(std::string jsonName, std::string xmlName,
                                   const std::map<std::string, std::string>& values, std::string keyTag,
                                   std::string valueTag)
{
    Member member;
    member.kind = Kind::StringMap;
    member.jsonName = std::move(jsonName);
    member.xmlName = std::move(xmlName);
    member.map.assign(values.begin(), values.end());
    member.keyTag = std::move(keyTag);
    member.valueTag = std::move(valueTag);
    m_members.push_back(std::move(member));
    return *this;
}

SqsOutput& SqsOutput::addMessageAttributes(std::string jsonName, std::string xmlName,
                                           const core::MessageAttributes& values)
{
    Member member;
    member.kind = Kind::MessageAttributes;
    member.jsonName = std::move(jsonName);
    member.xmlName = std::move(xmlName);
    member.attributes = values;
    m_members.push_back(std::move(member));
    return *this;
}

SqsOutput& SqsOutput::declareList(std::string jsonName, std::string xmlName)
{
    for (const auto& member : m_members) {
        if (member.kind == Kind::Entries && member.jsonName == jsonName)
            return *this;
    }
    Member member;
    member.kind = Kind::Entries;
    member.jsonName = std::move(jsonName);
    member.xmlName = std::move(xmlName);
    m_members.push_back(std::move(member));
    return *this;
}

SqsOutput& SqsOutput::appendEntry(std::string jsonName, std::string xmlName)
{
    for (auto& member : m_members) {
        if (member.kind == Kind::Entries && member.jsonName == jsonName)
            return member.entries.emplace_back();
    }
    declareList(std::move(jsonName), std::move(xmlName));
    return m_members.back().entries.emplace_back();
}

std::string SqsOutput::toJson() const
{
    return toJsonObject(*this).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace lambdadesk::bridge
