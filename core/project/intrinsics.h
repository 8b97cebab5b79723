// SPDX-License-Identifier: MIT
#pragma once

#include "project/template_loader.h"
#include "project/template_node.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lambdadesk::core {

class DiagnosticCollector;

/// What the intrinsic functions ask about the template's resources. Ref and GetAtt report their own
/// errors (excluded resource, unknown attribute) and answer an Invalid node then.
class ResourceReferences {
public:
    virtual ~ResourceReferences() = default;

    [[nodiscard]] virtual bool contains(const std::string& logicalId) const = 0;
    /// Every logical id, in template order, for "what exists" in error messages.
    [[nodiscard]] virtual std::vector<std::string> logicalIds() const = 0;
    /// The value of `Ref logicalId` (a function's name, a queue's URL…).
    virtual TemplateNode ref(const std::string& logicalId, const TemplateNode& at) = 0;
    /// The value of `Fn::GetAtt logicalId.attribute`.
    virtual TemplateNode getAtt(const std::string& logicalId, const std::string& attribute, const TemplateNode& at) = 0;
};

/// The name of the intrinsic function a node spells — "Ref", "Fn::Sub", or for short forms the tag
/// turned into its long name ("!GetAtt" -> "Fn::GetAtt", "!Condition" -> "Condition"). Empty for plain data.
std::string intrinsicName(const TemplateNode& node);

/// Evaluates CloudFormation intrinsic functions, pseudo parameters, Parameters, Mappings and
/// Conditions over located nodes. Every failure becomes an error at the failing node's line and an
/// Invalid value, so reading goes on and one pass reports as many problems as possible.
class IntrinsicResolver {
public:
    IntrinsicResolver(const LoadOptions& options, DiagnosticCollector& diagnostics);

    /// Resolved parameter values by name (scalars, or lists for List<…>/CommaDelimitedList).
    void setParameters(std::map<std::string, TemplateNode> parameters);
    void setMappings(const TemplateNode* mappings) { m_mappings = mappings; }
    void setConditions(const TemplateNode* conditions) { m_conditions = conditions; }
    void setResources(ResourceReferences* resources) { m_resources = resources; }

    /// Resolves every intrinsic inside `node`. nullopt means AWS::NoValue: the caller drops the property.
    std::optional<TemplateNode> resolve(const TemplateNode& node);

    /// The value of a condition of the Conditions section; nullopt when it could not be evaluated
    /// (the error is reported once, at the condition or at `at` when the name is unknown).
    std::optional<bool> condition(const std::string& name, const TemplateNode& at);
    /// Evaluates every declared condition so errors in unused ones are reported too.
    void evaluateAllConditions();

    [[nodiscard]] bool hasParameter(const std::string& name) const { return m_parameters.count(name) > 0; }
    /// aws, aws-cn or aws-us-gov, from the region.
    [[nodiscard]] std::string partition() const;

private:
    std::optional<TemplateNode> resolveIntrinsic(const std::string& name, const TemplateNode& node);
    std::optional<TemplateNode> resolveRef(const TemplateNode& node, const TemplateNode& argument);
    TemplateNode resolveGetAtt(const TemplateNode& node, const TemplateNode& argument);
    TemplateNode resolveSub(const TemplateNode& node, const TemplateNode& argument);
    TemplateNode resolveJoin(const TemplateNode& node, const TemplateNode& argument);
    TemplateNode resolveSelect(const TemplateNode& node, const TemplateNode& argument);
    TemplateNode resolveSplit(const TemplateNode& node, const TemplateNode& argument);
    TemplateNode resolveFindInMap(const TemplateNode& node, const TemplateNode& argument);
    TemplateNode resolveBase64(const TemplateNode& node, const TemplateNode& argument);
    TemplateNode resolveGetAzs(const TemplateNode& node, const TemplateNode& argument);
    TemplateNode resolveLength(const TemplateNode& node, const TemplateNode& argument);
    TemplateNode resolveToJsonString(const TemplateNode& node, const TemplateNode& argument);
    std::optional<TemplateNode> resolveIf(const TemplateNode& node, const TemplateNode& argument);

    /// The value a name has in Ref or ${…}: a pseudo parameter, a parameter or a resource.
    /// nullopt for AWS::NoValue; Invalid (reported) for an unknown name.
    std::optional<TemplateNode> valueOfName(const std::string& name, const TemplateNode& at, const std::string& usage);
    TemplateNode attributeOf(const std::string& logicalId, const std::string& attribute, const TemplateNode& at,
                             const std::string& usage);
    std::optional<TemplateNode> pseudoParameter(const std::string& name, const TemplateNode& at);
    /// Resolves `node` and insists on a scalar; nullopt after reporting (or when already Invalid).
    std::optional<std::string> resolveToString(const TemplateNode& node, const std::string& what);
    /// Checks an intrinsic's argument is a list of `min`–`max` items; reports otherwise.
    bool expectList(const TemplateNode& argument, const std::string& function, std::size_t min, std::size_t max,
                    const std::string& shape);
    [[nodiscard]] std::string unknownNameMessage(const std::string& name, const std::string& usage) const;

    std::optional<bool> evaluateCondition(const TemplateNode& node);
    std::optional<bool> evaluateEquals(const TemplateNode& argument);

    const LoadOptions& m_options;
    DiagnosticCollector& m_diagnostics;
    std::map<std::string, TemplateNode> m_parameters;
    const TemplateNode* m_mappings = nullptr;
    const TemplateNode* m_conditions = nullptr;
    ResourceReferences* m_resources = nullptr;
    std::map<std::string, std::optional<bool>> m_conditionValues;
    std::set<std::string> m_conditionsInProgress;
    int m_depth = 0;
};

} // namespace lambdadesk::core
