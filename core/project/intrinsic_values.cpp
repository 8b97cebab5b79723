// SPDX-License-Identifier: MIT
// Intrinsics that compute values: Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64,
// Fn::GetAZs, Fn::Length and Fn::ToJsonString.
#include "encoding/base64.h"
#include "project/diagnostic_collector.h"
#include "project/intrinsics.h"
#include "project/name_list.h"

namespace lambdadesk::core {

TemplateNode IntrinsicResolver::resolveJoin(const TemplateNode& node, const TemplateNode& argument)
{
    if (!expectList(argument, "Fn::Join", 2, 2, "[delimiter, [values...]]"))
        return TemplateNode::makeInvalid(node);
    const auto delimiter = resolveToString(argument.items[0], "the delimiter of Fn::Join");
    auto values = resolve(argument.items[1]);
    if (!delimiter || !values || values->isInvalid())
        return TemplateNode::makeInvalid(node);
    if (!values->isSequence()) {
        m_diagnostics.error(*values, "Fn::Join takes a list of values to join, got " + values->describe());
        return TemplateNode::makeInvalid(node);
    }
    std::string joined;
    bool failed = false;
    for (std::size_t i = 0; i < values->items.size(); ++i) {
        const TemplateNode& item = values->items[i];
        if (item.isInvalid()) {
            failed = true;
            continue;
        }
        if (!item.isScalar()) {
            m_diagnostics.error(item, "Fn::Join can only join strings, got " + item.describe());
            failed = true;
            continue;
        }
        if (i > 0)
            joined += *delimiter;
        joined += item.scalar;
    }
    return failed ? TemplateNode::makeInvalid(node) : TemplateNode::makeString(joined, node);
}

TemplateNode IntrinsicResolver::resolveSelect(const TemplateNode& node, const TemplateNode& argument)
{
    if (!expectList(argument, "Fn::Select", 2, 2, "[index, [values...]]"))
        return TemplateNode::makeInvalid(node);
    const auto index = resolveToString(argument.items[0], "the index of Fn::Select");
    auto values = resolve(argument.items[1]);
    if (!index || !values || values->isInvalid())
        return TemplateNode::makeInvalid(node);
    if (!looksLikeInteger(*index) || index->front() == '-' || index->size() > 9) {
        m_diagnostics.error(argument.items[0],
                            "Fn::Select takes a whole number from 0 as its index, got '" + *index + '\'');
        return TemplateNode::makeInvalid(node);
    }
    if (!values->isSequence()) {
        m_diagnostics.error(*values, "Fn::Select picks from a list, got " + values->describe());
        return TemplateNode::makeInvalid(node);
    }
    const auto position = static_cast<std::size_t>(std::stoul(*index));
    if (position >= values->items.size()) {
        m_diagnostics.error(node, "Fn::Select index " + *index + " is out of range; the list has " +
                                      std::to_string(values->items.size()) + " items");
        return TemplateNode::makeInvalid(node);
    }
    TemplateNode picked = values->items[position];
    picked.line = node.line;
    picked.column = node.column;
    return picked;
}

TemplateNode IntrinsicResolver::resolveSplit(const TemplateNode& node, const TemplateNode& argument)
{
    if (!expectList(argument, "Fn::Split", 2, 2, "[delimiter, string]"))
        return TemplateNode::makeInvalid(node);
    const auto delimiter = resolveToString(argument.items[0], "the delimiter of Fn::Split");
    const auto source = resolveToString(argument.items[1], "the string of Fn::Split");
    if (!delimiter || !source)
        return TemplateNode::makeInvalid(node);
    if (delimiter->empty()) {
        m_diagnostics.error(argument.items[0], "Fn::Split needs a non-empty delimiter");
        return TemplateNode::makeInvalid(node);
    }
    TemplateNode result = TemplateNode::makeSequence(node);
    std::string::size_type start = 0;
    for (;;) {
        const auto found = source->find(*delimiter, start);
        result.items.push_back(TemplateNode::makeString(source->substr(start, found - start), node));
        if (found == std::string::npos)
            break;
        start = found + delimiter->size();
    }
    return result;
}

TemplateNode IntrinsicResolver::resolveFindInMap(const TemplateNode& node, const TemplateNode& argument)
{
    if (!expectList(argument, "Fn::FindInMap", 3, 3, "[MapName, TopLevelKey, SecondLevelKey]"))
        return TemplateNode::makeInvalid(node);
    const auto mapName = resolveToString(argument.items[0], "the map name of Fn::FindInMap");
    const auto topKey = resolveToString(argument.items[1], "the top-level key of Fn::FindInMap");
    const auto secondKey = resolveToString(argument.items[2], "the second-level key of Fn::FindInMap");
    if (!mapName || !topKey || !secondKey)
        return TemplateNode::makeInvalid(node);
    const TemplateNode* map = m_mappings ? m_mappings->find(*mapName) : nullptr;
    if (!map) {
        m_diagnostics.error(node,
                            "Fn::FindInMap: no mapping '" + *mapName + "'; Mappings defines: " + joinKeys(m_mappings));
        return TemplateNode::makeInvalid(node);
    }
    const TemplateNode* top = map->find(*topKey);
    if (!top) {
        m_diagnostics.error(node, "Fn::FindInMap: mapping '" + *mapName + "' has no key '" + *topKey +
                                      "'; it has: " + joinKeys(map));
        return TemplateNode::makeInvalid(node);
    }
    const TemplateNode* value = top->find(*secondKey);
    if (!value) {
        m_diagnostics.error(node, "Fn::FindInMap: mapping '" + *mapName + "' key '" + *topKey + "' has no key '" +
                                      *secondKey + "'; it has: " + joinKeys(top));
        return TemplateNode::makeInvalid(node);
    }
    TemplateNode result = *value;
    result.line = node.line;
    result.column = node.column;
    return result;
}

TemplateNode IntrinsicResolver::resolveBase64(const TemplateNode& node, const TemplateNode& argument)
{
    const auto text = resolveToString(argument, "the value of Fn::Base64");
    return text ? TemplateNode::makeString(encodeBase64(*text), node) : TemplateNode::makeInvalid(node);
}

TemplateNode IntrinsicResolver::resolveGetAzs(const TemplateNode& node, const TemplateNode& argument)
{
    auto region = resolveToString(argument, "the region of Fn::GetAZs");
    if (!region)
        return TemplateNode::makeInvalid(node);
    if (region->empty())
        region = m_options.region;
    TemplateNode zones = TemplateNode::makeSequence(node);
    for (const char zone : {'a', 'b', 'c'})
        zones.items.push_back(TemplateNode::makeString(*region + zone, node));
    m_diagnostics.warning(node,
                          "Fn::GetAZs is not emulated; using " + *region + "a, " + *region + "b, " + *region + 'c');
    return zones;
}

TemplateNode IntrinsicResolver::resolveLength(const TemplateNode& node, const TemplateNode& argument)
{
    auto values = resolve(argument);
    if (!values || values->isInvalid())
        return TemplateNode::makeInvalid(node);
    if (!values->isSequence()) {
        m_diagnostics.error(node, "Fn::Length takes a list, got " + values->describe());
        return TemplateNode::makeInvalid(node);
    }
    return TemplateNode::makeString(std::to_string(values->items.size()), node);
}

TemplateNode IntrinsicResolver::resolveToJsonString(const TemplateNode& node, const TemplateNode& argument)
{
    auto value = resolve(argument);
    if (!value || value->isInvalid())
        return TemplateNode::makeInvalid(node);
    return TemplateNode::makeString(toJson(*value).dump(), node);
}

} // namespace lambdadesk::core
