// SPDX-License-Identifier: MIT
#include "filters/event_filter_criteria.h"

#include <algorithm>
#include <utility>

namespace lambdadesk::core {

Expected<FilterCriteria> FilterCriteria::parse(const std::vector<std::string>& patterns, FilterSource source)
{
    if (patterns.size() > kMaxFilters) {
        return Error{"InvalidParameterValueException",
                     "Invalid filter criteria: " + std::to_string(patterns.size()) + " filters given; at most " +
                         std::to_string(kMaxFilters) + " filters are allowed per event source mapping."};
    }
    FilterCriteria criteria;
    criteria.m_filters.reserve(patterns.size());
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        auto filter = EventFilter::parse(patterns[i], source);
        if (!filter) {
            // Say which of the filters is wrong: the messages alone look alike.
            return Error{filter.error().code,
                         filter.error().message + " (FilterCriteria.Filters[" + std::to_string(i) + "].Pattern)"};
        }
        criteria.m_filters.push_back(std::move(*filter));
    }
    return criteria;
}

bool FilterCriteria::matches(const nlohmann::json& event) const
{
    return m_filters.empty() ||
           std::any_of(m_filters.begin(), m_filters.end(), [&](const EventFilter& f) { return f.matches(event); });
}

bool FilterCriteria::matches(const FilterDocument& document) const
{
    return m_filters.empty() || std::any_of(m_filters.begin(), m_filters.end(),
                                            [&](const EventFilter& f) { return f.matches(document); });
}

}  // namespace lambdadesk::core
