// SPDX-License-Identifier: MIT
#pragma once
// Helpers for the model suites of app/gui: engine events at a time from a fixed epoch, and the lifecycle of
// one environment (a cold start, then warm invocations that each log a line).

#include "telemetry/events.h"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace lambdadesk::tests {

inline const core::Clock::time_point kEpoch{};

inline core::Event at(double seconds, core::EventPayload payload)
{
    return {kEpoch + std::chrono::duration_cast<core::Clock::duration>(std::chrono::duration<double>(seconds)),
            std::move(payload)};
}

// One cold invocation then `warm` warm ones on environment `environment` of function `function`.
inline std::vector<core::Event> lifecycle(const std::string& function, const std::string& environment, double start,
                                          int warm)
{
    std::vector<core::Event> events;
    events.push_back(at(start, core::EnvironmentStarted{function, environment, core::InitializationType::OnDemand, 1}));
    events.push_back(at(start + 0.010, core::InitDone{function, environment, 10, true, {}}));
    double t = start + 0.010;
    for (int i = 0; i <= warm; ++i) {
        const std::string id = environment + "-r" + std::to_string(i);
        const bool cold = i == 0;
        events.push_back(at(t, core::InvokeStarted{function, environment, id, cold}));
        events.push_back(
            at(t + 0.002, core::LogLine{function, environment, id, core::LogLine::Stream::Stdout, "hello " + id}));
        events.push_back(
            at(t + 0.003,
               core::InvokeFinished{function, environment, id, cold, true, {}, 3, cold ? 10.0 : 0.0, 3, 20, 1e-7}));
        t += 0.010;
    }
    return events;
}

} // namespace lambdadesk::tests
