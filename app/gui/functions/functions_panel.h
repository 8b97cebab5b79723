// SPDX-License-Identifier: MIT
#pragma once

#include <QSet>
#include <QWidget>

class QTableView;

namespace lambdadesk::gui {

class CoreController;
class RegionFilter;

/// The project's functions with live state, and their actions (invoke, open code, recycle).
class FunctionsPanel : public QWidget {
    Q_OBJECT

public:
    explicit FunctionsPanel(CoreController* controller, QWidget* parent = nullptr);
    [[nodiscard]] QString currentFunction() const;
    /// Which functions are in debug mode, for the menu's check mark.
    void setDebugged(const QString& function, bool on);

Q_SIGNALS:
    void invokeRequested(const QString& function);
    /// "Debug…": debug mode on, then the Invoke dock to choose the event and press Debug.
    void debugRequested(const QString& function);
    void openCodeRequested(const QString& function);
    /// "Debug mode" toggled in the menu: the function's new environments start under the debugger.
    void debugModeRequested(const QString& function, bool on);

private:
    void showMenu(const QPoint& position);
    /// Shows the Region column and filter once functions live in two regions, and hides the others' rows.
    void applyRegionFilter();

    CoreController* m_controller;
    QTableView* m_table;
    RegionFilter* m_region;
    QSet<QString> m_debugged;
};

}  // namespace lambdadesk::gui
