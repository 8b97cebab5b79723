// SPDX-License-Identifier: MIT
#pragma once

#include <run/experiment.h>

#include <QAbstractTableModel>
#include <QString>

#include <chrono>
#include <vector>

namespace lambdadesk::gui {

/// The experiments of the runner, newest first: id, template description, FIS status, the countdown to the
/// planned end while running (how long it ran once ended), and how many invocations or calls its actions
/// changed. Fed whole lists by update(): rows are matched by id and changed in place, new experiments are
/// inserted at the top, vanished ones removed — no reset, so selection and scrolling survive each refresh.
class ExperimentListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Columns { IdColumn, DescriptionColumn, StatusColumn, CountdownColumn, AffectedColumn, ColumnCount };
    enum Roles {
        IdRole = Qt::UserRole + 1,
        StatusRole,    ///< faults::ExperimentStatus as an int
        UnderWayRole,  ///< pending, initiating or running: Stop applies
        AffectedRole,  ///< invocations or calls changed, summed over the actions
    };

    explicit ExperimentListModel(QObject* parent = nullptr);

    /// Takes the runner's experiments (in its order, oldest first) as seen at `now` (for the countdowns).
    void update(const std::vector<faults::Experiment>& experiments, std::chrono::system_clock::time_point now);
    /// Forgets every row (the runner went away with the engine).
    void clear();

    [[nodiscard]] const faults::Experiment& experiment(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    /// The row of an experiment id, or -1.
    [[nodiscard]] int findRow(const QString& id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const faults::Experiment& experiment, int column) const;
    QString toolTip(const faults::Experiment& experiment, int column) const;

    std::vector<faults::Experiment> m_rows;  ///< newest first
    std::chrono::system_clock::time_point m_now;
};

/// Invocations or calls the experiment's actions changed, and those they looked at while running.
struct AffectedCounts {
    std::uint64_t hits = 0;
    std::uint64_t considered = 0;
};
[[nodiscard]] AffectedCounts affectedCounts(const faults::Experiment& experiment);

}  // namespace lambdadesk::gui
