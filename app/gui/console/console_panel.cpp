// SPDX-License-Identifier: MIT
#include "console/console_panel.h"

#include "console/console_draft.h"
#include "console/console_form.h"
#include "invoke/saved_events.h"

#include <events/sample_events.h>
#include <sam/project_export.h>

#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>

#include <thread>

namespace lambdadesk::gui {

namespace {

constexpr auto kTriggerPrefix = "trigger: ";

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

}  // namespace

ConsolePanel::ConsolePanel(QWidget* parent) : QWidget(parent)
{
    QWidget* body = this;
    auto* layout = new QVBoxLayout(body);

    auto* top = new QHBoxLayout;
    m_picker = new QComboBox(body);
    m_picker->setToolTip(tr("Create a function, or pick one of the project's to edit"));
    m_export = new QPushButton(tr("Export as SAM Project…"), body);
    m_export->setToolTip(tr("Write a SAM project folder (template, samconfig, code, events, README) under git"));
    top->addWidget(m_picker, 1);
    top->addWidget(m_export);
    layout->addLayout(top);

    // The dock scrolls the whole panel, so the window can still shrink to a small laptop screen.
    m_form = new ConsoleForm(body);
    layout->addWidget(m_form);

    auto* actions = new QHBoxLayout;
    m_save = new QPushButton(tr("Create Function"), body);
    m_save->setDefault(true);
    actions->addWidget(m_save);
    actions->addStretch();
    layout->addLayout(actions);

    auto* eventsRow = new QHBoxLayout;
    m_events = new QListWidget(body);
    m_events->setMaximumHeight(70);
    m_events->setToolTip(tr("Saved test events of this function (Invoke offers them)"));
    m_eventSource = new QComboBox(body);
    m_eventName = new QLineEdit(body);
    m_eventName->setPlaceholderText(tr("event name"));
    auto* saveEvent = new QPushButton(tr("Save Test Event"), body);
    auto* eventForm = new QVBoxLayout;
    eventForm->addWidget(m_eventSource);
    eventForm->addWidget(m_eventName);
    eventForm->addWidget(saveEvent);
    eventsRow->addWidget(m_events, 1);
    eventsRow->addLayout(eventForm);
    layout->addWidget(new QLabel(tr("Test events"), body));
    layout->addLayout(eventsRow);

    m_status = new QLabel(body);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    layout->addStretch(1);

    connect(m_picker, &QComboBox::currentIndexChanged, this, &ConsolePanel::pickerChanged);
    connect(m_save, &QPushButton::clicked, this, [this] {
        QString error;
        save(&error);
    });
    connect(m_export, &QPushButton::clicked, this, &ConsolePanel::chooseExportFolder);
    connect(saveEvent, &QPushButton::clicked, this, [this] {
        QString error;
        saveTestEvent(m_eventSource->currentText(), m_eventName->text().trimmed(), &error);
    });
    setProject({});
}

ConsolePanel::~ConsolePanel()
{
    for (QProcess* process : {m_build.data(), m_lint.data()}) {
        if (process) {
            process->kill();
            process->waitForFinished(2000);
        }
    }
}

QString ConsolePanel::status() const
{
    return m_status->text();
}

void ConsolePanel::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
}

void ConsolePanel::setProject(const QString& templatePath)
{
    m_templatePath = templatePath;
    const QString keep = selectedFunction();
    if (templatePath.isEmpty()) {
        m_project.reset();
    } else {
        auto loaded = exporter::loadExportableProject(templatePath.toStdString());
        if (!loaded) {
            // The last good project stays editable; the banner already shows the template's errors.
            setStatus(q(loaded.error().message), true);
        } else {
            m_project = std::move(*loaded);
        }
    }
    const bool open = m_project.has_value();
    m_form->setEnabled(open);
    m_save->setEnabled(open);
    m_export->setEnabled(open && !m_exporting);
    if (!open)
        setStatus(tr("Open a project to create, edit and export its functions."));
    else if (m_status->text().startsWith(tr("Open a project")))
        setStatus({});
    refreshPicker(keep);
}

void ConsolePanel::refreshPicker(const QString& keep)
{
    const QSignalBlocker blocker(m_picker);
    m_picker->clear();
    m_picker->addItem(tr("New function…"), QString());
    if (m_project) {
        for (const auto& function : m_project->functions)
            m_picker->addItem(q(function.name), q(function.name));
    }
    const int index = m_picker->findData(keep);
    m_picker->setCurrentIndex(index < 0 ? 0 : index);
    pickerChanged();
}

void ConsolePanel::selectFunction(const QString& name)
{
    const int index = m_picker->findData(name);
    m_picker->setCurrentIndex(index < 0 ? 0 : index);
}

QString ConsolePanel::selectedFunction() const
{
    return m_picker->currentData().toString();
}

void ConsolePanel::pickerChanged()
{
    const QString name = selectedFunction();
    const core::FunctionConfig* function =
        m_project && !name.isEmpty() ? m_project->findFunction(name.toStdString()) : nullptr;
    m_form->load(function, m_project ? *m_project : core::Project{});
    m_save->setText(function ? tr("Save Changes") : tr("Create Function"));
    refreshEvents();
}

void ConsolePanel::refreshEvents()
{
    m_events->clear();
    m_eventSource->clear();
    const QString name = selectedFunction();
    if (!m_project || name.isEmpty())
        return;
    m_events->addItems(SavedEvents(q(m_project->rootDir.string())).names(name));
    if (const auto* function = m_project->findFunction(name.toStdString())) {
        for (const auto& event : function->events)
            m_eventSource->addItem(QLatin1String(kTriggerPrefix) + q(event.name));
    }
    m_eventSource->addItems(SavedEvents::templateNames());
}

bool ConsolePanel::save(QString* error)
{
    if (!m_project) {
        *error = tr("no project is open");
        setStatus(*error, true);
        return false;
    }
    const auto draft = m_form->draft();
    if (!draft) {
        *error = q(draft.error().message);
        setStatus(tr("Not saved: ") + *error, true);
        return false;
    }
    const bool creating = !m_form->editing();
    const auto saved = saveDraft(*draft, *m_project);
    if (!saved) {
        *error = q(saved.error().message);
        setStatus(*error, true);
        return false;
    }
    const QString name = q(draft->function.name);
    const QString folder = q(draft->function.codeDir.string());
    setStatus(creating ? tr("Created %1 in %2; it runs as soon as the project reloads.").arg(name, folder)
                       : tr("Saved %1; the project reloads with it.").arg(name));
    setProject(m_templatePath);
    selectFunction(name);
    if (saved->needsBuild)
        build(q(draft->function.logicalId), folder);
    if (creating)
        Q_EMIT functionCreated(name);
    return true;
}

void ConsolePanel::build(const QString& function, const QString& folder)
{
    if (m_build)
        m_build->kill();
    auto* process = new QProcess(this);
    m_build = process;
    process->setWorkingDirectory(folder);
    process->setProcessChannelMode(QProcess::MergedChannels);
    connect(process, &QProcess::finished, this, [this, process, function](int exitCode, QProcess::ExitStatus status) {
        const QString output = QString::fromLocal8Bit(process->readAll());
        const bool ok = status == QProcess::NormalExit && exitCode == 0;
        setStatus(ok ? tr("Built %1's bootstrap with its Makefile.").arg(function)
                     : tr("Building %1 failed (make build-%1):\n%2").arg(function, output.right(2000)),
                  !ok);
        Q_EMIT buildFinished(ok, output);
        process->deleteLater();
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        setStatus(tr("make is not installed; build the function with its Makefile by hand"), true);
        Q_EMIT buildFinished(false, process->errorString());
        process->deleteLater();
    });
    setStatus(tr("Building %1 with its Makefile (CMake)…").arg(function));
    process->start(QStringLiteral("make"),
                   {QStringLiteral("build-") + function, QStringLiteral("ARTIFACTS_DIR=") + folder});
}

void ConsolePanel::chooseExportFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Export as SAM project into (a new or empty folder, or an earlier export)"));
    if (!folder.isEmpty())
        exportTo(folder);
}

void ConsolePanel::exportTo(const QString& folder)
{
    if (m_exporting || m_templatePath.isEmpty())
        return;
    m_exporting = true;
    m_export->setEnabled(false);
    setStatus(tr("Exporting to %1…").arg(folder));
    exporter::ExportOptions options;
    options.project = m_templatePath.toStdString();
    options.outDir = folder.toStdString();
    QPointer<ConsolePanel> self(this);
    // Off the GUI thread: copying code and libgit2's work take a while on big functions. libgit2 objects stay
    // on this one thread.
    std::thread([self, options, folder] {
        const auto report = exporter::exportProject(options);
        QString message;
        bool ok = report.ok();
        if (!ok) {
            message = q(report.error().message);
        } else if (report->changed) {
            message = QCoreApplication::translate("ConsolePanel", "Exported %1 function(s) to %2: commit %3 on main.")
                          .arg(report->functions.size())
                          .arg(folder, q(report->commit.substr(0, 8)));
        } else {
            message = QCoreApplication::translate("ConsolePanel", "%1 already holds this export; nothing to commit.")
                          .arg(folder);
        }
        for (const auto& warning : ok ? report->warnings : std::vector<std::string>{})
            message += QLatin1Char('\n') + q(warning);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, ok, message, folder] {
                if (!self)
                    return;
                self->m_exporting = false;
                self->m_export->setEnabled(self->m_project.has_value());
                self->setStatus(message, !ok);
                Q_EMIT self->exportFinished(ok, message);
                if (ok)
                    self->lint(folder);
            },
            Qt::QueuedConnection);
    }).detach();
}

void ConsolePanel::lint(const QString& folder)
{
    const QString cfnLint = QStandardPaths::findExecutable(QStringLiteral("cfn-lint"));
    if (cfnLint.isEmpty()) {
        Q_EMIT lintFinished(true, QString());
        return;
    }
    auto* process = new QProcess(this);
    m_lint = process;
    process->setWorkingDirectory(folder);
    process->setProcessChannelMode(QProcess::MergedChannels);
    connect(process, &QProcess::finished, this, [this, process](int exitCode, QProcess::ExitStatus) {
        const QString output = QString::fromLocal8Bit(process->readAll()).trimmed();
        // cfn-lint's exit status is a bit mask: 2 = errors, 4 = warnings, 8 = informational.
        const bool clean = (exitCode & 2) == 0;
        setStatus(status() + QLatin1Char('\n') +
                      (clean ? tr("cfn-lint: no errors.") : tr("cfn-lint found errors:\n%1").arg(output)),
                  !clean);
        Q_EMIT lintFinished(clean, output);
        process->deleteLater();
    });
    process->start(cfnLint, {QStringLiteral("--format"), QStringLiteral("parseable"), QStringLiteral("template.yaml")});
}

bool ConsolePanel::saveTestEvent(const QString& source, const QString& name, QString* error)
{
    const QString function = selectedFunction();
    if (!m_project || function.isEmpty()) {
        *error = tr("pick a function first");
        setStatus(*error, true);
        return false;
    }
    QString text;
    if (source.startsWith(QLatin1String(kTriggerPrefix))) {
        const auto trigger = source.mid(static_cast<qsizetype>(std::char_traits<char>::length(kTriggerPrefix)));
        if (const auto* config = m_project->findFunction(function.toStdString())) {
            for (const auto& sample : exporter::sampleEvents(*config, *m_project)) {
                if (q(sample.name) == trigger)
                    text = q(sample.event.dump(2));
            }
        }
    } else {
        text = SavedEvents::templateText(source);
    }
    if (text.isEmpty()) {
        *error = tr("no event template '%1'").arg(source);
        setStatus(*error, true);
        return false;
    }
    if (!SavedEvents(q(m_project->rootDir.string())).save(function, name, text, error)) {
        setStatus(*error, true);
        return false;
    }
    setStatus(tr("Saved test event %1 of %2.").arg(name, function));
    refreshEvents();
    return true;
}

}  // namespace lambdadesk::gui
