// SPDX-License-Identifier: MIT
#pragma once

#include "project/template_node.h"

#include <optional>
#include <string>

namespace lambdadesk::core {

class DiagnosticCollector;

/// Parses the text of a YAML or JSON template into a located tree. JSON goes through the same YAML
/// parser (JSON is YAML) so its errors carry line and column too. Syntax errors, duplicate keys,
/// runaway aliases and a document that is not a map are reported; nullopt means nothing usable was read.
std::optional<TemplateNode> parseTemplate(const std::string& text, const std::string& fileName,
                                          DiagnosticCollector& diagnostics);

/// True for a file name ending in .json: such a template must be strict JSON.
bool hasJsonFileName(const std::string& fileName);

/// Where strict JSON parsing fails (1-based line and column), and why.
struct JsonSyntaxError {
    int line = 0;
    int column = 0;
    std::string message;
};

/// The first JSON syntax error of `text`, or nullopt when it is valid JSON.
std::optional<JsonSyntaxError> findJsonSyntaxError(const std::string& text);

/// JSON allows tabs between tokens; YAML does not allow them as indentation. Replaces each tab outside
/// a string by one space, which keeps every line and column where it was.
std::string replaceTabsOutsideStrings(const std::string& json);

} // namespace lambdadesk::core
