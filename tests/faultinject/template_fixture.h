// SPDX-License-Identifier: MIT
#pragma once
// Shared by the template suites: a valid template, and the same with one change.

#include <nlohmann/json.hpp>

#include <functional>

namespace lambdadesk::tests {

/// The smallest template FIS accepts: a delay on one function.
inline nlohmann::json validTemplate()
{
    return nlohmann::json::parse(R"({
        "description": "base",
        "stopConditions": [{"source": "none"}],
        "targets": {"Fns": {"resourceType": "aws:lambda:function", "resourceArns": ["OrderProcessor"]}},
        "actions": {"delay": {"actionId": "aws:lambda:invocation-add-delay",
                              "parameters": {"duration": "PT1M"}, "targets": {"Functions": "Fns"}}}
    })");
}

/// validTemplate() with `change` applied.
inline nlohmann::json changed(const std::function<void(nlohmann::json&)>& change)
{
    nlohmann::json document = validTemplate();
    change(document);
    return document;
}

}  // namespace lambdadesk::tests
