// SPDX-License-Identifier: MIT
#include "host_capacity_flags.h"

#include "engine.h"

#include <CLI/CLI.hpp>

#include <cstdio>

namespace lambdadesk::cli {

void addHostCapacityFlags(CLI::App& command, HostCapacityFlags& flags)
{
    command
        .add_option("--max-concurrent-inits", flags.maxConcurrentInits,
                    "environments in INIT at once across all functions (default max(2, cores) = " +
                        std::to_string(core::defaultMaxConcurrentInits()) + "); a cold start beyond it waits")
        ->check(CLI::Range(1, 100000));
    command
        .add_option("--max-environments", flags.maxEnvironments,
                    "live environments across all functions (default " +
                        std::to_string(core::defaultMaxEnvironments()) +
                        ", from memory and cores); the least recently used idle one is stopped to make room")
        ->check(CLI::Range(1, 1000000));
    command
        .add_option("--max-host-wait", flags.maxHostWaitSeconds,
                    "seconds a cold start may wait for the host before TooManyRequestsException "
                    "(Reason HostCapacityWaitExceeded); 0 = no bound (default 30)")
        ->check(CLI::Range(0.0, 86400.0));
    command
        .add_option("--scale-out", flags.scaleOut,
                    "local (default): bound INITs and environments by the host; aws: unbounded scale-out as on AWS")
        ->check(CLI::IsMember({"local", "aws"}));
}

void applyHostCapacityFlags(const HostCapacityFlags& flags, core::EngineOptions& options)
{
    options.hostCapacity.maxConcurrentInits = flags.maxConcurrentInits;
    options.hostCapacity.maxEnvironments = flags.maxEnvironments;
    options.hostCapacity.maxWait = std::chrono::milliseconds(static_cast<std::int64_t>(flags.maxHostWaitSeconds * 1000));
    options.hostCapacity.unbounded = flags.scaleOut == "aws";
    if (options.hostCapacity.unbounded)
        std::fprintf(stderr, "lambdadesk-cli: warning: --scale-out aws: every arrival that finds no idle environment "
                             "starts a new process, as on AWS, where each environment has its own CPU. On a laptop a "
                             "burst can start hundreds of processes whose INITs starve each other (a cold-start "
                             "storm); the machine may stop responding.\n");
}

}  // namespace lambdadesk::cli
