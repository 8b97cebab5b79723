// SPDX-License-Identifier: MIT
#include "model/arn.h"

namespace lambdadesk::core {

std::string regionOfArn(std::string_view text)
{
    if (!text.starts_with("arn:"))
        return {};
    // arn : partition : service : region : …
    std::size_t at = 0;
    for (int field = 0; field < 3; ++field) {
        at = text.find(':', at);
        if (at == std::string_view::npos)
            return {};
        ++at;
    }
    const auto end = text.find(':', at);
    if (end == std::string_view::npos)
        return {};
    return std::string(text.substr(at, end - at));
}

}  // namespace lambdadesk::core
