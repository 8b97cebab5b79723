// SPDX-License-Identifier: MIT
#include "model/project.h"

#include "model/function_name.h"

namespace lambdadesk::core {

const FunctionConfig* Project::findFunction(const std::string& nameOrArn) const
{
    const std::string name = functionNameFromIdentifier(nameOrArn);
    for (const auto& function : functions) {
        if (function.name == name || function.logicalId == name)
            return &function;
    }
    return nullptr;
}

}  // namespace lambdadesk::core
