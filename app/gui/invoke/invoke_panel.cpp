// SPDX-License-Identifier: MIT
#include "invoke/invoke_panel.h"

#include "core_controller.h"
#include "functions/function_list_model.h"
#include "invoke/event_json.h"
#include "invoke/saved_events.h"

#include "debug_launcher.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTextCursor>
#include <QVBoxLayout>

#include <algorithm>

namespace lambdadesk::gui {
namespace {

// What an entry of the saved-events list is.
enum EventKind { kNoEvent = 0, kSavedEvent = 1, kProjectEvent = 2 };

QGroupBox* area(const QString& title, QWidget* parent)
{
    auto* box = new QGroupBox(title, parent);
    box->setFlat(true);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    return box;
}

}  // namespace

InvokePanel::InvokePanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_function(new QComboBox(this)), m_saved(new QComboBox(this)),
      m_templates(new QComboBox(this)), m_event(new QPlainTextEdit(this)), m_tail(new QCheckBox(tr("Log tail"), this)),
      m_async(new QCheckBox(tr("Async (Event)"), this)), m_invoke(new QPushButton(tr("Invoke"), this)),
      m_debug(new QPushButton(tr("Debug"), this)),
      m_delete(new QPushButton(tr("Delete"), this)), m_eventError(new QLabel(this)), m_contextNote(new QLabel(this)),
      m_status(new QLabel(tr("Not invoked yet"), this)), m_raw(new QCheckBox(tr("Raw"), this)),
      m_response(new QPlainTextEdit(this)), m_log(new QPlainTextEdit(this))
{
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (auto* editor : {m_event, m_response, m_log})
        editor->setFont(fixed);
    m_event->setObjectName(QStringLiteral("event"));
    m_response->setObjectName(QStringLiteral("response"));
    m_log->setObjectName(QStringLiteral("log"));
    m_eventError->setObjectName(QStringLiteral("eventError"));
    m_status->setObjectName(QStringLiteral("status"));
    m_saved->setObjectName(QStringLiteral("savedEvents"));
    m_invoke->setObjectName(QStringLiteral("invoke"));
    m_debug->setObjectName(QStringLiteral("debug"));
    m_response->setReadOnly(true);
    m_response->setPlaceholderText(tr("The function's response appears here"));
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setPlaceholderText(tr("START / END / REPORT and the function's own lines (with Log tail)"));
    m_event->setPlainText(QStringLiteral("{}"));
    m_eventError->setWordWrap(true);
    m_eventError->setStyleSheet(QStringLiteral("color: #c03030"));
    m_eventError->hide();
    m_contextNote->setObjectName(QStringLiteral("clientContext"));
    m_contextNote->setWordWrap(true);
    m_contextNote->hide();
    connect(m_contextNote, &QLabel::linkActivated, this, [this] { setClientContext(QString()); });
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_raw->setToolTip(tr("Show the response exactly as the function returned it"));
    m_tail->setChecked(true);
    m_invoke->setToolTip(tr("Invoke synchronously (Ctrl+Return)"));

    auto* save = new QPushButton(tr("Save…"), this);
    auto* events = new QHBoxLayout;
    events->addWidget(m_saved, 1);
    events->addWidget(save);
    events->addWidget(m_delete);
    m_saved->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_saved->setMinimumContentsLength(12);
    m_function->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_function->setMinimumContentsLength(12);
    m_templates->addItem(tr("Template…"));
    m_templates->addItems(SavedEvents::templateNames());

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // On a narrow dock (a 1366-pixel screen) a field that does not fit beside its label goes under it,
    // instead of the row running off the dock's right edge.
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("Function"), m_function);
    form->addRow(tr("Saved events"), events);
    form->addRow(tr("New from"), m_templates);

    // Three labelled areas; the response and log areas exist (empty) before the first invoke.
    auto* eventArea = area(tr("Event"), this);
    eventArea->setObjectName(QStringLiteral("eventArea"));
    // The options on one row and the buttons on the next, at the left where a narrow dock still shows them:
    // side by side they need more than a narrow dock has, and the buttons were the part cut off.
    auto* options = new QHBoxLayout;
    options->addWidget(m_tail);
    m_async->setToolTip(tr("Invoke with InvocationType Event: accepted at once (202), retried on errors, sent to "
                           "destinations; watch the timeline and logs for the outcome"));
    options->addWidget(m_async);
    options->addStretch();
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_invoke);
    buttons->addWidget(m_debug);
    buttons->addStretch();
    auto* actions = new QVBoxLayout;
    actions->setSpacing(2);
    actions->addLayout(options);
    actions->addLayout(buttons);
    eventArea->layout()->addWidget(m_event);
    eventArea->layout()->addWidget(m_eventError);
    eventArea->layout()->addWidget(m_contextNote);
    static_cast<QVBoxLayout*>(eventArea->layout())->addLayout(actions);

    auto* responseArea = area(tr("Response"), this);
    responseArea->setObjectName(QStringLiteral("responseArea"));
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_raw);
    static_cast<QVBoxLayout*>(responseArea->layout())->addLayout(statusRow);
    responseArea->layout()->addWidget(m_response);

    auto* logArea = area(tr("Log"), this);
    logArea->setObjectName(QStringLiteral("logArea"));
    logArea->layout()->addWidget(m_log);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->setChildrenCollapsible(false);
    split->addWidget(eventArea);
    split->addWidget(responseArea);
    split->addWidget(logArea);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addWidget(split, 1);

    connect(m_invoke, &QPushButton::clicked, this, &InvokePanel::invoke);
    connect(m_debug, &QPushButton::clicked, this, [this] { Q_EMIT debugRequested(m_function->currentText()); });
    connect(m_function, &QComboBox::currentIndexChanged, this, &InvokePanel::updateButtons);
    // A client context replayed for one function is not another's.
    connect(m_function, &QComboBox::currentIndexChanged, this, [this] { setClientContext(QString()); });
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(shortcut, &QShortcut::activated, this, &InvokePanel::invoke);
    connect(save, &QPushButton::clicked, this, &InvokePanel::saveEvent);
    connect(m_delete, &QPushButton::clicked, this, &InvokePanel::deleteEvent);
    connect(m_function, &QComboBox::currentIndexChanged, this, &InvokePanel::refreshSavedEvents);
    connect(m_saved, &QComboBox::activated, this, &InvokePanel::loadChosenEvent);
    connect(m_saved, &QComboBox::currentIndexChanged, this, [this] {
        m_delete->setEnabled(m_saved->currentData().toInt() == kSavedEvent);
    });
    connect(m_templates, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            m_event->setPlainText(SavedEvents::templateText(m_templates->itemText(index)));
        m_templates->setCurrentIndex(0);
    });
    connect(m_event, &QPlainTextEdit::textChanged, this, &InvokePanel::checkEvent);
    connect(m_raw, &QCheckBox::toggled, this, &InvokePanel::showResponse);
    connect(controller, &CoreController::projectOpened, this, &InvokePanel::refreshFunctions);
    refreshFunctions();
}

QString InvokePanel::projectDir() const
{
    return QFileInfo(m_controller->projectPath()).absolutePath();
}

void InvokePanel::refreshFunctions()
{
    const QString current = m_function->currentText();
    m_function->clear();
    const auto* functions = m_controller->functions();
    for (int row = 0; row < functions->rowCount(); ++row)
        m_function->addItem(QString::fromStdString(functions->row(row).config.name));
    if (!current.isEmpty())
        m_function->setCurrentText(current);
    refreshSavedEvents();
}

void InvokePanel::refreshSavedEvents()
{
    m_saved->clear();
    m_saved->addItem(tr("(choose a saved event)"), static_cast<int>(kNoEvent));
    const QString function = m_function->currentText();
    if (function.isEmpty())
        return;
    const SavedEvents events(projectDir());
    for (const QString& name : events.names(function))
        m_saved->addItem(name, static_cast<int>(kSavedEvent));
    const int row = m_controller->functions()->findRow(function);
    const QString logicalId =
        row >= 0 ? QString::fromStdString(m_controller->functions()->row(row).config.logicalId) : QString();
    const QStringList project = events.projectEventNames(function, logicalId);
    if (!project.isEmpty() && m_saved->count() > 1)
        m_saved->insertSeparator(m_saved->count());
    for (const QString& name : project) {
        m_saved->addItem(QStringLiteral("events/%1.json").arg(name), static_cast<int>(kProjectEvent));
        m_saved->setItemData(m_saved->count() - 1, name, Qt::UserRole + 1);
        m_saved->setItemData(m_saved->count() - 1, tr("The project's events/%1.json").arg(name), Qt::ToolTipRole);
    }
    // A function with its own events/<function>.json starts with it, unless the user typed an event.
    const QString current = m_event->toPlainText().trimmed();
    if (!project.isEmpty() && project.front() == function &&
        (current == QLatin1String("{}") || current.isEmpty() || current == m_autoEvent.trimmed())) {
        m_saved->setCurrentIndex(m_saved->findData(function, Qt::UserRole + 1));
        loadChosenEvent();
        m_autoEvent = m_event->toPlainText();
    }
}

void InvokePanel::loadChosenEvent()
{
    const SavedEvents events(projectDir());
    switch (m_saved->currentData().toInt()) {
    case kSavedEvent:
        m_event->setPlainText(events.load(m_function->currentText(), m_saved->currentText()));
        break;
    case kProjectEvent:
        m_event->setPlainText(events.loadProjectEvent(m_saved->currentData(Qt::UserRole + 1).toString()));
        break;
    default:
        break;
    }
}

void InvokePanel::setFunction(const QString& function)
{
    m_function->setCurrentText(function);
}

QString InvokePanel::currentFunction() const
{
    return m_function->currentText();
}

void InvokePanel::setEventText(const QString& json)
{
    m_event->setPlainText(json);
}

void InvokePanel::setClientContext(const QString& base64)
{
    m_clientContext = base64;
    m_contextNote->setVisible(!base64.isEmpty());
    if (base64.isEmpty())
        return;
    const QString json = QString::fromUtf8(QByteArray::fromBase64(base64.toLatin1()));
    const QString shown = json.size() > 120 ? QString(json.left(119) + QChar(0x2026)) : json;
    m_contextNote->setText(tr("With the client context <code>%1</code> (<a href=\"clear\">drop it</a>)")
                               .arg(shown.toHtmlEscaped()));
    m_contextNote->setToolTip(tr("Sent as X-Amz-Client-Context with every synchronous invoke of this function: %1")
                                  .arg(json));
}

void InvokePanel::updateButtons()
{
    m_invoke->setEnabled(m_eventValid && !m_invoking);
    const int row = m_controller->functions()->findRow(m_function->currentText());
    // LLDB for native functions, debugpy for Python, the inspector for Node: whatever the launcher can run.
    const bool debuggable = row >= 0 && debugger::debuggableRuntime(m_controller->functions()->row(row).config.runtime);
    m_debug->setEnabled(m_eventValid && !m_invoking && debuggable);
    m_debug->setToolTip(!debuggable ? tr("The debugger drives native (provided.*), Python and Node functions")
                        : m_eventValid ? tr("Invoke with this event under the debugger (the function enters debug mode)")
                                       : tr("Fix the event's JSON first"));
}

void InvokePanel::checkEvent()
{
    const auto problem = findJsonProblem(m_event->toPlainText());
    m_eventValid = !problem;
    updateButtons();
    QList<QTextEdit::ExtraSelection> marks;
    if (problem) {
        m_eventError->setText(tr("Not valid JSON at line %1, column %2: %3")
                                  .arg(problem->line)
                                  .arg(problem->column)
                                  .arg(problem->message));
        // Mark the character where parsing stopped (the last one when the text ended too early).
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(m_event->document());
        const int length = static_cast<int>(m_event->toPlainText().size());
        const int at = std::min(problem->position, std::max(0, length - 1));
        mark.cursor.setPosition(at);
        mark.cursor.setPosition(std::min(at + 1, length), QTextCursor::KeepAnchor);
        mark.format.setBackground(QColor(0xf8, 0xc8, 0xc8));
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(QColor(0xc0, 0x30, 0x30));
        marks.append(mark);
    }
    m_eventError->setVisible(problem.has_value());
    m_invoke->setToolTip(problem ? tr("Fix the event's JSON first") : tr("Invoke synchronously (Ctrl+Return)"));
    m_event->setExtraSelections(marks);
}

void InvokePanel::saveEvent()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save test event"), tr("Event name:"), QLineEdit::Normal,
                                               m_saved->currentData().toInt() == kSavedEvent ? m_saved->currentText()
                                                                                             : QString(),
                                               &ok);
    if (!ok || name.isEmpty())
        return;
    QString error;
    if (!SavedEvents(projectDir()).save(m_function->currentText(), name, m_event->toPlainText(), &error)) {
        QMessageBox::warning(this, tr("Save test event"), error);
        return;
    }
    refreshSavedEvents();
    m_saved->setCurrentText(name);
}

void InvokePanel::deleteEvent()
{
    if (m_saved->currentData().toInt() != kSavedEvent)
        return;
    SavedEvents(projectDir()).remove(m_function->currentText(), m_saved->currentText());
    refreshSavedEvents();
}

void InvokePanel::showResponse()
{
    if (!m_raw->isChecked()) {
        if (const auto proxy = describeProxyResponse(m_lastPayload)) {
            m_response->setPlainText(*proxy);
            return;
        }
    }
    const auto pretty = QJsonDocument::fromJson(m_lastPayload);
    m_response->setPlainText(pretty.isNull() || m_raw->isChecked() ? QString::fromUtf8(m_lastPayload)
                                                                   : QString::fromUtf8(pretty.toJson(QJsonDocument::Indented)));
}

void InvokePanel::invoke()
{
    const QString function = m_function->currentText();
    if (function.isEmpty() || !m_eventValid || m_invoking)
        return;
    if (m_async->isChecked()) {
        QPointer<InvokePanel> self(this);
        m_controller->invokeEvent(function, m_event->toPlainText().toUtf8(), [self](bool ok, const QString& message) {
            if (!self)
                return;
            self->m_status->setText(ok ? tr("accepted (202): %1").arg(message) : message);
            if (ok)
                Q_EMIT self->invoked(message);
        });
        return;
    }
    m_status->setText(tr("invoking %1…").arg(function));
    m_invoking = true;
    updateButtons();
    QPointer<InvokePanel> self(this);
    m_controller->invoke(CoreController::InvokeCall{function, m_event->toPlainText().toUtf8(), m_clientContext,
                                                    m_tail->isChecked()},
                         [this, self](const core::InvokeResult& result) {
                             if (!self)
                                 return;
                             m_invoking = false;
                             updateButtons();
                             m_lastPayload = QByteArray::fromStdString(result.payload);
                             showResponse();
                             m_log->setPlainText(QString::fromStdString(result.logTail));
                             QString status = result.ok() ? tr("ok") : QString::fromStdString(result.errorType);
                             if (!result.environmentId.empty())
                                 status += tr(" · %1 · %2 ms · billed %3 ms · %4 MB")
                                               .arg(result.cold ? tr("cold") : tr("warm"))
                                               .arg(result.durationMs, 0, 'f', 2)
                                               .arg(result.billedDurationMs)
                                               .arg(result.maxMemoryUsedMb);
                             m_status->setText(status);
                             Q_EMIT invoked(QString::fromStdString(result.requestId));
                         });
}

}  // namespace lambdadesk::gui
