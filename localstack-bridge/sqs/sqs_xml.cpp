// SPDX-License-Identifier: MIT
// SqsOutput as the query protocol's XML, and the escaping that keeps message bodies intact through it.
#include "sqs/sqs_output.h"

#include <encoding/base64.h>

namespace lambdadesk::bridge {
namespace {

constexpr std::string_view kNamespace = "http://queue.amazonaws.com/doc/2012-11-05/";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

/// Decodes one UTF-8 sequence at `text[at]`; returns its length, or 0 when it is malformed.
std::size_t decodeUtf8(std::string_view text, std::size_t at, char32_t& codePoint)
{
    const auto byte = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    if (byte < 0x80) {
        codePoint = byte;
        return 1;
    }
    if ((byte & 0xE0) == 0xC0) {
        length = 2;
        codePoint = byte & 0x1F;
    } else if ((byte & 0xF0) == 0xE0) {
        length = 3;
        codePoint = byte & 0x0F;
    } else if ((byte & 0xF8) == 0xF0) {
        length = 4;
        codePoint = byte & 0x07;
    } else {
        return 0;
    }
    if (at + length > text.size())
        return 0;
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[at + i]);
        if ((next & 0xC0) != 0x80)
            return 0;
        codePoint = (codePoint << 6) | (next & 0x3F);
    }
    // Overlong forms and surrogates are not UTF-8.
    static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (codePoint < kMinimum[length] || (codePoint >= 0xD800 && codePoint <= 0xDFFF) || codePoint > 0x10FFFF)
        return 0;
    return length;
}

bool isXmlCharacter(char32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

void element(std::string& out, std::string_view name, std::string_view text)
{
    out += '<';
    out += name;
    out += '>';
    out += xmlEscape(text);
    out += "</";
    out += name;
    out += '>';
}

void open(std::string& out, std::string_view name)
{
    out += '<';
    out += name;
    out += '>';
}

void close(std::string& out, std::string_view name)
{
    out += "</";
    out += name;
    out += '>';
}

void writeMembers(std::string& out, const SqsOutput& output)
{
    using Kind = SqsOutput::Kind;
    for (const auto& member : output.members()) {
        switch (member.kind) {
        case Kind::String:
        case Kind::Integer:
        case Kind::Boolean:
            element(out, member.xmlName, member.text);
            break;
        case Kind::StringList:
            for (const auto& value : member.list)
                element(out, member.xmlName, value);
            break;
        case Kind::StringMap:
            for (const auto& [key, value] : member.map) {
                open(out, member.xmlName);
                element(out, member.keyTag, key);
                element(out, member.valueTag, value);
                close(out, member.xmlName);
            }
            break;
        case Kind::MessageAttributes:
            for (const auto& [name, value] : member.attributes) {
                open(out, member.xmlName);
                element(out, "Name", name);
                open(out, "Value");
                if (value.dataType.starts_with("Binary"))
                    element(out, "BinaryValue", core::encodeBase64(value.binaryValue));
                else
                    element(out, "StringValue", value.stringValue);
                element(out, "DataType", value.dataType);
                close(out, "Value");
                close(out, member.xmlName);
            }
            break;
        case Kind::Entries:
            for (const auto& entry : member.entries) {
                open(out, member.xmlName);
                writeMembers(out, entry);
                close(out, member.xmlName);
            }
            break;
        }
    }
}

} // namespace

std::string xmlEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        char32_t c = 0;
        const std::size_t length = decodeUtf8(text, at, c);
        if (length == 0 || !isXmlCharacter(c)) {
            out += kReplacement;
            at += length == 0 ? 1 : length;
            continue;
        }
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&apos;";
            break;
        // As references, so XML's end-of-line handling and attribute normalisation leave them alone.
        case '\t':
            out += "&#x9;";
            break;
        case '\n':
            out += "&#xA;";
            break;
        case '\r':
            out += "&#xD;";
            break;
        default:
            out.append(text.substr(at, length));
        }
        at += length;
    }
    return out;
}

std::string SqsOutput::toXml(std::string_view action, std::string_view requestId) const
{
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    const std::string response = std::string(action) + "Response";
    const std::string result = std::string(action) + "Result";
    out += '<' + response + " xmlns=\"" + std::string(kNamespace) + "\">";
    if (m_hasResult) {
        if (m_members.empty()) {
            out += '<' + result + "/>";
        } else {
            open(out, result);
            writeMembers(out, *this);
            close(out, result);
        }
    }
    out += "<ResponseMetadata>";
    element(out, "RequestId", requestId);
    out += "</ResponseMetadata>";
    close(out, response);
    return out;
}

} // namespace lambdadesk::bridge
