// SPDX-License-Identifier: MIT
#pragma once

#include "model/project.h"

#include <optional>
#include <string>

namespace lambdadesk::cli {

/// Loads a template for a command: prints every diagnostic to stderr; nullopt when it has errors.
std::optional<core::Project> loadProjectOrReport(const std::string& path);

}  // namespace lambdadesk::cli
