// SPDX-License-Identifier: MIT
#pragma once

#include "model/project.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lambdadesk::core {
class Engine;
}

namespace lambdadesk::cli {

/// What one region of a project holds, as a run of the project would find it: the template's functions,
/// queues, streams and mappings (in the default region), those created through the endpoint (saved in
/// .lambdadesk/functions), and every region's queues and streams with what they hold now.
struct RegionInventory {
    struct Function {
        std::string name;     ///< the name AWS knows
        std::string runtime;
        std::string origin;   ///< "template" or "api"
    };
    struct Queue {
        std::string name;
        std::int64_t visible = 0;
        std::int64_t inFlight = 0;
        std::int64_t delayed = 0;
        bool created = true;  ///< false: declared by the template, created at the next run
    };
    struct Stream {
        std::string name;
        int openShards = 0;
        std::string mode;
        bool created = true;
    };
    struct Mapping {
        std::string source;    ///< the queue's or stream's name
        std::string function;  ///< the name AWS knows
        std::string origin;
        bool enabled = true;
    };

    std::string region;
    bool isDefault = false;
    std::vector<Function> functions;
    std::vector<Queue> queues;
    std::vector<Stream> streams;
    std::vector<Mapping> mappings;
};

/// Every region the project has something in, the default first, then by name; `problems` gets one line per
/// saved function, mapping or region that could not be read. `engine` is one opened on the project's state
/// without the project loaded (nothing runs, nothing polls).
std::vector<RegionInventory> takeInventory(const core::Project& project, core::Engine& engine,
                                           std::vector<std::string>& problems);

}  // namespace lambdadesk::cli
