// SPDX-License-Identifier: MIT
#include "project/globals.h"

#include "project/diagnostic_collector.h"
#include "project/intrinsics.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace lambdadesk::core {
namespace {

constexpr std::array<std::string_view, 7> kGlobalSections = {
    "Function", "Api", "HttpApi", "SimpleTable", "LayerVersion", "StateMachine", "CapacityProvider"};
constexpr std::array<std::string_view, 4> kNotGlobalFunctionProperties = {"FunctionName", "Events", "Role", "Policies"};

} // namespace

TemplateNode mergeGlobalValue(const TemplateNode& global, const TemplateNode& local)
{
    if (!intrinsicName(global).empty() || !intrinsicName(local).empty())
        return local;
    if (global.isMapping() && local.isMapping()) {
        TemplateNode merged = global;
        for (const auto& entry : local.entries) {
            const auto existing = std::find_if(merged.entries.begin(), merged.entries.end(),
                                               [&](const MapEntry& candidate) { return candidate.key == entry.key; });
            if (existing == merged.entries.end())
                merged.entries.push_back(entry);
            else
                existing->value = mergeGlobalValue(existing->value, entry.value);
        }
        merged.line = local.line;
        merged.column = local.column;
        return merged;
    }
    if (global.isSequence() && local.isSequence()) {
        TemplateNode merged = global;
        merged.items.insert(merged.items.end(), local.items.begin(), local.items.end());
        merged.line = local.line;
        merged.column = local.column;
        return merged;
    }
    return local;
}

TemplateNode mergeFunctionGlobals(const TemplateNode& globals, const TemplateNode* local)
{
    if (!globals.isMapping())
        return local ? *local : TemplateNode{};
    if (!local || local->isNull()) {
        TemplateNode merged = globals;
        return merged;
    }
    return mergeGlobalValue(globals, *local);
}

TemplateNode checkGlobals(const TemplateNode& globals, DiagnosticCollector& diagnostics)
{
    if (!globals.isMapping()) {
        diagnostics.error(globals, "Globals must be a map of sections (Function, Api, ...), got " + globals.describe());
        return {};
    }
    TemplateNode function;
    for (const auto& section : globals.entries) {
        if (std::find(kGlobalSections.begin(), kGlobalSections.end(), section.key) == kGlobalSections.end()) {
            diagnostics.warning(section.line, section.column,
                                "unknown Globals section '" + section.key +
                                    "'; SAM knows Function, Api, HttpApi, SimpleTable, LayerVersion, StateMachine, "
                                    "CapacityProvider; ignored");
            continue;
        }
        if (section.key != "Function")
            continue;
        if (!section.value.isMapping()) {
            diagnostics.error(section.value,
                              "Globals.Function must be a map of function properties, got " + section.value.describe());
            continue;
        }
        function = TemplateNode::makeMapping(section.value);
        for (const auto& entry : section.value.entries) {
            if (std::find(kNotGlobalFunctionProperties.begin(), kNotGlobalFunctionProperties.end(), entry.key) !=
                kNotGlobalFunctionProperties.end()) {
                diagnostics.error(entry.line, entry.column,
                                  "Globals.Function cannot set " + entry.key +
                                      " (SAM refuses it there); set it on each function instead");
                continue;
            }
            function.entries.push_back(entry);
        }
    }
    return function;
}

} // namespace lambdadesk::core
