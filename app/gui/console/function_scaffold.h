// SPDX-License-Identifier: MIT
#pragma once

#include <model/expected.h>
#include <model/function_config.h>

#include <filesystem>
#include <string>

namespace lambdadesk::gui {

/// The handler a new function of `runtime` starts with: app.handler (Python), index.handler (Node),
/// bootstrap (custom runtimes).
std::string defaultHandler(const std::string& runtime);

/// Writes the starting code of a new function into `function.codeDir` (which must not exist yet or be
/// empty): a Python module, a Node module, or for provided.al2023 a C++ main.cpp with its CMakeLists.txt,
/// the Makefile `sam build` runs, and the bundled runtime client vendored in lambdadesk-runtime/, so the
/// folder builds on its own. Each handler returns its event with a greeting, and names the file to edit.
core::Expected<void> scaffoldFunction(const core::FunctionConfig& function);

/// True when the function is built from C/C++ sources by its Makefile (`make build-<LogicalId>`).
bool buildsWithMake(const core::FunctionConfig& function);

}  // namespace lambdadesk::gui
