// SPDX-License-Identifier: MIT
#pragma once

#include "model/function_config.h"
#include "theory/queue_theory.h"
#include "queues/source_models.h"
#include "telemetry/events.h"

#include <QAbstractTableModel>
#include <QString>

#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace lambdadesk::gui {

/// One row per SQS → function event source mapping: the arrival rate, service rate and concurrency
/// measured over a sliding window, what an M/M/c queue with those figures predicts, and what the
/// queue actually holds. Telemetry batches only append samples (O(events)); the figures are worked
/// out when the sources refresh (twice a second) and announced with one dataChanged.
///
/// The served unit is an invocation (one batch of messages): λ is counted in messages and divided by
/// the mean batch size, μ = 1 / mean invocation duration (init included on cold starts), c = the
/// concurrency limit that applies. Observed backlog = window mean of visible + in-flight messages
/// minus those being processed (λ·duration, Little's law); observed wait = that backlog / λ.
class QueueTheoryModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns {
        QueueColumn,
        FunctionColumn,
        ArrivalRateColumn,
        BatchColumn,
        ServiceRateColumn,
        ConcurrencyColumn,
        UtilisationColumn,
        PredictedBacklogColumn,
        ObservedBacklogColumn,
        PredictedWaitColumn,
        ObservedWaitColumn,
        WaitProbabilityColumn,
        ColumnCount
    };
    enum Roles {
        ValueRole = Qt::UserRole + 1,  ///< the raw number (double): NaN when not measured, +inf when unbounded
    };
    /// Where c came from.
    enum class ConcurrencySource { MaximumConcurrency, ReservedConcurrency, Observed };

    struct Figures {
        double arrivalRate = 0;      ///< messages per second into the queue
        double arrivalScv = 1;       ///< ca² of message inter-arrival times (1 until measured)
        std::size_t arrivals = 0;    ///< messages in the window
        double recordsPerBatch = 1;  ///< mean messages per invocation of this mapping (1 until measured)
        std::size_t batches = 0;     ///< batches the mapping delivered in the window
        std::size_t throttled = 0;   ///< batches refused by a concurrency limit (they wait out the visibility timeout)
        double meanServiceSeconds = 0;  ///< mean invocation duration, init included
        double serviceScv = 1;          ///< cs² of durations (1 until measured)
        std::size_t services = 0;       ///< invocations finished in the window
        int concurrency = 1;            ///< c
        int batchingWindowSeconds = 0;  ///< the mapping's MaximumBatchingWindowInSeconds
        ConcurrencySource concurrencySource = ConcurrencySource::Observed;
        int observedConcurrency = 0;  ///< highest number of invocations running at once in the window
        MmcInputs inputs;             ///< in invocations: λ / batch, 1 / duration, c
        MmcPrediction prediction;
        double predictedBacklog = 0;  ///< messages waiting: λ · Wq
        double predictedWaitGgc = 0;  ///< Allen–Cunneen Wq with the measured ca², cs² (seconds)
        double observedBacklog = 0;   ///< messages; NaN when unknown
        double observedWait = 0;      ///< seconds; NaN when unknown
        double meanInQueue = 0;       ///< window mean of visible + in flight
        core::QueueStats now;         ///< the latest queue figures
        bool measured = false;        ///< arrivals and durations both seen in the window
    };

    explicit QueueTheoryModel(QObject* parent = nullptr);

    /// Takes the samples the figures need from a telemetry batch (messages sent, durations, batches,
    /// concurrency). Cheap: appends only.
    void apply(const std::vector<core::Event>& events, core::Clock::time_point epoch);
    /// The sources' latest state: rows follow the SQS mappings; queue figures are sampled; every row's
    /// figures are worked out again for the window ending at `nowNs` (ns since the epoch).
    void updateSources(const std::vector<core::MappingStatus>& mappings, const std::vector<QueueListModel::Row>& queues,
                       const std::vector<core::FunctionConfig>& functions, qint64 nowNs);
    /// Forgets every row and sample (the engine stopped).
    void clear();
    /// 10, 30 or 60 s (anything from 1 to 60 is accepted); recomputes at once.
    void setWindowSeconds(int seconds);
    [[nodiscard]] int windowSeconds() const { return m_windowSeconds; }

    [[nodiscard]] const Figures& figures(int row) const { return m_rows[static_cast<std::size_t>(row)].figures; }
    [[nodiscard]] QString queueName(int row) const { return m_rows[static_cast<std::size_t>(row)].queue; }
    [[nodiscard]] QString functionName(int row) const { return m_rows[static_cast<std::size_t>(row)].function; }
    /// Duration samples held for `function` (bins of invocations that finished close together): bounded by the
    /// 60 s horizon whatever the rate. For tests and bench_gui.
    [[nodiscard]] std::size_t heldServiceBins(const QString& function) const;
    /// The width of a bin of durations: the window's edges are this precise.
    static constexpr qint64 kServiceBinNs = 10'000'000;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Arrival {
        qint64 ns;
        std::int64_t count;
    };
    /// The invocations of a function that finished within one kServiceBinNs: their durations as moments, not one
    /// by one, so what is kept per function is bounded by the horizon (6,000 bins a minute), not by the rate
    /// (at 5,000/s the samples themselves were 300,000 a minute, and memory grew for the whole first minute).
    struct Service {
        qint64 ns;  ///< when the bin's first invocation finished (the window takes or leaves a bin whole)
        MomentsAccumulator seconds;
    };
    struct Batch {
        qint64 ns;
        int records;  ///< 0 for a throttled batch
    };
    struct Backlog {
        qint64 ns;
        std::int64_t messages;  ///< visible + in flight
    };
    struct FunctionSamples {
        std::deque<Service> services;
        std::deque<std::pair<qint64, int>> busiest;  ///< per second: the most invocations running at once
        int running = 0;
    };
    struct Row {
        std::string uuid;
        QString queue;
        QString region;  ///< the queue's (its ARN's): a name may exist in two regions
        QString function;
        std::optional<int> maximumConcurrency;
        std::optional<int> reservedConcurrency;
        int batchingWindowSeconds = 0;
        qint64 sinceNs = 0;  ///< when measuring began for this row (the window is shorter before that)
        std::deque<Backlog> backlog;
        Figures figures;
    };

    void recompute();
    void compute(Row& row) const;
    [[nodiscard]] QVariant display(const Figures& figures, int column) const;
    [[nodiscard]] QVariant value(const Figures& figures, int column) const;
    [[nodiscard]] QString toolTip(const Row& row, int column) const;

    std::unordered_map<std::string, std::deque<Arrival>> m_arrivals;     ///< per queue (arrivalKey)
    std::unordered_map<std::string, FunctionSamples> m_functionSamples;  ///< per function name
    std::unordered_map<std::string, std::deque<Batch>> m_batches;        ///< per mapping uuid
    std::vector<Row> m_rows;
    qint64 m_nowNs = 0;
    int m_windowSeconds = 30;
};

}  // namespace lambdadesk::gui
