// SPDX-License-Identifier: MIT
#pragma once

#include "queues/queue_types.h"

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace lambdadesk::gui {

/// The messages of one queue as a peek saw them (CoreController::peekQueue), oldest first: a snapshot
/// replaced on every refresh. Rows keep their place across refreshes — gone messages are removed and new
/// ones inserted where they belong — so a view's selection follows its message while the queue moves.
class QueueMessagesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns { IdColumn, StateColumn, ReceiveCountColumn, AgeColumn, GroupColumn, BodyColumn, ColumnCount };
    enum Roles { MessageIdRole = Qt::UserRole + 1 };

    explicit QueueMessagesModel(QObject* parent = nullptr);

    /// Takes a new snapshot of `queue` taken at `nowMs` (the queue service's clock, for ages and timeouts).
    void update(const QString& queue, std::vector<core::PeekedMessage> messages, qint64 nowMs);
    void clear();

    [[nodiscard]] QString queue() const { return m_queue; }
    [[nodiscard]] qint64 nowMs() const { return m_nowMs; }
    [[nodiscard]] const core::PeekedMessage& message(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    /// Row of a message id; -1 when it is not in the snapshot.
    [[nodiscard]] int findRow(const QString& messageId) const;
    /// Whether any message carries a MessageGroupId (FIFO queues).
    [[nodiscard]] bool hasGroups() const;

    /// "Visible", "In flight · 12.0 s", "Delayed · 3.0 s" (time left) at the snapshot's time.
    [[nodiscard]] QString stateText(const core::PeekedMessage& message) const;
    /// The body indented when it is JSON, else as it is.
    [[nodiscard]] static QString prettyBody(const std::string& body);
    /// "1.5 s", "2 min 05 s", "1 h 02 min".
    [[nodiscard]] static QString formatDuration(qint64 ms);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    /// Applies `incoming` as removals, inserts and one dataChanged; false (nothing changed) when the
    /// messages both snapshots hold are not in the same order, or ids repeat.
    bool updateInPlace(std::vector<core::PeekedMessage>& incoming);

    QString m_queue;
    std::vector<core::PeekedMessage> m_rows;
    qint64 m_nowMs = 0;
};

}  // namespace lambdadesk::gui
