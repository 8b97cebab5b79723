// SPDX-License-Identifier: MIT
#include "filters/event_filter.h"

#include "filters/event_filter_parser.h"
#include "filters/event_filter_tree.h"

#include <utility>

namespace lambdadesk::core {

EventFilter::EventFilter(std::shared_ptr<const filter::ObjectNode> root, std::string pattern)
    : m_root(std::move(root)), m_pattern(std::move(pattern))
{
}

Expected<EventFilter> EventFilter::parse(const std::string& patternJson, FilterSource source)
{
    auto root = filter::compilePattern(patternJson, source);
    if (!root)
        return root.error();
    return EventFilter(std::move(*root), patternJson);
}

bool EventFilter::matches(const nlohmann::json& event) const
{
    return filter::matchesObject(*m_root, &event, filter::MatchContext{});
}

bool EventFilter::matches(const FilterDocument& document) const
{
    return filter::matchesObject(*m_root, &document.document,
                                 filter::MatchContext{document.source, document.payloadIsJson});
}

}  // namespace lambdadesk::core
