// SPDX-License-Identifier: MIT
#pragma once

#include "project/template_node.h"

#include <string>

namespace lambdadesk::core {

/// "A, B, C" for "what exists" in error messages; "(none)" when empty, and cut short after a few
/// dozen names so one message stays readable.
template <typename Range> std::string joinNames(const Range& names)
{
    constexpr int kMaxShown = 30;
    std::string text;
    int shown = 0;
    int total = 0;
    for (const auto& name : names) {
        ++total;
        if (shown == kMaxShown)
            continue;
        if (!text.empty())
            text += ", ";
        text += name;
        ++shown;
    }
    if (total == 0)
        return "(none)";
    if (total > shown)
        text += ", and " + std::to_string(total - shown) + " more";
    return text;
}

/// The keys of a mapping node, joined as by joinNames; "(none)" for nullptr or a non-map.
std::string joinKeys(const TemplateNode* map);

} // namespace lambdadesk::core
