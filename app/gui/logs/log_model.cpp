// SPDX-License-Identifier: MIT
#include "logs/log_model.h"

#include <QTimer>

#include <algorithm>

namespace lambdadesk::gui {
namespace {

QString streamName(core::LogLine::Stream stream)
{
    switch (stream) {
    case core::LogLine::Stream::Stdout: return QStringLiteral("stdout");
    case core::LogLine::Stream::Stderr: return QStringLiteral("stderr");
    case core::LogLine::Stream::Platform: return QStringLiteral("platform");
    }
    return {};
}

}  // namespace

LogModel::LogModel(QObject* parent) : QAbstractTableModel(parent) {}

void LogModel::clear()
{
    m_pending.clear();
    if (m_publishTimer)
        m_publishTimer->stop();
    beginResetModel();
    m_firstSequence += static_cast<qint64>(m_entries.size());
    m_entries.clear();
    endResetModel();
}

void LogModel::setPublishInterval(int ms)
{
    if (ms <= 0) {
        delete m_publishTimer;
        m_publishTimer = nullptr;
        publish();
        return;
    }
    if (!m_publishTimer) {
        m_publishTimer = new QTimer(this);
        m_publishTimer->setSingleShot(true);
        connect(m_publishTimer, &QTimer::timeout, this, &LogModel::publish);
    }
    m_publishTimer->setInterval(ms);
}

void LogModel::apply(const std::vector<core::Event>& events, core::Clock::time_point epoch)
{
    std::vector<Entry>& added = m_pending;
    for (const auto& event : events) {
        const qint64 atNs = std::chrono::duration_cast<std::chrono::nanoseconds>(event.time - epoch).count();
        // A function's own SDK call through the AWS endpoint: shown among its logs as a platform line.
        if (const auto* call = std::get_if<core::ServiceCall>(&event.payload)) {
            added.push_back({atNs, QString::fromStdString(call->functionName), {}, core::LogLine::Stream::Platform,
                             QStringLiteral("SDK call → %1 %2: HTTP %3 in %4 ms")
                                 .arg(QString::fromStdString(call->service), QString::fromStdString(call->operation))
                                 .arg(call->status)
                                 .arg(call->durationMs, 0, 'f', 2)});
            continue;
        }
        const auto* line = std::get_if<core::LogLine>(&event.payload);
        if (!line)
            continue;
        added.push_back({atNs, QString::fromStdString(line->functionName), QString::fromStdString(line->requestId),
                         line->stream, QString::fromStdString(line->text)});
    }
    // Lines beyond the capacity would go at the next publish anyway: waiting, they would only take memory.
    if (static_cast<int>(added.size()) > m_capacity)
        added.erase(added.begin(), added.end() - m_capacity);
    if (added.empty())
        return;
    if (!m_publishTimer)
        publish();
    else if (!m_publishTimer->isActive())
        m_publishTimer->start();
}

void LogModel::publish()
{
    std::vector<Entry> added;
    added.swap(m_pending);
    if (added.empty())
        return;
    // Drop the oldest rows that no longer fit in one notification, then add the new ones in another.
    const int overflow = static_cast<int>(m_entries.size() + added.size()) - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_entries.erase(m_entries.begin(), m_entries.begin() + overflow);
        m_firstSequence += overflow;
        endRemoveRows();
    }
    const int first = static_cast<int>(m_entries.size());
    beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
    for (auto& entry : added)
        m_entries.push_back(std::move(entry));
    endInsertRows();
}

int LogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int LogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Entry& entry = m_entries[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return QString::number(static_cast<double>(entry.timeNs) / 1e9, 'f', 3);
        case FunctionColumn: return entry.function;
        case RequestColumn: return entry.requestId;
        case StreamColumn: return streamName(entry.stream);
        case TextColumn: return entry.text;
        }
        return {};
    case TimeNsRole: return entry.timeNs;
    case RequestIdRole: return entry.requestId;
    case FunctionRole: return entry.function;
    case StreamRole: return streamName(entry.stream);
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time (s)");
    case FunctionColumn: return tr("Function");
    case RequestColumn: return tr("Request");
    case StreamColumn: return tr("Stream");
    case TextColumn: return tr("Message");
    }
    return {};
}

LogFilterModel::LogFilterModel(QObject* parent) : QAbstractTableModel(parent) {}

void LogFilterModel::setSourceModel(LogModel* logs)
{
    if (m_logs)
        disconnect(m_logs, nullptr, this, nullptr);
    m_logs = logs;
    if (m_logs) {
        connect(m_logs, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                [this](const QModelIndex&, int first, int last) { sourceRowsAboutToBeRemoved(first, last); });
        connect(m_logs, &QAbstractItemModel::rowsRemoved, this, [this] {
            if (!m_resetting)
                return;
            m_resetting = false;
            endResetModel();
            rebuild();
        });
        connect(m_logs, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex&, int first, int last) { sourceRowsInserted(first, last); });
        connect(m_logs, &QAbstractItemModel::modelReset, this, &LogFilterModel::rebuild);
        connect(m_logs, &QObject::destroyed, this, [this] {
            m_logs = nullptr;
            rebuild();
        });
    }
    rebuild();
}

int LogFilterModel::sourceRow(int row) const
{
    return static_cast<int>(m_sequences[static_cast<std::size_t>(row)] - m_logs->firstSequence());
}

void LogFilterModel::setFunction(const QString& function)
{
    m_function = function;
    rebuild();
}

void LogFilterModel::setRequestId(const QString& requestId)
{
    m_requestId = requestId;
    rebuild();
}

void LogFilterModel::setText(const QString& text)
{
    m_text = text;
    rebuild();
}

void LogFilterModel::setStream(const QString& stream)
{
    m_stream = stream;
    rebuild();
}

bool LogFilterModel::accepts(int row) const
{
    const auto& entry = m_logs->entry(row);
    if (!m_function.isEmpty() && entry.function != m_function)
        return false;
    if (!m_requestId.isEmpty() && !entry.requestId.startsWith(m_requestId) && !entry.text.contains(m_requestId))
        return false;
    if (!m_stream.isEmpty() && streamName(entry.stream) != m_stream)
        return false;
    return m_text.isEmpty() || entry.text.contains(m_text, Qt::CaseInsensitive);
}

void LogFilterModel::rebuild()
{
    beginResetModel();
    m_sequences.clear();
    if (m_logs) {
        const qint64 first = m_logs->firstSequence();
        for (int row = 0; row < m_logs->rowCount(); ++row) {
            if (accepts(row))
                m_sequences.push_back(first + row);
        }
    }
    endResetModel();
}

void LogFilterModel::sourceRowsAboutToBeRemoved(int first, int last)
{
    if (first != 0) {  // the log only drops its oldest lines; anything else is a reset around the change
        m_resetting = true;
        beginResetModel();
        return;
    }
    const qint64 goneBefore = m_logs->firstSequence() + last + 1;
    const auto end = std::lower_bound(m_sequences.begin(), m_sequences.end(), goneBefore);
    const auto count = static_cast<int>(end - m_sequences.begin());
    if (count == 0)
        return;
    beginRemoveRows({}, 0, count - 1);
    m_sequences.erase(m_sequences.begin(), end);
    endRemoveRows();
}

void LogFilterModel::sourceRowsInserted(int first, int last)
{
    if (last != m_logs->rowCount() - 1)  // lines are only ever appended
        return rebuild();
    std::vector<qint64> accepted;
    for (int row = first; row <= last; ++row) {
        if (accepts(row))
            accepted.push_back(m_logs->firstSequence() + row);
    }
    if (accepted.empty())
        return;
    const int at = static_cast<int>(m_sequences.size());
    beginInsertRows({}, at, at + static_cast<int>(accepted.size()) - 1);
    m_sequences.insert(m_sequences.end(), accepted.begin(), accepted.end());
    endInsertRows();
}

int LogFilterModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_sequences.size());
}

int LogFilterModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : LogModel::ColumnCount;
}

QVariant LogFilterModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_logs || index.row() >= rowCount())
        return {};
    return m_logs->data(m_logs->index(sourceRow(index.row()), index.column()), role);
}

QVariant LogFilterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    return m_logs ? m_logs->headerData(section, orientation, role) : QVariant();
}

}  // namespace lambdadesk::gui
