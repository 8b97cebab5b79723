// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QTableView;

namespace lambdadesk::gui {

class CoreController;

/// The project's functions with live state, and their actions (invoke, open code, recycle).
class FunctionsPanel : public QWidget {
    Q_OBJECT

public:
    explicit FunctionsPanel(CoreController* controller, QWidget* parent = nullptr);
    [[nodiscard]] QString currentFunction() const;

Q_SIGNALS:
    void invokeRequested(const QString& function);
    void openCodeRequested(const QString& function);

private:
    void showMenu(const QPoint& position);

    CoreController* m_controller;
    QTableView* m_table;
};

}  // namespace lambdadesk::gui
