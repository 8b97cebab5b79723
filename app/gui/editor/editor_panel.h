// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QsciScintilla;

namespace lambdadesk::gui {

class CoreController;

/// QScintilla tabs for the project's files, highlighted for Python, JavaScript, C++, YAML and JSON.
/// Saving writes the file; the engine's project watcher then hot-reloads the function. The left
/// margin holds breakpoints (file:line, kept here; the debugger resolves them). With a controller, a
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
    /// Puts the current tab's cursor on a line (1-based) and column, scrolled into view, and focuses it.
    void goToLine(int line, int column = 1);
    /// Lines (1-based) with a breakpoint in a file.
    [[nodiscard]] QSet<int> breakpoints(const QString& path) const;

Q_SIGNALS:
    void breakpointsChanged(const QString& path, const QSet<int>& lines);
    void saved(const QString& path);
    /// A function was picked in the editor's own picker (after its handler file was opened, or not).
    void openFunctionRequested(const QString& function);

private:
    void refreshFunctions();
    void updateEmptyState();
    QsciScintilla* editorFor(const QString& path) const;
    void configure(QsciScintilla* editor, const QString& path);

    CoreController* m_controller = nullptr;
    QComboBox* m_picker;
    QLabel* m_pickerError;
    QStackedWidget* m_pages;
    QTabWidget* m_tabs;
    QHash<QString, QSet<int>> m_breakpoints;
};

}  // namespace lambdadesk::gui
