// SPDX-License-Identifier: MIT
#include "invoke/invoke_panel.h"

#include "core_controller.h"
#include "functions/function_list_model.h"
#include "invoke/saved_events.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
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
#include <QVBoxLayout>

namespace lambdadesk::gui {

InvokePanel::InvokePanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_function(new QComboBox(this)), m_saved(new QComboBox(this)),
      m_templates(new QComboBox(this)), m_event(new QPlainTextEdit(this)), m_tail(new QCheckBox(tr("Log tail"), this)),
      m_async(new QCheckBox(tr("Async (Event)"), this)),
      m_invoke(new QPushButton(tr("Invoke"), this)), m_status(new QLabel(this)), m_response(new QPlainTextEdit(this)),
      m_log(new QPlainTextEdit(this))
{
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (auto* editor : {m_event, m_response, m_log})
        editor->setFont(fixed);
    m_response->setReadOnly(true);
    m_log->setReadOnly(true);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_event->setPlainText(QStringLiteral("{}"));
    m_tail->setChecked(true);
    m_invoke->setToolTip(tr("Invoke synchronously (Ctrl+Return)"));

    auto* save = new QPushButton(tr("Save…"), this);
    auto* remove = new QPushButton(tr("Delete"), this);
    auto* events = new QHBoxLayout;
    events->addWidget(m_saved, 1);
    events->addWidget(save);
    events->addWidget(remove);
    m_templates->addItem(tr("Template…"));
    m_templates->addItems(SavedEvents::templateNames());

    auto* form = new QFormLayout;
    form->addRow(tr("Function"), m_function);
    form->addRow(tr("Saved events"), events);
    form->addRow(tr("New from"), m_templates);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_tail);
    m_async->setToolTip(tr("Invoke with InvocationType Event: accepted at once (202), retried on errors, sent to "
                           "destinations; watch the timeline and logs for the outcome"));
    actions->addWidget(m_async);
    actions->addStretch();
    actions->addWidget(m_status);
    actions->addWidget(m_invoke);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_event);
    split->addWidget(m_response);
    split->addWidget(m_log);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addWidget(split, 1);
    layout->addLayout(actions);

    connect(m_invoke, &QPushButton::clicked, this, &InvokePanel::invoke);
    auto* shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(shortcut, &QShortcut::activated, this, &InvokePanel::invoke);
    connect(save, &QPushButton::clicked, this, &InvokePanel::saveEvent);
    connect(remove, &QPushButton::clicked, this, &InvokePanel::deleteEvent);
    connect(m_function, &QComboBox::currentIndexChanged, this, &InvokePanel::refreshSavedEvents);
    connect(m_saved, &QComboBox::activated, this, [this] {
        if (m_saved->currentIndex() > 0)
            m_event->setPlainText(SavedEvents(projectDir()).load(m_function->currentText(), m_saved->currentText()));
    });
    connect(m_templates, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            m_event->setPlainText(SavedEvents::templateText(m_templates->itemText(index)));
        m_templates->setCurrentIndex(0);
    });
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
    m_saved->addItem(tr("(choose a saved event)"));
    if (!m_function->currentText().isEmpty())
        m_saved->addItems(SavedEvents(projectDir()).names(m_function->currentText()));
}

void InvokePanel::setFunction(const QString& function)
{
    m_function->setCurrentText(function);
}

void InvokePanel::saveEvent()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Save test event"), tr("Event name:"), QLineEdit::Normal,
                                               m_saved->currentIndex() > 0 ? m_saved->currentText() : QString(), &ok);
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
    if (m_saved->currentIndex() <= 0)
        return;
    SavedEvents(projectDir()).remove(m_function->currentText(), m_saved->currentText());
    refreshSavedEvents();
}

void InvokePanel::invoke()
{
    const QString function = m_function->currentText();
    if (function.isEmpty())
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
    m_invoke->setEnabled(false);
    QPointer<InvokePanel> self(this);
    m_controller->invoke(function, m_event->toPlainText().toUtf8(), m_tail->isChecked(),
                         [this, self](const core::InvokeResult& result) {
                             if (!self)
                                 return;
                             m_invoke->setEnabled(true);
                             const auto pretty = QJsonDocument::fromJson(QByteArray::fromStdString(result.payload));
                             m_response->setPlainText(pretty.isNull()
                                                          ? QString::fromStdString(result.payload)
                                                          : QString::fromUtf8(pretty.toJson(QJsonDocument::Indented)));
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
