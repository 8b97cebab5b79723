// SPDX-License-Identifier: MIT
#include "run/hit_selection.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lambdadesk::faults {
namespace {

/// SplitMix64's finaliser: spreads a counter into a well-mixed 64-bit value.
std::uint64_t mix(std::uint64_t value)
{
    value += 0x9e3779b97f4a7c15ULL;
    value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
    value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
    return value ^ (value >> 31);
}

}  // namespace

std::uint64_t stableKey(std::string_view text)
{
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (const unsigned char c : text) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

bool isHit(std::uint64_t seed, std::uint64_t streamKey, std::uint64_t position, int percentage)
{
    if (percentage >= 100)
        return true;
    if (percentage <= 0)
        return false;
    const std::uint64_t draw = mix(mix(seed ^ streamKey) + position) % 10000;
    return draw < static_cast<std::uint64_t>(percentage) * 100;
}

std::vector<std::string> selectResources(const std::vector<std::string>& matched, const SelectionMode& mode,
                                         std::uint64_t seed, std::string_view targetName)
{
    std::size_t wanted = matched.size();
    if (mode.kind == SelectionMode::Kind::Count)
        wanted = std::min<std::size_t>(matched.size(), static_cast<std::size_t>(std::max(mode.value, 0)));
    else if (mode.kind == SelectionMode::Kind::Percent)
        wanted = static_cast<std::size_t>(std::ceil(double(matched.size()) * mode.value / 100.0));
    if (wanted >= matched.size())
        return matched;
    // Rank each resource by a seeded draw, take the lowest ranks, and keep the caller's order.
    std::vector<std::size_t> order(matched.size());
    std::iota(order.begin(), order.end(), 0);
    const auto key = stableKey(targetName);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return mix(seed ^ key ^ stableKey(matched[a])) < mix(seed ^ key ^ stableKey(matched[b]));
    });
    order.resize(wanted);
    std::sort(order.begin(), order.end());
    std::vector<std::string> chosen;
    for (const auto index : order)
        chosen.push_back(matched[index]);
    return chosen;
}

}  // namespace lambdadesk::faults
