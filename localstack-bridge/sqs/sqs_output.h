// SPDX-License-Identifier: MIT
// The result of an SQS operation, built once and rendered as the query protocol's XML or as AWS JSON 1.0.
#pragma once

#include <queues/queue_types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::bridge {

/// A protocol-neutral result structure. Members keep their order (the XML follows it). Lists and maps
/// have a JSON name and the XML name of their flattened, repeated element: `QueueUrls` in JSON is a run
/// of `<QueueUrl>` in XML, `Attributes` is a run of `<Attribute><Name/><Value/></Attribute>`.
class SqsOutput {
public:
    /// An operation whose result has members (its XML has an <OpResult> element, maybe empty).
    SqsOutput() = default;
    /// An operation without output: XML has only <OpResponse><ResponseMetadata>, JSON is {}.
    static SqsOutput none();

    SqsOutput& addString(std::string name, std::string value);
    SqsOutput& addInteger(std::string name, std::int64_t value);
    SqsOutput& addBoolean(std::string name, bool value);
    /// Flattened list of strings. In JSON an empty list is still written.
    SqsOutput& addStringList(std::string jsonName, std::string xmlName, std::vector<std::string> values);
    /// Flattened map of strings: <xmlName><keyTag/><valueTag/></xmlName> per entry; an object in JSON.
    SqsOutput& addStringMap(std::string jsonName, std::string xmlName, const std::map<std::string, std::string>& values,
                            std::string keyTag = "Name", std::string valueTag = "Value");
    /// Flattened map of message attributes (<MessageAttribute><Name/><Value>…</Value></MessageAttribute>).
    SqsOutput& addMessageAttributes(std::string jsonName, std::string xmlName, const core::MessageAttributes& values);
    /// Appends a structure to a flattened list of structures (created empty on first use).
    SqsOutput& appendEntry(std::string jsonName, std::string xmlName);
    /// Declares a list of structures that may stay empty (JSON writes `[]`).
    SqsOutput& declareList(std::string jsonName, std::string xmlName);

    [[nodiscard]] bool hasResult() const { return m_hasResult; }

    /// <Action>Response xmlns=…><Action>Result>…</…Result><ResponseMetadata>…</…Response>
    [[nodiscard]] std::string toXml(std::string_view action, std::string_view requestId) const;
    /// The JSON 1.0 body: the members with no wrapper.
    [[nodiscard]] std::string toJson() const;

    enum class Kind { String, Integer, Boolean, StringList, StringMap, MessageAttributes, Entries };
    struct Member {
        Kind kind = Kind::String;
        std::string jsonName;
        std::string xmlName;
        std::string text;        ///< String, Integer (decimal), Boolean (true/false)
        std::int64_t number = 0; ///< Integer
        std::vector<std::string> list;
        std::vector<std::pair<std::string, std::string>> map;
        std::string keyTag;
        std::string valueTag;
        core::MessageAttributes attributes;
        std::vector<SqsOutput> entries;
    };
    [[nodiscard]] const std::vector<Member>& members() const { return m_members; }

private:
    std::vector<Member> m_members;
    bool m_hasResult = true;
};

/// XML character data: & < > " ' escaped; tab, LF and CR as character references so parsers keep them;
/// characters XML 1.0 cannot hold at all (other controls, bad UTF-8) become U+FFFD.
std::string xmlEscape(std::string_view text);

} // namespace lambdadesk::bridge
