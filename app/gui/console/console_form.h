// SPDX-License-Identifier: MIT
#pragma once

#include "console/console_draft.h"

#include <checks/deploy_checks.h>

#include <QHash>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QTableWidget;

namespace lambdadesk::gui {

/// The fields of one function as the console edits it: identity and code, limits, environment,
/// concurrency, async settings, triggers and tags. Under each field a line shows what a deploy would refuse
/// (exporter's deploy checks, re-run on every edit) or what the form itself cannot read.
class ConsoleForm : public QWidget {
    Q_OBJECT

public:
    explicit ConsoleForm(QWidget* parent = nullptr);

    /// Fills the fields from a function of `project` (editing), or with a new function's defaults when
    /// `function` is null.
    void load(const core::FunctionConfig* function, const core::Project& project);

    /// The function the fields describe, with the queues and streams its triggers would add; an Error names
    /// the field that cannot be read.
    [[nodiscard]] core::Expected<ConsoleDraft> draft() const;

    /// Whether the form edits an existing function (its name is then fixed).
    [[nodiscard]] bool editing() const { return m_editing; }

    /// The message under a field ("" when none): "MemorySize", "Timeout", "Handler", "Environment",
    /// "Concurrency", "Async", "Triggers", "Name", "Runtime", "Tags". For tests and the dock.
    [[nodiscard]] QString checkText(const QString& field) const;

    QLineEdit* nameEdit() const { return m_name; }
    QComboBox* runtimeBox() const { return m_runtime; }
    QLineEdit* handlerEdit() const { return m_handler; }
    QLineEdit* codeFolderEdit() const { return m_codeUri; }
    QSpinBox* memoryBox() const { return m_memory; }
    QSpinBox* timeoutBox() const { return m_timeout; }
    QPlainTextEdit* environmentEdit() const { return m_environment; }
    QTableWidget* triggerTable() const { return m_triggers; }

    /// Adds a trigger row (type SQS, Kinesis, Schedule or HttpApi).
    void addTrigger(const TriggerRow& row);

Q_SIGNALS:
    void changed();

private:
    QLabel* addField(QFormLayout* layout, const QString& label, QWidget* field, const QString& check);
    void runtimeChanged();
    void recheck();
    void setCheck(const QString& field, const QString& text, bool error);

    core::Project m_project;
    core::FunctionConfig m_base;  ///< what the edited function had (layers, description, kept as they were)
    bool m_editing = false;
    bool m_loading = false;

    QLineEdit* m_name = nullptr;
    QComboBox* m_runtime = nullptr;
    QLineEdit* m_handler = nullptr;
    QLineEdit* m_codeUri = nullptr;
    QSpinBox* m_memory = nullptr;
    QSpinBox* m_timeout = nullptr;
    QPlainTextEdit* m_environment = nullptr;
    QSpinBox* m_reserved = nullptr;
    QSpinBox* m_provisioned = nullptr;
    QSpinBox* m_retries = nullptr;
    QSpinBox* m_eventAge = nullptr;
    QLineEdit* m_onSuccess = nullptr;
    QLineEdit* m_onFailure = nullptr;
    QLineEdit* m_deadLetter = nullptr;
    QTableWidget* m_triggers = nullptr;
    QPlainTextEdit* m_tags = nullptr;
    QHash<QString, QLabel*> m_checks;
};

}  // namespace lambdadesk::gui
