// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "filters/event_filter_document.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace lambdadesk::core {

namespace filter {
struct ObjectNode;
}

/// One EventBridge-syntax pattern as Lambda event filtering uses it, compiled once into a matcher tree.
///
/// Semantics (aws-behaviour.md §4, EventBridge's event-ruler where the documents are silent):
/// - Fields are ANDed, the entries of a value array ORed, `$or` branches ORed. An event array matches
///   when one of its elements does; the fields of a nested pattern object must hold in the same element.
/// - Only leaf values (strings, numbers, booleans, null) match. `exists: true` means the field has at
///   least one leaf value (null counts, an object or an empty array does not); `exists: false` the
///   opposite. Every other operator needs the field present: `anything-but` never matches a missing field.
/// - Literal numbers match by JSON form, as Lambda documents ("300, 300.0 and 3.0e2 are not considered
///   equal"): an integer literal matches integers of that value, a decimal literal non-integers of that
///   value. Deviation: 300.0 and 3.0e2 parse to the same double and match each other here. Use
///   `{"numeric": ["=", 300]}` to compare by value.
/// - `numeric` operands and numeric `anything-but` values lie within ±1e9 and compare at 6 decimal
///   places; event numbers beyond ±1e9 still compare correctly against them.
/// - prefix, suffix, equals-ignore-case, wildcard and cidr apply to strings only; numeric to numbers only.
///   `anything-but` matches every present value that the listed values do not match, numbers and null
///   included. Ignoring case folds ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic letters.
/// - cidr follows event-ruler: the mask is below the address width (/0–/31, /0–/127) and the range runs
///   from the address as written to that address with all host bits set.
///
/// Immutable and cheap to copy (the tree is shared), so pollers on several threads may use one filter.
class EventFilter {
public:
    /// Parses a pattern (the JSON text of a FilterCriteria.Filters[].Pattern). Invalid patterns are an
    /// Error{"InvalidParameterValueException", "Invalid filter pattern definition. …"} naming the field, what
    /// is wrong and what is accepted. `source` adds that source's rules (Kinesis: `data` must be a JSON pattern).
    static Expected<EventFilter> parse(const std::string& patternJson, FilterSource source = FilterSource::Any);

    /// True when the event matches (plain EventBridge matching, no payload format rule).
    [[nodiscard]] bool matches(const nlohmann::json& event) const;
    /// True when the record matches, applying Lambda's rule that a JSON pattern on the data key never
    /// matches a plain payload and a plain pattern never matches a JSON one.
    [[nodiscard]] bool matches(const FilterDocument& document) const;

    /// The pattern text as given, for echoing FilterCriteria back.
    [[nodiscard]] const std::string& pattern() const { return m_pattern; }

private:
    EventFilter(std::shared_ptr<const filter::ObjectNode> root, std::string pattern);

    std::shared_ptr<const filter::ObjectNode> m_root;
    std::string m_pattern;
};

}  // namespace lambdadesk::core

// The entry point of event filtering: including this header also brings FilterCriteria.
#include "filters/event_filter_criteria.h"  // IWYU pragma: export
