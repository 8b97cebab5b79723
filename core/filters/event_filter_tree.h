// SPDX-License-Identifier: MIT
#pragma once

#include "filters/event_filter_document.h"
#include "filters/event_filter_values.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

// The compiled matcher tree of one pattern. It mirrors the pattern's shape, so matching walks the event
// only along the paths the pattern names and never copies or allocates.
namespace lambdadesk::core::filter {

struct ObjectNode;

/// One field of a pattern object: a value array (entries ORed) or a nested object.
struct FieldNode {
    std::string name;
    std::vector<ValueMatcher> values;    // a leaf field
    std::unique_ptr<ObjectNode> object;  // a nested object; null for a leaf field
    /// Set on a top-level `body` (Sqs) or `data` (Kinesis) field: the source whose format rule applies to it.
    FilterSource dataKeyOf = FilterSource::Any;
};

/// A pattern object: every field must match (AND) and each `$or` group needs one matching branch.
struct ObjectNode {
    std::vector<FieldNode> fields;
    std::vector<std::vector<ObjectNode>> orGroups;
};

/// What matching knows beyond the event: the record's source and its payload format.
struct MatchContext {
    FilterSource source = FilterSource::Any;
    bool payloadIsJson = false;
};

/// True when `value` (null when the field is absent) matches `node`. An event array matches when one of
/// its elements does, each element on its own, so all fields of a nested pattern object must be met by
/// the same array element.
bool matchesObject(const ObjectNode& node, const nlohmann::json* value, const MatchContext& context);

}  // namespace lambdadesk::core::filter
