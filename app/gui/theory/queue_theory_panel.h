// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <array>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QSplitter;
class QStackedWidget;
class QTableView;
class QValueAxis;

namespace lambdadesk::gui {

class CoreController;
class QueueTheoryModel;

/// Queue theory for functions fed by SQS: per mapping the measured λ, μ, c and ρ beside what an M/M/c
/// queue predicts and what the queue holds; below, for the selected mapping, the predicted wait
/// against utilisation for constant, exponential and high-variance durations with the measured point
/// on it ("variance kills"), and one sentence saying what the picture means.
class QueueTheoryPanel : public QWidget {
    Q_OBJECT

public:
    explicit QueueTheoryPanel(CoreController* controller, QWidget* parent = nullptr);

private:
    void refresh();
    void refreshChart(int row);

    QueueTheoryModel* m_model;
    QComboBox* m_window;
    QStackedWidget* m_pages;
    QLabel* m_empty;
    QTableView* m_table;
    QSplitter* m_split = nullptr;
    QChartView* m_chartView = nullptr;
    QStackedWidget* m_chartPages = nullptr;  ///< the chart, or what it waits for
    QLabel* m_waiting = nullptr;
    int m_sizedForRows = -1;
    QChart* m_chart;
    QValueAxis* m_x;
    QValueAxis* m_y;
    std::array<QLineSeries*, 3> m_curves{};  ///< cs² = 0, 1, 4
    QScatterSeries* m_observed;
    QScatterSeries* m_predicted;
    QLabel* m_explanation;
};

}  // namespace lambdadesk::gui
