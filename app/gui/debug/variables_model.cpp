// SPDX-License-Identifier: MIT
#include "debug/variables_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <utility>

namespace lambdadesk::gui {
namespace {

// Values are remembered per context (frame function) to mark changes; a long session visits many functions,
// and the memory of ones not seen for a while is worth less than the bound.
constexpr int kMaxContexts = 64;

}  // namespace

struct VariablesModel::Node {
    QString name;
    QString value;
    QString type;
    QString path;      ///< the debugger's, for children()
    QString namePath;  ///< names from the top, stable across stops
    bool hasChildren = false;
    bool fetched = false;   ///< children were read (they may be re-read after a stop)
    bool fetching = false;  ///< a request is out
    bool changed = false;
    Node* parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
};

VariablesModel::VariablesModel(QObject* parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>())
{
    m_root->fetched = true;
}

VariablesModel::~VariablesModel() = default;

void VariablesModel::setVariables(const QString& context, quint64 stop,
                                  const std::vector<debugger::VariableInfo>& variables)
{
    ++m_generation;
    m_pending.clear();
    if (m_snapshots.size() >= kMaxContexts && !m_snapshots.contains(context))
        m_snapshots.clear();
    auto& snapshot = m_snapshots[context];
    if (snapshot.stop != stop) {
        snapshot.baseline = std::exchange(snapshot.values, {});
        snapshot.stop = stop;
    }
    if (context == m_context && !m_root->children.empty() && sameNames(*m_root, variables)) {
        // The same frame again (a step, the next loop iteration): rows stay, so does what the user opened.
        for (std::size_t i = 0; i < variables.size(); ++i)
            assign(*m_root->children[i], variables[i]);
        Q_EMIT dataChanged(index(0, 0), index(static_cast<int>(variables.size()) - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        m_context = context;
        m_byPath.clear();
        m_root = std::make_unique<Node>();
        m_root->fetched = true;
        for (std::size_t i = 0; i < variables.size(); ++i)
            m_root->children.push_back(makeNode(variables[i], m_root.get(), static_cast<int>(i)));
        endResetModel();
    }
    requestPending();
}

void VariablesModel::setChildren(quint64 generation, const QString& path,
                                 const std::vector<debugger::VariableInfo>& children)
{
    if (generation != m_generation)
        return;
    Node* node = m_byPath.value(path);
    if (!node)
        return;
    replaceChildren(*node, children);
    requestPending();
}

void VariablesModel::clear()
{
    ++m_generation;
    m_pending.clear();
    beginResetModel();
    m_byPath.clear();
    m_root = std::make_unique<Node>();
    m_root->fetched = true;
    endResetModel();
}

std::unique_ptr<VariablesModel::Node> VariablesModel::makeNode(const debugger::VariableInfo& info, Node* parent,
                                                               int row)
{
    auto node = std::make_unique<Node>();
    node->parent = parent;
    node->row = row;
    const QString name = QString::fromStdString(info.name);
    node->namePath = parent == m_root.get() ? name : parent->namePath + QLatin1Char('/') + name;
    assign(*node, info);
    return node;
}

void VariablesModel::assign(Node& node, const debugger::VariableInfo& info)
{
    node.name = QString::fromStdString(info.name);
    node.type = QString::fromStdString(info.type);
    node.value = QString::fromStdString(info.value);
    const QString path = QString::fromStdString(info.path);
    if (path != node.path) {
        if (m_byPath.value(node.path) == &node)
            m_byPath.remove(node.path);
        node.path = path;
    }
    m_byPath.insert(node.path, &node);

    auto& snapshot = m_snapshots[m_context];
    const auto before = snapshot.baseline.constFind(node.namePath);
    // Only a value seen at the previous stop can have changed: a variable coming into scope is new, not changed.
    node.changed = before != snapshot.baseline.cend() && *before != node.value;
    snapshot.values.insert(node.namePath, node.value);

    node.hasChildren = info.hasChildren;
    if (!node.hasChildren) {
        removeChildren(node);
        node.fetched = false;
        node.fetching = false;
    } else if (node.fetched) {
        // Open in the view: read its children again for this stop (shown until the answer comes).
        node.fetching = true;
        m_pending << node.path;
    } else {
        node.fetching = false;  // a request of an older generation is dropped when it answers
    }
}

bool VariablesModel::sameNames(const Node& node, const std::vector<debugger::VariableInfo>& infos)
{
    if (node.children.size() != infos.size())
        return false;
    for (std::size_t i = 0; i < infos.size(); ++i) {
        if (node.children[i]->name != QString::fromStdString(infos[i].name))
            return false;
    }
    return true;
}

void VariablesModel::replaceChildren(Node& node, const std::vector<debugger::VariableInfo>& children)
{
    if (!node.children.empty() && sameNames(node, children)) {
        for (std::size_t i = 0; i < children.size(); ++i)
            assign(*node.children[i], children[i]);
        Q_EMIT dataChanged(indexOf(node.children.front().get(), 0),
                           indexOf(node.children.back().get(), ColumnCount - 1));
    } else {
        removeChildren(node);
        if (!children.empty()) {
            beginInsertRows(indexOf(&node, 0), 0, static_cast<int>(children.size()) - 1);
            for (std::size_t i = 0; i < children.size(); ++i)
                node.children.push_back(makeNode(children[i], &node, static_cast<int>(i)));
            endInsertRows();
        }
    }
    node.fetched = true;
    node.fetching = false;
}

void VariablesModel::removeChildren(Node& node)
{
    if (node.children.empty())
        return;
    beginRemoveRows(indexOf(&node, 0), 0, static_cast<int>(node.children.size()) - 1);
    for (const auto& child : node.children)
        forget(*child);
    node.children.clear();
    endRemoveRows();
}

void VariablesModel::forget(const Node& node)
{
    if (m_byPath.value(node.path) == &node)
        m_byPath.remove(node.path);
    for (const auto& child : node.children)
        forget(*child);
}

void VariablesModel::requestPending()
{
    if (!m_provider) {
        m_pending.clear();
        return;
    }
    // A provider may answer at once (tests, caches), which can queue more paths: take the list first.
    const QStringList paths = std::exchange(m_pending, {});
    const quint64 generation = m_generation;
    for (const QString& path : paths) {
        if (generation != m_generation)
            return;
        m_provider(path, generation);
    }
}

QModelIndex VariablesModel::findVariable(const QString& namePath, int column) const
{
    std::vector<const Node*> stack{m_root.get()};
    while (!stack.empty()) {
        const Node* node = stack.back();
        stack.pop_back();
        if (node != m_root.get() && node->namePath == namePath)
            return indexOf(node, column);
        for (const auto& child : node->children)
            stack.push_back(child.get());
    }
    return {};
}

VariablesModel::Node* VariablesModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex VariablesModel::indexOf(const Node* node, int column) const
{
    if (node == m_root.get())
        return {};
    return createIndex(node->row, column, const_cast<Node*>(node));
}

QModelIndex VariablesModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, nodeOf(parent)->children[static_cast<std::size_t>(row)].get());
}

QModelIndex VariablesModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const Node* node = nodeOf(child);
    return indexOf(node->parent, 0);
}

int VariablesModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return static_cast<int>(nodeOf(parent)->children.size());
}

int VariablesModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

bool VariablesModel::hasChildren(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const Node* node = nodeOf(parent);
    // Unread children still get an expander: that is what makes expanding ask for them.
    return node->fetched ? !node->children.empty() : node->hasChildren;
}

bool VariablesModel::canFetchMore(const QModelIndex& parent) const
{
    if (!parent.isValid() || parent.column() != 0 || !m_provider)
        return false;
    const Node* node = nodeOf(parent);
    return node->hasChildren && !node->fetched && !node->fetching;
}

void VariablesModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    Node* node = nodeOf(parent);
    node->fetching = true;
    m_provider(node->path, m_generation);
}

QVariant VariablesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Node* node = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return node->name;
        case ValueColumn: return node->value;
        case TypeColumn: return node->type;
        }
        return {};
    case Qt::ToolTipRole: {
        const QString tip = QStringLiteral("%1 (%2)\n%3").arg(node->name, node->type, node->value);
        return node->changed ? tip + QLatin1Char('\n') + tr("Changed since the previous stop") : tip;
    }
    case Qt::FontRole:
        if (node->changed) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (node->changed && index.column() == ValueColumn)
            return QBrush(QColor(0xc0, 0x39, 0x2b));
        return {};
    case PathRole: return node->path;
    case NamePathRole: return node->namePath;
    case ChangedRole: return node->changed;
    }
    return {};
}

QVariant VariablesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case ValueColumn: return tr("Value");
    case TypeColumn: return tr("Type");
    }
    return {};
}

Qt::ItemFlags VariablesModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

}  // namespace lambdadesk::gui
