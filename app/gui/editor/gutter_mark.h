// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace lambdadesk::gui {

/// A breakpoint as the editor's gutter draws it. The editor does not know the debugger: whoever owns the
/// breakpoints (the Debug dock's controller) says what each line shows.
struct GutterMark {
    enum class Kind {
        Breakpoint,  ///< resolved, or not yet checked by any process: a filled red dot
        Unresolved,  ///< a process loaded the code and found nothing to stop at: a hollow dot, the reason on hover
        Disabled,    ///< kept but switched off: a grey dot
    };
    int line = 0;  ///< 1-based
    Kind kind = Kind::Breakpoint;
    QString toolTip;

    friend bool operator==(const GutterMark&, const GutterMark&) = default;
};

using GutterMarks = QList<GutterMark>;

}  // namespace lambdadesk::gui
