// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "filters/event_filter.h"
#include "filters/event_filter_document.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// A mapping's FilterCriteria: up to 5 filters ORed together (empty = everything matches).
class FilterCriteria {
public:
    /// Lambda's default quota of filters per event source mapping.
    static constexpr std::size_t kMaxFilters = 5;

    /// Parses every pattern; more than kMaxFilters, or any invalid pattern, is an InvalidParameterValueException.
    static Expected<FilterCriteria> parse(const std::vector<std::string>& patterns,
                                          FilterSource source = FilterSource::Any);

    /// True when any filter matches the event, or there are none.
    [[nodiscard]] bool matches(const nlohmann::json& event) const;
    /// True when any filter matches the record (with Lambda's payload format rule), or there are none.
    [[nodiscard]] bool matches(const FilterDocument& document) const;
    [[nodiscard]] bool empty() const { return m_filters.empty(); }
    [[nodiscard]] const std::vector<EventFilter>& filters() const { return m_filters; }

private:
    std::vector<EventFilter> m_filters;
};

}  // namespace lambdadesk::core
