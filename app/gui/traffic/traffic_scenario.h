// SPDX-License-Identifier: MIT
#pragma once

#include "traffic/traffic_generator.h"
#include "model/project.h"

#include <QString>

#include <optional>
#include <vector>

namespace lambdadesk::gui {

/// core::parseTrafficScenario for the window's command line, with the error as a QString. Reads a traffic scenario: "demo" (a mix for the bundled demo) or a comma-separated
/// list of FUNCTION[:SHAPE[:RATE]], queue:NAME[:SHAPE[:RATE]] and stream:NAME[:SHAPE[:RATE]] (shape: constant,
/// poisson, bursts, morning-rush; `function:NAME` names a function called "queue" or "stream"). Queues and
/// streams get the messages {"n":1}, {"n":2}… nullopt with `error` set when a part names a function, queue or
/// stream the template does not define, or an unknown shape.
std::optional<std::vector<core::TrafficPlan>> parseTrafficScenario(const QString& text, const core::Project& project,
                                                                   double seconds, QString* error);

}  // namespace lambdadesk::gui
