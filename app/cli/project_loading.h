// SPDX-License-Identifier: MIT
#pragma once

#include "engine.h"
#include "model/project.h"

#include <optional>
#include <string>

namespace lambdadesk::cli {

/// Loads a template for a command: prints every diagnostic to stderr; nullopt when it has errors.
std::optional<core::Project> loadProjectOrReport(const std::string& path);

/// Engine options for running `project`: its region and account, its state in <project>/.lambdadesk.
core::EngineOptions projectEngineOptions(const core::Project& project);

}  // namespace lambdadesk::cli
