// SPDX-License-Identifier: MIT
#include "process_table.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace lambdadesk::tests {

std::set<int> childProcesses()
{
    std::set<int> children;
    std::error_code error;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", error)) {
        std::ifstream list(task.path() / "children");
        int pid = 0;
        while (list >> pid) {
            std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
            std::stringstream text;
            text << stat.rdbuf();
            // The state follows the command in parentheses; a zombie has gone, only its parent has not reaped it.
            const std::string line = text.str();
            const auto close = line.rfind(')');
            if (!line.empty() && (close == std::string::npos || line.compare(close, 4, ") Z ") != 0))
                children.insert(pid);
        }
    }
    return children;
}

}  // namespace lambdadesk::tests
