// SPDX-License-Identifier: MIT
#pragma once
// Helpers shared by the engine suites: functions built on the fixture folders, and JSON access.

#include "engine.h"
#include "model/function_name.h"
#include "test_paths.h"

#include <nlohmann/json.hpp>

#include <future>
#include <string>
#include <vector>

namespace lambdadesk::tests {

inline core::FunctionConfig fixtureFunction(const std::string& name, const std::string& runtime,
                                            const std::string& folder, const std::string& handler = "app.handler")
{
    core::FunctionConfig function;
    function.name = name;
    function.logicalId = name;
    function.runtime = runtime;
    function.handler = handler;
    const bool native = folder.rfind("native/", 0) == 0;
    function.codeDir = (native ? fixturesBuildDir() : fixturesDir()) + '/' + folder;
    function.arn = core::functionArn("us-east-1", "123456789012", name);
    return function;
}

inline core::FunctionConfig python(const std::string& name, const std::string& fixture)
{
    return fixtureFunction(name, "python3.12", "python/" + fixture);
}

inline core::InvokeResult invoke(core::Engine& engine, const std::string& function, const std::string& payload = "{}",
                                 bool logTail = false)
{
    core::InvokeRequest request;
    request.function = function;
    request.payload = payload;
    request.logTail = logTail;
    return engine.invoke(std::move(request));
}

/// Starts `count` invocations at once and waits for all of them.
inline std::vector<core::InvokeResult> invokeConcurrently(core::Engine& engine, const std::string& function,
                                                          const std::string& payload, int count)
{
    std::vector<std::future<core::InvokeResult>> futures;
    for (int i = 0; i < count; ++i) {
        auto promise = std::make_shared<std::promise<core::InvokeResult>>();
        futures.push_back(promise->get_future());
        core::InvokeRequest request;
        request.function = function;
        request.payload = payload;
        engine.invokeAsync(std::move(request), [promise](core::InvokeResult result) { promise->set_value(std::move(result)); });
    }
    std::vector<core::InvokeResult> results;
    for (auto& future : futures)
        results.push_back(future.get());
    return results;
}

inline nlohmann::json json(const core::InvokeResult& result)
{
    return nlohmann::json::parse(result.payload, nullptr, false);
}

inline core::EngineOptions quickOptions()
{
    core::EngineOptions options;
    options.shutdownGrace = std::chrono::milliseconds(500);
    return options;
}

}  // namespace lambdadesk::tests
