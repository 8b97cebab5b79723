// SPDX-License-Identifier: MIT
#pragma once

#include "checks/deploy_checks.h"

#include <model/expected.h>
#include <model/project.h>

#include <filesystem>
#include <string>
#include <vector>

namespace lambdadesk::exporter {

struct ExportOptions {
    std::filesystem::path project;        ///< a folder holding template.yaml, or the template itself
    std::filesystem::path outDir;         ///< the SAM project folder to write (created when missing)
    std::vector<std::string> functions;   ///< names, logical ids or ARNs; empty = every function
};

struct ExportReport {
    std::filesystem::path outDir;
    std::vector<std::string> functions;   ///< logical ids exported
    std::vector<std::string> files;       ///< the repository's files after the export, sorted
    std::vector<std::string> warnings;    ///< deploy checks that do not stop the export
    std::string commit;                   ///< the commit made; empty when nothing changed
    bool changed = false;                 ///< false: the folder already held this export
    bool createdRepository = false;       ///< the first export into this folder
};

/// The project's functions as an export sees them: the template's, plus those CreateFunction saved in the
/// project's .lambdadesk/functions workspace (the template wins a name both have).
core::Expected<core::Project> loadExportableProject(const std::filesystem::path& project);

/// Writes a SAM project folder — template.yaml, samconfig.toml, README.md, .gitignore, src/<Function>/,
/// events/<Function>/, and a Makefile per C/C++ function — and commits it to a git repository there
/// (branch main). Exporting again into the same folder replaces what the export owns (those files and the
/// src/, events/ and layers/ folders) and commits only when something changed. Refused, with the reason: a
/// template that does not load, an unknown function, deploy-check errors, a target folder that holds
/// something else, a target inside another git repository.
core::Expected<ExportReport> exportProject(const ExportOptions& options);

}  // namespace lambdadesk::exporter
