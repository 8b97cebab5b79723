// SPDX-License-Identifier: MIT
#pragma once

#include "template/experiment_template.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::faults {

/// A stable 64-bit key for a name (FNV-1a): the same action and function give the same key in every run,
/// which std::hash does not promise.
std::uint64_t stableKey(std::string_view text);

/// Whether the `position`-th invocation (0-based, counted per action and function while the action runs) is
/// hit by an action with `percentage` (1–100). A pure function of its inputs: the same seed on the same
/// traffic hits the same positions.
bool isHit(std::uint64_t seed, std::uint64_t streamKey, std::uint64_t position, int percentage);

/// FIS's selectionMode over the resources a target matched: ALL, COUNT(n) or PERCENT(n) (rounded up), a
/// seeded choice kept in the input's order.
std::vector<std::string> selectResources(const std::vector<std::string>& matched, const SelectionMode& mode,
                                         std::uint64_t seed, std::string_view targetName);

}  // namespace lambdadesk::faults
