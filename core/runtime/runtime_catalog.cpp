// SPDX-License-Identifier: MIT
#include "runtime/runtime_catalog.h"

#include <unistd.h>

#include <cstdlib>
#include <mutex>
#include <optional>
#include <sstream>

namespace lambdadesk::core {
namespace {

bool isExecutable(const std::filesystem::path& path)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

std::optional<std::filesystem::path> findOnPath(const std::string& program)
{
    const char* path = std::getenv("PATH");
    if (!path)
        return std::nullopt;
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        if (!dir.empty() && isExecutable(std::filesystem::path(dir) / program))
            return std::filesystem::path(dir) / program;
    }
    return std::nullopt;
}

// Prefer the distribution's interpreter: version-manager shims (pyenv, nvm) on PATH are shell
// scripts that add tens of milliseconds to every cold start. An explicit variable wins.
std::optional<std::filesystem::path> findInterpreter(const char* overrideVariable, const char* systemPath,
                                                     const char* program)
{
    if (const char* explicitPath = std::getenv(overrideVariable); explicitPath && *explicitPath) {
        if (isExecutable(explicitPath))
            return std::filesystem::path(explicitPath);
        return std::nullopt;
    }
    if (isExecutable(systemPath))
        return std::filesystem::path(systemPath);
    return findOnPath(program);
}

const std::optional<std::filesystem::path>& pythonInterpreter()
{
    static const auto python = findInterpreter("LAMBDADESK_PYTHON", "/usr/bin/python3", "python3");
    return python;
}

const std::optional<std::filesystem::path>& nodeInterpreter()
{
    static const auto node = findInterpreter("LAMBDADESK_NODE", "/usr/bin/node", "node");
    return node;
}

}  // namespace

std::filesystem::path resourcesDir()
{
    if (const char* dir = std::getenv("LAMBDADESK_RESOURCES"); dir && *dir)
        return dir;
    return LAMBDADESK_RESOURCES_DIR;
}

Expected<RuntimeFamily> runtimeFamily(const std::string& runtime)
{
    if (runtime.rfind("python3", 0) == 0)
        return RuntimeFamily::Python;
    if (runtime.rfind("nodejs", 0) == 0)
        return RuntimeFamily::Node;
    if (runtime == "provided" || runtime == "provided.al2" || runtime == "provided.al2023")
        return RuntimeFamily::Provided;
    return Error{"InvalidRuntimeException",
                 "runtime '" + runtime +
                     "' is not supported; use python3.x, nodejs18.x or newer, provided, provided.al2 or provided.al2023"};
}

Expected<RuntimeCommand> resolveRuntime(const FunctionConfig& function)
{
    auto family = runtimeFamily(function.runtime);
    if (!family)
        return family.error();
    RuntimeCommand command;
    command.family = *family;
    switch (*family) {
    case RuntimeFamily::Python: {
        const auto& python = pythonInterpreter();
        if (!python)
            return Error{"InvalidRuntimeException",
                         function.name + " uses " + function.runtime +
                             " but no Python 3 interpreter was found; install the Debian package python3 "
                             "(apt-get install python3) or set LAMBDADESK_PYTHON"};
        command.runtimeDir = resourcesDir() / "runtimes" / "python";
        // -u: unbuffered output, so log lines reach us (and their request) as they are printed.
        command.argv = {python->string(), "-u", (command.runtimeDir / "bootstrap.py").string()};
        break;
    }
    case RuntimeFamily::Node: {
        const auto& node = nodeInterpreter();
        if (!node)
            return Error{"InvalidRuntimeException",
                         function.name + " uses " + function.runtime +
                             " but no Node.js was found; install the Debian package nodejs "
                             "(apt-get install nodejs) or set LAMBDADESK_NODE"};
        command.runtimeDir = resourcesDir() / "runtimes" / "node";
        command.argv = {node->string(), (command.runtimeDir / "bootstrap.js").string()};
        break;
    }
    case RuntimeFamily::Provided: {
        const auto bootstrap = function.codeDir / "bootstrap";
        if (!isExecutable(bootstrap))
            return Error{"Runtime.InvalidEntrypoint",
                         function.name + " (" + function.runtime + ") needs an executable file 'bootstrap' in " +
                             function.codeDir.string() + "; none was found (build it, or chmod +x it)"};
        command.runtimeDir = function.codeDir;
        command.argv = {bootstrap.string()};
        break;
    }
    }
    return command;
}

}  // namespace lambdadesk::core
