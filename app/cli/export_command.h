// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lambdadesk::cli {

struct ExportCommandOptions {
    std::string project;
    std::string outDir;
    std::vector<std::string> functions;  ///< empty = every function
    bool json = false;
};

/// `lambdadesk-cli export PROJECT --out DIR [--function NAME]... [--json]`: a SAM project folder under git
/// (see exporter/). Exit status 0 when exported (or already up to date), 1 when refused (deploy checks, a
/// foreign target folder), 2 when the project does not load or a function is unknown.
void addExportCommand(CLI::App& app, ExportCommandOptions& options, int& exitStatus);

}  // namespace lambdadesk::cli
