// SPDX-License-Identifier: MIT
#pragma once

#include "invoke/traffic_generator.h"
#include "model/project.h"

#include <QString>

#include <optional>
#include <vector>

namespace lambdadesk::gui {

/// Reads a traffic scenario from the command line: "demo" (a mix for the bundled demo) or a
/// comma-separated list of FUNCTION[:SHAPE[:RATE]] (shape: constant, poisson, bursts, morning-rush).
/// nullopt with `error` set when a part names an unknown function or shape.
std::optional<std::vector<core::TrafficPlan>> parseTrafficScenario(const QString& text, const core::Project& project,
                                                                   double seconds, QString* error);

}  // namespace lambdadesk::gui
