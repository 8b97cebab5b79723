// SPDX-License-Identifier: MIT
#pragma once
// Shared by the debugger suites: the C fixture's lines by @marker, and its function config.

#include "engine.h"
#include "model/function_name.h"

#include <fstream>
#include <future>
#include <stdexcept>
#include <string>

namespace lambdadesk::tests {

inline std::string debuggeeSource()
{
    return std::string(LAMBDADESK_FIXTURES_DIR) + "/native/debuggee/handler.c";
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
    function.codeDir = std::string(LAMBDADESK_FIXTURES_BUILD_DIR) + "/native/debuggee";
    function.timeoutSeconds = timeoutSeconds;
    function.arn = core::functionArn("us-east-1", "123456789012", name);
    return function;
}

/// Starts `count` invocations of Debuggee at once (so several environments start) and waits for all of them.
inline std::vector<core::InvokeResult> invokeConcurrentlyDebuggee(core::Engine& engine, const std::string& payload,
                                                                  int count)
{
    std::vector<std::future<core::InvokeResult>> futures;
    for (int i = 0; i < count; ++i) {
        auto promise = std::make_shared<std::promise<core::InvokeResult>>();
        futures.push_back(promise->get_future());
        core::InvokeRequest request;
        request.function = "Debuggee";
        request.payload = payload;
        engine.invokeAsync(std::move(request),
                           [promise](core::InvokeResult result) { promise->set_value(std::move(result)); });
    }
    std::vector<core::InvokeResult> results;
    for (auto& future : futures)
        results.push_back(future.get());
    return results;
}

}  // namespace lambdadesk::tests
