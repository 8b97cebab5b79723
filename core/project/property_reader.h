// SPDX-License-Identifier: MIT
#pragma once

#include "project/template_node.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::core {

class DiagnosticCollector;
class IntrinsicResolver;

/// The properties of one resource after intrinsics: the ones a reader understands, resolved. A
/// property that resolved to AWS::NoValue is absent; one whose resolution failed is remembered as
/// failed so the reader does not add "X is required" on top of the error already reported.
class ResolvedProperties {
public:
    /// Resolves the `handled` properties of `properties` (a map, or nullptr for none). `accepted` ones are
    /// valid SAM/CloudFormation that LambdaDesk does not need; anything else gets an "unsupported
    /// property" warning naming `owner` ("function HelloFunction").
    ResolvedProperties(const TemplateNode* properties, const std::vector<std::string_view>& handled,
                       const std::vector<std::string_view>& accepted, const std::string& owner,
                       IntrinsicResolver& resolver, DiagnosticCollector& diagnostics);

    /// The resolved value, nullptr when absent or failed.
    [[nodiscard]] const TemplateNode* get(const std::string& key) const;
    [[nodiscard]] bool failed(const std::string& key) const { return m_failed.count(key) > 0; }
    /// Where the property's key is written (for "X is required" this is the resource's Properties).
    [[nodiscard]] const MapEntry* keyOf(const std::string& key) const;

private:
    std::map<std::string, TemplateNode> m_values;
    std::map<std::string, const MapEntry*> m_keys;
    std::set<std::string> m_failed;
};

/// Reads typed values out of resolved nodes and reports what was wrong with them: the owner, the
/// property, what was found and what would be accepted.
class PropertyReader {
public:
    PropertyReader(DiagnosticCollector& diagnostics, std::string owner);

    [[nodiscard]] const std::string& owner() const { return m_owner; }

    /// Any scalar, as written (numbers and booleans included).
    std::optional<std::string> string(const TemplateNode& value, const std::string& property);
    /// A whole number in [min, max]; quoted numbers are accepted, as CloudFormation does.
    std::optional<long long> integer(const TemplateNode& value, const std::string& property, long long min,
                                     long long max);
    /// true or false (any case), quoted or not.
    std::optional<bool> boolean(const TemplateNode& value, const std::string& property);
    /// A map of names to scalars, values turned into strings.
    std::optional<std::map<std::string, std::string>> stringMap(const TemplateNode& value, const std::string& property);
    /// Reports unless the value is a map.
    bool expectMapping(const TemplateNode& value, const std::string& property);
    /// Reports unless the value is a list.
    bool expectSequence(const TemplateNode& value, const std::string& property);

    /// "<owner>: <message>" as an error or a warning at `at`.
    void error(const TemplateNode& at, const std::string& message);
    void warning(const TemplateNode& at, const std::string& message);

private:
    DiagnosticCollector& m_diagnostics;
    std::string m_owner;
};

} // namespace lambdadesk::core
