// SPDX-License-Identifier: MIT
#include "debug/breakpoint_marks.h"

#include "debug/breakpoints_model.h"

#include <QMap>

namespace lambdadesk::gui {
namespace {

// The look that says most about whether the line will stop: a live breakpoint over an unresolved one over a
// disabled one.
int strength(GutterMark::Kind kind)
{
    switch (kind) {
    case GutterMark::Kind::Breakpoint: return 2;
    case GutterMark::Kind::Unresolved: return 1;
    case GutterMark::Kind::Disabled: return 0;
    }
    return 0;
}

}  // namespace

GutterMarks breakpointMarks(const BreakpointsModel& breakpoints, const QString& path)
{
    const std::string file = path.toStdString();
    QMap<int, GutterMark> byLine;
    for (int row = 0; row < breakpoints.rowCount(); ++row) {
        const auto& spec = breakpoints.spec(row);
        if (spec.line < 1 || !debugger::namesFile(spec, file))
            continue;
        const auto* state = breakpoints.state(spec.id);
        GutterMark mark;
        mark.line = spec.line;
        mark.kind = !spec.enabled                  ? GutterMark::Kind::Disabled
                    : state && !state->verified    ? GutterMark::Kind::Unresolved
                                                   : GutterMark::Kind::Breakpoint;
        mark.toolTip = breakpoints.data(breakpoints.index(row, BreakpointsModel::LocationColumn), Qt::ToolTipRole)
                           .toString();
        if (!spec.condition.empty())
            mark.toolTip += QLatin1Char('\n') + BreakpointsModel::tr("Stops when %1").arg(QString::fromStdString(spec.condition));
        if (!spec.enabled)
            mark.toolTip += QLatin1Char('\n') + BreakpointsModel::tr("Disabled");
        const auto existing = byLine.find(spec.line);
        if (existing == byLine.end()) {
            byLine.insert(spec.line, mark);
            continue;
        }
        existing->toolTip += QLatin1Char('\n') + mark.toolTip;
        if (strength(mark.kind) > strength(existing->kind))
            existing->kind = mark.kind;
    }
    return byLine.values();
}

}  // namespace lambdadesk::gui
