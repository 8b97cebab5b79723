// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>

#include <algorithm>
#include <vector>

namespace lambdadesk::gui {

/// A table of live figures, one row per named thing (a queue, a stream, a mapping), refreshed by replacing
/// the whole list. merge() turns each new list into removals, in-place updates and appends, each announced
/// as such: a reset would drop the views' selection and scroll position twice a second.
template <typename Row>
class LiveRowsModel : public QAbstractTableModel {
public:
    LiveRowsModel(int columns, QObject* parent) : QAbstractTableModel(parent), m_columns(columns) {}

    int rowCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : m_columns; }

protected:
    /// `key(row)` names a row; rows whose key is gone are removed, the rest updated, new ones appended.
    template <typename Key>
    void merge(std::vector<Row> incoming, Key key)
    {
        for (int row = static_cast<int>(m_rows.size()) - 1; row >= 0; --row) {
            const auto& current = m_rows[static_cast<std::size_t>(row)];
            if (std::none_of(incoming.begin(), incoming.end(), [&](const Row& item) { return key(item) == key(current); })) {
                beginRemoveRows({}, row, row);
                m_rows.erase(m_rows.begin() + row);
                endRemoveRows();
            }
        }
        std::vector<Row> appended;
        for (auto& item : incoming) {
            const auto found =
                std::find_if(m_rows.begin(), m_rows.end(), [&](const Row& existing) { return key(existing) == key(item); });
            if (found != m_rows.end())
                *found = std::move(item);
            else
                appended.push_back(std::move(item));
        }
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(m_rows.size()) - 1, m_columns - 1));
        if (!appended.empty()) {
            const int first = static_cast<int>(m_rows.size());
            beginInsertRows({}, first, first + static_cast<int>(appended.size()) - 1);
            for (auto& item : appended)
                m_rows.push_back(std::move(item));
            endInsertRows();
        }
    }

    /// The row behind a valid index of this model.
    [[nodiscard]] const Row& rowAt(const QModelIndex& index) const { return m_rows[static_cast<std::size_t>(index.row())]; }

    std::vector<Row> m_rows;

private:
    int m_columns;
};

}  // namespace lambdadesk::gui
