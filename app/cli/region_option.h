// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace lambdadesk::cli {

/// `--region` (or LAMBDADESK_REGION), accepted before or after the command: the default region, where the
/// template's functions, queues and streams live and which unsigned requests reach. us-east-1 when not given.
void addRegionOption(CLI::App& app);
[[nodiscard]] const std::string& defaultRegion();

}  // namespace lambdadesk::cli
