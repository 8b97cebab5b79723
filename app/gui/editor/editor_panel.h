// SPDX-License-Identifier: MIT
#pragma once

#include "editor/gutter_mark.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QsciScintilla;

namespace lambdadesk::gui {

class CoreController;

/// QScintilla tabs for the project's files, highlighted for Python, JavaScript, C++, YAML and JSON.
/// Saving writes the file; the engine's project watcher then hot-reloads the function. The left
/// margin shows breakpoints as their owner describes them (a mark source, see setBreakpointMarkSource) and asks
/// it to toggle one on a click; where a debugged function is stopped the line is marked. With a controller, a
/// function picker above the tabs opens a function's handler file, and with no file open the panel says
/// how to open one.
class EditorPanel : public QWidget {
    Q_OBJECT

public:
    explicit EditorPanel(QWidget* parent = nullptr);
    /// With the project's functions in the picker.
    explicit EditorPanel(CoreController* controller, QWidget* parent = nullptr);

    /// Opens the handler file of one of the project's functions (see handlerSourceFile); false with `error`
    /// when the function is unknown or has no source file.
    bool openFunction(const QString& function, QString* error = nullptr);

    /// Opens (or shows) a file; false with `error` when it cannot be read.
    bool openFile(const QString& path, QString* error = nullptr);
    /// Saves the current tab; false with `error` when it cannot be written.
    bool saveCurrent(QString* error = nullptr);
    [[nodiscard]] QString currentFile() const;
    /// The project's function the current tab belongs to: the one whose handler file was opened into it
    /// (openFunction), else the one whose code folder holds the file; empty when none does.
    [[nodiscard]] QString currentFunction() const;
    /// Puts the current tab's cursor on a line (1-based) and column, scrolled into view, and focuses it.
    void goToLine(int line, int column = 1);
    /// The cursor's line (1-based) in the current tab; 0 with no tab.
    [[nodiscard]] int currentLine() const;

    /// Who says what the breakpoint gutter shows for a file (asked when a file opens and on
    /// refreshBreakpointMarks()).
    void setBreakpointMarkSource(std::function<GutterMarks(const QString& path)> source);
    /// Asks the mark source again for every open file (after the breakpoints or their states changed).
    void refreshBreakpointMarks();
    [[nodiscard]] GutterMarks breakpointMarks(const QString& path) const;
    /// The tooltip the gutter shows on a line (1-based) of an open file (for tests).
    [[nodiscard]] QString breakpointToolTip(const QString& path, int line) const;
    /// Marks the line (1-based) a debugged function is stopped at (the file need not be open yet: it is marked
    /// when it opens); `line` 0 or an empty path clears the mark.
    void setExecutionLine(const QString& path, int line);
    [[nodiscard]] int executionLine(const QString& path) const;
    /// Whether the text menu offers "Run to Line" (while a debugged function is stopped).
    void setRunToLineEnabled(bool enabled) { m_runToLineEnabled = enabled; }

Q_SIGNALS:
    /// A click in the breakpoint gutter (line 1-based).
    void breakpointToggleRequested(const QString& path, int line);
    /// "Run to Line" from the text menu (line 1-based).
    void runToLineRequested(const QString& path, int line);
    void saved(const QString& path);
    /// Another tab became current, or the last one closed (path empty).
    void currentFileChanged(const QString& path);
    /// A function was picked in the editor's own picker (after its handler file was opened, or not).
    void openFunctionRequested(const QString& function);

private:
    void refreshFunctions();
    void updateEmptyState();
    QsciScintilla* editorFor(const QString& path) const;
    void configure(QsciScintilla* editor, const QString& path);
    void showTextMenu(QsciScintilla* editor, const QString& path, const QPoint& position);

    CoreController* m_controller = nullptr;
    QComboBox* m_picker;
    QLabel* m_pickerError;
    QStackedWidget* m_pages;
    QTabWidget* m_tabs;
    std::function<GutterMarks(const QString&)> m_markSource;
    QString m_executionFile;
    int m_executionLine = 0;
    bool m_runToLineEnabled = false;
};

}  // namespace lambdadesk::gui
