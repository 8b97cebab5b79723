// SPDX-License-Identifier: MIT
#include "streams/stream_sequence.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>

namespace lambdadesk::core {
namespace {

constexpr std::string_view kPrefix = "49";
constexpr std::int64_t kMillion = 1'000'000;

void appendPadded(std::string& out, std::uint64_t value, int width)
{
    std::array<char, 24> buffer{};
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    (void)ec;
    const auto length = static_cast<int>(end - buffer.data());
    out.append(static_cast<std::size_t>(std::max(width - length, 0)), '0');
    out.append(buffer.data(), end);
}

std::optional<std::uint64_t> readDigits(std::string_view text, std::size_t offset, std::size_t count)
{
    std::uint64_t value = 0;
    const auto field = text.substr(offset, count);
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec != std::errc() || end != field.data() + field.size())
        return std::nullopt;
    return value;
}

std::uint64_t checkDigits(std::string_view body)
{
    std::uint64_t hash = 1469598103934665603ULL;
    for (const char c : body) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash % kMillion;
}

}  // namespace

std::string formatSequenceNumber(const SequenceNumberParts& parts)
{
    std::string out;
    out.reserve(kSequenceNumberDigits);
    out += kPrefix;
    appendPadded(out, static_cast<std::uint64_t>(parts.streamCreatedSeconds), 10);
    appendPadded(out, static_cast<std::uint64_t>(parts.position), 20);
    appendPadded(out, static_cast<std::uint64_t>(parts.shardIndex), 12);
    appendPadded(out, static_cast<std::uint64_t>(parts.streamId % kMillion), 6);
    appendPadded(out, checkDigits(out), 6);
    return out;
}

std::optional<SequenceNumberParts> parseSequenceNumber(std::string_view sequenceNumber)
{
    if (sequenceNumber.size() != kSequenceNumberDigits || sequenceNumber.substr(0, 2) != kPrefix)
        return std::nullopt;
    for (const char c : sequenceNumber)
        if (c < '0' || c > '9')
            return std::nullopt;
    const auto created = readDigits(sequenceNumber, 2, 10);
    const auto position = readDigits(sequenceNumber, 12, 20);
    const auto shard = readDigits(sequenceNumber, 32, 12);
    const auto streamId = readDigits(sequenceNumber, 44, 6);
    const auto check = readDigits(sequenceNumber, 50, 6);
    // A 20-digit position can exceed int64; a shard index beyond int cannot name a shard.
    if (!created || !position || !shard || !streamId || !check || *position > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
        *shard > 2147483647u || *check != checkDigits(sequenceNumber.substr(0, 50)))
        return std::nullopt;
    return SequenceNumberParts{static_cast<std::int64_t>(*created), static_cast<StreamPosition>(*position),
                               static_cast<int>(*shard), static_cast<std::int64_t>(*streamId)};
}

bool matchesSequenceNumberPattern(std::string_view text)
{
    if (text.empty() || text.size() > 129 || (text.size() > 1 && text.front() == '0'))
        return false;
    for (const char c : text)
        if (c < '0' || c > '9')
            return false;
    return true;
}

std::strong_ordering compareSequenceNumbers(std::string_view left, std::string_view right)
{
    auto stripped = [](std::string_view text) {
        const auto first = text.find_first_not_of('0');
        return first == std::string_view::npos ? std::string_view() : text.substr(first);
    };
    left = stripped(left);
    right = stripped(right);
    if (left.size() != right.size())
        return left.size() <=> right.size();
    const int order = left.compare(right);
    return order < 0 ? std::strong_ordering::less
                     : (order > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
}

}  // namespace lambdadesk::core
