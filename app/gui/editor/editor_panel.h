// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QSet>
#include <QWidget>

class QTabWidget;
class QsciScintilla;

namespace lambdadesk::gui {

/// QScintilla tabs for the project's files, highlighted for Python, JavaScript, C++, YAML and JSON.
/// Saving writes the file; the engine's project watcher then hot-reloads the function. The left
/// margin holds breakpoints (file:line, kept here; the debugger resolves them).
class EditorPanel : public QWidget {
    Q_OBJECT

public:
    explicit EditorPanel(QWidget* parent = nullptr);

    /// Opens (or shows) a file; false with `error` when it cannot be read.
    bool openFile(const QString& path, QString* error = nullptr);
    /// Saves the current tab; false with `error` when it cannot be written.
    bool saveCurrent(QString* error = nullptr);
    [[nodiscard]] QString currentFile() const;
    /// Lines (1-based) with a breakpoint in a file.
    [[nodiscard]] QSet<int> breakpoints(const QString& path) const;

Q_SIGNALS:
    void breakpointsChanged(const QString& path, const QSet<int>& lines);
    void saved(const QString& path);

private:
    QsciScintilla* editorFor(const QString& path) const;
    void configure(QsciScintilla* editor, const QString& path);

    QTabWidget* m_tabs;
    QHash<QString, QSet<int>> m_breakpoints;
};

}  // namespace lambdadesk::gui
