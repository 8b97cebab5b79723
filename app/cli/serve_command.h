// SPDX-License-Identifier: MIT
#pragma once

#include "host_capacity_flags.h"

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lambdadesk::cli {

struct ServeOptions {
    std::string templatePath;  ///< empty: no project, an endpoint for API-created functions only
    std::uint16_t port = 4566;
    std::string bindAddress = "127.0.0.1";
    std::string upstreamUrl;
    bool verifySignatures = false;
    std::vector<std::string> accessKeys;  ///< ID:SECRET
    std::vector<std::string> allowedOrigins;
    std::vector<std::string> allowedHosts;
    double timeScale = 1.0;
    int dapPort = -1;  ///< --dap-port: a Debug Adapter Protocol server for editors (-1: none, 0: any free port)
    HostCapacityFlags hostCapacity;
};

/// `lambdadesk-cli serve [TEMPLATE] [--port P] [--upstream URL] [--dap-port P]`: the engine and the AWS-compatible
/// endpoint, headless, until SIGINT/SIGTERM; with --dap-port editors attach to any function through DAP.
void addServeCommand(CLI::App& app, ServeOptions& options, int& exitStatus);

}  // namespace lambdadesk::cli
