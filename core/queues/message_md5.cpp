// SPDX-License-Identifier: MIT
#include "queues/message_md5.h"

#include "encoding/message_digest.h"

#include <cstdint>

namespace lambdadesk::core {
namespace {

constexpr char kTransportString = 1;
constexpr char kTransportBinary = 2;

void appendLengthPrefixed(std::string& out, std::string_view bytes)
{
    const auto size = static_cast<std::uint32_t>(bytes.size());
    out.push_back(static_cast<char>((size >> 24) & 0xFF));
    out.push_back(static_cast<char>((size >> 16) & 0xFF));
    out.push_back(static_cast<char>((size >> 8) & 0xFF));
    out.push_back(static_cast<char>(size & 0xFF));
    out.append(bytes);
}

bool readLengthPrefixed(std::string_view& in, std::string& out)
{
    if (in.size() < 4)
        return false;
    const auto byte = [&](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(in[i])); };
    const std::uint32_t size = (byte(0) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
    in.remove_prefix(4);
    if (in.size() < size)
        return false;
    out.assign(in.substr(0, size));
    in.remove_prefix(size);
    return true;
}

} // namespace

bool isBinaryDataType(std::string_view dataType)
{
    return dataType.starts_with("Binary");
}

std::string md5OfMessageBody(std::string_view body)
{
    return md5Hex(body);
}

std::string encodeMessageAttributes(const MessageAttributes& attributes)
{
    std::string out;
    for (const auto& [name, value] : attributes) {
        appendLengthPrefixed(out, name);
        appendLengthPrefixed(out, value.dataType);
        const bool binary = isBinaryDataType(value.dataType);
        out.push_back(binary ? kTransportBinary : kTransportString);
        appendLengthPrefixed(out, binary ? value.binaryValue : value.stringValue);
    }
    return out;
}

bool decodeMessageAttributes(std::string_view bytes, MessageAttributes& attributes)
{
    attributes.clear();
    while (!bytes.empty()) {
        std::string name;
        MessageAttributeValue value;
        if (!readLengthPrefixed(bytes, name) || !readLengthPrefixed(bytes, value.dataType) || bytes.empty())
            return false;
        const char transport = bytes.front();
        bytes.remove_prefix(1);
        if (transport != kTransportString && transport != kTransportBinary)
            return false;
        if (!readLengthPrefixed(bytes, transport == kTransportBinary ? value.binaryValue : value.stringValue))
            return false;
        attributes.emplace(std::move(name), std::move(value));
    }
    return true;
}

std::string md5OfMessageAttributes(const MessageAttributes& attributes)
{
    if (attributes.empty())
        return {};
    return md5Hex(encodeMessageAttributes(attributes));
}

} // namespace lambdadesk::core
