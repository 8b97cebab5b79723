// SPDX-License-Identifier: MIT
#include "editor/breakpoint_gutter.h"

#include <Qsci/qsciscintilla.h>

#include <QHelpEvent>
#include <QToolTip>

namespace lambdadesk::gui {
namespace {

constexpr int kMargin = 1;  // margin 0 holds the line numbers
// Marker numbers: one per look. The execution line's background marker is in no margin's mask, so Scintilla
// tints the text line instead of drawing a symbol.
constexpr int kBreakpointMarker = 1;
constexpr int kUnresolvedMarker = 2;
constexpr int kDisabledMarker = 3;
constexpr int kExecutionArrowMarker = 4;
constexpr int kExecutionLineMarker = 5;

int markerFor(GutterMark::Kind kind)
{
    switch (kind) {
    case GutterMark::Kind::Breakpoint: return kBreakpointMarker;
    case GutterMark::Kind::Unresolved: return kUnresolvedMarker;
    case GutterMark::Kind::Disabled: return kDisabledMarker;
    }
    return kBreakpointMarker;
}

}  // namespace

BreakpointGutter::BreakpointGutter(QsciScintilla* editor) : QObject(editor), m_editor(editor)
{
    const QColor red(0xd0, 0x30, 0x30);
    editor->setMarginType(kMargin, QsciScintilla::SymbolMargin);
    editor->setMarginWidth(kMargin, 16);
    editor->setMarginSensitivity(kMargin, true);
    editor->setMarginMarkerMask(kMargin, (1 << kBreakpointMarker) | (1 << kUnresolvedMarker) |
                                             (1 << kDisabledMarker) | (1 << kExecutionArrowMarker));
    editor->markerDefine(QsciScintilla::Circle, kBreakpointMarker);
    editor->setMarkerBackgroundColor(red, kBreakpointMarker);
    editor->setMarkerForegroundColor(red, kBreakpointMarker);
    // Hollow: the outline in red, the inside the margin's colour.
    editor->markerDefine(QsciScintilla::Circle, kUnresolvedMarker);
    editor->setMarkerBackgroundColor(QColor(0xff, 0xff, 0xff), kUnresolvedMarker);
    editor->setMarkerForegroundColor(red, kUnresolvedMarker);
    editor->markerDefine(QsciScintilla::Circle, kDisabledMarker);
    editor->setMarkerBackgroundColor(QColor(0xb0, 0xb0, 0xb0), kDisabledMarker);
    editor->setMarkerForegroundColor(QColor(0x90, 0x90, 0x90), kDisabledMarker);
    editor->markerDefine(QsciScintilla::RightArrow, kExecutionArrowMarker);
    editor->setMarkerBackgroundColor(QColor(0xf0, 0xb0, 0x00), kExecutionArrowMarker);
    editor->setMarkerForegroundColor(QColor(0x80, 0x60, 0x00), kExecutionArrowMarker);
    editor->markerDefine(QsciScintilla::Background, kExecutionLineMarker);
    editor->setMarkerBackgroundColor(QColor(0xff, 0xf1, 0xb8), kExecutionLineMarker);

    connect(editor, &QsciScintilla::marginClicked, this, [this](int margin, int line, Qt::KeyboardModifiers) {
        if (margin == kMargin)
            Q_EMIT toggleRequested(line + 1);
    });
    editor->viewport()->installEventFilter(this);
}

void BreakpointGutter::setMarks(const GutterMarks& marks)
{
    if (marks == m_marks)
        return;
    for (const int marker : {kBreakpointMarker, kUnresolvedMarker, kDisabledMarker})
        m_editor->markerDeleteAll(marker);
    m_marks = marks;
    for (const auto& mark : m_marks) {
        if (mark.line >= 1)
            m_editor->markerAdd(mark.line - 1, markerFor(mark.kind));
    }
}

void BreakpointGutter::setExecutionLine(int line)
{
    m_editor->markerDeleteAll(kExecutionArrowMarker);
    m_editor->markerDeleteAll(kExecutionLineMarker);
    m_executionLine = line;
    if (line >= 1) {
        m_editor->markerAdd(line - 1, kExecutionArrowMarker);
        m_editor->markerAdd(line - 1, kExecutionLineMarker);
    }
}

QString BreakpointGutter::toolTipAt(int line) const
{
    QString tip;
    for (const auto& mark : m_marks) {
        if (mark.line == line)
            tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + mark.toolTip;
    }
    return tip;
}

bool BreakpointGutter::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::ToolTip || watched != m_editor->viewport())
        return QObject::eventFilter(watched, event);
    const auto* help = static_cast<QHelpEvent*>(event);
    int marginsWidth = 0;
    for (int margin = 0; margin <= kMargin; ++margin)
        marginsWidth += m_editor->marginWidth(margin);
    if (help->pos().x() >= marginsWidth)
        return QObject::eventFilter(watched, event);
    // The position nearest the pointer is on the line under it, margin or not.
    const long position = m_editor->SendScintilla(QsciScintilla::SCI_POSITIONFROMPOINT,
                                                  static_cast<unsigned long>(marginsWidth), static_cast<long>(help->pos().y()));
    const int line = static_cast<int>(m_editor->SendScintilla(QsciScintilla::SCI_LINEFROMPOSITION,
                                                              static_cast<unsigned long>(position))) + 1;
    const QString tip = toolTipAt(line);
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), tip, m_editor->viewport());
    return true;
}

}  // namespace lambdadesk::gui
