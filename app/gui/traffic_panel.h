// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTimer;

namespace lambdadesk::gui {

class CoreController;

/// Sends load to a function — constant, Poisson, bursts or a morning-rush ramp — so cold starts,
/// scale-out and throttles can be provoked and watched.
class TrafficPanel : public QWidget {
    Q_OBJECT

public:
    explicit TrafficPanel(CoreController* controller, QWidget* parent = nullptr);

public Q_SLOTS:
    void start();
    void stop();

private:
    void refreshFunctions();
    void refreshStatus();

    CoreController* m_controller;
    QComboBox* m_function;
    QComboBox* m_shape;
    QDoubleSpinBox* m_rate;
    QSpinBox* m_seconds;
    QPushButton* m_start;
    QPushButton* m_stop;
    QLabel* m_status;
    QTimer* m_refresh;
};

}  // namespace lambdadesk::gui
