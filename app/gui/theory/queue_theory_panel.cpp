// SPDX-License-Identifier: MIT
#include "theory/queue_theory_panel.h"

#include "core_controller.h"
#include "theory/queue_theory.h"
#include "theory/queue_theory_model.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace lambdadesk::gui {
namespace {

constexpr int kCurvePoints = 60;
constexpr double kCurveRhoMax = 0.98;
constexpr std::array<double, 3> kServiceScv{0, 1, 4};

QString waitText(double seconds)
{
    if (!std::isfinite(seconds))
        return QStringLiteral("∞");
    return seconds < 10 ? QString::number(seconds * 1000, 'f', seconds < 0.1 ? 1 : 0) + QStringLiteral(" ms")
                        : QString::number(seconds, 'f', 1) + QStringLiteral(" s");
}

// Paints ρ's green / amber / red even on the selected row: the colour is the message.
class UtilisationDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        QStyleOptionViewItem plain(option);
        if (index.data(Qt::BackgroundRole).isValid())
            plain.state &= ~QStyle::State_Selected;
        QStyledItemDelegate::paint(painter, plain, index);
    }
};

}  // namespace

QueueTheoryPanel::QueueTheoryPanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_model(controller->theory()), m_window(new QComboBox(this)), m_pages(new QStackedWidget(this)),
      m_empty(new QLabel(this)), m_table(new QTableView(this)), m_chart(new QChart), m_x(new QValueAxis),
      m_y(new QValueAxis), m_observed(new QScatterSeries), m_predicted(new QScatterSeries),
      m_explanation(new QLabel(this))
{
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Window:"), this));
    for (const int seconds : {10, 30, 60})
        m_window->addItem(tr("%1 s").arg(seconds), seconds);
    m_window->setCurrentIndex(m_window->findData(m_model->windowSeconds()));
    m_window->setToolTip(tr("λ, μ, c and the observed figures are measured over this sliding window"));
    top->addWidget(m_window);
    top->addStretch(1);
    m_explanation->setWordWrap(true);

    m_empty->setText(tr("No SQS mapping yet: the demo's OrderProcessor is fed by orders-dev — start traffic to see λ"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);

    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumHeight(40);
    m_table->setItemDelegateForColumn(QueueTheoryModel::UtilisationColumn, new UtilisationDelegate(m_table));

    QFont small = m_chart->legend()->font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setFont(small);
    m_x->setRange(0, 1);
    m_x->setTickCount(6);
    m_x->setLabelFormat(QStringLiteral("%.1f"));
    m_x->setTitleText(tr("ρ"));
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    for (auto* axis : {m_x, m_y}) {
        axis->setLabelsFont(small);
        axis->setTitleFont(small);
    }
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    const std::array<QString, 3> names{tr("cs² 0"), tr("cs² 1"), tr("cs² 4")};
    const std::array<QColor, 3> colours{QColor(0x2e, 0x7d, 0x32), QColor(0x15, 0x65, 0xc0), QColor(0xc6, 0x28, 0x28)};
    for (std::size_t i = 0; i < m_curves.size(); ++i) {
        m_curves[i] = new QLineSeries;
        m_curves[i]->setName(names[i]);
        m_curves[i]->setPen(QPen(colours[i], 2));
    }
    m_observed->setName(tr("observed"));
    m_observed->setMarkerSize(11);
    m_observed->setColor(Qt::black);
    m_predicted->setName(tr("predicted"));
    m_predicted->setMarkerSize(11);
    m_predicted->setColor(Qt::white);
    m_predicted->setBorderColor(QColor(0x6a, 0x1b, 0x9a));
    for (QXYSeries* series : {static_cast<QXYSeries*>(m_curves[0]), static_cast<QXYSeries*>(m_curves[1]),
                              static_cast<QXYSeries*>(m_curves[2]), static_cast<QXYSeries*>(m_predicted),
                              static_cast<QXYSeries*>(m_observed)}) {
        m_chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
    }
    m_chartView = new QChartView(m_chart, this);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(90);
    m_chartView->setToolTip(tr("Predicted mean wait against utilisation for this c and μ (Allen–Cunneen), for "
                               "durations that never vary (cs² 0), vary like an exponential (cs² 1, M/M/c) and vary "
                               "a lot (cs² 4). The dot is the measured wait; the ring what the measured variances "
                               "predict. A measured wait far above the curves is pinned to the top (↑)."));
    m_split = new QSplitter(Qt::Vertical, this);
    m_split->addWidget(m_table);
    // Until a row is measured the chart's place says what it is waiting for.
    m_waiting = new QLabel(this);
    m_waiting->setWordWrap(true);
    m_waiting->setAlignment(Qt::AlignCenter);
    m_waiting->setMargin(12);
    m_chartPages = new QStackedWidget(this);
    m_chartPages->addWidget(m_chartView);
    m_chartPages->addWidget(m_waiting);
    m_split->addWidget(m_chartPages);
    m_split->setStretchFactor(1, 1);
    m_split->setChildrenCollapsible(false);

    m_pages->addWidget(m_empty);
    m_pages->addWidget(m_split);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_explanation);  // the one sentence that says what the picture means

    connect(m_window, &QComboBox::currentIndexChanged, this,
            [this] { m_model->setWindowSeconds(m_window->currentData().toInt()); });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &QueueTheoryPanel::refresh);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &QueueTheoryPanel::refresh);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &QueueTheoryPanel::refresh);
    connect(m_model, &QAbstractItemModel::modelReset, this, &QueueTheoryPanel::refresh);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &QueueTheoryPanel::refresh);
    refresh();
}

void QueueTheoryPanel::refresh()
{
    const int rows = m_model->rowCount();
    m_pages->setCurrentIndex(rows == 0 ? 0 : 1);
    if (rows == 0) {
        m_explanation->clear();
        return;
    }
    if (rows != m_sizedForRows) {
        // The table as tall as its rows (up to four), the chart gets the rest.
        m_sizedForRows = rows;
        const int table = m_table->horizontalHeader()->sizeHint().height() +
                          m_table->verticalHeader()->defaultSectionSize() * std::min(rows, 4) +
                          m_table->horizontalScrollBar()->sizeHint().height() + 2 * m_table->frameWidth();
        const int total = std::max(m_split->height(), table + m_chartView->minimumHeight());
        m_split->setSizes({table, total - table});
    }
    if (!m_table->currentIndex().isValid()) {
        m_table->setCurrentIndex(m_model->index(0, 0));  // re-enters refresh through currentRowChanged
        return;
    }
    refreshChart(m_table->currentIndex().row());
}

void QueueTheoryPanel::refreshChart(int row)
{
    const auto& f = m_model->figures(row);
    const QString queue = m_model->queueName(row);
    const QString function = m_model->functionName(row);
    for (auto* curve : m_curves)
        curve->clear();
    m_observed->clear();
    m_predicted->clear();
    m_chartPages->setCurrentIndex(f.measured ? 0 : 1);
    if (!f.measured) {
        m_explanation->clear();
        if (f.arrivals == 0)
            m_waiting->setText(
                tr("No messages reached %1 in the last %2 s — send some (Queues and streams → Send…, or aws sqs "
                   "send-message against the endpoint) to see λ.")
                    .arg(queue)
                    .arg(m_model->windowSeconds()));
        else
            m_waiting->setText(tr("Messages arrive at %1/s, but %2 finished no invocation in the last %3 s "
                                  "(throttled, disabled, or still starting).")
                                   .arg(f.arrivalRate, 0, 'f', 2)
                                   .arg(function)
                                   .arg(m_model->windowSeconds()));
        return;
    }

    const MmcInputs& in = f.inputs;
    const double rho = f.prediction.rho;
    // The curves set the scale (up to where high variance takes off), so they stay readable; a measured
    // wait far above them (a batching window, a visibility timeout) is pinned to the top edge and says so.
    double top = 0;
    const auto steep = waitCurve(in.c, in.mu, f.arrivalScv, kServiceScv.back(), std::clamp(rho, 0.85, 0.95), 2);
    if (!steep.empty())
        top = steep.back().wait;
    if (f.prediction.stable && std::isfinite(f.predictedWaitGgc))
        top = std::max(top, f.predictedWaitGgc);
    const bool offScale = std::isfinite(f.observedWait) && f.observedWait > 3 * top * 1.15;
    if (std::isfinite(f.observedWait) && !offScale)
        top = std::max(top, f.observedWait);
    top = top > 0 ? top * 1.15 : 0.001;
    // Seconds or milliseconds on the y axis, whichever keeps the numbers readable.
    const bool inSeconds = top > 5;
    const double scale = inSeconds ? 1.0 : 1000.0;
    m_y->setRange(0, top * scale);
    m_y->setLabelFormat(top * scale >= 10 ? QStringLiteral("%.0f") : QStringLiteral("%.2f"));
    m_y->setTitleText(inSeconds ? tr("wait (s)") : tr("wait (ms)"));
    for (std::size_t i = 0; i < m_curves.size(); ++i) {
        QList<QPointF> points;
        for (const CurvePoint& point : waitCurve(in.c, in.mu, f.arrivalScv, kServiceScv[i], kCurveRhoMax, kCurvePoints))
            points.append(QPointF(point.rho, std::min(point.wait, top * 10) * scale));
        m_curves[i]->replace(points);
    }
    const double x = std::isfinite(rho) ? std::min(rho, 1.0) : 1.0;
    if (std::isfinite(f.observedWait))
        m_observed->append(x, std::min(f.observedWait, top) * scale);
    m_observed->setName(offScale ? tr("observed %1 ↑").arg(waitText(f.observedWait)) : tr("observed"));
    if (f.prediction.stable)
        m_predicted->append(x, std::min(f.predictedWaitGgc, top) * scale);
    m_x->setTitleText(
        tr("ρ  (c = %1, μ = %2/s per env, ca² = %3)").arg(in.c).arg(in.mu, 0, 'f', 1).arg(f.arrivalScv, 0, 'f', 2));

    // One sentence in plain words.
    const QString rhoText = QString::number(rho, 'f', rho > 0 && rho < 0.1 ? 3 : 2);
    if (!f.prediction.stable) {
        m_explanation->setText(tr("At ρ = %1 messages arrive faster than %2 environment(s) of %3 can finish them: "
                                  "the backlog grows for as long as this lasts, whatever the variance.")
                                   .arg(std::isfinite(rho) ? rhoText : QStringLiteral("∞"))
                                   .arg(in.c)
                                   .arg(function));
        return;
    }
    // M/M/c knows nothing of throttles or batching windows: say so when they, not the servers, make the wait.
    QString note;
    const bool waitsLonger = std::isfinite(f.observedWait) && f.observedWait > 2 * f.predictedWaitGgc + 0.05;
    if (f.throttled > 0)
        note = tr(" %n batch(es) were throttled and wait out the visibility timeout, which no formula here models: "
                  "a mapping MaximumConcurrency no higher than the reserved concurrency keeps them queued instead.",
                  nullptr, static_cast<int>(f.throttled));
    else if (f.batchingWindowSeconds > 0 && waitsLonger)
        note = tr(" The observed wait also holds the mapping's batching window (up to %1 s), which M/M/c does not "
                  "model.")
                   .arg(f.batchingWindowSeconds);
    const double now = allenCunneenWait(in, f.arrivalScv, f.serviceScv);
    const double doubled = allenCunneenWait(in, f.arrivalScv, std::max(f.serviceScv, 0.05) * 2);
    if (now < 1e-6 || f.prediction.probabilityOfWaiting < 0.01) {
        m_explanation->setText(tr("At ρ = %1 with c = %2 an invocation almost never waits (P(wait) %3 %); "
                                  "variance starts to cost as ρ nears 1 — follow the curves to the right.%4")
                                   .arg(rhoText)
                                   .arg(in.c)
                                   .arg(f.prediction.probabilityOfWaiting * 100, 0, 'f', 1)
                                   .arg(note));
        return;
    }
    const double ratio = doubled / now;
    const QString effect =
        ratio >= 1.8 ? tr("roughly doubles the wait") : tr("makes the wait %1× longer").arg(ratio, 0, 'f', 1);
    m_explanation->setText(tr("At ρ = %1, doubling the variance of durations (cs² %2 → %3) %4: %5 → %6. "
                              "Same load, more variance, longer queue.%7")
                               .arg(rhoText)
                               .arg(f.serviceScv, 0, 'f', 2)
                               .arg(std::max(f.serviceScv, 0.05) * 2, 0, 'f', 2)
                               .arg(effect, waitText(now), waitText(doubled), note));
}

}  // namespace lambdadesk::gui
