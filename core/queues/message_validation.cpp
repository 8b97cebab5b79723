// SPDX-License-Identifier: MIT
#include "queues/message_validation.h"

#include "queues/message_md5.h"
#include "queues/queue_errors.h"

#include <cctype>
#include <cstdint>
#include <set>
#include <string>

namespace lambdadesk::core {
namespace {

constexpr std::size_t kMaxAttributes = 10;
constexpr std::size_t kMaxBatchEntries = 10;

const char* const kInvalidCharacters = "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | "
                                       "#x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF";

bool isAsciiAlnum(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

/// A decimal number as SQS's Number type accepts it: sign, digits, optional fraction and exponent.
bool isNumber(std::string_view text)
{
    std::size_t i = 0;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
        ++i;
    std::size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        ++i;
        ++digits;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            ++i;
            ++digits;
        }
    }
    if (digits == 0)
        return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            ++i;
        std::size_t exponent = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            ++i;
            ++exponent;
        }
        if (exponent == 0)
            return false;
    }
    return i == text.size();
}

Expected<void> validateAttributeName(const std::string& name)
{
    using namespace queue_error;
    if (name.empty())
        return make(kInvalidParameterValue, "The request must contain non-empty message (user) attribute names.");
    if (name.size() >= 256)
        return make(kInvalidParameterValue, "Message (user) attribute names must be shorter than 256 Bytes");
    for (const char c : name) {
        // Bytes >= 0x80 belong to UTF-8 letters, which AWS accepts (umlauts and the like).
        if (!isAsciiAlnum(c) && c != '_' && c != '-' && c != '.' && static_cast<unsigned char>(c) < 0x80)
            return make(kInvalidParameterValue, "Message (user) attributes name can only contain upper and lower "
                                                "score characters, digits, periods, hyphens and underscores.");
    }
    if (startsWithIgnoreCase(name, "aws.") || startsWithIgnoreCase(name, "amazon.") || name.front() == '.' ||
        name.back() == '.' || name.find("..") != std::string::npos)
        return make(kInvalidParameterValue,
                    "You can't use message attribute names beginning with 'AWS.' or 'Amazon.'. These strings are "
                    "reserved for internal use. Additionally, they cannot start or end with '.'.");
    return {};
}

Expected<void> validateAttributeValue(const std::string& name, const MessageAttributeValue& value)
{
    using namespace queue_error;
    const std::string& type = value.dataType;
    if (type.empty())
        return make(kInvalidParameterValue,
                    "The message (user) attribute '" + name + "' must contain a non-empty message attribute type.");
    if (type.size() >= 256)
        return make(kInvalidParameterValue, "Message (user) attribute types must be shorter than 256 Bytes");
    std::string_view base;
    for (const std::string_view candidate : {"String", "Number", "Binary"})
        if (type.starts_with(candidate) && (type.size() == candidate.size() || type[candidate.size()] == '.'))
            base = candidate;
    if (base.empty() || type.size() == base.size() + 1)
        return make(kInvalidParameterValue, "The type of message (user) attribute '" + name +
                                                "' is invalid. You must use only the following supported type "
                                                "prefixes: Binary, Number, String.");
    if (base == "Binary") {
        if (value.binaryValue.empty())
            return make(kInvalidParameterValue,
                        "Message (user) attribute '" + name + "' must contain a non-empty value of type 'Binary'.");
        return {};
    }
    if (value.stringValue.empty())
        return make(kInvalidParameterValue, "Message (user) attribute '" + name +
                                                "' must contain a non-empty value of type '" + std::string(base) +
                                                "'.");
    if (!isValidMessageText(value.stringValue))
        return make(kInvalidParameterValue, kInvalidCharacters);
    if (base == "Number" && !isNumber(value.stringValue))
        return make(kInvalidParameterValue,
                    "Can't cast the value of message (user) attribute '" + name + "' to a number.");
    return {};
}

} // namespace

bool isValidMessageText(std::string_view text)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            // The fast path: printable ASCII plus tab, LF and CR.
            if (lead < 0x20 && lead != 0x9 && lead != 0xA && lead != 0xD)
                return false;
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code = 0;
        if ((lead & 0xE0) == 0xC0) {
            length = 2;
            code = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            code = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            code = lead & 0x07;
        } else {
            return false;
        }
        if (i + length > size)
            return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80)
                return false;
            code = (code << 6) | (bytes[i + k] & 0x3F);
        }
        // Overlong encodings, surrogates and the two non-characters are outside SQS's set.
        const std::uint32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
        if (code < minimum || (code >= 0xD800 && code <= 0xDFFF) || code == 0xFFFE || code == 0xFFFF || code > 0x10FFFF)
            return false;
        i += length;
    }
    return true;
}

Expected<void> validateMessageBody(std::string_view body)
{
    if (body.empty())
        return queue_error::make(queue_error::kMissingParameter, "The request must contain the parameter MessageBody.");
    if (!isValidMessageText(body))
        return queue_error::make(queue_error::kInvalidMessageContents, kInvalidCharacters);
    return {};
}

Expected<void> validateMessageAttributes(const MessageAttributes& attributes)
{
    if (attributes.size() > kMaxAttributes)
        return queue_error::make(queue_error::kInvalidParameterValue, "Number of message attributes [" +
                                                                          std::to_string(attributes.size()) +
                                                                          "] exceeds the allowed maximum [10].");
    for (const auto& [name, value] : attributes) {
        if (auto valid = validateAttributeName(name); !valid)
            return valid;
        if (auto valid = validateAttributeValue(name, value); !valid)
            return valid;
    }
    return {};
}

Expected<void> validateMessageSystemAttributes(const MessageAttributes& attributes)
{
    for (const auto& [name, value] : attributes) {
        if (name != "AWSTraceHeader")
            return queue_error::make(queue_error::kInvalidParameterValue,
                                     "Message system attribute name '" + name + "' is invalid.");
        if (value.dataType != "String" || value.stringValue.empty())
            return queue_error::make(queue_error::kInvalidParameterValue,
                                     "The message system attribute 'AWSTraceHeader' must contain a non-empty value "
                                     "of type 'String'.");
        if (!isValidMessageText(value.stringValue))
            return queue_error::make(queue_error::kInvalidParameterValue, kInvalidCharacters);
    }
    return {};
}

std::size_t messageAttributesSize(const MessageAttributes& attributes)
{
    std::size_t size = 0;
    for (const auto& [name, value] : attributes)
        size += name.size() + value.dataType.size() +
                (isBinaryDataType(value.dataType) ? value.binaryValue.size() : value.stringValue.size());
    return size;
}

Expected<void> validateFifoId(std::string_view value, std::string_view parameter)
{
    bool valid = !value.empty() && value.size() <= 128;
    for (const char c : value)
        valid = valid && (isAsciiAlnum(c) || std::ispunct(static_cast<unsigned char>(c)) != 0);
    if (valid)
        return {};
    const std::string name(parameter);
    return queue_error::invalidParameter(name, std::string(value),
                                         name + " can only include alphanumeric and punctuation characters. 1 to 128 "
                                                "in length.");
}

Expected<void> validateBatchEntryIds(const std::vector<std::string_view>& ids, std::string_view entryName)
{
    using namespace queue_error;
    if (ids.empty())
        return make(kEmptyBatchRequest, "There should be at least one " + std::string(entryName) + " in the request.");
    if (ids.size() > kMaxBatchEntries)
        return make(kTooManyEntriesInBatchRequest,
                    "Maximum number of entries per request are 10. You have sent " + std::to_string(ids.size()) + ".");
    std::set<std::string_view> seen;
    for (const std::string_view id : ids) {
        bool valid = !id.empty() && id.size() <= 80;
        for (const char c : id)
            valid = valid && (isAsciiAlnum(c) || c == '-' || c == '_');
        if (!valid)
            return make(kInvalidBatchEntryId, "A batch entry id can only contain alphanumeric characters, hyphens "
                                              "and underscores. It can be at most 80 letters long.");
        if (!seen.insert(id).second)
            return make(kBatchEntryIdsNotDistinct, "Id " + std::string(id) + " repeated.");
    }
    return {};
}

Expected<void> validateQueueName(std::string_view name, bool fifo)
{
    using namespace queue_error;
    const bool hasFifoSuffix = name.ends_with(".fifo");
    if (fifo && !hasFifoSuffix)
        return make(kInvalidParameterValue,
                    "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, "
                    "must end with .fifo suffix and be 1 to 80 in length.");
    const std::string_view stem = hasFifoSuffix && fifo ? name.substr(0, name.size() - 5) : name;
    bool valid = !stem.empty() && name.size() <= 80;
    for (const char c : stem)
        valid = valid && (isAsciiAlnum(c) || c == '-' || c == '_');
    if (!valid)
        return make(kInvalidParameterValue,
                    "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    return {};
}

} // namespace lambdadesk::core
