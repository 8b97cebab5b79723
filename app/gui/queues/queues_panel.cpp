// SPDX-License-Identifier: MIT
#include "queues/queues_panel.h"

#include "core_controller.h"
#include "region_filter.h"
#include "queues/queue_messages_model.h"
#include "queues/send_message_dialog.h"
#include "queues/source_models.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QSignalBlocker>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QPen>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace lambdadesk::gui {
namespace {

// The browser shows the oldest messages; a peek copies every body it returns, twice a second.
constexpr int kPeekLimit = 200;

void setUpTable(QTableView* table)
{
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->horizontalHeader()->setStretchLastSection(true);
}

QString attributeLines(const core::PeekedMessage& message)
{
    QString text;
    for (const auto& [name, value] : message.messageAttributes) {
        const bool binary = value.dataType.starts_with("Binary");
        const QString shown = binary ? QString::fromLatin1(QByteArray::fromStdString(value.binaryValue).toBase64())
                                     : QString::fromStdString(value.stringValue);
        text += QStringLiteral("  %1 (%2): %3\n")
                    .arg(QString::fromStdString(name), QString::fromStdString(value.dataType), shown);
    }
    return text;
}

// Five or six labels on the time axis, whatever the window: 30 s → 5 s steps, 5 minutes → 60 s.
double depthTickInterval(qint64 windowSeconds)
{
    for (const double step : {5.0, 10.0, 15.0, 30.0, 60.0, 120.0}) {
        if (static_cast<double>(windowSeconds) / step <= 6.0)
            return step;
    }
    return 300.0;
}

// The queue name at the end of an SQS ARN (arn:aws:sqs:<region>:<account>:<name>).
QString queueNameOfArn(const QString& arn)
{
    return arn.section(QLatin1Char(':'), -1);
}

}  // namespace

QueuesPanel::QueuesPanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_queues(new QTableView(this)), m_mappings(new QTableView(this)),
      m_streams(new QTableView(this)), m_status(new QLabel(this)), m_purge(new QPushButton(tr("Purge"), this)),
      m_redrive(new QPushButton(tr("Redrive DLQ"), this)), m_region(new RegionFilter(tr("Show the queues and streams of one region; each region has its own"), this)),
      m_messages(new QueueMessagesModel(this))
{
    for (auto* table : {m_queues, m_mappings, m_streams})
        setUpTable(table);
    m_queues->setModel(controller->queues());
    m_mappings->setModel(controller->mappings());
    m_streams->setModel(controller->streams());
    m_streams->setObjectName(QStringLiteral("streamTable"));
    // Queue names take what the figures leave, so every column fits beside the browser and the chart. Stream
    // tables have more figures: there every column fits its contents and the last takes the rest.
    m_queues->horizontalHeader()->setStretchLastSection(false);
    m_queues->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_queues->horizontalHeader()->setSectionResizeMode(QueueListModel::NameColumn, QHeaderView::Stretch);
    m_streams->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* send = new QPushButton(tr("Send…"), this);
    send->setObjectName(QStringLiteral("send"));
    send->setToolTip(tr("Send a message with attributes, a delay, or (FIFO) a group and deduplication id"));
    m_purge->setObjectName(QStringLiteral("purge"));
    m_redrive->setObjectName(QStringLiteral("redrive"));
    m_status->setWordWrap(true);
    m_status->setMinimumWidth(0);
    auto* actions = new QHBoxLayout;
    actions->addWidget(send);
    actions->addWidget(m_purge);
    actions->addWidget(m_redrive);
    actions->addWidget(m_region);
    actions->addWidget(m_status, 1);

    auto* tabs = new QTabWidget(this);
    tabs->setDocumentMode(true);
    tabs->addTab(createBrowser(), tr("Messages"));
    tabs->addTab(m_mappings, tr("Event source mappings"));

    // Queues above streams: both lists stay in sight while the browser and the chart show the selected queue.
    auto* lists = new QSplitter(Qt::Vertical, this);
    lists->addWidget(m_queues);
    lists->addWidget(m_streams);
    lists->setStretchFactor(0, 3);
    lists->setStretchFactor(1, 2);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(lists);
    split->addWidget(tabs);
    split->addWidget(createChart());
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 6);
    split->setStretchFactor(2, 3);
    split->setSizes({420, 680, 340});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(split, 1);
    layout->addLayout(actions);

    connect(send, &QPushButton::clicked, this, &QueuesPanel::sendToSelectedQueue);
    connect(m_purge, &QPushButton::clicked, this, [this] {
        const QString queue = selectedQueue();
        if (queue.isEmpty())
            return report(false, tr("select a queue first"));
        if (QMessageBox::question(this, tr("Purge"), tr("Delete every message in %1?").arg(queue)) != QMessageBox::Yes)
            return;
        QPointer<QueuesPanel> self(this);
        m_controller->purgeQueue(queue, [self](bool ok, const QString& message) {
            if (!self)
                return;
            self->report(ok, message);
            if (ok)
                self->clearMessages();
        });
    });
    connect(m_redrive, &QPushButton::clicked, this, [this] {
        const QString queue = selectedQueue();
        if (queue.isEmpty())
            return report(false, tr("select a dead-letter queue first"));
        QPointer<QueuesPanel> self(this);
        m_controller->redriveDeadLetterQueue(queue, [self](bool ok, const QString& message) {
            if (!self)
                return;
            self->report(ok, message);
            if (ok)
                self->clearMessages();
        });
    });

    connect(controller->queues(), &QueueListModel::refreshed, this, &QueuesPanel::onQueuesRefreshed);
    connect(controller->streams(), &QAbstractItemModel::rowsInserted, this, &QueuesPanel::applyRegionFilter);
    connect(controller->streams(), &QAbstractItemModel::rowsRemoved, this, &QueuesPanel::applyRegionFilter);
    connect(m_region, &QComboBox::currentIndexChanged, this, &QueuesPanel::applyRegionFilter);
    connect(m_queues->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &QueuesPanel::onQueueSelected);
    connect(m_messageView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &QueuesPanel::showSelectedMessage);
    connect(m_messages, &QAbstractItemModel::dataChanged, this, &QueuesPanel::showSelectedMessage);
    connect(m_messages, &QAbstractItemModel::modelReset, this, &QueuesPanel::showSelectedMessage);
    connect(m_messages, &QAbstractItemModel::rowsRemoved, this, &QueuesPanel::showSelectedMessage);
    connect(controller, &CoreController::projectOpened, this, &QueuesPanel::updateActions);
    connect(m_window, &QComboBox::currentIndexChanged, this, &QueuesPanel::refreshChart);
    showSelectedMessage();
    updateActions();
}

QStringList QueuesPanel::deadLetterSources(const QString& queue) const
{
    QStringList sources;
    if (queue.isEmpty())
        return sources;
    if (const core::Project* project = m_controller->project()) {
        for (const auto& config : project->queues) {
            const auto policy = config.attributes.find("RedrivePolicy");
            if (policy == config.attributes.end())
                continue;
            const QString target = QJsonDocument::fromJson(QByteArray::fromStdString(policy->second))
                                       .object()
                                       .value(QStringLiteral("deadLetterTargetArn"))
                                       .toString();
            if (queueNameOfArn(target) == queue)
                sources << QString::fromStdString(config.name);
        }
    }
    for (auto it = m_peekedDeadLetterQueues.begin(); it != m_peekedDeadLetterQueues.end(); ++it) {
        if (it.value() == queue && !sources.contains(it.key()))
            sources << it.key();
    }
    return sources;
}

void QueuesPanel::updateActions()
{
    const QString queue = selectedQueue();
    m_purge->setEnabled(!queue.isEmpty());
    m_purge->setToolTip(queue.isEmpty() ? tr("Select a queue first") : tr("Delete every message in %1").arg(queue));
    const QStringList sources = deadLetterSources(queue);
    m_redrive->setEnabled(!sources.isEmpty());
    m_redrive->setToolTip(sources.isEmpty()
                              ? tr("Redrive moves a dead-letter queue's messages back to their source queues; "
                                   "%1 is no queue's dead-letter queue")
                                    .arg(queue.isEmpty() ? tr("no queue selected:") : queue)
                              : tr("Move the messages of %1 back to %2").arg(queue, sources.join(QStringLiteral(", "))));
}

void QueuesPanel::sendToSelectedQueue()
{
    const QString queue = selectedQueue();
    if (queue.isEmpty())
        return report(false, tr("select a queue first"));
    SendMessageDialog dialog(queue, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    core::SendMessageRequest request;
    QString error;
    if (!dialog.request(&request, &error))
        return report(false, error);
    QPointer<QueuesPanel> self(this);
    m_controller->sendMessage(std::move(request), [self](bool ok, const QString& message) {
        if (self)
            self->report(ok, ok ? tr("sent %1").arg(message) : message);
    });
}

void QueuesPanel::clearMessages()
{
    m_messages->clear();
    m_messageView->setCurrentIndex({});
    showSelectedMessage();
    peekSelectedQueue();
}

QWidget* QueuesPanel::createBrowser()
{
    auto* browser = new QWidget(this);
    m_messagesTitle = new QLabel(tr("Select a queue to see its messages"), browser);
    m_messagesTitle->setToolTip(
        tr("Messages are peeked, not received: receive counts and visibility stay as they are"));
    m_messageView = new QTableView(browser);
    setUpTable(m_messageView);
    m_messageView->setModel(m_messages);
    m_messageView->setWordWrap(false);
    m_messageView->setColumnWidth(QueueMessagesModel::IdColumn, 76);
    m_messageView->setColumnWidth(QueueMessagesModel::StateColumn, 104);
    m_messageView->setColumnWidth(QueueMessagesModel::ReceiveCountColumn, 58);
    m_messageView->setColumnWidth(QueueMessagesModel::AgeColumn, 52);
    m_messageView->setColumnWidth(QueueMessagesModel::GroupColumn, 60);

    auto* detail = new QWidget(browser);
    m_messageSummary = new QLabel(detail);
    m_messageSummary->setObjectName(QStringLiteral("messageSummary"));
    m_messageSummary->setWordWrap(true);
    m_messageSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageBody = new QPlainTextEdit(detail);
    m_messageBody->setObjectName(QStringLiteral("messageBody"));
    m_messageBody->setReadOnly(true);
    m_messageBody->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_messageBody->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* detailLayout = new QVBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_messageSummary);
    detailLayout->addWidget(m_messageBody, 1);

    auto* split = new QSplitter(Qt::Horizontal, browser);
    split->addWidget(m_messageView);
    split->addWidget(detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({470, 250});
    auto* layout = new QVBoxLayout(browser);
    layout->setContentsMargins(0, 2, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_messagesTitle);
    layout->addWidget(split, 1);
    return browser;
}

QWidget* QueuesPanel::createChart()
{
    auto* box = new QWidget(this);
    m_window = new QComboBox(box);
    m_window->addItem(tr("1 minute"), 60);
    m_window->addItem(tr("5 minutes"), 300);
    m_window->addItem(tr("10 minutes"), 600);
    m_window->setCurrentIndex(1);

    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    // Axis labels in the panel's own font size: smaller ones were unreadable. The right margin leaves room
    // for the "0 s" label at the edge.
    const QFont labels = font();
    QFont legend = labels;
    legend.setPointSizeF(labels.pointSizeF() * 0.9);
    m_chart->legend()->setFont(legend);
    m_chart->setMargins(QMargins(4, 4, 14, 4));
    m_x = new QValueAxis;
    m_y = new QValueAxis;
    m_x->setObjectName(QStringLiteral("depthTimeAxis"));
    m_y->setObjectName(QStringLiteral("depthCountAxis"));
    m_x->setLabelFormat(QStringLiteral("%d s"));
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0);
    m_y->setLabelFormat(QStringLiteral("%d"));
    m_y->setTickCount(5);
    m_y->setMinorTickCount(0);
    m_x->setLabelsFont(labels);
    m_y->setLabelsFont(labels);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    const auto addSeries = [this](const QString& name, const QColor& color) {
        auto* series = new QLineSeries;
        series->setName(name);
        QPen pen(color);
        pen.setWidthF(1.5);
        series->setPen(pen);
        m_chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
        return series;
    };
    m_visible = addSeries(tr("visible"), QColor(0x20, 0x70, 0xc0));
    m_inFlight = addSeries(tr("in flight"), QColor(0xe0, 0x80, 0x10));
    m_delayed = addSeries(tr("delayed"), QColor(0x80, 0x80, 0x80));
    m_deadLetter = addSeries(tr("DLQ"), QColor(0xc0, 0x30, 0x30));
    QPen dashed = m_deadLetter->pen();
    dashed.setStyle(Qt::DashLine);
    m_deadLetter->setPen(dashed);
    m_deadLetter->setVisible(false);
    auto* view = new QChartView(m_chart, box);
    view->setRenderHint(QPainter::Antialiasing);
    view->setObjectName(QStringLiteral("depthChart"));

    auto* top = new QHBoxLayout;
    m_depthTitle = new QLabel(tr("<b>Depth</b> over"), box);
    top->addWidget(m_depthTitle);
    top->addWidget(m_window);
    top->addStretch();
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(view, 1);
    return box;
}

bool QueuesPanel::selectQueue(const QString& name)
{
    const auto* queues = m_controller->queues();
    for (int row = 0; row < queues->rowCount(); ++row) {
        if (queues->name(row) == name || queues->address(row) == name) {
            m_queues->setCurrentIndex(queues->index(row, QueueListModel::NameColumn));
            return true;
        }
    }
    return false;
}

QString QueuesPanel::selectedQueue() const
{
    const QModelIndex current = m_queues->currentIndex();
    return current.isValid() ? m_controller->queues()->address(current.row()) : QString();
}

void QueuesPanel::applyRegionFilter()
{
    const auto* queues = m_controller->queues();
    const auto* streams = m_controller->streams();
    QStringList regions;
    for (int row = 0; row < queues->rowCount(); ++row)
        regions << queues->region(row);
    for (int row = 0; row < streams->rowCount(); ++row)
        regions << streams->data(streams->index(row, StreamListModel::RegionColumn)).toString();
    const bool several = m_region->setRegions(regions);
    m_queues->setColumnHidden(QueueListModel::RegionColumn, !several);
    m_streams->setColumnHidden(StreamListModel::RegionColumn, !several);
    for (int row = 0; row < queues->rowCount(); ++row)
        m_queues->setRowHidden(row, !m_region->shows(queues->region(row)));
    for (int row = 0; row < streams->rowCount(); ++row) {
        const QString region = streams->data(streams->index(row, StreamListModel::RegionColumn)).toString();
        m_streams->setRowHidden(row, !m_region->shows(region));
    }
}

void QueuesPanel::report(bool ok, const QString& message)
{
    m_status->setText(ok ? (message.isEmpty() ? tr("done") : message) : tr("<font color='#c03030'>%1</font>").arg(message));
}

void QueuesPanel::onQueuesRefreshed()
{
    const auto* queues = m_controller->queues();
    std::vector<QueueDepthHistory::Depth> depths;
    depths.reserve(static_cast<std::size_t>(queues->rowCount()));
    for (int row = 0; row < queues->rowCount(); ++row)
        depths.push_back({queues->address(row), queues->stats(row)});
    m_history.record(m_controller->nowNs() / 1'000'000, depths);
    applyRegionFilter();
    // The browser starts on the first queue, so opening the panel shows messages at once.
    if (!m_queues->currentIndex().isValid() && queues->rowCount() > 0)
        m_queues->setCurrentIndex(queues->index(0, QueueListModel::NameColumn));
    if (!isVisible())
        return;
    peekSelectedQueue();
    refreshChart();
}

void QueuesPanel::onQueueSelected()
{
    m_deadLetterQueue.clear();
    updateActions();
    const QString queue = selectedQueue();
    if (queue.isEmpty()) {
        m_messages->clear();
        m_messagesTitle->setText(tr("Select a queue to see its messages"));
    } else if (queue != m_messages->queue()) {
        m_messages->clear();
        m_messagesTitle->setText(tr("Messages in <b>%1</b>…").arg(queue.toHtmlEscaped()));
    }
    peekSelectedQueue();
    refreshChart();
}

void QueuesPanel::peekSelectedQueue()
{
    const QString queue = selectedQueue();
    if (queue.isEmpty() || m_peeking)
        return;
    m_peeking = true;
    QPointer<QueuesPanel> self(this);
    m_controller->peekQueue(queue, kPeekLimit, [self, queue](bool ok, const QString& message,
                                                            const CoreController::QueuePeek& peek) {
        if (!self)
            return;
        self->m_peeking = false;
        if (queue != self->selectedQueue())
            return self->peekSelectedQueue();  // the selection moved on while this one was out
        if (!ok) {
            self->m_messagesTitle->setText(tr("<font color='#c03030'>%1</font>").arg(message.toHtmlEscaped()));
            return;
        }
        const bool wasDeadLetter = !self->m_deadLetterQueue.isEmpty();
        self->m_deadLetterQueue = peek.deadLetterQueue;
        if (!peek.deadLetterQueue.isEmpty() && self->m_peekedDeadLetterQueues.value(queue) != peek.deadLetterQueue) {
            self->m_peekedDeadLetterQueues.insert(queue, peek.deadLetterQueue);
            self->updateActions();
        }
        self->m_messages->update(queue, peek.messages, peek.nowMs);
        // A purge or redrive (here or through the endpoint) leaves nothing to detail.
        if (self->m_messages->rowCount() == 0)
            self->showSelectedMessage();
        // The detail pane shows the oldest message until the user picks another.
        if (!self->m_messageView->currentIndex().isValid() && self->m_messages->rowCount() > 0)
            self->m_messageView->setCurrentIndex(self->m_messages->index(0, QueueMessagesModel::IdColumn));
        self->m_messageView->setColumnHidden(QueueMessagesModel::GroupColumn, !self->m_messages->hasGroups());
        const int shown = self->m_messages->rowCount();
        const int row = self->m_queues->currentIndex().row();
        const auto& stats = self->m_controller->queues()->stats(row);
        const qint64 total = stats.visible + stats.inFlight + stats.delayed;
        QString title = tr("Messages in <b>%1</b>, oldest first").arg(queue.toHtmlEscaped());
        if (shown >= kPeekLimit && total > shown)
            title += tr(" — the first %1 of about %2").arg(shown).arg(total);
        if (!peek.deadLetterQueue.isEmpty())
            title += tr(" · dead-letter queue %1").arg(peek.deadLetterQueue.toHtmlEscaped());
        self->m_messagesTitle->setText(title);
        if (wasDeadLetter != !peek.deadLetterQueue.isEmpty())
            self->refreshChart();
    });
}

void QueuesPanel::showSelectedMessage()
{
    const QModelIndex current = m_messageView->currentIndex();
    if (!current.isValid() || current.row() >= m_messages->rowCount()) {
        // Nothing selected (or the selected message is gone): no stale body stays on screen.
        m_messageSummary->setText(m_messages->rowCount() > 0 ? tr("Select a message to see its body and attributes")
                                  : selectedQueue().isEmpty() ? QString()
                                                              : tr("No messages in %1").arg(selectedQueue()));
        m_messageBody->clear();
        m_shownMessageId.clear();
        return;
    }
    const core::PeekedMessage& message = m_messages->message(current.row());
    const QString id = QString::fromStdString(message.messageId);
    const QString sent =
        QDateTime::fromMSecsSinceEpoch(message.sentTimestampMs).toString(QStringLiteral("HH:mm:ss.zzz"));
    QString summary = tr("<b>%1</b><br>%2 · received %3× · sent %4 (%5 ago)")
                          .arg(id, m_messages->stateText(message).toHtmlEscaped())
                          .arg(message.approximateReceiveCount)
                          .arg(sent, QueueMessagesModel::formatDuration(m_messages->nowMs() - message.sentTimestampMs));
    if (!message.messageGroupId.empty())
        summary += tr(" · group %1").arg(QString::fromStdString(message.messageGroupId).toHtmlEscaped());
    m_messageSummary->setText(summary);
    // Body and attributes never change; setting them again would scroll the pane back to the top.
    if (id == m_shownMessageId)
        return;
    m_shownMessageId = id;
    QString text;
    const QString attributes = attributeLines(message);
    if (!attributes.isEmpty())
        text += tr("Attributes:\n") + attributes;
    if (!message.deadLetterSourceArn.empty())
        text += tr("Dead-letter source: %1\n").arg(QString::fromStdString(message.deadLetterSourceArn));
    text += tr("MD5 of body: %1\n\n").arg(QString::fromStdString(message.md5OfBody));
    text += QueueMessagesModel::prettyBody(message.body);
    m_messageBody->setPlainText(text);
}

void QueuesPanel::refreshChart()
{
    if (!isVisible())
        return;
    const QString queue = selectedQueue();
    // The axis grows with the history, in steps of half a minute, up to the chosen window: a few seconds
    // of data would otherwise be a sliver at the right edge.
    const auto samples = m_history.samples(queue);
    const qint64 spanMs = samples.empty() ? 0 : samples.back().timeMs - samples.front().timeMs;
    const qint64 windowMs = std::min<qint64>(static_cast<qint64>(m_window->currentData().toInt()) * 1000,
                                             std::max<qint64>(1, (spanMs + 29'999) / 30'000) * 30'000);
    const qint64 endMs = m_history.lastTimeMs();
    double maximum = 1;
    const auto plot = [&](QLineSeries* series, const QString& name, auto value) {
        QList<QPointF> points;
        for (const auto& sample : m_history.samples(name)) {
            if (sample.timeMs < endMs - windowMs)
                continue;
            const auto y = static_cast<double>(value(sample.stats));
            points.append(QPointF(static_cast<double>(sample.timeMs - endMs) / 1000.0, y));
            maximum = std::max(maximum, y);
        }
        series->replace(points);  // one update per series per refresh
    };
    plot(m_visible, queue, [](const core::QueueStats& stats) { return stats.visible; });
    plot(m_inFlight, queue, [](const core::QueueStats& stats) { return stats.inFlight; });
    plot(m_delayed, queue, [](const core::QueueStats& stats) { return stats.delayed; });
    // QueueStats does not name a dead-letter queue; the peek of the selected queue does.
    const bool deadLetter = !m_deadLetterQueue.isEmpty() && m_history.contains(m_deadLetterQueue);
    m_deadLetter->setVisible(deadLetter);
    if (deadLetter) {
        m_deadLetter->setName(tr("DLQ %1").arg(m_deadLetterQueue));
        plot(m_deadLetter, m_deadLetterQueue,
             [](const core::QueueStats& stats) { return stats.visible + stats.inFlight + stats.delayed; });
    }
    m_depthTitle->setText(queue.isEmpty() ? tr("<b>Depth</b> over")
                                          : tr("<b>Depth of %1</b> over").arg(queue.toHtmlEscaped()));
    const qint64 windowSeconds = windowMs / 1000;
    m_x->setTickInterval(depthTickInterval(windowSeconds));
    m_x->setRange(-static_cast<double>(windowSeconds), 0);
    // Whole numbers on four steps: the top of the axis is a multiple of 4 at or above the largest depth.
    const double top = std::max(4.0, std::ceil(maximum * 1.1 / 4.0) * 4.0);
    m_y->setRange(0, top);
}

}  // namespace lambdadesk::gui
