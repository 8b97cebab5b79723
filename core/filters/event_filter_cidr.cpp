// SPDX-License-Identifier: MIT
#include "filters/event_filter_cidr.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace lambdadesk::core::filter {
namespace {

// Longer than any textual IPv4 or IPv6 address; longer text cannot be one.
constexpr std::size_t kMaxAddressText = 64;

// Parses an IP literal into `bytes`; returns its length (4 or 16), or 0 when it is not one.
std::size_t parseAddress(std::string_view text, std::array<std::uint8_t, 16>& bytes)
{
    if (text.empty() || text.size() >= kMaxAddressText)
        return 0;
    // inet_pton wants a terminated string; a stack copy keeps matching free of allocations.
    char buffer[kMaxAddressText];
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    if (inet_pton(AF_INET, buffer, bytes.data()) == 1)
        return 4;
    if (inet_pton(AF_INET6, buffer, bytes.data()) == 1)
        return 16;
    return 0;
}

}  // namespace

std::optional<CidrRange> CidrRange::parse(std::string_view text, std::string& error)
{
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos || text.find('/', slash + 1) != std::string_view::npos) {
        error = "Malformed CIDR, one '/' required, as in 10.0.0.0/24 or 2001:db8::/32";
        return std::nullopt;
    }
    const std::string_view bitsText = text.substr(slash + 1);
    int bits = 0;
    const auto [end, status] = std::from_chars(bitsText.data(), bitsText.data() + bitsText.size(), bits);
    if (bitsText.empty() || status != std::errc{} || end != bitsText.data() + bitsText.size()) {
        error = "Malformed CIDR, mask bits must be an integer";
        return std::nullopt;
    }
    if (bits < 0) {
        error = "Malformed CIDR, mask bits must not be negative";
        return std::nullopt;
    }
    CidrRange range;
    range.m_length = parseAddress(text.substr(0, slash), range.m_low);
    if (range.m_length == 0) {
        error = "Nonstandard IP address: " + std::string(text.substr(0, slash)) +
                "; an IPv4 (10.0.0.0) or IPv6 (2001:db8::) address is accepted";
        return std::nullopt;
    }
    // EventBridge's engine caps the mask below the address width (a /32 IPv4 or /128 IPv6 is rejected).
    if (range.m_length == 4 && bits > 31) {
        error = "IPv4 mask bits must be < 32";
        return std::nullopt;
    }
    if (range.m_length == 16 && bits > 127) {
        error = "IPv6 mask bits must be < 128";
        return std::nullopt;
    }
    // As in EventBridge's engine, the range starts at the address as written (host bits are not cleared)
    // and ends at that address with every host bit set.
    range.m_high = range.m_low;
    int hostBits = static_cast<int>(range.m_length) * 8 - bits;
    for (std::size_t i = range.m_length; i-- > 0 && hostBits > 0; hostBits -= 8) {
        const unsigned mask = hostBits >= 8 ? 0xFFU : ((1U << static_cast<unsigned>(hostBits)) - 1U);
        range.m_high[i] = static_cast<std::uint8_t>(range.m_high[i] | mask);
    }
    return range;
}

bool CidrRange::contains(std::string_view address) const
{
    std::array<std::uint8_t, 16> bytes{};
    if (parseAddress(address, bytes) != m_length)
        return false;
    const auto first = bytes.begin();
    const auto last = bytes.begin() + static_cast<std::ptrdiff_t>(m_length);
    return !std::lexicographical_compare(first, last, m_low.begin(), m_low.begin() + (last - first)) &&
           !std::lexicographical_compare(m_high.begin(), m_high.begin() + (last - first), first, last);
}

}  // namespace lambdadesk::core::filter
