// SPDX-License-Identifier: MIT
#pragma once

#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableView;
class QTabWidget;
class QTreeView;

namespace lambdadesk::gui {

class DebugActions;
class DebugController;
class LogModel;

/// The Debug dock: run controls, where the process stopped and why, its threads and stack, the variables of
/// the selected frame (a tree read as it is expanded, changed values in bold), watch expressions, the
/// breakpoints list with conditions and hit counts, and the debugged functions' output. Everything it shows
/// comes from DebugController's models; it never calls the debugger.
class DebugDock : public QWidget {
    Q_OBJECT

public:
    /// Uses `actions` for its toolbar (shared with the window's menus), or makes its own when null.
    explicit DebugDock(DebugController* controller, DebugActions* actions = nullptr, QWidget* parent = nullptr);

    [[nodiscard]] DebugActions* actions() const { return m_actions; }
    /// Feeds the output pane from the log: every stdout/stderr line of a debugged function.
    void followLog(const LogModel* logs);

public Q_SLOTS:
    /// A line a function printed; shown only while the function is debugged.
    void appendOutput(const QString& functionName, const QString& line, bool isStderr);
    /// A line under the state saying an editor shares the session (Debug → Accept Editors); empty: none.
    void setEditorNote(const QString& note);

Q_SIGNALS:
    /// A frame or a breakpoint was double-clicked: for the editor.
    void openSourceRequested(const QString& file, int line);

private:
    void refreshThreads();
    void showStop(const QString& file, int line, const QString& function, const QString& reason);
    void showState();
    void showControllerState();
    void restoreExpanded(const QModelIndex& parent, int first, int last);
    void removeSelectedWatches();
    void removeSelectedBreakpoints();

    DebugController* m_controller;
    DebugActions* m_actions;
    QLabel* m_status;
    QComboBox* m_threads;
    QTableView* m_stack;
    QTreeView* m_variables;
    QTableView* m_watches;
    QTableView* m_breakpoints;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_output;
    /// Variables the user opened, by name path: opened again when a stop shows the frame afresh.
    QSet<QString> m_expanded;
    QString m_stopText;
    QString m_editorNote;
};

}  // namespace lambdadesk::gui
