// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace lambdadesk::core {

/// Where something came from in a project file (1-based line and column; 0 when unknown).
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;

    /// "template.yaml:12:5", or just the file when the position is unknown.
    [[nodiscard]] std::string toString() const;
    bool operator==(const SourceLocation&) const = default;
};

/// A problem found while reading a project: errors stop the load, warnings do not.
struct Diagnostic {
    enum class Severity { Error, Warning };

    Severity severity = Severity::Error;
    SourceLocation location;
    std::string message;  ///< names the property and says what would be accepted

    /// "template.yaml:12:5: error: Timeout must be an integer 1–900, got 'abc'"
    [[nodiscard]] std::string toString() const;
};

}  // namespace lambdadesk::core
