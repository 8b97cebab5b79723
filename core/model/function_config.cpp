// SPDX-License-Identifier: MIT
#include "model/function_config.h"

namespace lambdadesk::core {

bool sameConfiguration(FunctionConfig a, FunctionConfig b)
{
    a.location = b.location = {};
    for (auto* function : {&a, &b}) {
        for (auto& event : function->events)
            event.location = {};
    }
    return a == b;
}

}  // namespace lambdadesk::core
