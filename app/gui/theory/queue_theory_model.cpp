// SPDX-License-Identifier: MIT
#include "theory/queue_theory_model.h"

#include "model/arn.h"

#include <QColor>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lambdadesk::gui {
namespace {

constexpr qint64 kSecondNs = 1'000'000'000;
constexpr qint64 kHorizonNs = 60 * kSecondNs;      // the longest window offered
constexpr std::int64_t kMaxBurstSamples = 10'000;  // zero gaps counted per QueueChanged event
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <typename Samples> void dropOlderThan(Samples& samples, qint64 oldestNs)
{
    while (!samples.empty() && samples.front().ns < oldestNs)
        samples.pop_front();
}

QString queueNameOf(const std::string& arn)
{
    return QString::fromStdString(arn.substr(arn.find_last_of(":/") + 1));
}

/// Arrivals are kept per region and name: `orders` in two regions are two queues.
std::string arrivalKey(const std::string& region, const std::string& queue)
{
    return region + '/' + queue;
}

QString formatNumber(double value, int decimals)
{
    if (std::isnan(value))
        return QStringLiteral("—");
    if (std::isinf(value))
        return QStringLiteral("∞");
    return QString::number(value, 'f', decimals);
}

QString formatSeconds(double seconds)
{
    if (std::isnan(seconds))
        return QStringLiteral("—");
    if (std::isinf(seconds))
        return QStringLiteral("∞");
    if (seconds < 10)
        return QString::number(seconds * 1000, 'f', seconds < 0.1 ? 1 : 0) + QStringLiteral(" ms");
    return QString::number(seconds, 'f', 1) + QStringLiteral(" s");
}

}  // namespace

QueueTheoryModel::QueueTheoryModel(QObject* parent) : QAbstractTableModel(parent) {}

void QueueTheoryModel::apply(const std::vector<core::Event>& events, core::Clock::time_point epoch)
{
    Q_ASSERT(QThread::currentThread() == thread());
    for (const auto& event : events) {
        const qint64 ns = std::chrono::duration_cast<std::chrono::nanoseconds>(event.time - epoch).count();
        const qint64 oldest = ns - kHorizonNs;
        if (const auto* change = std::get_if<core::QueueChanged>(&event.payload)) {
            if (change->change != "sent" || change->count <= 0)
                continue;
            auto& arrivals = m_arrivals[arrivalKey(change->region, change->queueName)];
            arrivals.push_back({ns, change->count});
            dropOlderThan(arrivals, oldest);
        } else if (const auto* started = std::get_if<core::InvokeStarted>(&event.payload)) {
            auto& samples = m_functionSamples[started->functionName];
            ++samples.running;
            const qint64 second = ns / kSecondNs;
            if (samples.busiest.empty() || samples.busiest.back().first != second)
                samples.busiest.emplace_back(second, samples.running);
            else
                samples.busiest.back().second = std::max(samples.busiest.back().second, samples.running);
            while (!samples.busiest.empty() && samples.busiest.front().first < oldest / kSecondNs)
                samples.busiest.pop_front();
        } else if (const auto* finished = std::get_if<core::InvokeFinished>(&event.payload)) {
            auto& samples = m_functionSamples[finished->functionName];
            samples.running = std::max(0, samples.running - 1);
            // The environment is busy for INIT too: a cold invocation occupies a server that long.
            const double seconds = (finished->durationMs + finished->initDurationMs) / 1000.0;
            if (samples.services.empty() || ns / kServiceBinNs != samples.services.back().ns / kServiceBinNs) {
                samples.services.push_back({ns, {}});
                dropOlderThan(samples.services, oldest);
            }
            samples.services.back().seconds.add(seconds);
        } else if (const auto* batch = std::get_if<core::BatchDelivered>(&event.payload)) {
            if (batch->records <= 0)
                continue;
            // Throttled batches never ran: kept as 0 records, counted apart from the batch size.
            const bool throttled = batch->errorType == "TooManyRequestsException";
            auto& batches = m_batches[batch->mappingId];
            batches.push_back({ns, throttled ? 0 : batch->records});
            dropOlderThan(batches, oldest);
        }
    }
}

void QueueTheoryModel::updateSources(const std::vector<core::MappingStatus>& mappings,
                                     const std::vector<QueueListModel::Row>& queues,
                                     const std::vector<core::FunctionConfig>& functions, qint64 nowNs)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_nowNs = std::max(m_nowNs, nowNs);
    std::vector<const core::MappingStatus*> sqs;
    for (const auto& mapping : mappings) {
        if (mapping.config.source == core::EventSourceMappingConfig::Source::Sqs)
            sqs.push_back(&mapping);
    }
    // Rows follow the mappings: gone ones removed, known ones kept in place, new ones appended.
    for (int index = static_cast<int>(m_rows.size()) - 1; index >= 0; --index) {
        const auto& uuid = m_rows[static_cast<std::size_t>(index)].uuid;
        if (std::none_of(sqs.begin(), sqs.end(), [&](const auto* mapping) { return mapping->config.uuid == uuid; })) {
            beginRemoveRows({}, index, index);
            m_rows.erase(m_rows.begin() + index);
            endRemoveRows();
        }
    }
    std::vector<Row> added;
    for (const auto* mapping : sqs) {
        auto found = std::find_if(m_rows.begin(), m_rows.end(),
                                  [&](const Row& row) { return row.uuid == mapping->config.uuid; });
        Row* row = found != m_rows.end() ? &*found : nullptr;
        if (!row) {
            added.emplace_back();
            row = &added.back();
            row->uuid = mapping->config.uuid;
            row->sinceNs = m_nowNs;
        }
        row->queue = queueNameOf(mapping->config.eventSourceArn);
        row->region = QString::fromStdString(core::regionOfArn(mapping->config.eventSourceArn));
        row->function = QString::fromStdString(mapping->config.functionName);
        row->maximumConcurrency = mapping->config.maximumConcurrency;
        row->batchingWindowSeconds = mapping->config.maximumBatchingWindowSeconds;
        row->reservedConcurrency.reset();
        for (const auto& function : functions) {
            if (function.name == mapping->config.functionName)
                row->reservedConcurrency = function.reservedConcurrency;
        }
        // Messages may have been counted before the row existed (the first refresh comes 500 ms late).
        if (const auto arrivals = m_arrivals.find(arrivalKey(row->region.toStdString(), row->queue.toStdString()));
            arrivals != m_arrivals.end() && !arrivals->second.empty())
            row->sinceNs = std::min(row->sinceNs, arrivals->second.front().ns);
        const auto queue =
            std::find_if(queues.begin(), queues.end(), [&](const auto& item) {
                return item.name == row->queue && (item.region.isEmpty() || item.region == row->region);
            });
        row->figures.now = queue != queues.end() ? queue->stats : core::QueueStats{};
        if (queue != queues.end()) {
            row->backlog.push_back({m_nowNs, queue->stats.visible + queue->stats.inFlight});
            dropOlderThan(row->backlog, m_nowNs - kHorizonNs);
        }
    }
    if (!added.empty()) {
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        for (auto& row : added)
            m_rows.push_back(std::move(row));
        endInsertRows();
    }
    recompute();
}

void QueueTheoryModel::clear()
{
    // A stop or a restart, not a tick: a reset is what this is.
    beginResetModel();
    m_rows.clear();
    m_arrivals.clear();
    m_functionSamples.clear();
    m_batches.clear();
    endResetModel();
}

void QueueTheoryModel::setWindowSeconds(int seconds)
{
    seconds = std::clamp(seconds, 1, static_cast<int>(kHorizonNs / kSecondNs));
    if (seconds == m_windowSeconds)
        return;
    m_windowSeconds = seconds;
    recompute();
}

void QueueTheoryModel::recompute()
{
    if (m_rows.empty())
        return;
    for (auto& row : m_rows)
        compute(row);
    Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void QueueTheoryModel::compute(Row& row) const
{
    Figures& f = row.figures;
    const core::QueueStats now = f.now;
    f = Figures{};
    f.now = now;
    f.batchingWindowSeconds = row.batchingWindowSeconds;
    const qint64 from = m_nowNs - static_cast<qint64>(m_windowSeconds) * kSecondNs;
    // Before a full window has passed, rates are over the time actually watched.
    const double span = static_cast<double>(std::min<qint64>(m_nowNs - from, m_nowNs - row.sinceNs)) / 1e9;

    // λ and ca²: messages sent to the queue; a batch send is that many arrivals at one instant.
    std::vector<double> gaps;
    if (const auto found = m_arrivals.find(arrivalKey(row.region.toStdString(), row.queue.toStdString()));
        found != m_arrivals.end()) {
        qint64 previous = -1;
        for (const Arrival& arrival : found->second) {
            if (arrival.ns < from || arrival.ns > m_nowNs)
                continue;
            f.arrivals += static_cast<std::size_t>(arrival.count);
            if (previous >= 0)
                gaps.push_back(static_cast<double>(arrival.ns - previous) / 1e9);
            gaps.insert(gaps.end(), static_cast<std::size_t>(std::min(arrival.count, kMaxBurstSamples) - 1), 0.0);
            previous = arrival.ns;
        }
    }
    f.arrivalRate = span > 0 ? static_cast<double>(f.arrivals) / span : 0;
    if (gaps.size() >= 2) {
        if (const SampleMoments moments = momentsOf(gaps); moments.mean > 0)
            f.arrivalScv = moments.scv;
    }

    // μ and cs²: every invocation of the function finished in the window, on any of its environments.
    MomentsAccumulator durations;
    const auto samples = m_functionSamples.find(row.function.toStdString());
    if (samples != m_functionSamples.end()) {
        for (const Service& service : samples->second.services) {
            if (service.ns >= from && service.ns <= m_nowNs)
                durations.merge(service.seconds);
        }
        f.observedConcurrency = samples->second.running;
        for (const auto& [second, busiest] : samples->second.busiest) {
            if (second >= from / kSecondNs)
                f.observedConcurrency = std::max(f.observedConcurrency, busiest);
        }
    }
    const SampleMoments service = durations.moments();
    f.services = service.count;
    f.meanServiceSeconds = service.mean;
    if (service.count >= 2)
        f.serviceScv = service.scv;

    if (const auto found = m_batches.find(row.uuid); found != m_batches.end()) {
        double records = 0;
        for (const Batch& batch : found->second) {
            if (batch.ns < from || batch.ns > m_nowNs)
                continue;
            if (batch.records == 0) {
                ++f.throttled;
                continue;
            }
            records += batch.records;
            ++f.batches;
        }
        if (f.batches > 0)
            f.recordsPerBatch = records / static_cast<double>(f.batches);
    }

    // c: the tightest configured limit; without one, what the function actually reached.
    std::optional<int> limit;
    if (row.maximumConcurrency) {
        limit = *row.maximumConcurrency;
        f.concurrencySource = ConcurrencySource::MaximumConcurrency;
    }
    if (row.reservedConcurrency && (!limit || *row.reservedConcurrency < *limit)) {
        limit = *row.reservedConcurrency;
        f.concurrencySource = ConcurrencySource::ReservedConcurrency;
    }
    f.concurrency = limit ? *limit : std::max(1, f.observedConcurrency);

    f.measured = f.arrivals > 0 && f.services > 0 && f.meanServiceSeconds > 0;
    if (f.measured) {
        f.inputs = {f.arrivalRate / f.recordsPerBatch, 1.0 / f.meanServiceSeconds, f.concurrency};
        f.prediction = predictMmc(f.inputs);
        f.predictedBacklog =
            f.prediction.stable ? f.arrivalRate * f.prediction.expectedWait : std::numeric_limits<double>::infinity();
        f.predictedWaitGgc = allenCunneenWait(f.inputs, f.arrivalScv, f.serviceScv);
    }

    // Observed: the queue's own count, less the messages being processed (λ·D by Little's law).
    double sum = 0;
    int count = 0;
    for (const Backlog& sample : row.backlog) {
        if (sample.ns >= from) {
            sum += static_cast<double>(sample.messages);
            ++count;
        }
    }
    f.meanInQueue = count > 0 ? sum / count : kNaN;
    const double inService = f.arrivalRate * f.meanServiceSeconds;
    f.observedBacklog = count > 0 ? std::max(0.0, f.meanInQueue - inService) : kNaN;
    f.observedWait = f.arrivalRate > 0 && count > 0 ? f.observedBacklog / f.arrivalRate : kNaN;
}

std::size_t QueueTheoryModel::heldServiceBins(const QString& function) const
{
    const auto found = m_functionSamples.find(function.toStdString());
    return found == m_functionSamples.end() ? 0 : found->second.services.size();
}

int QueueTheoryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int QueueTheoryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueueTheoryModel::value(const Figures& f, int column) const
{
    const bool measured = f.measured;
    switch (column) {
    case ArrivalRateColumn:
        return f.arrivalRate;
    case BatchColumn:
        return f.recordsPerBatch;
    case ServiceRateColumn:
        return f.meanServiceSeconds > 0 ? 1.0 / f.meanServiceSeconds : kNaN;
    case ConcurrencyColumn:
        return f.concurrency;
    case UtilisationColumn:
        return measured ? f.prediction.rho : kNaN;
    case PredictedBacklogColumn:
        return measured ? f.predictedBacklog : kNaN;
    case ObservedBacklogColumn:
        return f.observedBacklog;
    case PredictedWaitColumn:
        return measured ? f.prediction.expectedWait : kNaN;
    case ObservedWaitColumn:
        return f.observedWait;
    case WaitProbabilityColumn:
        return measured ? f.prediction.probabilityOfWaiting : kNaN;
    }
    return {};
}

QVariant QueueTheoryModel::display(const Figures& f, int column) const
{
    const QVariant raw = value(f, column);
    const double number = raw.toDouble();
    switch (column) {
    case ArrivalRateColumn:
        return formatNumber(number, number < 10 ? 2 : 1);
    case BatchColumn:
        return f.batches > 0 ? formatNumber(number, 1) : QStringLiteral("—");
    case ServiceRateColumn:
        return formatNumber(number, number < 10 ? 2 : 1);
    case ConcurrencyColumn:
        return f.concurrencySource == ConcurrencySource::Observed ? QString::number(f.concurrency) + QStringLiteral("*")
                                                                  : QString::number(f.concurrency);
    case UtilisationColumn:
        return formatNumber(number, number > 0 && number < 0.1 ? 3 : 2);
    case PredictedBacklogColumn:
    case ObservedBacklogColumn:
        return formatNumber(number, 1);
    case PredictedWaitColumn:
    case ObservedWaitColumn:
        return formatSeconds(number);
    case WaitProbabilityColumn:
        return std::isnan(number) ? QStringLiteral("—") : QString::number(number * 100, 'f', 0) + QStringLiteral(" %");
    }
    return {};
}

QString QueueTheoryModel::toolTip(const Row& row, int column) const
{
    const Figures& f = row.figures;
    const QString window = tr("the last %1 s").arg(m_windowSeconds);
    switch (column) {
    case ArrivalRateColumn:
        return tr("λ: %1 message(s) sent to %2 in %3; inter-arrival ca² = %4 (1 = Poisson, >1 bursty)")
            .arg(f.arrivals)
            .arg(row.queue, window)
            .arg(f.arrivalScv, 0, 'f', 2);
    case BatchColumn:
        return tr("Mean messages per invocation of this mapping in %1 (%2 batch(es); 1 is assumed until one is "
                  "delivered). The queue serves invocations, so the maths uses λ / batch invocations per second.")
            .arg(window)
            .arg(f.batches);
    case ServiceRateColumn:
        return tr("μ = 1 / mean duration of %1's invocations (any caller, init included on cold starts): "
                  "%2 over %3 invocation(s); cs² = %4 (0 = constant, 1 = exponential)")
            .arg(row.function, formatSeconds(f.meanServiceSeconds))
            .arg(f.services)
            .arg(f.serviceScv, 0, 'f', 2);
    case ConcurrencyColumn:
        switch (f.concurrencySource) {
        case ConcurrencySource::MaximumConcurrency:
            return tr("c = the mapping's ScalingConfig MaximumConcurrency");
        case ConcurrencySource::ReservedConcurrency:
            return tr("c = %1's reserved concurrency (shared with its other callers)").arg(row.function);
        case ConcurrencySource::Observed:
            return tr("* No limit is set: c = the most invocations of %1 running at once in %2 (at least 1)")
                .arg(row.function, window);
        }
        return {};
    case UtilisationColumn:
        if (!f.measured)
            return tr("ρ needs messages arriving and invocations finishing in %1").arg(window);
        return tr("ρ = (λ / batch) / (c · μ) = %1 / (%2 · %3)%4")
            .arg(f.inputs.lambda, 0, 'f', 3)
            .arg(f.inputs.c)
            .arg(f.inputs.mu, 0, 'f', 3)
            .arg(f.prediction.stable ? QString()
                                     : tr(" ≥ 1: arrivals outpace service, the backlog grows without bound"));
    case PredictedBacklogColumn:
        return tr("Messages waiting, as M/M/c predicts (Lq in invocations × batch). Including those being "
                  "processed: %1")
            .arg(formatNumber(f.measured ? f.prediction.expectedInSystem * f.recordsPerBatch : kNaN, 1));
    case ObservedBacklogColumn:
        return tr("Now: %1 visible + %2 in flight. Mean over %3: %4, less ≈ λ · duration = %5 being processed "
                  "(Little's law)")
            .arg(f.now.visible)
            .arg(f.now.inFlight)
            .arg(window, formatNumber(f.meanInQueue, 1), formatNumber(f.arrivalRate * f.meanServiceSeconds, 1));
    case PredictedWaitColumn:
        return tr("Mean wait before an invocation starts, M/M/c (Poisson arrivals, exponential durations). With "
                  "the measured ca² and cs² (Allen–Cunneen): %1")
            .arg(formatSeconds(f.measured ? f.predictedWaitGgc : kNaN));
    case ObservedWaitColumn:
        return tr("Observed backlog / λ (Little's law). Includes the batching window (%1 s here) and messages "
                  "waiting out a visibility timeout after a failure or throttle (%2 throttled batch(es) in %3), "
                  "which M/M/c does not model. Oldest message now: %4")
            .arg(f.batchingWindowSeconds)
            .arg(f.throttled)
            .arg(window, formatSeconds(static_cast<double>(f.now.oldestAgeMs) / 1000.0));
    case WaitProbabilityColumn:
        return tr("Erlang C: the chance an invocation finds all c environments busy");
    }
    return {};
}

QVariant QueueTheoryModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const Figures& f = row.figures;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        if (column == QueueColumn)
            return row.queue;
        if (column == FunctionColumn)
            return row.function;
        return display(f, column);
    case ValueRole:
        return value(f, column);
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case Qt::TextAlignmentRole:
        return column == QueueColumn || column == FunctionColumn ? QVariant()
                                                                 : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
        if (column != UtilisationColumn || !f.measured)
            return {};
        if (!f.prediction.stable)
            return QColor(0xf2, 0xb8, 0xb5);  // red: unstable
        return f.prediction.rho < 0.7 ? QColor(0xc8, 0xe6, 0xc9) : QColor(0xff, 0xe0, 0xa3);
    }
    return {};
}

QVariant QueueTheoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const bool tip = role == Qt::ToolTipRole;
    switch (section) {
    case QueueColumn:
        return tip ? tr("The SQS queue feeding the function") : tr("Queue");
    case FunctionColumn:
        return tip ? tr("The function the mapping invokes") : tr("Function");
    case ArrivalRateColumn:
        return tip ? tr("λ: messages sent to the queue per second") : tr("λ /s");
    case BatchColumn:
        return tip ? tr("Mean messages per invocation") : tr("Batch");
    case ServiceRateColumn:
        return tip ? tr("μ: invocations per second one environment completes") : tr("μ /s·env");
    case ConcurrencyColumn:
        return tip ? tr("Environments that can serve the queue at once") : tr("c");
    case UtilisationColumn:
        return tip ? tr("Utilisation: green < 0.7, amber < 1, red ≥ 1 (unstable)") : tr("ρ");
    case PredictedBacklogColumn:
        return tip ? tr("Messages waiting, M/M/c prediction") : tr("Lq pred.");
    case ObservedBacklogColumn:
        return tip ? tr("Messages waiting, measured on the queue") : tr("Backlog obs.");
    case PredictedWaitColumn:
        return tip ? tr("Mean wait, M/M/c prediction") : tr("Wq pred.");
    case ObservedWaitColumn:
        return tip ? tr("Mean wait, measured") : tr("Wait obs.");
    case WaitProbabilityColumn:
        return tip ? tr("Probability of waiting (Erlang C)") : tr("P(wait)");
    }
    return {};
}

}  // namespace lambdadesk::gui
