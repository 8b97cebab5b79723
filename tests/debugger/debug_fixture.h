// SPDX-License-Identifier: MIT
#pragma once
// Shared by the debugger suites and bench_debugger: the fixtures' lines by @marker, and their function configs
// (native/debuggee in C, python/debuggee and node/debuggee with the same markers).

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

/// The line of a fixture whose comment ends with "@marker" (the script fixtures' markers end their line).
inline int markerLine(const std::string& file, const std::string& marker)
{
    std::ifstream source(file);
    std::string text;
    for (int line = 1; std::getline(source, text); ++line) {
        if (text.find('@' + marker + ' ') != std::string::npos || text.ends_with('@' + marker))
            return line;
    }
    throw std::runtime_error("no @" + marker + " in " + file);
}

/// The Python or Node debuggee ("python" / "node"): its handler file's full path and function config.
struct ScriptDebuggee {
    std::string file;
    core::FunctionConfig function;
};

inline ScriptDebuggee scriptDebuggee(const std::string& runtime, const std::string& name = "Debuggee",
                                     int timeoutSeconds = 30)
{
    const bool python = runtime == "python";
    ScriptDebuggee debuggee;
    debuggee.file = fixturesDir() + (python ? "/python/debuggee/app.py" : "/node/debuggee/index.js");
    auto& function = debuggee.function;
    function.name = name;
    function.logicalId = name;
    function.runtime = python ? "python3.11" : "nodejs20.x";
    function.handler = python ? "app.handler" : "index.handler";
    function.codeDir = fixturesDir() + (python ? "/python/debuggee" : "/node/debuggee");
    function.timeoutSeconds = timeoutSeconds;
    function.arn = core::functionArn("us-east-1", "123456789012", name);
    return debuggee;
}

}  // namespace lambdadesk::tests
