// SPDX-License-Identifier: MIT
#pragma once

#include "model/diagnostic.h"
#include "model/project.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lambdadesk::core {

/// Values for the pseudo parameters and template Parameters while reading a template.
struct LoadOptions {
    std::string region = "us-east-1";
    std::string accountId = "123456789012";
    std::string stackName = "lambdadesk";
    std::map<std::string, std::string> parameterOverrides;  ///< Parameters by name
};

/// The outcome of reading a template: a project when there were no errors, and every diagnostic
/// (errors and warnings, each with file, line, column) either way.
struct ProjectLoadResult {
    std::optional<Project> project;
    std::vector<Diagnostic> diagnostics;

    [[nodiscard]] bool ok() const { return project.has_value(); }
    /// All error diagnostics, one per line, for printing.
    [[nodiscard]] std::string errorText() const;
};

/// Reads a SAM template (YAML or JSON). `path` may be the template itself or a folder holding
/// template.yaml / template.yml / template.json.
ProjectLoadResult loadProject(const std::filesystem::path& path, const LoadOptions& options = {});

/// Reads a template from text; `fileName` is used in diagnostics and `rootDir` resolves CodeUri.
ProjectLoadResult loadProjectFromString(const std::string& text, const std::string& fileName,
                                        const std::filesystem::path& rootDir, const LoadOptions& options = {});

}  // namespace lambdadesk::core
