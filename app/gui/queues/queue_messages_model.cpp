// SPDX-License-Identifier: MIT
#include "queues/queue_messages_model.h"

#include <QBrush>
#include <QColor>
#include <QJsonDocument>

#include <algorithm>
#include <optional>
#include <unordered_set>

namespace lambdadesk::gui {
namespace {

constexpr int kBodyPreviewChars = 160;
constexpr int kIdPreviewChars = 8;

// Ids in order, or nothing when one repeats (a diff by id would be ambiguous).
std::optional<std::unordered_set<std::string>> uniqueIds(const std::vector<core::PeekedMessage>& messages)
{
    std::unordered_set<std::string> ids;
    ids.reserve(messages.size());
    for (const auto& message : messages)
        if (!ids.insert(message.messageId).second)
            return std::nullopt;
    return ids;
}

}  // namespace

QueueMessagesModel::QueueMessagesModel(QObject* parent) : QAbstractTableModel(parent) {}

void QueueMessagesModel::update(const QString& queue, std::vector<core::PeekedMessage> messages, qint64 nowMs)
{
    m_nowMs = nowMs;
    if (queue == m_queue && updateInPlace(messages))
        return;
    // Another queue, or an order the row diff cannot express (a redrive can put an older message behind
    // newer ones): this is a snapshot view, so starting over is correct, only the selection is lost.
    beginResetModel();
    m_queue = queue;
    m_rows = std::move(messages);
    endResetModel();
}

bool QueueMessagesModel::updateInPlace(std::vector<core::PeekedMessage>& incoming)
{
    const auto incomingIds = uniqueIds(incoming);
    const auto currentIds = uniqueIds(m_rows);
    if (!incomingIds || !currentIds)
        return false;
    // The messages in both snapshots must keep their relative order; then removals followed by inserts
    // turn one snapshot into the other.
    std::vector<const std::string*> keptBefore;
    for (const auto& message : m_rows)
        if (incomingIds->count(message.messageId) > 0)
            keptBefore.push_back(&message.messageId);
    std::size_t kept = 0;
    for (const auto& message : incoming) {
        if (currentIds->count(message.messageId) == 0)
            continue;
        if (kept >= keptBefore.size() || *keptBefore[kept] != message.messageId)
            return false;
        ++kept;
    }

    for (int row = static_cast<int>(m_rows.size()) - 1; row >= 0;) {
        if (incomingIds->count(m_rows[static_cast<std::size_t>(row)].messageId) > 0) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && incomingIds->count(m_rows[static_cast<std::size_t>(first - 1)].messageId) == 0)
            --first;
        beginRemoveRows({}, first, row);
        m_rows.erase(m_rows.begin() + first, m_rows.begin() + row + 1);
        endRemoveRows();
        row = first - 1;
    }
    for (std::size_t position = 0; position < incoming.size();) {
        if (currentIds->count(incoming[position].messageId) > 0) {
            m_rows[position] = std::move(incoming[position]);
            ++position;
            continue;
        }
        std::size_t end = position;
        while (end < incoming.size() && currentIds->count(incoming[end].messageId) == 0)
            ++end;
        beginInsertRows({}, static_cast<int>(position), static_cast<int>(end) - 1);
        m_rows.insert(m_rows.begin() + static_cast<std::ptrdiff_t>(position),
                      std::make_move_iterator(incoming.begin() + static_cast<std::ptrdiff_t>(position)),
                      std::make_move_iterator(incoming.begin() + static_cast<std::ptrdiff_t>(end)));
        endInsertRows();
        position = end;
    }
    // States, receive counts and ages move on every refresh.
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    return true;
}

void QueueMessagesModel::clear()
{
    beginResetModel();
    m_queue.clear();
    m_rows.clear();
    endResetModel();
}

int QueueMessagesModel::findRow(const QString& messageId) const
{
    const std::string id = messageId.toStdString();
    const auto it = std::find_if(m_rows.begin(), m_rows.end(), [&](const auto& row) { return row.messageId == id; });
    return it == m_rows.end() ? -1 : static_cast<int>(it - m_rows.begin());
}

bool QueueMessagesModel::hasGroups() const
{
    return std::any_of(m_rows.begin(), m_rows.end(), [](const auto& row) { return !row.messageGroupId.empty(); });
}

QString QueueMessagesModel::formatDuration(qint64 ms)
{
    ms = std::max<qint64>(0, ms);
    if (ms < 100'000)
        return QString::number(static_cast<double>(ms) / 1000.0, 'f', 1) + QStringLiteral(" s");
    const qint64 seconds = ms / 1000;
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'));
}

QString QueueMessagesModel::stateText(const core::PeekedMessage& message) const
{
    switch (message.state) {
    case core::PeekedMessage::State::Visible: return tr("Visible");
    case core::PeekedMessage::State::InFlight:
        return tr("In flight · %1").arg(formatDuration(message.visibleAtMs - m_nowMs));
    case core::PeekedMessage::State::Delayed:
        return tr("Delayed · %1").arg(formatDuration(message.visibleAtMs - m_nowMs));
    }
    return {};
}

QString QueueMessagesModel::prettyBody(const std::string& body)
{
    const QByteArray bytes = QByteArray::fromStdString(body);
    QJsonParseError error{};
    const QJsonDocument json = QJsonDocument::fromJson(bytes, &error);
    if (error.error == QJsonParseError::NoError && !json.isNull())
        return QString::fromUtf8(json.toJson(QJsonDocument::Indented)).trimmed();
    return QString::fromUtf8(bytes);
}

int QueueMessagesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int QueueMessagesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueueMessagesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const core::PeekedMessage& row = m_rows[static_cast<std::size_t>(index.row())];
    if (role == MessageIdRole)
        return QString::fromStdString(row.messageId);
    if (role == Qt::ForegroundRole && index.column() == StateColumn) {
        switch (row.state) {
        case core::PeekedMessage::State::Visible: return {};
        case core::PeekedMessage::State::InFlight: return QBrush(QColor(0xc0, 0x60, 0x00));
        case core::PeekedMessage::State::Delayed: return QBrush(QColor(0x70, 0x70, 0x70));
        }
    }
    if (role == Qt::TextAlignmentRole && (index.column() == ReceiveCountColumn || index.column() == AgeColumn))
        return (Qt::AlignRight | Qt::AlignVCenter).toInt();
    if (role == Qt::ToolTipRole) {
        if (index.column() == IdColumn)
            return QString::fromStdString(row.messageId);
        if (index.column() == BodyColumn)
            return QString::fromStdString(row.body.substr(0, 1000));
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case IdColumn: {
        const QString id = QString::fromStdString(row.messageId);
        return id.size() > kIdPreviewChars ? id.left(kIdPreviewChars) + QChar(0x2026) : id;
    }
    case StateColumn: return stateText(row);
    case ReceiveCountColumn: return row.approximateReceiveCount;
    case AgeColumn: return formatDuration(m_nowMs - row.sentTimestampMs);
    case GroupColumn: return QString::fromStdString(row.messageGroupId);
    case BodyColumn: {
        // Enough of the body for one line; the detail pane has all of it.
        const std::size_t bytes = std::min<std::size_t>(row.body.size(), 4 * kBodyPreviewChars);
        const QString preview = QString::fromUtf8(row.body.data(), static_cast<qsizetype>(bytes));
        const QString line = preview.simplified();
        return line.size() > kBodyPreviewChars ? line.left(kBodyPreviewChars) + QChar(0x2026) : line;
    }
    }
    return {};
}

QVariant QueueMessagesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case IdColumn: return tr("Message");
    case StateColumn: return tr("State");
    case ReceiveCountColumn: return tr("Receives");
    case AgeColumn: return tr("Age");
    case GroupColumn: return tr("Group");
    case BodyColumn: return tr("Body");
    }
    return {};
}

}  // namespace lambdadesk::gui
