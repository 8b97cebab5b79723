// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lambdadesk::core {

struct MapEntry;

/// A node of a parsed template that remembers where it was written. The rest of core/project works on
/// this tree so yaml-cpp stays inside the parser, and intrinsic results keep the line of the node
/// they replace — errors found later still point at the right place.
struct TemplateNode {
    enum class Kind {
        Null,
        Scalar,
        Sequence,
        Mapping,
        Invalid, ///< a value whose resolution failed; its error has already been reported
    };

    Kind kind = Kind::Null;
    std::string scalar;
    bool quoted = false; ///< written in quotes or produced by an intrinsic: always a string, never a number
    std::string tag;     ///< short-form intrinsic tag such as "!Ref"; empty when there is none
    int line = 0;        ///< 1-based; 0 when unknown
    int column = 0;
    std::vector<TemplateNode> items; ///< Sequence
    std::vector<MapEntry> entries;   ///< Mapping, in document order

    [[nodiscard]] bool isNull() const { return kind == Kind::Null; }
    [[nodiscard]] bool isScalar() const { return kind == Kind::Scalar; }
    [[nodiscard]] bool isSequence() const { return kind == Kind::Sequence; }
    [[nodiscard]] bool isMapping() const { return kind == Kind::Mapping; }
    [[nodiscard]] bool isInvalid() const { return kind == Kind::Invalid; }

    /// The value under `key` of a mapping; nullptr when absent or when this is not a mapping.
    [[nodiscard]] const TemplateNode* find(std::string_view key) const;
    /// The entry (key with its position) under `key`; nullptr when absent.
    [[nodiscard]] const MapEntry* findEntry(std::string_view key) const;

    /// How the node reads in an error message: "'abc'", "a list", "a map", "nothing".
    [[nodiscard]] std::string describe() const;

    /// A string scalar placed where `at` was written.
    static TemplateNode makeString(std::string value, const TemplateNode& at);
    /// An empty list or map placed where `at` was written.
    static TemplateNode makeSequence(const TemplateNode& at);
    static TemplateNode makeMapping(const TemplateNode& at);
    /// A failed value placed where `at` was written.
    static TemplateNode makeInvalid(const TemplateNode& at);
};

/// One key of a mapping with the position of the key itself.
struct MapEntry {
    std::string key;
    int line = 0;
    int column = 0;
    TemplateNode value;
};

/// The JSON form of a resolved node. Unquoted scalars take the type YAML's core schema gives them
/// (true/false, null, integers, floats); quoted ones and intrinsic results stay strings.
nlohmann::json toJson(const TemplateNode& node);

/// The value YAML's core schema gives an unquoted scalar (true/false, null, integers, floats, else the text).
nlohmann::json plainScalarToJson(const std::string& text);

/// True when a plain or quoted scalar spells a whole number.
bool looksLikeInteger(std::string_view text);

} // namespace lambdadesk::core
