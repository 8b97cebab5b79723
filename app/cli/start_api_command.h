// SPDX-License-Identifier: MIT
#pragma once

#include "host_capacity_flags.h"

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace lambdadesk::cli {

struct StartApiOptions {
    std::string templatePath;
    std::uint16_t port = 3000;
    double timeScale = 1.0;
    HostCapacityFlags hostCapacity;
};

/// `lambdadesk-cli start-api TEMPLATE [--port P]`: serves the project's Api and HttpApi events (and
/// runs its queues, streams, mappings and schedules) until SIGINT/SIGTERM.
void addStartApiCommand(CLI::App& app, StartApiOptions& options, int& exitStatus);

}  // namespace lambdadesk::cli
