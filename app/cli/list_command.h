// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace lambdadesk::cli {

struct ListOptions {
    std::string templatePath;
    std::string onlyRegion;  ///< empty = every region
    bool json = false;
};

/// `lambdadesk-cli list TEMPLATE [--only-region NAME] [--json]`: what each region of the project holds
/// (functions, queues with their messages, streams, mappings), read from the template and the project's state
/// without running anything.
void addListCommand(CLI::App& app, ListOptions& options, int& exitStatus);

}  // namespace lambdadesk::cli
