// SPDX-License-Identifier: MIT
#pragma once
// Helpers for the template suites: a project folder to load templates in, and lookups of the diagnostics.

#include "model/project.h"
#include "project/template_loader.h"

#include <QByteArray>
#include <QTemporaryDir>

#include <filesystem>
#include <fstream>
#include <string>

namespace lambdadesk::tests {

// A project folder with the code folders the templates below point at.
class ProjectDir {
public:
    ProjectDir()
    {
        for (const char* folder : {"src", "other", "layers/common"})
            std::filesystem::create_directories(root() / folder);
        std::ofstream(root() / "src" / "app.py") << "def handler(event, context):\n    return event\n";
    }

    [[nodiscard]] std::filesystem::path root() const { return std::filesystem::path(m_dir.path().toStdString()); }

    [[nodiscard]] core::ProjectLoadResult load(const std::string& text, const core::LoadOptions& options = {},
                                               const std::string& fileName = "template.yaml") const
    {
        return core::loadProjectFromString(text, fileName, root(), options);
    }

    void write(const std::string& name, const std::string& text) const { std::ofstream(root() / name) << text; }

private:
    QTemporaryDir m_dir;
};

inline QByteArray describe(const core::ProjectLoadResult& result)
{
    std::string text;
    for (const auto& diagnostic : result.diagnostics)
        text += diagnostic.toString() + '\n';
    return QByteArray::fromStdString(text.empty() ? std::string("(no diagnostics)") : text);
}

inline const core::Diagnostic* findDiagnostic(const core::ProjectLoadResult& result,
                                              core::Diagnostic::Severity severity, const std::string& fragment)
{
    for (const auto& diagnostic : result.diagnostics) {
        if (diagnostic.severity == severity && diagnostic.message.find(fragment) != std::string::npos)
            return &diagnostic;
    }
    return nullptr;
}

inline int countSeverity(const core::ProjectLoadResult& result, core::Diagnostic::Severity severity)
{
    int count = 0;
    for (const auto& diagnostic : result.diagnostics)
        count += diagnostic.severity == severity ? 1 : 0;
    return count;
}

} // namespace lambdadesk::tests
