// SPDX-License-Identifier: MIT
#pragma once

#include "editor/gutter_mark.h"

#include <QObject>

class QsciScintilla;

namespace lambdadesk::gui {

/// The breakpoint margin of one editor tab: its markers (filled, hollow and grey dots, and the arrow and
/// tinted line where a debugged function is stopped), the click that asks for a breakpoint, and the tooltip
/// that says why a breakpoint did not resolve.
class BreakpointGutter : public QObject {
    Q_OBJECT

public:
    explicit BreakpointGutter(QsciScintilla* editor);

    /// Replaces every breakpoint marker with `marks`.
    void setMarks(const GutterMarks& marks);
    [[nodiscard]] const GutterMarks& marks() const { return m_marks; }
    /// The line (1-based) the debugger is stopped at in this file; 0 clears it.
    void setExecutionLine(int line);
    [[nodiscard]] int executionLine() const { return m_executionLine; }
    /// The tooltip of the breakpoint on `line` (1-based), or "".
    [[nodiscard]] QString toolTipAt(int line) const;

Q_SIGNALS:
    /// A click in the margin on `line` (1-based): add a breakpoint there, or remove the one there.
    void toggleRequested(int line);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QsciScintilla* m_editor;
    GutterMarks m_marks;
    int m_executionLine = 0;
};

}  // namespace lambdadesk::gui
