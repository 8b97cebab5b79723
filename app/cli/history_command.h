// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace lambdadesk::cli {

struct HistoryOptions {
    std::string templatePath;
    std::string function;
    std::string requestId;
    std::string status;  ///< ok, error, throttled, or empty
    int limit = 20;
    bool json = false;
};

/// `lambdadesk-cli history TEMPLATE [--function F] [--request-id ID] [--status S] [--limit N] [--json]`:
/// the project's recorded invocations, newest first, from .lambdadesk/state.db.
void addHistoryCommand(CLI::App& app, HistoryOptions& options, int& exitStatus);

}  // namespace lambdadesk::cli
