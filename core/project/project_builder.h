// SPDX-License-Identifier: MIT
#pragma once

#include "model/project.h"
#include "project/template_loader.h"
#include "project/template_node.h"

#include <filesystem>
#include <optional>

namespace lambdadesk::core {

class DiagnosticCollector;
class ResourceRegistry;
class IntrinsicResolver;

/// Turns a parsed template into a Project: checks the top-level sections, sets up Parameters,
/// Mappings and Conditions for the intrinsics, registers every resource, drops those whose condition
/// is false, and reads layers, queues, streams and functions in that order (so functions can use them).
class ProjectBuilder {
public:
    ProjectBuilder(const LoadOptions& options, DiagnosticCollector& diagnostics, std::filesystem::path rootDir);

    /// The project, or nullopt when any error was reported.
    std::optional<Project> build(const TemplateNode& root);

private:
    void checkTopLevel(const TemplateNode& root);
    void registerResources(const TemplateNode& resources, ResourceRegistry& registry);
    void registerImplicitResources(ResourceRegistry& registry);
    void applyResourceConditions(ResourceRegistry& registry, IntrinsicResolver& resolver);
    void checkUniqueNames(const Project& project);

    const LoadOptions& m_options;
    DiagnosticCollector& m_diagnostics;
    std::filesystem::path m_rootDir;
    const TemplateNode* m_parameters = nullptr;
};

} // namespace lambdadesk::core
