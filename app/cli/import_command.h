// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lambdadesk::cli {

struct ImportOptions {
    std::string endpointUrl;
    std::vector<std::string> functions;  ///< empty = every function
    std::string outDir;
    bool force = false;
    double timeoutSeconds = 60;
};

/// `lambdadesk-cli import --endpoint URL [--functions a,b] --out DIR [--force]`: functions, their settings
/// and event source mappings from a Lambda-compatible endpoint (LocalStack, or another LambdaDesk) into a
/// SAM project. Exit status 0 when everything asked for was imported or skipped as unsupported, 1 when a
/// function failed, 2 when nothing could be done (a bad URL, an endpoint that cannot be listed).
void addImportCommand(CLI::App& app, ImportOptions& options, int& exitStatus);

}  // namespace lambdadesk::cli
