// SPDX-License-Identifier: MIT
#pragma once

#include "timeline/timeline_geometry.h"

#include <QString>

#include <vector>

namespace lambdadesk::gui {

/// A labelled tick of the timeline's time axis.
struct AxisTick {
    qint64 timeNs = 0;  ///< on the controller's monotonic clock
    qint64 wallNs = 0;  ///< the wall-clock time it stands for, ns since the Unix epoch (a multiple of the step)
    QString label;      ///< wall-clock time, as precise as the step needs
};

/// The axis of the timeline: wall-clock labels at round steps (1 µs … 1 h) chosen so labels do not
/// collide. `wallAtZeroMs` is the wall-clock time (ms since the Unix epoch, fractional) of monotonic
/// time 0; labels are in local time. Pure: tested without a window.
std::vector<AxisTick> axisTicks(const TimelineGeometry& geometry, double wallAtZeroMs);
/// The same ticks without their labels (empty): for a painter that keeps labels laid out between repaints and
/// formats one only when it first comes on screen.
std::vector<AxisTick> axisTickTimes(const TimelineGeometry& geometry, double wallAtZeroMs);

/// The step between ticks for a view, in nanoseconds: the smallest round step whose labels fit.
qint64 axisStepNs(const TimelineGeometry& geometry);

/// A wall-clock time as the axis and tooltips show it: hh:mm:ss, plus .zzz when `stepNs` is below a
/// second, plus µs digits below a millisecond.
QString wallClockLabel(double wallMs, qint64 stepNs);

}  // namespace lambdadesk::gui
