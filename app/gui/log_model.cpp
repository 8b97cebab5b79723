// SPDX-License-Identifier: MIT
#include "log_model.h"

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
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

void LogModel::apply(const std::vector<core::Event>& events, core::Clock::time_point epoch)
{
    std::vector<Entry> added;
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
    if (added.empty())
        return;
    // Keep only what fits, then drop the oldest rows in one notification.
    if (static_cast<int>(added.size()) > m_capacity)
        added.erase(added.begin(), added.end() - m_capacity);
    const int overflow = static_cast<int>(m_entries.size() + added.size()) - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_entries.erase(m_entries.begin(), m_entries.begin() + overflow);
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

LogFilterModel::LogFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {}

void LogFilterModel::setFunction(const QString& function)
{
    m_function = function;
    invalidateFilter();
}

void LogFilterModel::setRequestId(const QString& requestId)
{
    m_requestId = requestId;
    invalidateFilter();
}

void LogFilterModel::setText(const QString& text)
{
    m_text = text;
    invalidateFilter();
}

void LogFilterModel::setStream(const QString& stream)
{
    m_stream = stream;
    invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const auto* logs = qobject_cast<const LogModel*>(sourceModel());
    if (!logs)
        return true;
    const auto& entry = logs->entry(sourceRow);
    if (!m_function.isEmpty() && entry.function != m_function)
        return false;
    if (!m_requestId.isEmpty() && !entry.requestId.startsWith(m_requestId) && !entry.text.contains(m_requestId))
        return false;
    if (!m_stream.isEmpty() && logs->data(logs->index(sourceRow, LogModel::StreamColumn)).toString() != m_stream)
        return false;
    return m_text.isEmpty() || entry.text.contains(m_text, Qt::CaseInsensitive);
}

}  // namespace lambdadesk::gui
