// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;
class QsciScintilla;

namespace lambdadesk::faults {
class ExperimentRunner;
}

namespace lambdadesk::gui {

class CoreController;
class ExperimentListModel;

/// The Experiments dock: the runner's experiments with their state, countdown and affected invocations; a FIS
/// JSON editor that validates as you type (300 ms after the last key) and names the field at fault; ready
/// templates for the project's functions; Start (creates the template and starts it), Stop and Open report
/// (the experiment's HTML report, written to a temporary file and opened in the browser). It reads the runner
/// CoreController owns, every 500 ms while visible; the report is built off the GUI thread.
class ExperimentsDock : public QWidget {
    Q_OBJECT

public:
    explicit ExperimentsDock(CoreController* controller, QWidget* parent = nullptr);

    [[nodiscard]] ExperimentListModel* model() const { return m_model; }
    [[nodiscard]] QString templateText() const;
    /// Puts a template into the editor, as if typed: validated 300 ms later (or by validate()), and kept when
    /// another project opens.
    void setTemplateText(const QString& text);
    /// Validates the editor's text now and shows the outcome; true when it is a valid template.
    bool validate();

public Q_SLOTS:
    /// Creates a template from the editor's text and starts it. False with `error` set (and shown in the dock)
    /// when the project is stopped, the template is refused, or the experiment failed at once (a target that
    /// matches no function).
    bool start(QString* error = nullptr);
    /// Saves the editor's text in the project as experiments/NAME.json and lists it under Templates. Returns
    /// the file's path, or an empty string (with `error` set and shown) when the name or the text is refused.
    QString saveTemplate(const QString& name, QString* error = nullptr);
    /// Stops the selected experiment.
    void stopSelected();
    /// Writes the selected experiment's report to a temporary HTML file and opens it.
    void openReport();
    /// Reads the runner's experiments into the list (the timer calls this while the dock is visible).
    void refresh();

Q_SIGNALS:
    void experimentStarted(const QString& id);
    /// The report file is written (`error` empty) or could not be (`error` says why).
    void reportWritten(const QString& path, const QString& error);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void fillTemplates();
    void askAndSave();
    void updateButtons();
    void showMessage(const QString& text, bool isError);
    [[nodiscard]] QString selectedId() const;
    bool fail(const QString& message, QString* error);

    CoreController* m_controller;
    ExperimentListModel* m_model;
    QTableView* m_table;
    QComboBox* m_templates;
    QsciScintilla* m_editor;
    QLabel* m_validation;
    QPushButton* m_save;
    QPushButton* m_start;
    QPushButton* m_stop;
    QPushButton* m_report;
    QLabel* m_message;
    QTimer* m_refresh;
    QTimer* m_validateLater;
    std::weak_ptr<faults::ExperimentRunner> m_runner;  ///< the runner the list shows (to notice a new engine)
    QHash<QString, QString> m_templateIds;             ///< editor text → template id made from it on m_runner
    bool m_valid = false;
    bool m_edited = false;  ///< the text is the user's (typed or loaded), not a ready template as chosen
    QString m_savedName;    ///< the saved experiment last picked or saved: Save… offers its name
};

}  // namespace lambdadesk::gui
