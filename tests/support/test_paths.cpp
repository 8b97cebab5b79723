// SPDX-License-Identifier: MIT
#include "test_paths.h"

#ifndef LAMBDADESK_CLI_PATH
#define LAMBDADESK_CLI_PATH ""
#endif

namespace lambdadesk::tests {

const std::string& fixturesDir()
{
    static const std::string path = LAMBDADESK_FIXTURES_DIR;
    return path;
}

const std::string& fixturesBuildDir()
{
    static const std::string path = LAMBDADESK_FIXTURES_BUILD_DIR;
    return path;
}

const std::string& cliPath()
{
    static const std::string path = LAMBDADESK_CLI_PATH;
    return path;
}

const std::string& runtimeClientLibrary()
{
    static const std::string path = LAMBDADESK_RUNTIME_CLIENT_LIBRARY;
    return path;
}

const std::string& runtimeClientIncludeDir()
{
    static const std::string path = LAMBDADESK_RUNTIME_CLIENT_INCLUDE_DIR;
    return path;
}

}  // namespace lambdadesk::tests
