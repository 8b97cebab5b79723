// SPDX-License-Identifier: MIT
#include "streams/stream_iterator.h"

#include "encoding/base64.h"

#include <algorithm>
#include <array>

namespace lambdadesk::core {
namespace {

// AWS's iterators start with the bytes 00 00 00 00 00 00 00 01 (kinesalite observed it); ours do too, so they
// look alike in logs ("AAAAAAAAAAE…").
constexpr std::array<char, 8> kHeader{0, 0, 0, 0, 0, 0, 0, 1};
constexpr std::size_t kFixedBytes = 8 + 8 + 8 + 4 + 8 + 1;  // header, issued, stream id, shard, position, name size
constexpr std::size_t kChecksumBytes = 8;

void putInt(std::string& out, std::uint64_t value, int bytes)
{
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

std::uint64_t getInt(std::string_view in, std::size_t offset, int bytes)
{
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i)
        value = (value << 8) | static_cast<unsigned char>(in[offset + static_cast<std::size_t>(i)]);
    return value;
}

/// FNV-1a over a fixed label and the payload: integrity, not secrecy.
std::uint64_t checksum(std::string_view payload)
{
    std::uint64_t hash = 1469598103934665603ULL;
    auto mix = [&hash](std::string_view bytes) {
        for (const char c : bytes) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 1099511628211ULL;
        }
    };
    mix("lambdadesk/kinesis/shard-iterator/1");
    mix(payload);
    return hash;
}

bool validStreamName(std::string_view name)
{
    if (name.empty() || name.size() > 128)
        return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '.' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

}  // namespace

std::string encodeShardIterator(const ShardIteratorToken& token)
{
    std::string bytes(kHeader.begin(), kHeader.end());
    putInt(bytes, static_cast<std::uint64_t>(token.issuedUs), 8);
    putInt(bytes, static_cast<std::uint64_t>(token.streamId), 8);
    putInt(bytes, static_cast<std::uint64_t>(token.shardIndex), 4);
    putInt(bytes, static_cast<std::uint64_t>(token.position), 8);
    putInt(bytes, token.streamName.size(), 1);
    bytes += token.streamName;
    putInt(bytes, checksum(bytes), 8);
    return encodeBase64(bytes);
}

std::optional<ShardIteratorToken> decodeShardIterator(std::string_view iterator)
{
    std::string bytes;
    // Iterators are at most a few hundred characters; reject anything else before decoding it.
    if (iterator.size() > 512 || !decodeBase64(std::string(iterator), bytes) || encodeBase64(bytes) != iterator)
        return std::nullopt;
    if (bytes.size() < kFixedBytes + kChecksumBytes || !std::equal(kHeader.begin(), kHeader.end(), bytes.begin()))
        return std::nullopt;
    const std::size_t nameSize = static_cast<unsigned char>(bytes[kFixedBytes - 1]);
    if (bytes.size() != kFixedBytes + nameSize + kChecksumBytes)
        return std::nullopt;
    const std::string_view payload(bytes.data(), kFixedBytes + nameSize);
    if (getInt(bytes, payload.size(), 8) != checksum(payload))
        return std::nullopt;
    ShardIteratorToken token;
    token.issuedUs = static_cast<std::int64_t>(getInt(bytes, 8, 8));
    token.streamId = static_cast<std::int64_t>(getInt(bytes, 16, 8));
    token.shardIndex = static_cast<int>(getInt(bytes, 24, 4));
    token.position = static_cast<StreamPosition>(getInt(bytes, 28, 8));
    token.streamName = bytes.substr(kFixedBytes, nameSize);
    if (token.shardIndex < 0 || token.position < 0 || !validStreamName(token.streamName))
        return std::nullopt;
    return token;
}

}  // namespace lambdadesk::core
