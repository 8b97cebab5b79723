// SPDX-License-Identifier: MIT
#pragma once

// Paths of this checkout and build, for tests and benchmarks (see CMakeLists.txt for why they live here).

#include <string>

namespace lambdadesk::tests {

/// The checkout's tests/fixtures: Python and Node functions, templates, projects.
[[nodiscard]] const std::string& fixturesDir();
/// The build's tests/fixtures: native fixtures compiled by CMake, engine_host.
[[nodiscard]] const std::string& fixturesBuildDir();
/// This build's lambdadesk-cli; empty when the build has no CLI.
[[nodiscard]] const std::string& cliPath();
/// The C++ runtime client native functions link (a static library) and its headers, for a suite that builds a
/// function itself (a rebuild under the debugger).
[[nodiscard]] const std::string& runtimeClientLibrary();
[[nodiscard]] const std::string& runtimeClientIncludeDir();

}  // namespace lambdadesk::tests
