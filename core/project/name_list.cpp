// SPDX-License-Identifier: MIT
#include "project/name_list.h"

#include <vector>

namespace lambdadesk::core {

std::string joinKeys(const TemplateNode* map)
{
    std::vector<std::string> keys;
    if (map && map->isMapping()) {
        for (const auto& entry : map->entries)
            keys.push_back(entry.key);
    }
    return joinNames(keys);
}

} // namespace lambdadesk::core
