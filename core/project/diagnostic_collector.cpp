// SPDX-License-Identifier: MIT
#include "project/diagnostic_collector.h"

#include "project/template_node.h"

#include <algorithm>
#include <tuple>

namespace lambdadesk::core {
namespace {

// A hostile template could otherwise produce one diagnostic per node; nobody reads past a few hundred.
constexpr std::size_t kMaxDiagnostics = 500;

} // namespace

DiagnosticCollector::DiagnosticCollector(std::string fileName) : m_fileName(std::move(fileName)) {}

void DiagnosticCollector::error(const TemplateNode& at, std::string message)
{
    add(Diagnostic::Severity::Error, at.line, at.column, std::move(message));
}

void DiagnosticCollector::warning(const TemplateNode& at, std::string message)
{
    add(Diagnostic::Severity::Warning, at.line, at.column, std::move(message));
}

void DiagnosticCollector::error(int line, int column, std::string message)
{
    add(Diagnostic::Severity::Error, line, column, std::move(message));
}

void DiagnosticCollector::warning(int line, int column, std::string message)
{
    add(Diagnostic::Severity::Warning, line, column, std::move(message));
}

void DiagnosticCollector::add(Diagnostic::Severity severity, int line, int column, std::string message)
{
    if (severity == Diagnostic::Severity::Error)
        ++m_errorCount;
    Diagnostic diagnostic{severity, SourceLocation{m_fileName, line, column}, std::move(message)};
    if (!m_seen.insert(diagnostic.toString()).second)
        return;
    if (m_diagnostics.size() == kMaxDiagnostics) {
        m_diagnostics.push_back(
            {Diagnostic::Severity::Error, SourceLocation{m_fileName, 0, 0},
             "too many problems; only the first " + std::to_string(kMaxDiagnostics) + " are shown"});
        ++m_errorCount;
    }
    if (m_diagnostics.size() > kMaxDiagnostics)
        return;
    m_diagnostics.push_back(std::move(diagnostic));
}

std::vector<Diagnostic> DiagnosticCollector::sorted() const
{
    auto result = m_diagnostics;
    std::stable_sort(result.begin(), result.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tuple(a.location.line, a.location.column, a.severity != Diagnostic::Severity::Error) <
               std::tuple(b.location.line, b.location.column, b.severity != Diagnostic::Severity::Error);
    });
    return result;
}

} // namespace lambdadesk::core
