// SPDX-License-Identifier: MIT
#pragma once
// Shared by the debugger suites: the C fixture's lines by @marker, and its function config.

#include "engine.h"
#include "model/function_name.h"
#include "test_paths.h"

#include <fstream>
#include <stdexcept>
#include <string>

namespace lambdadesk::tests {

inline std::string debuggeeSource()
{
    return fixturesDir() + "/native/debuggee/handler.c";
}

/// The line of handler.c whose comment carries "@marker".
inline int lineOf(const std::string& marker)
{
    std::ifstream source(debuggeeSource());
    std::string text;
    for (int line = 1; std::getline(source, text); ++line) {
        if (text.find('@' + marker + ' ') != std::string::npos)
            return line;
    }
    throw std::runtime_error("no @" + marker + " in " + debuggeeSource());
}

inline core::FunctionConfig debuggeeFunction(const std::string& name = "Debuggee", int timeoutSeconds = 30)
{
    core::FunctionConfig function;
    function.name = name;
    function.logicalId = name;
    function.runtime = "provided.al2023";
    function.handler = "bootstrap";
    function.codeDir = fixturesBuildDir() + "/native/debuggee";
    function.timeoutSeconds = timeoutSeconds;
    function.arn = core::functionArn("us-east-1", "123456789012", name);
    return function;
}

}  // namespace lambdadesk::tests
