// SPDX-License-Identifier: MIT
#pragma once

#include "queues/queue_depth_history.h"

#include <QHash>
#include <QStringList>
#include <QWidget>

class QChart;
class QComboBox;
class QLabel;
class QLineSeries;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QValueAxis;

namespace lambdadesk::gui {

class CoreController;
class RegionFilter;
class QueueMessagesModel;

/// Queues with live depths (visible, in flight, delayed, oldest age) and their actions — send a
/// message, purge, redrive a dead-letter queue — and the event source mappings with their figures.
/// The selected queue's messages are browsed without being received (a peek on every sources
/// refresh while the panel is shown), and its depth over the last minutes is charted. Redrive is offered
/// only on a queue that is some queue's dead-letter queue.
class QueuesPanel : public QWidget {
    Q_OBJECT

public:
    explicit QueuesPanel(CoreController* controller, QWidget* parent = nullptr);

    /// Selects a queue by name or address (the first one is selected once queues exist); false when there is none.
    bool selectQueue(const QString& name);
    /// The selected queue as the panel's operations take it: its name, or its ARN outside the default region.
    [[nodiscard]] QString selectedQueue() const;
    [[nodiscard]] QueueMessagesModel* messages() const { return m_messages; }
    [[nodiscard]] const QueueDepthHistory& depthHistory() const { return m_history; }
    /// The queues whose RedrivePolicy names `queue` as their dead-letter queue (from the template, and from
    /// the peeks of queues made through the endpoint); empty when it is nobody's DLQ.
    [[nodiscard]] QStringList deadLetterSources(const QString& queue) const;

private:
    void report(bool ok, const QString& message);
    void sendToSelectedQueue();
    /// After a purge or a redrive: the browser and the detail start over, then peek again.
    void clearMessages();
    void updateActions();
    QWidget* createBrowser();
    QWidget* createChart();
    /// One sources refresh: samples the depths, then refreshes the browser and the chart when shown.
    void onQueuesRefreshed();
    void onQueueSelected();
    void peekSelectedQueue();
    void showSelectedMessage();
    void refreshChart();
    /// Shows the region column and filter only when queues or streams live in more than one region, and hides the
    /// rows of the regions not chosen.
    void applyRegionFilter();

    CoreController* m_controller;
    QTableView* m_queues;
    QTableView* m_mappings;
    QTableView* m_streams;
    QLabel* m_status;
    QPushButton* m_purge;
    QPushButton* m_redrive;
    RegionFilter* m_region;
    QHash<QString, QString> m_peekedDeadLetterQueues;  ///< queue → its DLQ, as the peeks saw them
    QueueMessagesModel* m_messages;
    QTableView* m_messageView = nullptr;
    QLabel* m_messagesTitle = nullptr;
    QLabel* m_messageSummary = nullptr;
    QPlainTextEdit* m_messageBody = nullptr;
    QString m_shownMessageId;  ///< whose attributes and body the detail pane holds
    bool m_peeking = false;    ///< a peek is on the thread pool; refreshes skip until it is back
    QString m_deadLetterQueue; ///< of the selected queue, from its last peek

    QueueDepthHistory m_history;
    QLabel* m_depthTitle = nullptr;
    QComboBox* m_window = nullptr;
    QChart* m_chart = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    QLineSeries* m_visible = nullptr;
    QLineSeries* m_inFlight = nullptr;
    QLineSeries* m_delayed = nullptr;
    QLineSeries* m_deadLetter = nullptr;
};

}  // namespace lambdadesk::gui
