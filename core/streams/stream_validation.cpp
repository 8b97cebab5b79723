// SPDX-License-Identifier: MIT
#include "streams/stream_validation.h"

#include "streams/stream_errors.h"

#include <array>
#include <cstdio>

namespace lambdadesk::core {
namespace {

constexpr const char* kNamePattern = "satisfy regular expression pattern: [a-zA-Z0-9_.-]+";

bool isNameCharacter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

void checkName(const std::string& value, const char* member, std::vector<std::string>& problems)
{
    using stream_error::constraint;
    using stream_error::quoted;
    bool pattern = !value.empty();
    for (const char c : value)
        pattern = pattern && isNameCharacter(c);
    if (!pattern)
        problems.push_back(constraint(quoted(value), member, kNamePattern));
    if (value.empty())
        problems.push_back(constraint(quoted(value), member, "have length greater than or equal to 1"));
    if (value.size() > 128)
        problems.push_back(constraint(quoted(value), member, "have length less than or equal to 128"));
}

}  // namespace

std::string streamNameOf(std::string_view streamOrArn)
{
    constexpr std::string_view kArnPrefix = "arn:aws:kinesis:";
    constexpr std::string_view kResource = ":stream/";
    if (streamOrArn.substr(0, kArnPrefix.size()) == kArnPrefix) {
        const auto at = streamOrArn.find(kResource);
        if (at != std::string_view::npos) {
            // Consumer ARNs continue with /consumer/<name>:<time>; the stream name ends at the next '/'.
            auto name = streamOrArn.substr(at + kResource.size());
            return std::string(name.substr(0, name.find('/')));
        }
    }
    return std::string(streamOrArn);
}

void checkStreamName(const std::string& name, std::vector<std::string>& problems)
{
    checkName(name, "streamName", problems);
}

void checkShardId(const std::string& shardId, const char* member, std::vector<std::string>& problems)
{
    checkName(shardId, member, problems);
}

void checkRange(long long value, long long min, long long max, const char* member, std::vector<std::string>& problems)
{
    using stream_error::constraint;
    const std::string shown = "'" + std::to_string(value) + "'";
    if (value < min)
        problems.push_back(constraint(shown, member, "have value greater than or equal to " + std::to_string(min)));
    else if (value > max)
        problems.push_back(constraint(shown, member, "have value less than or equal to " + std::to_string(max)));
}

void checkRecord(const std::string& partitionKey, const std::string& data, const std::string& explicitHashKey,
                 const std::string& prefix, std::vector<std::string>& problems)
{
    using stream_error::constraint;
    using stream_error::quoted;
    const std::size_t keyLength = characterCount(partitionKey);
    if (keyLength < 1)
        problems.push_back(constraint(quoted(partitionKey), prefix + "partitionKey",
                                      "have length greater than or equal to 1"));
    else if (keyLength > 256)
        problems.push_back(
            constraint(quoted(partitionKey), prefix + "partitionKey", "have length less than or equal to 256"));
    // AWS validates the hash key's shape here; its range (≤ 2^128-1) is an InvalidArgumentException later.
    const bool hashKeyShape = explicitHashKey.size() <= 39 &&
                              explicitHashKey.find_first_not_of("0123456789") == std::string::npos &&
                              !(explicitHashKey.size() > 1 && explicitHashKey.front() == '0');
    if (!explicitHashKey.empty() && !hashKeyShape)
        problems.push_back(constraint(quoted(explicitHashKey), prefix + "explicitHashKey",
                                      "satisfy regular expression pattern: 0|([1-9]\\d{0,38})"));
    if (static_cast<long long>(data.size()) > 1024 * 1024) {
        // AWS shows the blob as the Java buffer it parsed.
        const std::string size = std::to_string(data.size());
        problems.push_back(constraint("'java.nio.HeapByteBuffer[pos=0 lim=" + size + " cap=" + size + "]'",
                                      prefix + "data", "have length less than or equal to 1048576"));
    }
}

std::optional<int> parseShardIndex(std::string_view shardId)
{
    const auto dash = shardId.find('-');
    std::string_view digits = shardId;
    if (dash != std::string_view::npos) {
        digits = shardId.substr(dash + 1);
        digits = digits.substr(0, digits.find('-'));
    }
    if (digits.empty() || digits.size() > 20)
        return std::nullopt;
    long long value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
        if (value > 2147483647LL)
            return std::nullopt;
    }
    return static_cast<int>(value);
}

std::string formatShardId(int index)
{
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "shardId-%012d", index);
    return buffer.data();
}

std::optional<ShardIteratorType> parseShardIteratorType(std::string_view text)
{
    if (text == "TRIM_HORIZON")
        return ShardIteratorType::TrimHorizon;
    if (text == "LATEST")
        return ShardIteratorType::Latest;
    if (text == "AT_SEQUENCE_NUMBER")
        return ShardIteratorType::AtSequenceNumber;
    if (text == "AFTER_SEQUENCE_NUMBER")
        return ShardIteratorType::AfterSequenceNumber;
    if (text == "AT_TIMESTAMP")
        return ShardIteratorType::AtTimestamp;
    return std::nullopt;
}

const char* toString(ShardIteratorType type)
{
    switch (type) {
    case ShardIteratorType::TrimHorizon:
        return "TRIM_HORIZON";
    case ShardIteratorType::Latest:
        return "LATEST";
    case ShardIteratorType::AtSequenceNumber:
        return "AT_SEQUENCE_NUMBER";
    case ShardIteratorType::AfterSequenceNumber:
        return "AFTER_SEQUENCE_NUMBER";
    case ShardIteratorType::AtTimestamp:
        return "AT_TIMESTAMP";
    }
    return "";
}

std::size_t characterCount(std::string_view utf8)
{
    std::size_t count = 0;
    for (const char c : utf8)
        count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return count;
}

}  // namespace lambdadesk::core
