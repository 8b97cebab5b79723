// SPDX-License-Identifier: MIT
#pragma once

#include <run/experiment.h>

#include <QString>

#include <chrono>
#include <optional>

namespace lambdadesk::gui {

/// How long a template runs if nothing stops it: the latest end of its actions, each starting when the actions
/// it names in startAfter have ended and lasting its `duration` parameter. Pure.
std::chrono::milliseconds plannedLength(const faults::ExperimentTemplate& spec);

/// When a started experiment is planned to end: actions that ended by their end times, running ones at their
/// start plus duration, pending ones after what they wait for; nullopt before it has a start time. Pure.
std::optional<std::chrono::system_clock::time_point> plannedEnd(const faults::Experiment& experiment);

/// Time left until the planned end while the experiment is under way (pending, initiating or running; never
/// below zero); nullopt once it ended or is stopping. Pure.
std::optional<std::chrono::milliseconds> timeLeft(const faults::Experiment& experiment,
                                                  std::chrono::system_clock::time_point now);

/// How long an ended experiment ran, start to end; nullopt while it runs or when it never started. Pure.
std::optional<std::chrono::milliseconds> ranFor(const faults::Experiment& experiment);

/// "0:42", "12:05", "1:02:03": a countdown in [h:]m:ss, rounded up to the second so a running experiment never
/// reads 0:00 before it ends; negative times read as 0:00.
QString formatCountdown(std::chrono::milliseconds time);

}  // namespace lambdadesk::gui
