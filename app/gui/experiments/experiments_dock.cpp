// SPDX-License-Identifier: MIT
#include "experiments/experiments_dock.h"

#include "core_controller.h"
#include "experiments/experiment_list_model.h"
#include "experiments/experiment_templates.h"
#include "experiments/saved_experiments.h"

#include <run/experiment_report.h>
#include <run/experiment_runner.h>
#include <template/experiment_template.h>

#include <Qsci/qscilexerjson.h>
#include <Qsci/qsciscintilla.h>

#include <nlohmann/json.hpp>

#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QSplitter>
#include <QTableView>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include <chrono>

namespace lambdadesk::gui {
namespace {

constexpr int kRefreshMs = 500;
constexpr int kValidateDelayMs = 300;
constexpr int kSavedNameRole = Qt::UserRole + 1;  ///< on Templates items read from experiments/NAME.json
const QColor kValidColor(0x1e, 0x8e, 0x3e);
const QColor kErrorColor(0xc0, 0x30, 0x30);

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

void setColoredText(QLabel* label, const QString& text, const QColor& color)
{
    label->setText(text);
    label->setStyleSheet(color.isValid() ? QStringLiteral("color: %1").arg(color.name()) : QString());
}

bool sameRunner(const std::weak_ptr<faults::ExperimentRunner>& shown,
                const std::shared_ptr<faults::ExperimentRunner>& current)
{
    return !shown.owner_before(current) && !current.owner_before(shown);
}

}  // namespace

ExperimentsDock::ExperimentsDock(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_model(new ExperimentListModel(this)), m_table(new QTableView(this)),
      m_templates(new QComboBox(this)), m_editor(new QsciScintilla(this)), m_validation(new QLabel(this)),
      m_save(new QPushButton(tr("Save…"), this)), m_start(new QPushButton(tr("Start"), this)), m_stop(new QPushButton(tr("Stop"), this)),
      m_report(new QPushButton(tr("Open report"), this)), m_message(new QLabel(this)), m_refresh(new QTimer(this)),
      m_validateLater(new QTimer(this))
{
    // Named for tests and style sheets.
    m_table->setObjectName(QStringLiteral("experiments"));
    m_templates->setObjectName(QStringLiteral("templates"));
    m_editor->setObjectName(QStringLiteral("templateEditor"));
    m_validation->setObjectName(QStringLiteral("validation"));
    m_save->setObjectName(QStringLiteral("save"));
    m_start->setObjectName(QStringLiteral("start"));
    m_stop->setObjectName(QStringLiteral("stop"));
    m_report->setObjectName(QStringLiteral("openReport"));
    m_message->setObjectName(QStringLiteral("message"));

    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(ExperimentListModel::DescriptionColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(ExperimentListModel::IdColumn, 150);
    m_table->setColumnWidth(ExperimentListModel::StatusColumn, 80);
    m_table->setColumnWidth(ExperimentListModel::CountdownColumn, 80);
    m_table->setColumnWidth(ExperimentListModel::AffectedColumn, 90);

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto* lexer = new QsciLexerJSON(m_editor);
    lexer->setDefaultFont(fixed);
    lexer->setFont(fixed);
    m_editor->setLexer(lexer);
    m_editor->setUtf8(true);
    m_editor->setMarginType(0, QsciScintilla::NumberMargin);
    m_editor->setMarginWidth(0, QStringLiteral("000"));
    m_editor->setMarginLineNumbers(0, true);
    m_editor->setAutoIndent(true);
    m_editor->setIndentationsUseTabs(false);
    m_editor->setTabWidth(2);
    m_editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    m_editor->setToolTip(tr("An experiment template in AWS FIS's JSON (CreateExperimentTemplate's request)"));

    m_templates->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_templates->setMinimumContentsLength(16);
    m_templates->setToolTip(tr("Ready experiments for this project's functions: pick one to edit it"));
    m_validation->setWordWrap(true);
    m_validation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setOpenExternalLinks(false);
    m_save->setToolTip(tr("Save the editor's template in the project, as experiments/NAME.json"));
    m_start->setToolTip(tr("Create a template from the editor and start the experiment"));
    m_stop->setToolTip(tr("Stop the selected experiment: its faults end now"));
    m_report->setToolTip(tr("Open the selected experiment's report (HTML) in the browser"));

    // The list with its commands over the editor with its own.
    auto* listPane = new QWidget(this);
    auto* listLayout = new QVBoxLayout(listPane);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_table, 1);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(m_stop);
    listButtons->addWidget(m_report);
    listButtons->addStretch(1);
    listLayout->addLayout(listButtons);

    auto* editorPane = new QWidget(this);
    auto* editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    auto* templateRow = new QHBoxLayout;
    templateRow->addWidget(new QLabel(tr("Templates"), editorPane));
    templateRow->addWidget(m_templates, 1);
    templateRow->addWidget(m_save);
    templateRow->addWidget(m_start);
    editorLayout->addLayout(templateRow);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addWidget(m_validation);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(listPane);
    split->addWidget(editorPane);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);

    m_refresh->setInterval(kRefreshMs);
    connect(m_refresh, &QTimer::timeout, this, &ExperimentsDock::refresh);
    m_validateLater->setSingleShot(true);
    m_validateLater->setInterval(kValidateDelayMs);
    connect(m_validateLater, &QTimer::timeout, this, &ExperimentsDock::validate);
    connect(m_editor, &QsciScintilla::textChanged, this, [this] {
        m_edited = true;           // until a ready template is chosen again
        m_validateLater->start();  // restarted by every key: validates once typing pauses
    });
    connect(m_templates, &QComboBox::activated, this, [this](int index) {
        setTemplateText(m_templates->itemData(index).toString());
        m_edited = false;
        m_savedName = m_templates->itemData(index, kSavedNameRole).toString();
    });
    connect(m_save, &QPushButton::clicked, this, &ExperimentsDock::askAndSave);
    connect(m_start, &QPushButton::clicked, this, [this] { start(); });
    connect(m_stop, &QPushButton::clicked, this, &ExperimentsDock::stopSelected);
    connect(m_report, &QPushButton::clicked, this, &ExperimentsDock::openReport);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ExperimentsDock::updateButtons);
    connect(m_table, &QAbstractItemView::doubleClicked, this, &ExperimentsDock::openReport);
    connect(controller, &CoreController::projectOpened, this, &ExperimentsDock::fillTemplates);
    connect(controller, &CoreController::runningChanged, this, &ExperimentsDock::refresh);
    connect(this, &ExperimentsDock::reportWritten, this, [this](const QString& path, const QString& error) {
        if (!error.isEmpty()) {
            showMessage(error, true);
            return;
        }
        // Opened by the desktop's browser; where there is none, the path is there to copy.
        const bool opened = QDesktopServices::openUrl(QUrl::fromLocalFile(path));
        showMessage(opened ? tr("Report opened: %1").arg(path)
                           : tr("Report written to %1 (no browser could be started to open it)").arg(path),
                    !opened);
    });

    fillTemplates();
    validate();
    refresh();
}

QString ExperimentsDock::templateText() const
{
    return m_editor->text();
}

void ExperimentsDock::setTemplateText(const QString& text)
{
    m_editor->setText(text);
}

void ExperimentsDock::fillTemplates()
{
    m_templates->clear();
    const auto* project = m_controller->project();
    if (!project)
        return;
    const auto ready = readyExperiments(*project);
    for (const auto& experiment : ready)
        m_templates->addItem(experiment.title, experiment.json);
    // The project's own, after the ready ones: they travel with the project (and git).
    for (const auto& saved : savedExperiments(qs(project->rootDir.string()))) {
        m_templates->addItem(tr("%1 (experiments/%1.json)").arg(saved.name), saved.json);
        m_templates->setItemData(m_templates->count() - 1, saved.name, kSavedNameRole);
        m_templates->setItemData(m_templates->count() - 1, saved.path, Qt::ToolTipRole);
    }
    // A new project's first template replaces one of the previous project's, not what the user wrote.
    if (!ready.empty() && (!m_edited || templateText().trimmed().isEmpty())) {
        setTemplateText(ready.front().json);
        m_edited = false;
        m_templates->setCurrentIndex(0);
    }
}

QString ExperimentsDock::saveTemplate(const QString& name, QString* error)
{
    const auto* project = m_controller->project();
    if (!project) {
        fail(tr("Open a project first: experiments are saved in its experiments/ folder."), error);
        return {};
    }
    QString problem;
    const QString path = saveExperiment(qs(project->rootDir.string()), name, templateText(), &problem);
    if (path.isEmpty()) {
        fail(tr("Not saved: %1").arg(problem), error);
        return {};
    }
    const bool edited = m_edited;
    m_edited = true;  // the list is refilled around the text, not the text replaced
    fillTemplates();
    m_edited = edited;
    m_savedName = name;
    for (int index = 0; index < m_templates->count(); ++index) {
        if (m_templates->itemData(index, kSavedNameRole).toString() == name)
            m_templates->setCurrentIndex(index);
    }
    showMessage(tr("Saved %1").arg(path), false);
    return path;
}

void ExperimentsDock::askAndSave()
{
    const auto* project = m_controller->project();
    if (!project) {
        fail(tr("Open a project first: experiments are saved in its experiments/ folder."), nullptr);
        return;
    }
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save experiment"),
                                               tr("Name (saved as experiments/NAME.json in the project):"),
                                               QLineEdit::Normal, m_savedName, &ok)
                             .trimmed();
    if (!ok)
        return;
    const QString path = QDir(qs(project->rootDir.string())).filePath(QStringLiteral("experiments/%1.json").arg(name));
    if (name != m_savedName && QFileInfo::exists(path) &&
        QMessageBox::question(this, tr("Save experiment"), tr("%1 exists. Replace it?").arg(path)) != QMessageBox::Yes)
        return;
    saveTemplate(name);
}

bool ExperimentsDock::validate()
{
    m_validateLater->stop();
    const QString text = templateText();
    if (text.trimmed().isEmpty()) {
        m_valid = false;
        setColoredText(m_validation, tr("Write a template here, or pick one from Templates"), QColor());
    } else {
        // Cheap (a JSON parse and a walk over a few members): done here rather than on a worker.
        const auto parsed = faults::parseExperimentTemplate(text.toStdString());
        m_valid = parsed.ok();
        if (m_valid)
            setColoredText(m_validation, templateSummary(*parsed), kValidColor);
        else
            setColoredText(m_validation, qs(parsed.error().message), kErrorColor);
    }
    updateButtons();
    return m_valid;
}

bool ExperimentsDock::fail(const QString& message, QString* error)
{
    showMessage(message, true);
    if (error)
        *error = message;
    return false;
}

bool ExperimentsDock::start(QString* error)
{
    const auto runner = m_controller->experiments();
    if (!runner)
        return fail(tr("The project is stopped: run it (F5), then start the experiment."), error);
    if (!validate())
        return fail(tr("The template is not valid: %1").arg(m_validation->text()), error);
    const QString text = templateText();
    if (!sameRunner(m_runner, runner))
        refresh();  // a new engine: the template ids of the previous runner mean nothing to this one
    // The same text starts the template made from it before, rather than a copy per start.
    QString templateId = m_templateIds.value(text);
    if (templateId.isEmpty() || !runner->getTemplate(templateId.toStdString())) {
        const auto document = nlohmann::json::parse(text.toStdString(), nullptr, false);
        auto made = runner->createTemplate(document);
        if (!made)
            return fail(qs(made.error().message), error);
        templateId = qs(made->id);
        m_templateIds.insert(text, templateId);
    }
    const auto started = runner->start(templateId.toStdString());
    if (!started)
        return fail(qs(started.error().code + ": " + started.error().message), error);
    const QString id = qs(started->id);
    refresh();
    if (const int row = m_model->findRow(id); row >= 0)
        m_table->selectRow(row);
    Q_EMIT experimentStarted(id);
    if (started->status == faults::ExperimentStatus::Failed)
        return fail(tr("%1 failed: %2").arg(id, qs(started->reason)), error);
    showMessage(tr("Started %1").arg(id), false);
    return true;
}

void ExperimentsDock::stopSelected()
{
    const auto runner = m_controller->experiments();
    const QString id = selectedId();
    if (!runner || id.isEmpty())
        return;
    const auto stopped = runner->stop(id.toStdString());
    if (!stopped)
        showMessage(qs(stopped.error().message), true);
    else
        showMessage(tr("Stopped %1").arg(id), false);
    refresh();
}

void ExperimentsDock::openReport()
{
    const auto runner = m_controller->experiments();
    const QString id = selectedId();
    if (!runner || id.isEmpty())
        return;
    const QString path = QDir(QDir::tempPath()).filePath(QStringLiteral("lambdadesk-report-%1.html").arg(id));
    showMessage(tr("Writing the report of %1…").arg(id), false);
    // Building a report walks the runner's telemetry history: off the GUI thread.
    QPointer<ExperimentsDock> self(this);
    QThreadPool::globalInstance()->start([self, runner, id, path] {
        QString error;
        if (const auto report = runner->report(id.toStdString())) {
            QSaveFile file(path);
            const std::string html = faults::toHtml(*report);
            if (!file.open(QIODevice::WriteOnly) ||
                file.write(html.data(), static_cast<qint64>(html.size())) != static_cast<qint64>(html.size()) ||
                !file.commit())
                error = tr("Cannot write the report to %1: %2").arg(path, file.errorString());
        } else {
            error = tr("%1 is no longer known to the runner").arg(id);
        }
        QMetaObject::invokeMethod(
            self.data(),
            [self, path, error] {
                if (self)
                    Q_EMIT self->reportWritten(path, error);
            },
            Qt::QueuedConnection);
    });
}

void ExperimentsDock::refresh()
{
    const auto runner = m_controller->experiments();
    if (!sameRunner(m_runner, runner)) {
        // A new engine (or none): the previous runner's experiments went with it.
        m_model->clear();
        m_templateIds.clear();
        m_runner = runner;
    }
    if (runner)
        m_model->update(runner->experiments(), std::chrono::system_clock::now());
    updateButtons();
}

void ExperimentsDock::updateButtons()
{
    const bool running = m_controller->experiments() != nullptr;
    m_start->setEnabled(running && m_valid);
    m_start->setToolTip(running ? tr("Create a template from the editor and start the experiment")
                                : tr("Run the project (F5) to start experiments"));
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const bool selected = running && !rows.isEmpty();
    m_stop->setEnabled(selected && rows.front().data(ExperimentListModel::UnderWayRole).toBool());
    m_report->setEnabled(selected);
}

QString ExperimentsDock::selectedId() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.front().data(ExperimentListModel::IdRole).toString();
}

void ExperimentsDock::showMessage(const QString& text, bool isError)
{
    setColoredText(m_message, text, isError ? kErrorColor : QColor());
}

void ExperimentsDock::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refresh();
    m_refresh->start();
}

void ExperimentsDock::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    m_refresh->stop();  // nothing to watch while the dock is closed or behind another tab
}

}  // namespace lambdadesk::gui
