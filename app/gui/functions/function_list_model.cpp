// SPDX-License-Identifier: MIT
#include "functions/function_list_model.h"

#include "model/arn.h"
#include "model/function_name.h"

#include <QBrush>
#include <QColor>

namespace lambdadesk::gui {

FunctionListModel::FunctionListModel(QObject* parent) : QAbstractTableModel(parent)
{
    m_pendingNotify.setSingleShot(true);
    connect(&m_pendingNotify, &QTimer::timeout, this, &FunctionListModel::notifyLiveColumns);
}

void FunctionListModel::setFunctions(const std::vector<core::FunctionConfig>& functions)
{
    // A project (re)load is the one place a reset fits: the set of rows is replaced.
    beginResetModel();
    std::vector<Row> rows;
    for (const auto& function : functions) {
        Row row;
        row.config = function;
        // Keep the counters of functions that survive a reload.
        if (const int existing = findRow(QString::fromStdString(function.name)); existing >= 0) {
            row = m_rows[static_cast<std::size_t>(existing)];
            row.config = function;
        }
        rows.push_back(std::move(row));
    }
    m_rows = std::move(rows);
    endResetModel();
}

int FunctionListModel::findRow(const QString& name) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (QString::fromStdString(m_rows[i].config.name) == name)
            return static_cast<int>(i);
    }
    return -1;
}

FunctionListModel::Row* FunctionListModel::rowFor(const std::string& function)
{
    for (auto& row : m_rows) {
        if (row.config.name == function)
            return &row;
    }
    return nullptr;
}

void FunctionListModel::apply(const std::vector<core::Event>& events)
{
    bool changed = false;
    for (const auto& event : events) {
        std::visit(
            [&](const auto& payload) {
                using T = std::decay_t<decltype(payload)>;
                if constexpr (std::is_same_v<T, core::LogLine> || std::is_same_v<T, core::ProjectReloaded> ||
                              std::is_same_v<T, core::ServiceCall> ||
                              std::is_same_v<T, core::QueueChanged> ||
                              std::is_same_v<T, core::FunctionReloaded>) {
                    return;
                } else {
                    Row* row = rowFor(payload.functionName);
                    if (!row)
                        return;
                    changed = true;
                    if constexpr (std::is_same_v<T, core::EnvironmentStarted>) {
                        ++row->environments;
                    } else if constexpr (std::is_same_v<T, core::InitDone>) {
                        ++row->inits;
                    } else if constexpr (std::is_same_v<T, core::EnvironmentStopped>) {
                        row->environments = std::max(0, row->environments - 1);
                    } else if constexpr (std::is_same_v<T, core::InvokeStarted>) {
                        ++row->running;
                        row->peak = std::max(row->peak, row->running);
                    } else if constexpr (std::is_same_v<T, core::InvokeFinished>) {
                        row->running = std::max(0, row->running - 1);
                        ++row->invocations;
                        if (payload.cold)
                            ++row->coldStarts;
                        if (!payload.ok) {
                            ++row->errors;
                            row->lastError = QString::fromStdString(payload.errorType);
                        }
                    } else if constexpr (std::is_same_v<T, core::Throttled>) {
                        ++row->throttles;
                    } else if constexpr (std::is_same_v<T, core::HostWait>) {
                        row->hostWaiting = payload.waitingNow;
                        if (payload.phase == core::HostWait::Phase::Began) {
                            ++row->hostWaits;
                        } else {
                            row->hostWaitedMs += payload.waitedMs;
                        }
                    }
                }
            },
            event.payload);
    }
    if (changed)
        notifyLiveColumns();
}

void FunctionListModel::notifyLiveColumns()
{
    if (m_sinceNotified.isValid() && m_sinceNotified.elapsed() < kNotifyIntervalMs) {
        if (!m_pendingNotify.isActive())
            m_pendingNotify.start(static_cast<int>(kNotifyIntervalMs - m_sinceNotified.elapsed()));
        return;
    }
    m_pendingNotify.stop();
    m_sinceNotified.start();
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, ConcurrencyColumn), index(rowCount() - 1, LastErrorColumn));
}

int FunctionListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int FunctionListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FunctionListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const auto& config = row.config;
    if (role == NameRole)
        return QString::fromStdString(config.name);
    if (role == CodeDirRole)
        return QString::fromStdString(config.codeDir.string());
    if (role == HandlerRole)
        return QString::fromStdString(config.handler);
    if (role == Qt::ForegroundRole && index.column() == LastErrorColumn)
        return QBrush(QColor(0xc0, 0x30, 0x30));
    if (role == Qt::ToolTipRole && index.column() == ConcurrencyColumn)
        return tr("in flight now / limit (peak %1)").arg(row.peak);
    if (role == Qt::ToolTipRole && index.column() == HostWaitColumn)
        return tr("Invocations held back by this machine's host capacity (a local deviation from AWS: the host "
                  "already runs its share of INITs). %1 waited so far, %2 ms on average.")
            .arg(row.hostWaits)
            .arg(row.hostWaits > 0 ? row.hostWaitedMs / static_cast<double>(row.hostWaits) : 0.0, 0, 'f', 1);
    if (role == Qt::BackgroundRole && index.column() == HostWaitColumn && row.hostWaiting > 0)
        return QBrush(QColor(0xfd, 0xec, 0xc8));
    if (role == Qt::ToolTipRole && index.column() == InitsColumn)
        return tr("%1 INIT(s), one per INIT bar on the timeline. %2 invocation(s) ran cold, waiting for their "
                  "environment's INIT; the other INITs were provisioned, or their environment served a call warm "
                  "because one that came free took the call first.")
            .arg(row.inits)
            .arg(row.coldStarts);
    if (role == Qt::ToolTipRole && index.column() == ErrorsColumn)
        return row.lastError.isEmpty() ? tr("No error yet") : tr("Last error: %1").arg(row.lastError);
    if (role == Qt::ForegroundRole && index.column() == ErrorsColumn && row.errors > 0)
        return QBrush(QColor(0xc0, 0x30, 0x30));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn: return QString::fromStdString(core::awsFunctionName(config.name));
    case RegionColumn: return QString::fromStdString(core::regionOfArn(config.arn));
    case RuntimeColumn: return QString::fromStdString(config.runtime);
    case MemoryColumn: return tr("%1 MB").arg(config.memoryMb);
    case TimeoutColumn: return tr("%1 s").arg(config.timeoutSeconds);
    case ConcurrencyColumn:
        return config.reservedConcurrency ? QStringLiteral("%1 / %2").arg(row.running).arg(*config.reservedConcurrency)
                                          : QStringLiteral("%1 / —").arg(row.running);
    case EnvironmentsColumn:
        return config.provisionedConcurrency > 0
                   ? tr("%1 (%2 provisioned)").arg(row.environments).arg(config.provisionedConcurrency)
                   : QString::number(row.environments);
    case InvocationsColumn: return row.invocations;
    case ErrorsColumn: return row.errors;
    case ThrottlesColumn: return row.throttles;
    case InitsColumn: return row.inits;
    case HostWaitColumn: return row.hostWaiting > 0 ? tr("%1 waiting").arg(row.hostWaiting) : QString();
    case LastErrorColumn: return row.lastError;
    }
    return {};
}

QVariant FunctionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Function");
    case RegionColumn: return tr("Region");
    case RuntimeColumn: return tr("Runtime");
    case MemoryColumn: return tr("Memory");
    case TimeoutColumn: return tr("Timeout");
    case ConcurrencyColumn: return tr("Concurrency");
    case EnvironmentsColumn: return tr("Environments");
    case InvocationsColumn: return tr("Invocations");
    case ErrorsColumn: return tr("Errors");
    case ThrottlesColumn: return tr("Throttles");
    case InitsColumn: return tr("INITs");
    case HostWaitColumn: return tr("Waiting for host");
    case LastErrorColumn: return tr("Last error");
    }
    return {};
}

}  // namespace lambdadesk::gui
