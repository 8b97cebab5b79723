// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace lambdadesk::gui {

class CoreController;

/// Queues with live depths (visible, in flight, delayed, oldest age) and their actions — send a
/// message, purge, redrive a dead-letter queue — and the event source mappings with their figures.
class QueuesPanel : public QWidget {
    Q_OBJECT

public:
    explicit QueuesPanel(CoreController* controller, QWidget* parent = nullptr);

private:
    [[nodiscard]] QString selectedQueue() const;
    void report(bool ok, const QString& message);

    CoreController* m_controller;
    QTableView* m_queues;
    QTableView* m_mappings;
    QLabel* m_status;
};

}  // namespace lambdadesk::gui
