// SPDX-License-Identifier: MIT
#pragma once

#include "model/diagnostic.h"

#include <set>
#include <string>
#include <vector>

namespace lambdadesk::core {

struct TemplateNode;

/// Gathers the errors and warnings of one template read, each placed at file:line:column. The same
/// message at the same place is kept once, so a value resolved twice (a name looked up by a Ref and
/// again when its resource is read) does not repeat its error.
class DiagnosticCollector {
public:
    explicit DiagnosticCollector(std::string fileName);

    void error(const TemplateNode& at, std::string message);
    void warning(const TemplateNode& at, std::string message);
    /// For places that are not a node, such as a key or the whole file (line 0).
    void error(int line, int column, std::string message);
    void warning(int line, int column, std::string message);

    [[nodiscard]] bool hasErrors() const { return m_errorCount > 0; }
    [[nodiscard]] int errorCount() const { return m_errorCount; }
    [[nodiscard]] const std::string& fileName() const { return m_fileName; }

    /// Every diagnostic ordered by position (file-level ones first), errors before warnings at one place.
    [[nodiscard]] std::vector<Diagnostic> sorted() const;

private:
    void add(Diagnostic::Severity severity, int line, int column, std::string message);

    std::string m_fileName;
    std::vector<Diagnostic> m_diagnostics;
    std::set<std::string> m_seen;
    int m_errorCount = 0;
};

} // namespace lambdadesk::core
