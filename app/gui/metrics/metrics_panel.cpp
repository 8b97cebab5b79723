// SPDX-License-Identifier: MIT
#include "metrics/metrics_panel.h"

#include "core_controller.h"
#include "functions/function_list_model.h"
#include "metrics/fault_bands.h"
#include "metrics/metrics_model.h"
#include "timeline/timeline_colors.h"
#include "timeline/timeline_model.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCursor>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLegendMarker>
#include <QLabel>
#include <QLineSeries>
#include <QPen>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lambdadesk::gui {

MetricsPanel::MetricsPanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_function(new QComboBox(this)), m_window(new QComboBox(this))
{
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Function:"), this));
    top->addWidget(m_function);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Window:"), this));
    m_window->addItem(tr("1 minute"), 60);
    m_window->addItem(tr("5 minutes"), 300);
    m_window->addItem(tr("10 minutes"), 600);
    top->addWidget(m_window);
    top->addStretch();

    auto* grid = new QGridLayout;
    const std::vector<std::pair<QString, std::vector<std::pair<QString, int>>>> charts = {
        {tr("Per second"),
         {{tr("invokes"), MetricsModel::InvocationsColumn},
          {tr("errors"), MetricsModel::ErrorsColumn},
          {tr("throttles"), MetricsModel::ThrottlesColumn},
          {tr("INITs"), MetricsModel::InitsColumn}}},
        {tr("Duration (ms)"),
         {{tr("p50"), MetricsModel::DurationP50Column},
          {tr("p99"), MetricsModel::DurationP99Column},
          {tr("init p50"), MetricsModel::InitP50Column}}},
        // Waiting for the host is the local deviation (the host-capacity governor): shown beside what runs.
        {tr("Concurrency"),
         {{tr("in flight (max/s)"), MetricsModel::ConcurrencyColumn},
          {tr("waiting for host"), MetricsModel::HostWaitingColumn}}},
    };
    int column = 0;
    for (const auto& [title, columns] : charts) {
        Chart chart = makeChart(title, columns);
        auto* view = new QChartView(chart.chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(260, 180);
        grid->addWidget(view, 0, column++);
        m_charts.push_back(chart);
    }
    // Faulted invocations per second on the per-second chart, over the shaded windows: the band says when an
    // experiment acted, the line how many invocations it changed.
    {
        Chart& perSecond = m_charts.front();
        auto* faulted = new QLineSeries;
        faulted->setName(tr("faulted"));
        QPen pen(QColor(timeline_colors::kFaultWindow.rgb()));  // the band's hue, opaque
        pen.setWidthF(1.5);
        pen.setStyle(Qt::DashLine);
        faulted->setPen(pen);
        perSecond.chart->addSeries(faulted);
        faulted->attachAxis(perSecond.x);
        faulted->attachAxis(perSecond.y);
        perSecond.series.emplace_back(faulted, MetricsModel::FaultedColumn);
    }
    auto* histogram = new QChartView(makeInitHistogram(), this);
    histogram->setRenderHint(QPainter::Antialiasing);
    histogram->setMinimumSize(300, 180);
    grid->addWidget(histogram, 0, column);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addLayout(grid, 1);

    auto* model = controller->metrics();
    connect(model, &QAbstractItemModel::rowsInserted, this, &MetricsPanel::refresh);
    connect(model, &QAbstractItemModel::modelReset, this, &MetricsPanel::refresh);
    connect(m_window, &QComboBox::currentIndexChanged, this, &MetricsPanel::refresh);
    connect(m_function, &QComboBox::currentIndexChanged, this,
            [this] { m_controller->metrics()->setFunction(m_function->currentData().toString()); });
    connect(controller, &CoreController::projectOpened, this, &MetricsPanel::refreshFunctions);
    connect(controller->timeline(), &TimelineModel::faultWindowsChanged, this, &MetricsPanel::refresh);
    refreshFunctions();
}

MetricsPanel::Chart MetricsPanel::makeChart(const QString& title, const std::vector<std::pair<QString, int>>& columns)
{
    Chart chart;
    chart.chart = new QChart;
    chart.chart->setTitle(title);
    chart.chart->legend()->setAlignment(Qt::AlignBottom);
    QFont small = chart.chart->legend()->font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    chart.chart->legend()->setFont(small);
    chart.chart->setMargins(QMargins(2, 2, 2, 2));
    chart.x = new QValueAxis;
    chart.y = new QValueAxis;
    chart.x->setLabelFormat(QStringLiteral("%d s"));
    chart.y->setLabelFormat(QStringLiteral("%.0f"));
    chart.x->setLabelsFont(small);
    chart.y->setLabelsFont(small);
    chart.chart->addAxis(chart.x, Qt::AlignBottom);
    chart.chart->addAxis(chart.y, Qt::AlignLeft);
    // Added first, so the lines draw over it.
    chart.faultOutline = new QLineSeries(chart.chart);
    chart.faults = new QAreaSeries(chart.faultOutline);
    chart.faults->setName(tr("experiment"));
    chart.faults->setColor(timeline_colors::kFaultWindow);
    chart.faults->setBorderColor(Qt::transparent);
    chart.chart->addSeries(chart.faults);
    chart.faults->attachAxis(chart.x);
    chart.faults->attachAxis(chart.y);
    for (const auto& [name, column] : columns) {
        auto* series = new QLineSeries;
        series->setName(name);
        chart.chart->addSeries(series);
        series->attachAxis(chart.x);
        series->attachAxis(chart.y);
        chart.series.emplace_back(series, column);
    }
    return chart;
}

QChart* MetricsPanel::makeInitHistogram()
{
    m_initChart = new QChart;
    m_initChart->legend()->hide();  // one set of bars: the title says what they count
    m_initChart->setMargins(QMargins(2, 2, 2, 2));
    QFont small = m_initChart->legend()->font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    m_initBars = new QBarSet(tr("INITs"));
    m_initBars->setColor(QColor(0xf0, 0x9a, 0x2e));  // the timeline's INIT orange
    QStringList labels;
    for (int bucket = 0; bucket < InitDurationHistogram::kBucketCount; ++bucket) {
        labels << InitDurationHistogram::label(bucket);
        m_initBars->append(0);
    }
    auto* series = new QBarSeries;
    series->append(m_initBars);
    series->setBarWidth(0.9);
    m_initChart->addSeries(series);
    auto* buckets = new QBarCategoryAxis;
    // Axis labels are rich text: "<5" would be an unknown tag and vanish.
    for (const QString& label : labels)
        buckets->append(label.toHtmlEscaped());
    buckets->setLabelsFont(small);
    // Nine ranges side by side: upright (Qt Charts drops slanted labels that reach past the plot's edge) and
    // whole ("…" in place of "100–250" says nothing).
    buckets->setLabelsAngle(-90);
    buckets->setTruncateLabels(false);
    buckets->setGridLineVisible(false);
    m_initCounts = new QValueAxis;
    m_initCounts->setLabelFormat(QStringLiteral("%.0f"));
    m_initCounts->setLabelsFont(small);
    m_initChart->addAxis(buckets, Qt::AlignBottom);
    m_initChart->addAxis(m_initCounts, Qt::AlignLeft);
    series->attachAxis(buckets);
    series->attachAxis(m_initCounts);
    connect(m_initBars, &QBarSet::hovered, this, [this, labels](bool status, int index) {
        if (!status) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(QCursor::pos(),
                           tr("%1 ms: %2 INITs").arg(labels.value(index)).arg(m_initBars->at(index)));
    });
    refreshInitHistogram(0, -1);
    return m_initChart;
}

void MetricsPanel::refreshInitHistogram(qint64 firstSecond, qint64 lastSecond)
{
    const auto counts = m_controller->metrics()->initDurations(firstSecond, lastSecond);
    int highest = 0;
    for (int bucket = 0; bucket < InitDurationHistogram::kBucketCount; ++bucket) {
        const int count = counts[static_cast<std::size_t>(bucket)];
        if (m_initBars->at(bucket) != count)
            m_initBars->replace(bucket, count);
        highest = std::max(highest, count);
    }
    const int total = std::accumulate(counts.begin(), counts.end(), 0);
    // Every INIT the timeline draws, not only those a cold invocation waited for (docs/user-guide.md).
    m_initChart->setTitle(total == 1 ? tr("Init duration (ms), 1 INIT") : tr("Init duration (ms), %1 INITs").arg(total));
    // A multiple of 4 with 5 ticks: whole numbers on the axis, however few the INITs.
    const int top = std::max(4, static_cast<int>(std::ceil(highest * 1.1 / 4.0)) * 4);
    m_initCounts->setTickCount(5);
    m_initCounts->setRange(0, top);
}

void MetricsPanel::refreshFaultBands(Chart& chart, double first, double last, double top)
{
    const auto bands =
        faultBandsOf(m_controller->timeline()->faultWindows(), m_function->currentData().toString(), first, last);
    chart.faultOutline->replace(bandOutline(bands, top));
    // The legend names the shading only while there is some.
    for (QLegendMarker* marker : chart.chart->legend()->markers(chart.faults))
        marker->setVisible(!bands.empty());
}

void MetricsPanel::refreshFunctions()
{
    m_function->clear();
    m_function->addItem(tr("All functions"), QString());
    const auto* functions = m_controller->functions();
    for (int row = 0; row < functions->rowCount(); ++row) {
        const QString name = QString::fromStdString(functions->row(row).config.name);
        m_function->addItem(name, name);
    }
}

void MetricsPanel::refresh()
{
    const auto* model = m_controller->metrics();
    const int window = m_window->currentData().toInt();
    const int rows = model->rowCount();
    const int first = std::max(0, rows - window);
    const qint64 lastSecond = rows > 0 ? model->bucket(rows - 1).second : 0;
    for (auto& chart : m_charts) {
        double maximum = 1;
        for (auto& [series, column] : chart.series) {
            QList<QPointF> points;
            points.reserve(rows - first);
            for (int row = first; row < rows; ++row) {
                const double value = model->data(model->index(row, column)).toDouble();
                points.append(QPointF(static_cast<double>(model->bucket(row).second), value));
                maximum = std::max(maximum, value);
            }
            series->replace(points);  // one update per series per second, not one per point
        }
        const double firstShown = static_cast<double>(std::max<qint64>(0, lastSecond - window));
        chart.x->setRange(firstShown, static_cast<double>(std::max<qint64>(lastSecond, window)));
        chart.y->setRange(0, maximum * 1.1);
        // The bands end at the newest complete second, where the lines end.
        refreshFaultBands(chart, firstShown, static_cast<double>(lastSecond), maximum * 1.1);
    }
    refreshInitHistogram(lastSecond - window + 1, rows > 0 ? lastSecond : -1);
}

}  // namespace lambdadesk::gui
