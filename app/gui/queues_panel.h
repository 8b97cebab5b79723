// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QTreeWidget;

namespace lambdadesk::gui {

class CoreController;

/// The project's queues and streams with their configuration (dead-letter target, visibility
/// timeout, FIFO, shards) and the event source mappings that read them. Depths, ages and mapping
/// figures fill in once the engine runs queues and streams itself (the event-sources work).
class QueuesPanel : public QWidget {
    Q_OBJECT

public:
    explicit QueuesPanel(CoreController* controller, QWidget* parent = nullptr);

private:
    void refresh();

    CoreController* m_controller;
    QTreeWidget* m_tree;
};

}  // namespace lambdadesk::gui
