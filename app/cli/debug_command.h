// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lambdadesk::cli {

struct DebugOptions {
    std::string templatePath;
    std::string function;
    std::vector<std::string> breakpoints;  ///< FILE:LINE or a function name
    /// --condition texts paired with the --break before them ("" = none), in the order given.
    std::vector<std::string> conditions;
    std::string payload = "{}";
    std::vector<std::string> evals;
    std::string exceptions = "uncaught";    ///< --break-on-exception none|uncaught|raised (Python, Node)
    bool json = false;
    std::string platformUrl;               ///< --platform connect://HOST:PORT (remote lldb-server)
    std::vector<std::string> sourceMap;    ///< --source-map FROM=TO
    std::string runtimeApiBind = "127.0.0.1";  ///< --runtime-api-bind ADDRESS
    std::string runtimeApiHost;                ///< --runtime-api-host HOST (what the remote process dials)
    std::string runtimeApiPorts;               ///< --runtime-api-ports PORT or FROM-TO (fixed, for ssh -R)
};

/// `lambdadesk-cli debug PROJECT FUNCTION --break FILE:LINE [--condition EXPR] … [--eval EXPR]… [--json]`, for
/// native, Python and Node functions alike.
void addDebugCommand(CLI::App& app, DebugOptions& options, int& exitStatus);
int runDebug(const DebugOptions& options);

}  // namespace lambdadesk::cli
