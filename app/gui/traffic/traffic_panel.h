// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTimer;

namespace lambdadesk::gui {

class CoreController;

/// Sends load to a function, a queue or a stream — constant, Poisson, bursts or a morning-rush ramp — so
/// cold starts, scale-out, throttles and backlogs can be provoked and watched.
class TrafficPanel : public QWidget {
    Q_OBJECT

public:
    explicit TrafficPanel(CoreController* controller, QWidget* parent = nullptr);

public Q_SLOTS:
    void start();
    void stop();

private:
    /// Fills the name list with the functions, queues or streams the target kind asks for, keeping the choice.
    void refreshTargets();
    void targetKindChanged();
    void refreshStatus();

    CoreController* m_controller;
    QComboBox* m_kind;
    QComboBox* m_target;
    QLineEdit* m_payload;
    QComboBox* m_shape;
    QDoubleSpinBox* m_rate;
    QSpinBox* m_seconds;
    QPushButton* m_start;
    QPushButton* m_stop;
    QLabel* m_status;
    QLabel* m_error;
    QTimer* m_refresh;
    int m_shownKind = -1;  ///< the target kind m_target's names were filled for
};

}  // namespace lambdadesk::gui
