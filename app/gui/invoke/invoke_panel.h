// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QCheckBox;

namespace lambdadesk::gui {

class CoreController;

/// Invoke a function with an event: saved test events per function, templates for common event
/// sources, the response and the log tail.
class InvokePanel : public QWidget {
    Q_OBJECT

public:
    explicit InvokePanel(CoreController* controller, QWidget* parent = nullptr);
    void setFunction(const QString& function);

public Q_SLOTS:
    void invoke();

Q_SIGNALS:
    void invoked(const QString& requestId);

private:
    void refreshFunctions();
    void refreshSavedEvents();
    void saveEvent();
    void deleteEvent();
    [[nodiscard]] QString projectDir() const;

    CoreController* m_controller;
    QComboBox* m_function;
    QComboBox* m_saved;
    QComboBox* m_templates;
    QPlainTextEdit* m_event;
    QCheckBox* m_tail;
    QCheckBox* m_async;
    QPushButton* m_invoke;
    QLabel* m_status;
    QPlainTextEdit* m_response;
    QPlainTextEdit* m_log;
};

}  // namespace lambdadesk::gui
