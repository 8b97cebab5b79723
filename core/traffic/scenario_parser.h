// SPDX-License-Identifier: MIT
#pragma once

#include "model/expected.h"
#include "model/project.h"
#include "traffic/traffic_generator.h"

#include <string>
#include <vector>

namespace lambdadesk::core {

/// Reads a traffic scenario as the command lines take it (`lambdadesk --traffic`, `lambdadesk-cli experiment run
/// --traffic`): "demo" (a mix for the bundled demo) or a comma-separated list of FUNCTION[:SHAPE[:RATE]],
/// queue:NAME[:SHAPE[:RATE]] and stream:NAME[:SHAPE[:RATE]] (shape: constant, poisson, bursts, morning-rush;
/// `function:NAME` names a function called "queue" or "stream"). A function gets the project's
/// events/<Function>.json when there is one, else {}; queues and streams get the messages {"n":1}, {"n":2}… An error (code InvalidTrafficScenario) names a function, queue or stream the template does not
/// define, or an unknown shape or rate.
Expected<std::vector<TrafficPlan>> parseTrafficScenario(const std::string& text, const Project& project, double seconds);

}  // namespace lambdadesk::core
