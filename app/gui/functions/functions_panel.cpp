// SPDX-License-Identifier: MIT
#include "functions/functions_panel.h"

#include "core_controller.h"
#include "functions/function_list_model.h"
#include "region_filter.h"

#include <QHeaderView>
#include <QMenu>
#include <QMessageBox>
#include <QTableView>
#include <QVBoxLayout>

namespace lambdadesk::gui {

FunctionsPanel::FunctionsPanel(CoreController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller), m_table(new QTableView(this)),
      m_region(new RegionFilter(tr("Show the functions of one region; each region has its own"), this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_region);
    layout->addWidget(m_table);
    m_table->setModel(controller->functions());
    // Functions made through the endpoint in another region come and go with the model's rows.
    connect(controller->functions(), &QAbstractItemModel::modelReset, this, &FunctionsPanel::applyRegionFilter);
    connect(m_region, &QComboBox::currentIndexChanged, this, &FunctionsPanel::applyRegionFilter);
    applyRegionFilter();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    // Sized once per project: ResizeToContents would measure every cell on every live update.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    connect(controller, &CoreController::projectOpened, m_table, &QTableView::resizeColumnsToContents);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &FunctionsPanel::showMenu);
    // A double click opens the function's code and puts it in the invoke panel: editor and invoke side by side.
    connect(m_table, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        const QString function = index.data(FunctionListModel::NameRole).toString();
        Q_EMIT openCodeRequested(function);
        Q_EMIT invokeRequested(function);
    });
    // The last error is mostly empty: it shows as the Errors cell's tooltip instead of a column.
    m_table->setColumnHidden(FunctionListModel::LastErrorColumn, true);
    m_table->setToolTip(tr("Double-click a function to open its code and invoke it; right-click for more"));
}

void FunctionsPanel::applyRegionFilter()
{
    const auto* functions = m_controller->functions();
    QStringList regions;
    for (int row = 0; row < functions->rowCount(); ++row)
        regions << functions->index(row, FunctionListModel::RegionColumn).data().toString();
    m_table->setColumnHidden(FunctionListModel::RegionColumn, !m_region->setRegions(regions));
    for (int row = 0; row < functions->rowCount(); ++row)
        m_table->setRowHidden(row, !m_region->shows(functions->index(row, FunctionListModel::RegionColumn).data().toString()));
}

QString FunctionsPanel::currentFunction() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(FunctionListModel::NameRole).toString() : QString();
}

void FunctionsPanel::showMenu(const QPoint& position)
{
    const QModelIndex index = m_table->indexAt(position);
    if (!index.isValid())
        return;
    const QString function = index.data(FunctionListModel::NameRole).toString();
    QMenu menu(this);
    menu.addAction(tr("Invoke %1…").arg(function), this, [this, function] { Q_EMIT invokeRequested(function); });
    menu.addAction(tr("Debug %1…").arg(function), this, [this, function] { Q_EMIT debugRequested(function); });
    menu.addAction(tr("Open code"), this, [this, function] { Q_EMIT openCodeRequested(function); });
    auto* debug = menu.addAction(tr("Debug mode (run under the debugger)"), this, [this, function](bool on) {
        Q_EMIT debugModeRequested(function, on);
    });
    debug->setCheckable(true);
    debug->setChecked(m_debugged.contains(function));
    menu.addSeparator();
    menu.addAction(tr("Recycle idle environments…"), this, [this, function] {
        const auto answer = QMessageBox::question(
            this, tr("Recycle idle environments"),
            tr("Shut down %1's idle execution environments? Its next invocations start cold.").arg(function),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer == QMessageBox::Yes)
            m_controller->recycleEnvironments(function);
    });
    menu.addAction(tr("Reload (next invoke starts cold)"), this,
                   [this, function] { m_controller->reloadFunction(function); });
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

void FunctionsPanel::setDebugged(const QString& function, bool on)
{
    if (on)
        m_debugged.insert(function);
    else
        m_debugged.remove(function);
}

}  // namespace lambdadesk::gui
