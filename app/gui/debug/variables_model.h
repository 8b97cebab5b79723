// SPDX-License-Identifier: MIT
#pragma once

#include "debug_types.h"

#include <QAbstractItemModel>
#include <QHash>

#include <functional>
#include <memory>
#include <vector>

namespace lambdadesk::gui {

/// The variables of the frame shown in the Debug dock as a lazily expanded tree (name, value, type).
///
/// Children are not read until a row is expanded: fetchMore() asks the children provider for a path and the
/// answer comes back later through setChildren(), so the model never talks to a debugger itself and is tested
/// with a fake provider. Values that differ from the same frame's previous stop are marked (ChangedRole, bold,
/// coloured), as debuggers do, so a step shows at a glance what it changed. A new stop in the same frame
/// updates rows in place and re-reads the children of expanded rows, so the tree stays open where it was.
class VariablesModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Columns { NameColumn, ValueColumn, TypeColumn, ColumnCount };
    enum Roles {
        PathRole = Qt::UserRole + 1,  ///< the debugger's path ("locals/2/0"), for children()
        NamePathRole,                 ///< names from the top ("point/x", "values/[3]"), stable across stops
        ChangedRole,                  ///< the value differs from this frame's previous stop
    };

    /// Asked for the children of `path`; answer with setChildren(generation, path, …), now or later.
    using ChildrenProvider = std::function<void(const QString& path, quint64 generation)>;

    explicit VariablesModel(QObject* parent = nullptr);
    ~VariablesModel() override;

    void setChildrenProvider(ChildrenProvider provider) { m_provider = std::move(provider); }

    /// The top-level variables of a frame. `context` names the frame (e.g. its function) and `stop` the stop
    /// it was read in: values are compared with the same context's previous stop; showing the same stop again
    /// (another frame and back) keeps the marks it had.
    void setVariables(const QString& context, quint64 stop, const std::vector<debugger::VariableInfo>& variables);
    /// The provider's answer. Ignored when the model moved on since it asked (another generation).
    void setChildren(quint64 generation, const QString& path, const std::vector<debugger::VariableInfo>& children);
    /// Nothing to show (the process runs or ended). The memory of previous values stays.
    void clear();

    /// Bumped by every setVariables() and clear(): answers to older requests are dropped.
    [[nodiscard]] quint64 generation() const { return m_generation; }
    /// The row of a variable by NamePathRole ("total", "point/x"), or an invalid index.
    [[nodiscard]] QModelIndex findVariable(const QString& namePath, int column = NameColumn) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    struct Node;
    /// What a context's values were: at its current stop, and at the stop before (the baseline).
    struct Snapshot {
        quint64 stop = 0;
        QHash<QString, QString> values;
        QHash<QString, QString> baseline;
    };

    Node* nodeOf(const QModelIndex& index) const;
    QModelIndex indexOf(const Node* node, int column) const;
    std::unique_ptr<Node> makeNode(const debugger::VariableInfo& info, Node* parent, int row);
    void assign(Node& node, const debugger::VariableInfo& info);
    /// Updates `node`'s children in place when they have the same names, else replaces them.
    void replaceChildren(Node& node, const std::vector<debugger::VariableInfo>& children);
    void removeChildren(Node& node);
    void forget(const Node& node);
    static bool sameNames(const Node& node, const std::vector<debugger::VariableInfo>& infos);
    void requestPending();

    std::unique_ptr<Node> m_root;
    QHash<QString, Node*> m_byPath;
    ChildrenProvider m_provider;
    quint64 m_generation = 0;
    QString m_context;
    QHash<QString, Snapshot> m_snapshots;
    QStringList m_pending;  ///< expanded rows whose children are re-read after an update
};

}  // namespace lambdadesk::gui
