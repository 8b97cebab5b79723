// SPDX-License-Identifier: MIT
#pragma once

#include "telemetry/events.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QString>

#include <deque>
#include <vector>

namespace lambdadesk::gui {

/// All function output and platform lines (START/END/REPORT), newest last, bounded.
class LogModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns { TimeColumn, FunctionColumn, RequestColumn, StreamColumn, TextColumn, ColumnCount };
    enum Roles { TimeNsRole = Qt::UserRole + 1, RequestIdRole, FunctionRole, StreamRole };

    struct Entry {
        qint64 timeNs = 0;
        QString function;
        QString requestId;
        core::LogLine::Stream stream = core::LogLine::Stream::Stdout;
        QString text;
    };

    explicit LogModel(QObject* parent = nullptr);

    void apply(const std::vector<core::Event>& events, core::Clock::time_point epoch);
    void clear();
    void setCapacity(int lines) { m_capacity = lines; }
    [[nodiscard]] const Entry& entry(int row) const { return m_entries[static_cast<std::size_t>(row)]; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::deque<Entry> m_entries;
    int m_capacity = 50'000;
};

/// Filters the log by function, request id, level (stream) and text.
class LogFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit LogFilterModel(QObject* parent = nullptr);
    void setFunction(const QString& function);
    void setRequestId(const QString& requestId);
    void setText(const QString& text);
    /// "", "stdout", "stderr" or "platform".
    void setStream(const QString& stream);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_function;
    QString m_requestId;
    QString m_text;
    QString m_stream;
};

}  // namespace lambdadesk::gui
