// SPDX-License-Identifier: MIT
#include "debug/debug_dock.h"

#include "debug/breakpoints_model.h"
#include "debug/debug_actions.h"
#include "debug/debug_controller.h"
#include "debug/stack_model.h"
#include "debug/variables_model.h"
#include "debug/watch_model.h"
#include "logs/log_model.h"

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace lambdadesk::gui {
namespace {

constexpr int kOutputLines = 5000;

QTableView* makeTable(QAbstractItemModel* model, QWidget* parent)
{
    auto* table = new QTableView(parent);
    table->setModel(model);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 4);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    return table;
}

/// A Delete-key action on one view only (the window has its own Delete for the editor).
void onDeleteKey(QAbstractItemView* view, const QString& text, const std::function<void()>& handler)
{
    auto* remove = new QAction(text, view);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    view->addAction(remove);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    QObject::connect(remove, &QAction::triggered, view, handler);
}

}  // namespace

DebugDock::DebugDock(DebugController* controller, DebugActions* actions, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_actions(actions ? actions : new DebugActions(controller, this)),
      m_status(new QLabel(this)), m_threads(new QComboBox(this)), m_stack(makeTable(controller->stack(), this)),
      m_variables(new QTreeView(this)), m_watches(makeTable(controller->watches(), this)),
      m_breakpoints(makeTable(controller->breakpoints(), this)), m_tabs(new QTabWidget(this)),
      m_output(new QPlainTextEdit(this))
{
    auto* toolbar = m_actions->createToolBar(this);
    toolbar->setIconSize(QSize(16, 16));
    m_status->setTextFormat(Qt::RichText);  // every text set is escaped: function names can hold '<'
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);

    // Threads and stack on the left; variables over watches on the right.
    auto* stackPane = new QWidget(this);
    auto* stackLayout = new QVBoxLayout(stackPane);
    stackLayout->setContentsMargins(0, 0, 0, 0);
    m_threads->setToolTip(tr("The threads of the stopped process; the stack and variables are of the one chosen"));
    stackLayout->addWidget(m_threads);
    stackLayout->addWidget(m_stack);
    m_stack->setSelectionMode(QAbstractItemView::SingleSelection);
    m_stack->setColumnWidth(StackModel::FunctionColumn, 160);

    m_variables->setModel(controller->variables());
    m_variables->setUniformRowHeights(true);  // large arrays: no per-row size query
    m_variables->setAlternatingRowColors(true);
    m_variables->header()->setStretchLastSection(true);
    m_variables->setColumnWidth(VariablesModel::NameColumn, 140);
    m_variables->setColumnWidth(VariablesModel::ValueColumn, 160);
    m_watches->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                               QAbstractItemView::SelectedClicked);
    m_watches->setColumnWidth(WatchModel::ExpressionColumn, 140);
    m_watches->setColumnWidth(WatchModel::ValueColumn, 160);
    auto* valuesSplit = new QSplitter(Qt::Vertical, this);
    valuesSplit->addWidget(m_variables);
    valuesSplit->addWidget(m_watches);
    valuesSplit->setStretchFactor(0, 3);
    valuesSplit->setStretchFactor(1, 1);

    auto* topSplit = new QSplitter(Qt::Horizontal, this);
    topSplit->addWidget(stackPane);
    topSplit->addWidget(valuesSplit);
    topSplit->setStretchFactor(0, 2);
    topSplit->setStretchFactor(1, 3);

    m_breakpoints->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                                   QAbstractItemView::SelectedClicked);
    m_breakpoints->setColumnWidth(BreakpointsModel::LocationColumn, 150);
    m_breakpoints->setColumnWidth(BreakpointsModel::ConditionColumn, 160);
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(kOutputLines);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("What debugged functions print to stdout and stderr"));
    m_tabs->addTab(m_breakpoints, tr("Breakpoints"));
    m_tabs->addTab(m_output, tr("Output"));

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(topSplit);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(toolbar);
    layout->addWidget(m_status);
    layout->addWidget(split, 1);

    connect(m_threads, &QComboBox::activated, this,
            [this](int row) { m_controller->selectThread(m_threads->itemData(row).toULongLong()); });
    connect(m_stack->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& index) {
        // Also fired when a stop replaces the stack: only a frame other than the one shown is a choice.
        const int frame = index.data(StackModel::FrameIndexRole).toInt();
        if (index.isValid() && frame != m_controller->currentFrame())
            m_controller->selectFrame(frame);
    });
    connect(m_stack, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString file = index.data(StackModel::FileRole).toString();
        if (!file.isEmpty())
            Q_EMIT openSourceRequested(file, index.data(StackModel::LineRole).toInt());
    });
    connect(m_breakpoints, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString file = index.data(BreakpointsModel::FileRole).toString();
        if (index.column() == BreakpointsModel::LocationColumn && !file.isEmpty())
            Q_EMIT openSourceRequested(file, index.data(BreakpointsModel::LineRole).toInt());
    });
    onDeleteKey(m_watches, tr("Remove Watch"), [this] { removeSelectedWatches(); });
    onDeleteKey(m_breakpoints, tr("Remove Breakpoint"), [this] { removeSelectedBreakpoints(); });

    // A new stop in another frame rebuilds the tree: what the user had opened is opened again.
    connect(m_variables, &QTreeView::expanded, this, [this](const QModelIndex& index) {
        m_expanded.insert(index.data(VariablesModel::NamePathRole).toString());
    });
    connect(m_variables, &QTreeView::collapsed, this, [this](const QModelIndex& index) {
        m_expanded.remove(index.data(VariablesModel::NamePathRole).toString());
    });
    auto* variables = controller->variables();
    connect(variables, &QAbstractItemModel::modelReset, this,
            [this, variables] { restoreExpanded({}, 0, variables->rowCount() - 1); });
    connect(variables, &QAbstractItemModel::rowsInserted, this, &DebugDock::restoreExpanded);

    connect(controller, &DebugController::threadsChanged, this, &DebugDock::refreshThreads);
    connect(controller, &DebugController::stopped, this, &DebugDock::showStop);
    connect(controller, &DebugController::stateChanged, this, &DebugDock::showState);
    connect(controller, &DebugController::debuggedChanged, this, &DebugDock::showState);
    connect(controller, &DebugController::errorOccurred, this, [this](const QString& message) {
        m_status->setText(QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(message.toHtmlEscaped()));
    });
    showState();
}

void DebugDock::followLog(const LogModel* logs)
{
    connect(logs, &QAbstractItemModel::rowsInserted, this, [this, logs](const QModelIndex&, int first, int last) {
        if (m_controller->debuggedFunctions().isEmpty())
            return;  // the common case: nothing debugged, nothing to look at
        for (int row = first; row <= last; ++row) {
            const auto& entry = logs->entry(row);
            if (entry.stream != core::LogLine::Stream::Platform)
                appendOutput(entry.function, entry.text, entry.stream == core::LogLine::Stream::Stderr);
        }
    });
}

void DebugDock::appendOutput(const QString& functionName, const QString& line, bool isStderr)
{
    if (!m_controller->isDebugged(functionName))
        return;
    auto* scrollBar = m_output->verticalScrollBar();
    const bool following = scrollBar->value() == scrollBar->maximum();
    QTextCursor cursor(m_output->document());
    cursor.movePosition(QTextCursor::End);
    if (!m_output->document()->isEmpty())
        cursor.insertBlock();
    QTextCharFormat prefix;
    prefix.setForeground(QColor(0x80, 0x80, 0x80));
    cursor.insertText(QStringLiteral("[%1] ").arg(functionName), prefix);
    QTextCharFormat text;
    if (isStderr)
        text.setForeground(QColor(0xc0, 0x39, 0x2b));
    cursor.insertText(line, text);
    if (following)
        scrollBar->setValue(scrollBar->maximum());
}

void DebugDock::refreshThreads()
{
    // Filled by the controller, not the user: no selectThread() back.
    const QSignalBlocker blocker(m_threads);
    m_threads->clear();
    for (const auto& thread : m_controller->threads()) {
        QString text = QStringLiteral("#%1").arg(thread.index);
        if (!thread.name.empty())
            text += QLatin1Char(' ') + QString::fromStdString(thread.name);
        if (!thread.stopReason.empty())
            text += QStringLiteral(" — ") + QString::fromStdString(thread.stopReason);
        m_threads->addItem(text, QVariant::fromValue<quint64>(thread.id));
        if (thread.id == m_controller->currentThread())
            m_threads->setCurrentIndex(m_threads->count() - 1);
    }
    m_threads->setEnabled(m_threads->count() > 1);
}

void DebugDock::showStop(const QString& file, int line, const QString& function, const QString& reason)
{
    const QString where = file.isEmpty() ? function : QStringLiteral("%1:%2").arg(QFileInfo(file).fileName()).arg(line);
    m_stopText = tr("%1 stopped in %2 at %3 (%4)").arg(m_controller->currentFunction(), function, where, reason);
    showState();
}

void DebugDock::setEditorNote(const QString& note)
{
    m_editorNote = note;
    showState();
}

void DebugDock::showState()
{
    showControllerState();
    if (!m_editorNote.isEmpty())
        m_status->setText(m_status->text() + QStringLiteral("<br><i>") + m_editorNote.toHtmlEscaped() +
                          QStringLiteral("</i>"));
}

void DebugDock::showControllerState()
{
    if (m_controller->isStopped())
        m_status->setText(m_stopText.toHtmlEscaped());
    else if (m_controller->hasSession())
        m_status->setText(tr("Running under the debugger").toHtmlEscaped());
    else if (!m_controller->debuggedFunctions().isEmpty())
        m_status->setText(tr("Waiting for a debugged function to start (invoke it)").toHtmlEscaped());
    else
        m_status->setText(tr("No function is debugged. Choose Debug on a function (native, Python or Node) and set "
                             "a breakpoint in its code.")
                              .toHtmlEscaped());
}

void DebugDock::restoreExpanded(const QModelIndex& parent, int first, int last)
{
    if (m_expanded.isEmpty())
        return;
    const auto* model = m_variables->model();
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        if (m_expanded.contains(index.data(VariablesModel::NamePathRole).toString()) && !m_variables->isExpanded(index))
            m_variables->expand(index);  // asks the model for its children; they come through rowsInserted
    }
}

void DebugDock::removeSelectedWatches()
{
    auto rows = m_watches->selectionModel()->selectedRows();
    // From the bottom, so the rows still to remove keep their numbers.
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() > b.row(); });
    for (const auto& index : rows)
        m_controller->removeWatch(index.row());
}

void DebugDock::removeSelectedBreakpoints()
{
    QList<int> ids;
    for (const auto& index : m_breakpoints->selectionModel()->selectedRows())
        ids << index.data(BreakpointsModel::SpecIdRole).toInt();
    for (const int id : ids)
        m_controller->removeBreakpoint(id);
}

}  // namespace lambdadesk::gui
