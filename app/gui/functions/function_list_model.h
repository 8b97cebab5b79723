// SPDX-License-Identifier: MIT
#pragma once

#include "model/function_config.h"
#include "telemetry/events.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QString>
#include <QTimer>

#include <vector>

namespace lambdadesk::gui {

/// The project's functions with their configuration and live state: concurrency now/limit,
/// warm environments, invocations, errors, throttles, INITs (every environment's INIT, as the timeline draws
/// them; the tooltip says how many of them a cold invocation waited for), last error.
class FunctionListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns {
        NameColumn,
        RegionColumn,   ///< the function's ARN's region; the panel shows it once functions span two regions
        RuntimeColumn,
        MemoryColumn,
        TimeoutColumn,
        ConcurrencyColumn,
        EnvironmentsColumn,
        InvocationsColumn,
        ErrorsColumn,
        ThrottlesColumn,
        InitsColumn,
        HostWaitColumn,
        LastErrorColumn,
        ColumnCount
    };
    /// NameRole is the engine's key (name@region outside the default region): what actions and events use.
    enum Roles { NameRole = Qt::UserRole + 1, CodeDirRole, HandlerRole };

    struct Row {
        core::FunctionConfig config;
        int running = 0;       ///< invocations in flight
        int peak = 0;
        int environments = 0;  ///< alive
        quint64 invocations = 0;
        quint64 errors = 0;
        quint64 throttles = 0;
        quint64 coldStarts = 0;     ///< invocations that waited for their environment's INIT (REPORT's Init Duration)
        quint64 inits = 0;          ///< INITs that ended (InitDone): one per INIT bar on the timeline
        int hostWaiting = 0;        ///< invocations waiting for the host-capacity governor now
        quint64 hostWaits = 0;      ///< how many waited, ever
        double hostWaitedMs = 0;    ///< their total wait
        QString lastError;
    };

    explicit FunctionListModel(QObject* parent = nullptr);

    void setFunctions(const std::vector<core::FunctionConfig>& functions);
    void apply(const std::vector<core::Event>& events);
    [[nodiscard]] const Row& row(int index) const { return m_rows[static_cast<std::size_t>(index)]; }
    [[nodiscard]] int findRow(const QString& name) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    Row* rowFor(const std::string& function);
    /// Announces the live columns' change at most kNotifyIntervalMs apart (the rest is announced when the
    /// interval is over): a view repaints on every dataChanged, and at 60 batches a second that is 60
    /// repaints of counters nobody reads that fast, each as costly as a busy timeline's.
    void notifyLiveColumns();
    static constexpr qint64 kNotifyIntervalMs = 200;

    std::vector<Row> m_rows;
    QElapsedTimer m_sinceNotified;
    QTimer m_pendingNotify;
};

}  // namespace lambdadesk::gui
