// SPDX-License-Identifier: MIT
#include "queues/queue_receipt_handle.h"

#include "encoding/base64.h"

namespace lambdadesk::core {
namespace {

// AWS's handles start with this; clients that sniff it keep working.
constexpr std::string_view kPrefix = "AQEB";
constexpr std::size_t kBytes = 8 + 8 + 4 + 4;
// A fixed tag inside the bytes: a handle of another emulator or a truncated one fails to decode.
constexpr std::uint32_t kTag = 0x4c445131; // "LDQ1"

void put(std::string& out, std::uint64_t value, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
}

std::uint64_t get(std::string_view in, std::size_t offset, int bytes)
{
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i)
        value = (value << 8) | static_cast<unsigned char>(in[offset + i]);
    return value;
}

} // namespace

std::string encodeReceiptHandle(const ReceiptHandle& handle)
{
    std::string bytes;
    bytes.reserve(kBytes);
    put(bytes, kTag, 4);
    put(bytes, static_cast<std::uint64_t>(handle.queueId), 8);
    put(bytes, static_cast<std::uint64_t>(handle.messageKey), 8);
    put(bytes, static_cast<std::uint32_t>(handle.receiveCount), 4);
    return std::string(kPrefix) + encodeBase64(bytes);
}

std::optional<ReceiptHandle> decodeReceiptHandle(std::string_view text)
{
    if (!text.starts_with(kPrefix))
        return std::nullopt;
    std::string bytes;
    if (!decodeBase64(std::string(text.substr(kPrefix.size())), bytes) || bytes.size() != kBytes ||
        get(bytes, 0, 4) != kTag)
        return std::nullopt;
    ReceiptHandle handle;
    handle.queueId = static_cast<std::int64_t>(get(bytes, 4, 8));
    handle.messageKey = static_cast<std::int64_t>(get(bytes, 12, 8));
    handle.receiveCount = static_cast<int>(get(bytes, 20, 4));
    return handle;
}

} // namespace lambdadesk::core
