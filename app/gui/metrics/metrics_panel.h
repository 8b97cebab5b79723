// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QAreaSeries;
class QBarSet;
class QChart;
class QComboBox;
class QLineSeries;
class QValueAxis;

namespace lambdadesk::gui {

class CoreController;

/// Live charts of a function (or all): invocations, errors, throttles and cold starts per second;
/// duration p50/p99 and init p50; concurrency; and how the window's cold starts spread over init
/// durations (a histogram on a log-ish scale) — over a selectable window. The seconds during which an
/// experiment acted on the selected function (any function, for all) are shaded as on the timeline.
class MetricsPanel : public QWidget {
    Q_OBJECT

public:
    explicit MetricsPanel(CoreController* controller, QWidget* parent = nullptr);

private:
    struct Chart {
        QChart* chart = nullptr;
        QValueAxis* x = nullptr;
        QValueAxis* y = nullptr;
        std::vector<std::pair<QLineSeries*, int>> series;  ///< series and the model column it plots
        QAreaSeries* faults = nullptr;                      ///< experiments' fault windows, behind the lines
        QLineSeries* faultOutline = nullptr;                ///< the area's upper edge
    };
    Chart makeChart(const QString& title, const std::vector<std::pair<QString, int>>& columns);
    QChart* makeInitHistogram();
    void refresh();
    void refreshInitHistogram(qint64 firstSecond, qint64 lastSecond);
    void refreshFunctions();
    void refreshFaultBands(Chart& chart, double first, double last, double top);

    CoreController* m_controller;
    QComboBox* m_function;
    QComboBox* m_window;
    std::vector<Chart> m_charts;
    QChart* m_initChart = nullptr;
    QBarSet* m_initBars = nullptr;
    QValueAxis* m_initCounts = nullptr;
};

}  // namespace lambdadesk::gui
