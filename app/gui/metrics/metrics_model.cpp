// SPDX-License-Identifier: MIT
#include "metrics/metrics_model.h"

#include <algorithm>
#include <cmath>

namespace lambdadesk::gui {
namespace {

constexpr std::size_t kSamplesPerSecond = 20'000;  // bounds memory under heavy load

double percentile(std::vector<double>& values, double p)
{
    if (values.empty())
        return 0;
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
    const auto index = std::clamp<std::size_t>(rank, 1, values.size()) - 1;
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values.end());
    return values[index];
}

}  // namespace

MetricsModel::MetricsModel(QObject* parent) : QAbstractTableModel(parent) {}

void MetricsModel::clear()
{
    beginResetModel();
    m_series.clear();
    m_rows.clear();
    endResetModel();
}

MetricsModel::Series& MetricsModel::seriesFor(const QString& function)
{
    auto found = m_series.find(function);
    if (found == m_series.end())
        found = m_series.insert(function, Series{-1, {}, {}, InitDurationHistogram(m_windowSeconds)});
    return found.value();
}

InitDurationHistogram::Counts MetricsModel::initDurations(qint64 firstSecond, qint64 lastSecond) const
{
    const auto found = m_series.constFind(m_function);
    return found == m_series.constEnd() ? InitDurationHistogram::Counts{}
                                        : found->initDurations.counts(firstSecond, lastSecond);
}

void MetricsModel::closeUpTo(Series& series, qint64 second, bool visible)
{
    if (series.openSecond < 0)
        series.openSecond = second;
    while (series.openSecond < second) {
        auto& accumulator = series.current;
        accumulator.bucket.second = series.openSecond;
        accumulator.bucket.durationP50 = percentile(accumulator.durations, 50);
        accumulator.bucket.durationP99 = percentile(accumulator.durations, 99);
        accumulator.bucket.initP50 = percentile(accumulator.inits, 50);
        accumulator.bucket.concurrency = std::max(accumulator.bucket.concurrency, accumulator.running);
        accumulator.bucket.hostWaiting = std::max(accumulator.bucket.hostWaiting, accumulator.hostWaiting);
        series.closed.push_back(accumulator.bucket);
        const int running = accumulator.running;
        const int hostWaiting = accumulator.hostWaiting;
        accumulator = Accumulator{};
        // What is still in flight, or still waiting, when the next second begins counts in that second too.
        accumulator.running = running;
        accumulator.hostWaiting = hostWaiting;
        accumulator.bucket.concurrency = running;
        accumulator.bucket.hostWaiting = hostWaiting;
        ++series.openSecond;
        if (visible) {
            const int row = static_cast<int>(m_rows.size());
            beginInsertRows({}, row, row);
            m_rows.push_back(series.closed.back());
            endInsertRows();
            if (static_cast<int>(m_rows.size()) > m_windowSeconds) {
                beginRemoveRows({}, 0, 0);
                m_rows.pop_front();
                endRemoveRows();
            }
        }
        if (static_cast<int>(series.closed.size()) > m_windowSeconds)
            series.closed.pop_front();
    }
}

void MetricsModel::apply(const std::vector<core::Event>& events, core::Clock::time_point epoch)
{
    for (const auto& event : events) {
        const qint64 second = std::chrono::duration_cast<std::chrono::seconds>(event.time - epoch).count();
        std::visit(
            [&](const auto& payload) {
                using T = std::decay_t<decltype(payload)>;
                if constexpr (std::is_same_v<T, core::InvokeStarted> || std::is_same_v<T, core::InvokeFinished> ||
                              std::is_same_v<T, core::Throttled> || std::is_same_v<T, core::InitDone> ||
                              std::is_same_v<T, core::HostWait>) {
                    const QString function = QString::fromStdString(payload.functionName);
                    for (const QString& key : {function, QString()}) {
                        Series& series = seriesFor(key);
                        closeUpTo(series, second, key == m_function);
                        auto& accumulator = series.current;
                        if constexpr (std::is_same_v<T, core::InvokeStarted>) {
                            ++accumulator.running;
                            accumulator.bucket.concurrency = std::max(accumulator.bucket.concurrency, accumulator.running);
                        } else if constexpr (std::is_same_v<T, core::InvokeFinished>) {
                            accumulator.running = std::max(0, accumulator.running - 1);
                            ++accumulator.bucket.invocations;
                            if (!payload.ok)
                                ++accumulator.bucket.errors;
                            if (accumulator.durations.size() < kSamplesPerSecond)
                                accumulator.durations.push_back(payload.durationMs);
                        } else if constexpr (std::is_same_v<T, core::InitDone>) {
                            // Every INIT once, as the timeline draws it: also those that ended up serving a
                            // waiting invocation warm, or a provisioned environment, which no invocation reports.
                            ++accumulator.bucket.inits;
                            if (accumulator.inits.size() < kSamplesPerSecond)
                                accumulator.inits.push_back(payload.initDurationMs);
                            series.initDurations.add(second, payload.initDurationMs);
                        } else if constexpr (std::is_same_v<T, core::HostWait>) {
                            if (payload.phase == core::HostWait::Phase::Began) {
                                ++accumulator.hostWaiting;
                                accumulator.bucket.hostWaiting =
                                    std::max(accumulator.bucket.hostWaiting, accumulator.hostWaiting);
                            } else {
                                accumulator.hostWaiting = std::max(0, accumulator.hostWaiting - 1);
                            }
                        } else {
                            ++accumulator.bucket.throttles;
                        }
                    }
                } else if constexpr (std::is_same_v<T, core::FaultApplied>) {
                    if (payload.requestId.empty())
                        return;  // a downstream call, not an invocation
                    const QString function = QString::fromStdString(payload.functionName);
                    for (const QString& key : {function, QString()}) {
                        Series& series = seriesFor(key);
                        closeUpTo(series, second, key == m_function);
                        if (series.current.faultedRequests.insert(payload.requestId).second)
                            ++series.current.bucket.faulted;
                    }
                }
            },
            event.payload);
    }
}

void MetricsModel::advanceTo(qint64 nowNs)
{
    const qint64 second = nowNs / 1'000'000'000;
    for (auto it = m_series.begin(); it != m_series.end(); ++it)
        closeUpTo(it.value(), second, it.key() == m_function);
    // The selected series may not exist yet (nothing happened): still show the passing seconds.
    if (!m_series.contains(m_function))
        closeUpTo(seriesFor(m_function), second, true);
}

void MetricsModel::setFunction(const QString& function)
{
    if (function == m_function)
        return;
    m_function = function;
    rebuildRows();
}

void MetricsModel::rebuildRows()
{
    // Switching the function shown replaces every row: a reset is what this is.
    beginResetModel();
    m_rows.clear();
    if (const auto found = m_series.constFind(m_function); found != m_series.constEnd())
        m_rows.assign(found->closed.begin(), found->closed.end());
    endResetModel();
}

int MetricsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int MetricsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MetricsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || (role != Qt::DisplayRole && role != Qt::EditRole))
        return {};
    const Bucket& bucket = m_rows[static_cast<std::size_t>(index.row())];
    switch (index.column()) {
    case SecondColumn: return bucket.second;
    case InvocationsColumn: return bucket.invocations;
    case ErrorsColumn: return bucket.errors;
    case ThrottlesColumn: return bucket.throttles;
    case InitsColumn: return bucket.inits;
    case DurationP50Column: return bucket.durationP50;
    case DurationP99Column: return bucket.durationP99;
    case ConcurrencyColumn: return bucket.concurrency;
    case InitP50Column: return bucket.initP50;
    case HostWaitingColumn: return bucket.hostWaiting;
    case FaultedColumn: return bucket.faulted;
    }
    return {};
}

QVariant MetricsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SecondColumn: return tr("Second");
    case InvocationsColumn: return tr("Invocations/s");
    case ErrorsColumn: return tr("Errors/s");
    case ThrottlesColumn: return tr("Throttles/s");
    case InitsColumn: return tr("INITs/s");
    case DurationP50Column: return tr("Duration p50 (ms)");
    case DurationP99Column: return tr("Duration p99 (ms)");
    case ConcurrencyColumn: return tr("Concurrency");
    case InitP50Column: return tr("Init p50 (ms)");
    case HostWaitingColumn: return tr("Waiting for host");
    case FaultedColumn: return tr("Faulted/s");
    }
    return {};
}

}  // namespace lambdadesk::gui
