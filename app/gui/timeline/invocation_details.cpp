// SPDX-License-Identifier: MIT
#include "timeline/invocation_details.h"

#include "core_controller.h"
#include "functions/function_list_model.h"
#include "logs/log_model.h"
#include "timeline/timeline_model.h"

#include "debug_launcher.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace lambdadesk::gui {

InvocationDetails::InvocationDetails(CoreController* controller, const QString& requestId, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Invocation %1").arg(requestId));
    resize(720, 520);
    auto* form = new QFormLayout;
    int laneRow = -1;
    const TimelineSegment* segment = controller->timeline()->findRequest(requestId, &laneRow);
    if (segment && laneRow >= 0) {
        const TimelineLane& lane = controller->timeline()->lane(laneRow);
        form->addRow(tr("Function"), new QLabel(lane.function));
        form->addRow(tr("Environment"), new QLabel(lane.environmentId + (lane.provisioned ? tr(" (provisioned)") : QString())));
        form->addRow(tr("Start"), new QLabel(segment->cold ? tr("cold (init %1 ms)").arg(segment->initDurationMs, 0, 'f', 2)
                                                           : tr("warm")));
        form->addRow(tr("Duration"), new QLabel(tr("%1 ms, billed %2 ms").arg(segment->durationMs, 0, 'f', 2).arg(segment->billedMs)));
        form->addRow(tr("Max memory used"), new QLabel(tr("%1 MB").arg(segment->maxMemoryMb)));
        form->addRow(tr("Cost"), new QLabel(QStringLiteral("$%1").arg(segment->costUsd, 0, 'f', 10)));
        if (segment->error)
            form->addRow(tr("Error"), new QLabel(segment->errorType));
    } else {
        form->addRow(new QLabel(tr("This invocation has left the timeline's history.")));
    }

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const auto textTab = [&](const QString& text) {
        auto* view = new QPlainTextEdit(text);
        view->setReadOnly(true);
        view->setFont(fixed);
        view->setLineWrapMode(QPlainTextEdit::NoWrap);
        return view;
    };
    QString log;
    const LogModel* logs = controller->logs();
    for (int row = 0; row < logs->rowCount(); ++row) {
        const auto& entry = logs->entry(row);
        if (entry.requestId == requestId)
            log += entry.text + QLatin1Char('\n');
    }
    auto* tabs = new QTabWidget;
    tabs->addTab(textTab(log.isEmpty() ? tr("(no log lines kept for this request)") : log), tr("Log"));
    const auto record = controller->invocationRecord(requestId);
    tabs->addTab(textTab(record.event.isEmpty() ? tr("(no longer kept: the engine keeps the events of its latest "
                                                     "invocations)")
                                                : record.event),
                 tr("Event"));
    tabs->addTab(textTab(record.response.isEmpty() ? tr("(only kept for invocations made from this app)")
                                                   : record.response),
                 tr("Response"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // The same event and client context, the function's current configuration (the engine keeps no earlier one),
    // under the debugger, with the project's breakpoints.
    auto* debug = buttons->addButton(tr("Debug This Invocation"), QDialogButtonBox::ActionRole);
    debug->setObjectName(QStringLiteral("debugInvocation"));
    const int functionRow = controller->functions()->findRow(record.function);
    const bool debuggable =
        functionRow >= 0 && debugger::debuggableRuntime(controller->functions()->row(functionRow).config.runtime);
    debug->setEnabled(!record.event.isEmpty() && debuggable);
    debug->setToolTip(record.event.isEmpty() ? tr("This invocation's event is no longer kept")
                      : !debuggable ? tr("The debugger drives native (provided.*), Python and Node functions")
                                             : tr("Invoke %1 again with this event under the debugger").arg(record.function));
    connect(debug, &QPushButton::clicked, this, [this, record] {
        Q_EMIT debugRequested(record.function, record.event, record.clientContext);
        accept();
    });
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(tabs, 1);
    layout->addWidget(buttons);
}

}  // namespace lambdadesk::gui
