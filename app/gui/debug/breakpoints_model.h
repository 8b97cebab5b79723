// SPDX-License-Identifier: MIT
#pragma once

#include "breakpoint_book.h"

#include <QAbstractTableModel>
#include <QHash>

#include <memory>
#include <vector>

namespace lambdadesk::gui {

/// The user's breakpoints (the BreakpointBook) joined with what the debugger made of each one in the latest
/// report: verified or not and why, and how often it was hit. Enabled, condition and "stop at hit" are edited
/// in place and written through to the book; breakpointEdited() then tells the owner to re-apply and save.
class BreakpointsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns { LocationColumn, ConditionColumn, HitCountColumn, HitsColumn, StatusColumn, ColumnCount };
    enum Roles { SpecIdRole = Qt::UserRole + 1, FileRole, LineRole, VerifiedRole };

    explicit BreakpointsModel(std::shared_ptr<debugger::BreakpointBook> book, QObject* parent = nullptr);

    /// Re-reads the book (after the owner changed it).
    void refresh();
    /// The debugger's latest report; states of breakpoints not in it are kept.
    void setStates(const std::vector<debugger::BreakpointState>& states);
    /// Forgets every state (no process is left to say anything about them).
    void clearStates();
    [[nodiscard]] const debugger::BreakpointSpec& spec(int row) const { return m_specs[static_cast<std::size_t>(row)]; }
    [[nodiscard]] int rowOf(int specId) const;
    /// What the debugger last said of a breakpoint, or null when no process has reported on it.
    [[nodiscard]] const debugger::BreakpointState* state(int specId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    /// A breakpoint was changed through the model (already written to the book).
    void breakpointEdited(int specId);

private:
    std::shared_ptr<debugger::BreakpointBook> m_book;
    std::vector<debugger::BreakpointSpec> m_specs;
    QHash<int, debugger::BreakpointState> m_states;  ///< by spec id
};

}  // namespace lambdadesk::gui
