// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lambdadesk::core::filter {

/// The address range of a `cidr` value (IPv4 or IPv6), as EventBridge's rule engine computes it.
class CidrRange {
public:
    /// Parses `address/bits`; on failure returns nothing and sets `error` to what is wrong and what is accepted.
    static std::optional<CidrRange> parse(std::string_view text, std::string& error);

    /// True when `address` is an IP address literal of the same family inside the range. Allocates nothing.
    [[nodiscard]] bool contains(std::string_view address) const;

private:
    std::array<std::uint8_t, 16> m_low{};
    std::array<std::uint8_t, 16> m_high{};
    std::size_t m_length = 4;  // 4 bytes for IPv4, 16 for IPv6
};

}  // namespace lambdadesk::core::filter
