// SPDX-License-Identifier: MIT
#include "queues_panel.h"

#include "core_controller.h"
#include "source_models.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace lambdadesk::gui {

QueuesPanel::QueuesPanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_queues(new QTableView(this)), m_mappings(new QTableView(this)),
      m_status(new QLabel(this))
{
    for (auto* table : {m_queues, m_mappings}) {
        table->verticalHeader()->hide();
        table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->setSelectionMode(QAbstractItemView::SingleSelection);
        table->horizontalHeader()->setStretchLastSection(true);
    }
    m_queues->setModel(controller->queues());
    m_mappings->setModel(controller->mappings());
    m_queues->setColumnWidth(QueueListModel::NameColumn, 160);

    auto* send = new QPushButton(tr("Send…"), this);
    auto* purge = new QPushButton(tr("Purge"), this);
    auto* redrive = new QPushButton(tr("Redrive DLQ"), this);
    redrive->setToolTip(tr("Move the selected dead-letter queue's messages back to their source queues"));
    auto* actions = new QHBoxLayout;
    actions->addWidget(send);
    actions->addWidget(purge);
    actions->addWidget(redrive);
    actions->addWidget(m_status, 1);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_queues);
    split->addWidget(m_mappings);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split, 1);
    layout->addLayout(actions);

    const auto done = [this](bool ok, const QString& message) { report(ok, message); };
    connect(send, &QPushButton::clicked, this, [this, done] {
        const QString queue = selectedQueue();
        if (queue.isEmpty())
            return report(false, tr("select a queue first"));
        bool ok = false;
        const QString body = QInputDialog::getMultiLineText(this, tr("Send a message to %1").arg(queue), tr("Body:"),
                                                            QStringLiteral("{}"), &ok);
        if (ok)
            m_controller->sendMessage(queue, body, done);
    });
    connect(purge, &QPushButton::clicked, this, [this, done] {
        const QString queue = selectedQueue();
        if (queue.isEmpty())
            return report(false, tr("select a queue first"));
        if (QMessageBox::question(this, tr("Purge"), tr("Delete every message in %1?").arg(queue)) == QMessageBox::Yes)
            m_controller->purgeQueue(queue, done);
    });
    connect(redrive, &QPushButton::clicked, this, [this, done] {
        const QString queue = selectedQueue();
        if (queue.isEmpty())
            return report(false, tr("select a dead-letter queue first"));
        m_controller->redriveDeadLetterQueue(queue, done);
    });
}

QString QueuesPanel::selectedQueue() const
{
    const QModelIndex current = m_queues->currentIndex();
    return current.isValid() ? m_controller->queues()->name(current.row()) : QString();
}

void QueuesPanel::report(bool ok, const QString& message)
{
    m_status->setText(ok ? (message.isEmpty() ? tr("done") : message) : tr("<font color='#c03030'>%1</font>").arg(message));
}

}  // namespace lambdadesk::gui
