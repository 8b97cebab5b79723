// SPDX-License-Identifier: MIT
#include "project/intrinsics.h"

#include "project/diagnostic_collector.h"
#include "project/name_list.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace lambdadesk::core {
namespace {

// Resource names and conditions can refer to one another; cycles are caught by name, this only
// guards the stack against a chain nobody would write by hand.
constexpr int kMaxResolveDepth = 1000;

constexpr std::array kShortTags = {"!Ref",         "!Condition", "!GetAtt",    "!Sub",          "!Join",
                                   "!Select",      "!Split",     "!FindInMap", "!Base64",       "!GetAZs",
                                   "!If",          "!Equals",    "!Not",       "!And",          "!Or",
                                   "!ImportValue", "!Cidr",      "!Length",    "!ToJsonString", "!Transform"};

constexpr std::array kSupportedFunctions = {"Ref",        "Fn::GetAtt", "Fn::Sub",       "Fn::Join",
                                            "Fn::Select", "Fn::Split",  "Fn::FindInMap", "Fn::Base64",
                                            "Fn::GetAZs", "Fn::If",     "Fn::Length",    "Fn::ToJsonString"};

class DepthGuard {
public:
    explicit DepthGuard(int& depth) : m_depth(depth) { ++m_depth; }
    ~DepthGuard() { --m_depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    [[nodiscard]] bool tooDeep() const { return m_depth > kMaxResolveDepth; }

private:
    int& m_depth;
};

// The argument of an intrinsic: the tagged node itself without its tag, or the value of `{Fn::X: value}`.
TemplateNode argumentOf(const TemplateNode& node)
{
    if (!node.tag.empty()) {
        TemplateNode argument = node;
        argument.tag.clear();
        return argument;
    }
    return node.entries.front().value;
}

} // namespace

std::string intrinsicName(const TemplateNode& node)
{
    if (!node.tag.empty()) {
        std::string bare = node.tag.substr(1);
        if (bare == "Ref" || bare == "Condition")
            return bare;
        return "Fn::" + bare;
    }
    if (node.isMapping() && node.entries.size() == 1) {
        const std::string& key = node.entries.front().key;
        if (key == "Ref" || key.rfind("Fn::", 0) == 0)
            return key;
    }
    return {};
}

IntrinsicResolver::IntrinsicResolver(const LoadOptions& options, DiagnosticCollector& diagnostics)
    : m_options(options), m_diagnostics(diagnostics)
{
}

void IntrinsicResolver::setParameters(std::map<std::string, TemplateNode> parameters)
{
    m_parameters = std::move(parameters);
}

std::string IntrinsicResolver::partition() const
{
    if (m_options.region.rfind("cn-", 0) == 0)
        return "aws-cn";
    if (m_options.region.rfind("us-gov-", 0) == 0)
        return "aws-us-gov";
    return "aws";
}

std::optional<TemplateNode> IntrinsicResolver::resolve(const TemplateNode& node)
{
    const DepthGuard guard(m_depth);
    if (guard.tooDeep()) {
        m_diagnostics.error(node, "intrinsic functions refer to one another too deeply");
        return TemplateNode::makeInvalid(node);
    }
    if (!node.tag.empty() && std::find(kShortTags.begin(), kShortTags.end(), node.tag) == kShortTags.end()) {
        m_diagnostics.error(node, "unknown tag '" + node.tag + "'; the short forms are " + joinNames(kShortTags));
        return TemplateNode::makeInvalid(node);
    }
    const std::string name = intrinsicName(node);
    if (!name.empty())
        return resolveIntrinsic(name, node);

    switch (node.kind) {
    case TemplateNode::Kind::Null:
    case TemplateNode::Kind::Scalar:
    case TemplateNode::Kind::Invalid:
        return node;
    case TemplateNode::Kind::Sequence: {
        TemplateNode result = TemplateNode::makeSequence(node);
        for (const auto& item : node.items) {
            if (auto value = resolve(item))
                result.items.push_back(std::move(*value));
        }
        return result;
    }
    case TemplateNode::Kind::Mapping: {
        TemplateNode result = TemplateNode::makeMapping(node);
        for (const auto& entry : node.entries) {
            if (auto value = resolve(entry.value))
                result.entries.push_back(MapEntry{entry.key, entry.line, entry.column, std::move(*value)});
        }
        return result;
    }
    }
    return node;
}

std::optional<TemplateNode> IntrinsicResolver::resolveIntrinsic(const std::string& name, const TemplateNode& node)
{
    const TemplateNode argument = argumentOf(node);
    if (name == "Ref")
        return resolveRef(node, argument);
    if (name == "Fn::If")
        return resolveIf(node, argument);
    if (name == "Fn::GetAtt")
        return resolveGetAtt(node, argument);
    if (name == "Fn::Sub")
        return resolveSub(node, argument);
    if (name == "Fn::Join")
        return resolveJoin(node, argument);
    if (name == "Fn::Select")
        return resolveSelect(node, argument);
    if (name == "Fn::Split")
        return resolveSplit(node, argument);
    if (name == "Fn::FindInMap")
        return resolveFindInMap(node, argument);
    if (name == "Fn::Base64")
        return resolveBase64(node, argument);
    if (name == "Fn::GetAZs")
        return resolveGetAzs(node, argument);
    if (name == "Fn::Length")
        return resolveLength(node, argument);
    if (name == "Fn::ToJsonString")
        return resolveToJsonString(node, argument);
    if (name == "Condition" || name == "Fn::Equals" || name == "Fn::Not" || name == "Fn::And" || name == "Fn::Or") {
        m_diagnostics.error(node,
                            name + " can only be used in the Conditions section (and Fn::If takes a condition name)");
    } else if (name == "Fn::ImportValue") {
        m_diagnostics.error(node, "Fn::ImportValue reads another stack's outputs, which are not available locally; "
                                  "use a Parameter instead");
    } else {
        m_diagnostics.error(node, "unknown or unsupported intrinsic function " + name +
                                      "; supported: " + joinNames(kSupportedFunctions));
    }
    return TemplateNode::makeInvalid(node);
}

std::optional<TemplateNode> IntrinsicResolver::resolveRef(const TemplateNode& node, const TemplateNode& argument)
{
    if (!argument.isScalar() || argument.scalar.empty()) {
        m_diagnostics.error(node, "Ref takes the name of a parameter, a resource or a pseudo parameter, got " +
                                      argument.describe());
        return TemplateNode::makeInvalid(node);
    }
    return valueOfName(argument.scalar, node, "Ref");
}

std::optional<TemplateNode> IntrinsicResolver::valueOfName(const std::string& name, const TemplateNode& at,
                                                           const std::string& usage)
{
    if (name.rfind("AWS::", 0) == 0)
        return pseudoParameter(name, at);
    if (const auto it = m_parameters.find(name); it != m_parameters.end()) {
        TemplateNode value = it->second;
        value.line = at.line;
        value.column = at.column;
        return value;
    }
    if (m_resources && m_resources->contains(name))
        return m_resources->ref(name, at);
    m_diagnostics.error(at, unknownNameMessage(name, usage));
    return TemplateNode::makeInvalid(at);
}

std::string IntrinsicResolver::unknownNameMessage(const std::string& name, const std::string& usage) const
{
    std::vector<std::string> parameters;
    for (const auto& [parameter, value] : m_parameters)
        parameters.push_back(parameter);
    const auto resources = m_resources ? m_resources->logicalIds() : std::vector<std::string>{};
    return usage + " to unknown name '" + name + "'; parameters: " + joinNames(parameters) +
           "; resources: " + joinNames(resources) +
           "; pseudo parameters: AWS::AccountId, AWS::NoValue, AWS::Partition, AWS::Region, AWS::StackId, "
           "AWS::StackName, AWS::URLSuffix";
}

std::optional<TemplateNode> IntrinsicResolver::pseudoParameter(const std::string& name, const TemplateNode& at)
{
    if (name == "AWS::NoValue")
        return std::nullopt;
    if (name == "AWS::Region")
        return TemplateNode::makeString(m_options.region, at);
    if (name == "AWS::AccountId")
        return TemplateNode::makeString(m_options.accountId, at);
    if (name == "AWS::StackName")
        return TemplateNode::makeString(m_options.stackName, at);
    if (name == "AWS::StackId") {
        return TemplateNode::makeString("arn:" + partition() + ":cloudformation:" + m_options.region + ':' +
                                            m_options.accountId + ":stack/" + m_options.stackName +
                                            "/00000000-0000-0000-0000-000000000000",
                                        at);
    }
    if (name == "AWS::Partition")
        return TemplateNode::makeString(partition(), at);
    if (name == "AWS::URLSuffix")
        return TemplateNode::makeString(partition() == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com", at);
    if (name == "AWS::NotificationARNs")
        return TemplateNode::makeSequence(at);
    m_diagnostics.error(at, "unknown pseudo parameter '" + name +
                                "'; supported: AWS::AccountId, AWS::NoValue, AWS::NotificationARNs, "
                                "AWS::Partition, AWS::Region, AWS::StackId, AWS::StackName, AWS::URLSuffix");
    return TemplateNode::makeInvalid(at);
}

TemplateNode IntrinsicResolver::resolveGetAtt(const TemplateNode& node, const TemplateNode& argument)
{
    std::string logicalId;
    std::string attribute;
    if (argument.isScalar()) {
        const auto dot = argument.scalar.find('.');
        if (dot == std::string::npos || dot == 0 || dot + 1 == argument.scalar.size()) {
            m_diagnostics.error(node, "Fn::GetAtt takes 'LogicalId.Attribute' or [LogicalId, Attribute], got " +
                                          argument.describe());
            return TemplateNode::makeInvalid(node);
        }
        logicalId = argument.scalar.substr(0, dot);
        attribute = argument.scalar.substr(dot + 1);
    } else {
        if (!expectList(argument, "Fn::GetAtt", 2, 2, "[LogicalId, Attribute] or 'LogicalId.Attribute'"))
            return TemplateNode::makeInvalid(node);
        if (!argument.items[0].isScalar()) {
            m_diagnostics.error(argument.items[0],
                                "Fn::GetAtt takes a logical id as its first item, got " + argument.items[0].describe());
            return TemplateNode::makeInvalid(node);
        }
        logicalId = argument.items[0].scalar;
        const auto name = resolveToString(argument.items[1], "the attribute name of Fn::GetAtt");
        if (!name)
            return TemplateNode::makeInvalid(node);
        attribute = *name;
    }
    return attributeOf(logicalId, attribute, node, "Fn::GetAtt");
}

TemplateNode IntrinsicResolver::attributeOf(const std::string& logicalId, const std::string& attribute,
                                            const TemplateNode& at, const std::string& usage)
{
    if (m_resources && m_resources->contains(logicalId))
        return m_resources->getAtt(logicalId, attribute, at);
    const auto resources = m_resources ? m_resources->logicalIds() : std::vector<std::string>{};
    m_diagnostics.error(at, usage + " of unknown resource '" + logicalId + "'; resources: " + joinNames(resources));
    return TemplateNode::makeInvalid(at);
}

std::optional<TemplateNode> IntrinsicResolver::resolveIf(const TemplateNode& node, const TemplateNode& argument)
{
    if (!expectList(argument, "Fn::If", 3, 3, "[ConditionName, value if true, value if false]"))
        return TemplateNode::makeInvalid(node);
    const TemplateNode& name = argument.items[0];
    if (!name.isScalar() || !name.tag.empty()) {
        m_diagnostics.error(name, "Fn::If takes the name of a condition first, got " + name.describe());
        return TemplateNode::makeInvalid(node);
    }
    const auto value = condition(name.scalar, name);
    if (!value)
        return TemplateNode::makeInvalid(node);
    return resolve(argument.items[*value ? 1 : 2]);
}

std::optional<std::string> IntrinsicResolver::resolveToString(const TemplateNode& node, const std::string& what)
{
    const auto value = resolve(node);
    if (!value) {
        m_diagnostics.error(node, what + " cannot be AWS::NoValue");
        return std::nullopt;
    }
    if (value->isInvalid())
        return std::nullopt;
    if (!value->isScalar()) {
        m_diagnostics.error(node, what + " must be a string, got " + value->describe());
        return std::nullopt;
    }
    return value->scalar;
}

bool IntrinsicResolver::expectList(const TemplateNode& argument, const std::string& function, std::size_t min,
                                   std::size_t max, const std::string& shape)
{
    if (argument.isSequence() && argument.items.size() >= min && argument.items.size() <= max)
        return true;
    const std::size_t count = argument.items.size();
    const std::string got = argument.isSequence()
                                ? "a list of " + std::to_string(count) + (count == 1 ? " item" : " items")
                                : argument.describe();
    m_diagnostics.error(argument, function + " takes " + shape + ", got " + got);
    return false;
}

} // namespace lambdadesk::core
