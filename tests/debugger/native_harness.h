// SPDX-License-Identifier: MIT
#pragma once
// The native debugger suites' engine: native/debuggee run under LLDB through the DebugLauncher, its stops
// recorded, and the engine's debug telemetry (what the timeline draws as time stopped) collected.

#include "../core/engine_fixture.h"
#include "debug_fixture.h"
#include "debug_launcher.h"
#include "stop_recorder.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace lambdadesk::tests {

using namespace std::chrono_literals;

// The engine's telemetry for debugged environments: what the timeline draws as time stopped.
class DebugEvents final : public core::EventSink {
public:
    void onEvent(const core::Event& event) override
    {
        if (const auto* change = std::get_if<core::DebugStateChanged>(&event.payload)) {
            std::lock_guard lock(mutex);
            changes.push_back(*change);
        } else if (const auto* started = std::get_if<core::EnvironmentStarted>(&event.payload)) {
            std::lock_guard lock(mutex);
            pids.push_back(started->pid);
        }
    }
    std::mutex mutex;
    std::vector<core::DebugStateChanged> changes;
    std::vector<int> pids;  ///< of the environments started
};

struct NativeHarness {
    std::shared_ptr<debugger::BreakpointBook> book = std::make_shared<debugger::BreakpointBook>();
    std::shared_ptr<StopRecorder> recorder = std::make_shared<StopRecorder>();
    std::shared_ptr<debugger::DebugLauncher> launcher = std::make_shared<debugger::DebugLauncher>(book, recorder);
    std::unique_ptr<core::Engine> engine;

    explicit NativeHarness(int timeoutSeconds = 30)
    {
        core::EngineOptions options;
        options.shutdownGrace = 500ms;
        options.launcher = launcher;
        engine = std::make_unique<core::Engine>(options);
        engine->putFunction(debuggeeFunction("Debuggee", timeoutSeconds));
        launcher->setDebugged("Debuggee", true);
    }
    void breakAt(const std::string& marker, const std::string& condition = {})
    {
        debugger::BreakpointSpec spec;
        spec.file = "handler.c";
        spec.line = lineOf(marker);
        spec.condition = condition;
        book->add(spec);
    }
    core::InvokeResult invoke(const std::string& payload)
    {
        core::InvokeRequest request;
        request.function = "Debuggee";
        request.payload = payload;
        return engine->invoke(request);
    }
};

}  // namespace lambdadesk::tests
