// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace lambdadesk::core {

/// The Lambda runtimes LambdaDesk can run, in the order they are listed to users.
const std::vector<std::string>& supportedRuntimes();

[[nodiscard]] bool isSupportedRuntime(const std::string& runtime);

/// provided, provided.al2, provided.al2023: the code folder brings its own `bootstrap`, no Handler needed.
[[nodiscard]] bool isProvidedRuntime(const std::string& runtime);

/// The file InlineCode becomes for a runtime: index.py, index.js or bootstrap.
[[nodiscard]] std::string inlineCodeFileName(const std::string& runtime);

} // namespace lambdadesk::core
