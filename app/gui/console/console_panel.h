// SPDX-License-Identifier: MIT
#pragma once

#include <model/project.h>

#include <QWidget>
#include <QPointer>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProcess;
class QPushButton;

namespace lambdadesk::gui {

class ConsoleForm;

/// The console: create a function (starting code per runtime, opened in the editor, running at once through
/// the hot reload), edit any function of the project the same way, keep named test events per function,
/// and export the project as a SAM project under git in one click (export and cfn-lint off the GUI thread).
class ConsolePanel : public QWidget {
    Q_OBJECT

public:
    explicit ConsolePanel(QWidget* parent = nullptr);
    ~ConsolePanel() override;

    /// Reads the project's functions again (the template's and those made through the endpoint) and keeps
    /// the function being edited when it still exists. Empty `templatePath`: no project.
    void setProject(const QString& templatePath);

    /// Picks a function to edit (or "New function" with an empty name).
    void selectFunction(const QString& name);

    /// Saves the form: creates or updates the function in the template. False with `error` when refused.
    bool save(QString* error);

    /// Exports the project to `folder` in the background; exportFinished() reports the outcome.
    void exportTo(const QString& folder);

    /// Saves a test event for the selected function from a template ("sqs", "apigateway-http"…; a trigger's
    /// name gives that trigger's own event) under `name`. False with `error` when refused.
    bool saveTestEvent(const QString& source, const QString& name, QString* error);

    ConsoleForm* form() const { return m_form; }
    QComboBox* functionPicker() const { return m_picker; }
    QListWidget* testEvents() const { return m_events; }
    [[nodiscard]] QString status() const;

Q_SIGNALS:
    /// A function was created; the window opens its code.
    void functionCreated(const QString& function);
    /// The outcome of exportTo() and of the cfn-lint run after it (`lint` empty when cfn-lint is absent).
    void exportFinished(bool ok, const QString& message);
    void lintFinished(bool clean, const QString& output);
    /// A C/C++ function's build through its Makefile ended.
    void buildFinished(bool ok, const QString& output);

private:
    void refreshPicker(const QString& keep);
    void pickerChanged();
    void refreshEvents();
    void chooseExportFolder();
    void build(const QString& function, const QString& folder);
    void lint(const QString& folder);
    void setStatus(const QString& text, bool error = false);
    [[nodiscard]] QString selectedFunction() const;

    QString m_templatePath;
    std::optional<core::Project> m_project;
    ConsoleForm* m_form = nullptr;
    QComboBox* m_picker = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_export = nullptr;
    QListWidget* m_events = nullptr;
    QComboBox* m_eventSource = nullptr;
    QLineEdit* m_eventName = nullptr;
    QLabel* m_status = nullptr;
    QPointer<QProcess> m_build;
    QPointer<QProcess> m_lint;
    bool m_exporting = false;
};

}  // namespace lambdadesk::gui
