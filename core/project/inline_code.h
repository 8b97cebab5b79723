// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"

#include <filesystem>
#include <string>

namespace lambdadesk::core {

/// Writes a function's InlineCode to `<rootDir>/.lambdadesk/inline/<logicalId>/` as the file its runtime
/// loads (index.py, index.js, or an executable bootstrap) and returns that folder, which then serves
/// as the function's code folder. The file is only rewritten when its content changed.
Expected<std::filesystem::path> writeInlineCode(const std::filesystem::path& rootDir, const std::string& logicalId,
                                                const std::string& runtime, const std::string& code);

} // namespace lambdadesk::core
