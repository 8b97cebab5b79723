// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace lambdadesk::core {
struct EngineOptions;
}

namespace lambdadesk::cli {

/// `--max-concurrent-inits`, `--max-environments`, `--max-host-wait`, `--scale-out`: the host-capacity governor's
/// flags, shared by the commands that run the engine.
struct HostCapacityFlags {
    int maxConcurrentInits = 0;    ///< 0 = max(2, cores)
    int maxEnvironments = 0;       ///< 0 = derived from memory and cores
    double maxHostWaitSeconds = 30;
    std::string scaleOut = "local";  ///< or "aws": no bound (prints a warning)
};

void addHostCapacityFlags(CLI::App& command, HostCapacityFlags& flags);
/// Copies the flags into the engine's options; warns on stderr when `--scale-out aws` lifts the bounds.
void applyHostCapacityFlags(const HostCapacityFlags& flags, core::EngineOptions& options);

}  // namespace lambdadesk::cli
