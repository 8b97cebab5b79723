// SPDX-License-Identifier: MIT
#pragma once

#include <model/expected.h>

#include <filesystem>
#include <set>
#include <string>

namespace lambdadesk::exporter {

/// Copies a function's code folder into an exported project, file modes kept (a `bootstrap` stays
/// executable), leaving out what is local to this machine: LambdaDesk's state, SAM's build output, git
/// metadata, caches, dependencies and CMake build folders, and any name in `skip`. `never` (the export's
/// own target) is not descended into, so exporting into a folder below the code does not copy itself.
core::Expected<void> copyCodeFolder(const std::filesystem::path& from, const std::filesystem::path& to,
                                    const std::set<std::string>& skip, const std::filesystem::path& never);

/// True when the folder holds C or C++ sources at its top level (a native function built from source).
bool hasNativeSources(const std::filesystem::path& folder);

}  // namespace lambdadesk::exporter
