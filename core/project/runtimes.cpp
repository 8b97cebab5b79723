// SPDX-License-Identifier: MIT
#include "project/runtimes.h"

#include <algorithm>

namespace lambdadesk::core {

const std::vector<std::string>& supportedRuntimes()
{
    static const std::vector<std::string> kRuntimes = {
        "python3.8",  "python3.9",  "python3.10", "python3.11", "python3.12", "python3.13",   "python3.14",
        "nodejs16.x", "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x", "provided",     "provided.al2",
        "provided.al2023"};
    return kRuntimes;
}

bool isSupportedRuntime(const std::string& runtime)
{
    const auto& runtimes = supportedRuntimes();
    return std::find(runtimes.begin(), runtimes.end(), runtime) != runtimes.end();
}

bool isProvidedRuntime(const std::string& runtime)
{
    return runtime.rfind("provided", 0) == 0;
}

std::string inlineCodeFileName(const std::string& runtime)
{
    if (runtime.rfind("python", 0) == 0)
        return "index.py";
    if (runtime.rfind("nodejs", 0) == 0)
        return "index.js";
    return "bootstrap";
}

} // namespace lambdadesk::core
