// SPDX-License-Identifier: MIT
#pragma once

#include "debug_types.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace lambdadesk::gui {

/// Watch expressions and their values at the current stop. The last row is an empty one to type a new
/// expression into; clearing an expression's text removes it. Values come from setResults() (evaluated off
/// the GUI thread) and are greyed while the process runs: they belong to the stop they were read at.
class WatchModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns { ExpressionColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Roles { PlaceholderRole = Qt::UserRole + 1, FailedRole };

    explicit WatchModel(QObject* parent = nullptr);

    void addExpression(const QString& expression);
    void removeExpression(int row);
    [[nodiscard]] QStringList expressions() const;
    /// Values of `expressions` (in that order). Rows whose expression is not among them keep theirs.
    void setResults(const QStringList& expressions, const std::vector<debugger::EvalResult>& results);
    /// The process runs (true) or stopped again: values are greyed until new ones come.
    void setStale(bool stale);
    void clearValues();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// An expression was added, edited or removed: the owner evaluates the list again.
    void expressionsChanged();

private:
    struct Watch {
        QString expression;
        QString value;
        QString type;
        bool evaluated = false;
        bool failed = false;
    };
    [[nodiscard]] bool isPlaceholder(int row) const { return row == static_cast<int>(m_watches.size()); }

    std::vector<Watch> m_watches;
    bool m_stale = false;
};

}  // namespace lambdadesk::gui
