// SPDX-License-Identifier: MIT
#include "filters/event_filter_tree.h"

#include <algorithm>

namespace lambdadesk::core::filter {
namespace {

// Arrays nested deeper than this inside an event are treated as holding no values. Payloads come from
// users (an SQS body is up to 256 KB of "[[[[…"), and matching must not recurse without bound.
constexpr int kMaxArrayDepth = 64;

// EventBridge matches leaf values only: a field whose value is an object has no value of its own.
bool hasLeaf(const nlohmann::json* value, int depth = 0)
{
    if (value == nullptr || value->is_object())
        return false;
    if (!value->is_array())
        return true;
    if (depth >= kMaxArrayDepth)
        return false;
    return std::any_of(value->begin(), value->end(),
                       [depth](const nlohmann::json& element) { return hasLeaf(&element, depth + 1); });
}

bool anyLeafMatches(const ValueMatcher& matcher, const nlohmann::json& value, int depth = 0)
{
    if (value.is_object())
        return false;
    if (!value.is_array())
        return matchesValue(matcher, value);
    if (depth >= kMaxArrayDepth)
        return false;
    return std::any_of(value.begin(), value.end(), [&matcher, depth](const nlohmann::json& element) {
        return anyLeafMatches(matcher, element, depth + 1);
    });
}

bool matchesField(const FieldNode& field, const nlohmann::json* value, const MatchContext& context)
{
    // Lambda drops a record when the pattern treats its payload as JSON and the payload is a plain
    // string, or the other way round, whatever the operators would say (exists: false included).
    if (context.source != FilterSource::Any && field.dataKeyOf == context.source &&
        (field.object != nullptr) != context.payloadIsJson)
        return false;
    if (field.object != nullptr)
        return matchesObject(*field.object, value, context);
    for (const ValueMatcher& matcher : field.values) {
        if (const auto* exists = std::get_if<ExistsMatcher>(&matcher)) {
            if (hasLeaf(value) == exists->exists)
                return true;
        } else if (value != nullptr && anyLeafMatches(matcher, *value)) {
            return true;
        }
    }
    return false;
}

bool matchesObjectAt(const ObjectNode& node, const nlohmann::json* value, const MatchContext& context, int depth)
{
    if (value != nullptr && value->is_array()) {
        // An empty array holds nothing, so the pattern's fields are all absent in it.
        if (value->empty() || depth >= kMaxArrayDepth)
            return matchesObjectAt(node, nullptr, context, depth);
        return std::any_of(value->begin(), value->end(), [&](const nlohmann::json& element) {
            return matchesObjectAt(node, &element, context, depth + 1);
        });
    }
    const nlohmann::json* object = value != nullptr && value->is_object() ? value : nullptr;
    for (const FieldNode& field : node.fields) {
        const nlohmann::json* child = nullptr;
        if (object != nullptr) {
            const auto found = object->find(field.name);
            if (found != object->end())
                child = &*found;
        }
        if (!matchesField(field, child, context))
            return false;
    }
    for (const std::vector<ObjectNode>& group : node.orGroups) {
        const bool anyBranch = std::any_of(group.begin(), group.end(), [&](const ObjectNode& branch) {
            return matchesObjectAt(branch, object, context, depth);
        });
        if (!anyBranch)
            return false;
    }
    return true;
}

}  // namespace

bool matchesObject(const ObjectNode& node, const nlohmann::json* value, const MatchContext& context)
{
    return matchesObjectAt(node, value, context, 0);
}

}  // namespace lambdadesk::core::filter
