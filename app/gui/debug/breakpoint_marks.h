// SPDX-License-Identifier: MIT
#pragma once

#include "editor/gutter_mark.h"

namespace lambdadesk::gui {

class BreakpointsModel;

/// What the editor's gutter shows for one file: every source breakpoint that names it (by path suffix, as
/// LLDB matches), one mark per line — a line with a breakpoint that will stop shows it filled even if another
/// on that line is disabled or unresolved — with the breakpoints list's tooltip (where it resolved, or why not).
[[nodiscard]] GutterMarks breakpointMarks(const BreakpointsModel& breakpoints, const QString& path);

}  // namespace lambdadesk::gui
